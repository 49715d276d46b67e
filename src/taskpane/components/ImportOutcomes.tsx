// What 导入乡镇文件 did with each file chosen: imported (and which sheets), replaced, kept beside the
// existing sheet, cancelled, or not imported and why; definition sheets left out are named.
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { Lang } from '../../engine';
import { describeError } from '../errorText';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';

export type ImportOutcome =
  | { file: string; kind: 'imported' | 'replaced' | 'kept'; sheets: string[]; definitions: string[] }
  | { file: string; kind: 'nothing'; definitions: string[] }
  | { file: string; kind: 'cancelled' }
  | { file: string; kind: 'failed'; error: unknown };

function lines(outcome: ImportOutcome, lang: Lang): string[] {
  const t = STRINGS[lang];
  const { file } = outcome;
  switch (outcome.kind) {
    case 'failed': {
      // A file the pane could not read names itself already ("无法读取“x.csv”：…"): said once, not twice.
      const message = describeError(outcome.error, lang).message;
      return [message.includes(file) ? message : t.importFailed(file, message)];
    }
    case 'cancelled':
      return [t.cancelledFile(file)];
    case 'nothing':
      return [outcome.definitions.length ? t.skippedDefinitions(file, outcome.definitions) : t.importedNothing(file)];
    default: {
      const done = outcome.kind === 'replaced' ? t.replacedFile : outcome.kind === 'kept' ? t.keptBoth : t.importedFile;
      return [done(file, outcome.sheets), ...(outcome.definitions.length ? [t.skippedDefinitions(file, outcome.definitions)] : [])];
    }
  }
}

export function ImportOutcomes({ lang, outcomes }: { lang: Lang; outcomes: ImportOutcome[] }) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const good = outcomes.filter((o) => o.kind === 'imported' || o.kind === 'replaced' || o.kind === 'kept').length;
  const bad = outcomes.filter((o) => o.kind === 'failed').length;
  return (
    <MessageBar intent={bad ? 'warning' : 'success'} layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{t.importSummary(good, bad)}</MessageBarTitle>
        <ul className={styles.suggestionList} aria-label={t.importTitle}>
          {outcomes.flatMap((o) => lines(o, lang).map((line) => <li key={`${o.file}/${line}`}>{line}</li>))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
