// On a sheet's card, when most of its columns were not read: the warning, and for each unread column the
// indicator whose name is closest (src/engine/suggest.ts), which one click reads it as. The click saves
// the same column correction the 更正识别 form does, so it is kept in the workbook and can be undone there.
import { Button, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import { suggestIndicator } from '../../engine';
import type { CompiledIndicator, Lang, LayoutOverride, SheetLayout } from '../../engine';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';

/** A table sheet most of whose columns no indicator was found for. */
export function mostlyUnread(layout: SheetLayout): boolean {
  if (layout.status !== 'table' || layout.columns.length === 0) return false;
  const unread = layout.columns.filter((c) => c.indicator === null).length;
  return unread * 2 > layout.columns.length;
}

export interface UnreadColumnsProps {
  lang: Lang;
  layout: SheetLayout;
  indicators: CompiledIndicator[];
  saved: LayoutOverride | undefined;
  onSaveOverride: (override: LayoutOverride) => Promise<void>;
}

export function UnreadColumns({ lang, layout, indicators, saved, onSaveOverride }: UnreadColumnsProps) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const unread = layout.columns.filter((c) => c.indicator === null);
  // An indicator another column already holds is not offered again.
  const taken = new Set(layout.columns.flatMap((c) => (c.indicator ? [c.indicator] : [])));
  const accept = (letter: string, code: string) =>
    onSaveOverride({ ...saved, sheet: layout.sheet, columnIndicators: { ...saved?.columnIndicators, [letter]: code } });
  return (
    <MessageBar intent="warning" layout="multiline" className={styles.unreadWarning}>
      <MessageBarBody>
        <MessageBarTitle>{t.columnsNotRead(layout.sheet, unread.length, layout.columns.length)}</MessageBarTitle>
        <ul className={styles.suggestionList}>
          {unread.map((c) => {
            const best = suggestIndicator(c.header, indicators, taken);
            return (
              <li key={c.letter} className={styles.suggestion}>
                <span>{best ? t.suggestion(c.letter, c.header, best.name) : t.noSuggestion(c.letter, c.header)}</span>
                {best && (
                  <Button size="small" aria-label={t.useSuggestionLabel(c.letter, best.name)} onClick={() => void accept(c.letter, best.code)}>
                    {t.useSuggestion}
                  </Button>
                )}
              </li>
            );
          })}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
