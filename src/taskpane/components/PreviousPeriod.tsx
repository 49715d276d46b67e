// 上期结果: last period's result workbook, or last period's township files, picked once and kept in this
// workbook (上期机构明细) so every run of the period compares with it; which file and period is in use,
// and a way to remove it.
import { useRef } from 'react';
import { Button, Spinner, Subtitle2, Text } from '@fluentui/react-components';
import type { Lang } from '../../engine';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';

/** What 上期机构明细 holds (previousSheetInfo). */
export interface PreviousInfo {
  file: string | null;
  asOf: string | null;
  facilities: number;
}

export interface PreviousPeriodProps {
  lang: Lang;
  info: PreviousInfo | null;
  /** Reading a picked file or writing its sheet. */
  busy: boolean;
  disabled: boolean;
  onPick: (file: File) => void;
  /** Last period's township files, several at once. */
  onPickReports: (files: File[]) => void;
  onRemove: () => void;
}

const ACCEPT = '.xlsx,.xls,.et,.ods,.xlsb,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Township files come in every format 导入乡镇文件 reads (the same list as its picker). */
const ACCEPT_REPORTS =
  '.xlsx,.xlsm,.xls,.et,.csv,.txt,.ods,.xlsb,.xml,.htm,.html,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv';

export function PreviousPeriod({ lang, info, busy, disabled, onPick, onPickReports, onRemove }: PreviousPeriodProps) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const input = useRef<HTMLInputElement>(null);
  const reports = useRef<HTMLInputElement>(null);
  return (
    <section className={styles.section} aria-labelledby="previous-title">
      <Subtitle2 as="h2" id="previous-title">
        {t.previousTitle}
      </Subtitle2>
      <Text className={styles.hint}>{t.previousHint}</Text>
      <Text className={styles.hint}>{t.previousReportsHint}</Text>
      <Text>{info ? t.previousInUse(info.file, info.asOf, info.facilities) : t.previousNone}</Text>
      <div className={styles.row}>
        <Button onClick={() => input.current?.click()} disabled={disabled || busy}>
          {info ? t.previousReplace : t.previousPick}
        </Button>
        <Button onClick={() => reports.current?.click()} disabled={disabled || busy}>
          {t.previousPickReports}
        </Button>
        {info && (
          <Button onClick={onRemove} disabled={disabled || busy}>
            {t.previousRemove}
          </Button>
        )}
        {busy && <Spinner size="tiny" label={t.previousReading} />}
        <input
          ref={input}
          className={styles.hiddenInput}
          type="file"
          accept={ACCEPT}
          aria-label={t.previousPickInput}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) onPick(file);
          }}
        />
        <input
          ref={reports}
          className={styles.hiddenInput}
          type="file"
          multiple
          accept={ACCEPT_REPORTS}
          aria-label={t.previousPickReportsInput}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (files.length > 0) onPickReports(files);
          }}
        />
      </div>
    </section>
  );
}
