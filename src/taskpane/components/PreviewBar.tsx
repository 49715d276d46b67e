// Only in the browser preview: which workbook is open, 打开工作簿, 下载工作簿, and what the preview is.
import { useRef, useState } from 'react';
import { Button, MessageBar, MessageBarBody, Spinner, Text } from '@fluentui/react-components';
import type { CompiledIndicator, Lang, TownshipFeedback } from '../../engine';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';

export interface PreviewControls {
  workbookName: string;
  /** Replaces the workbook held in the page with the chosen file. */
  openWorkbook: (file: File) => Promise<void>;
  /** Downloads the workbook as it now stands (source and result sheets). */
  downloadWorkbook: () => Promise<void>;
  /** "Sheet!A1" selected in the page's workbook, if any. */
  selection?: () => string | null;
  /** Offers a file the pane made (导出 .json / .csv, 下载反馈 .zip) as a download. */
  downloadFile?: (data: Uint8Array<ArrayBuffer> | string, fileName: string) => void;
  /** Every township's feedback (.xlsx and .txt each) in one .zip. */
  feedbackArchive?: (feedback: TownshipFeedback[], result: { indicators: CompiledIndicator[]; lang: Lang }, lang: Lang) => Promise<Uint8Array<ArrayBuffer>>;
}

export interface PreviewBarProps extends PreviewControls {
  lang: Lang;
  onError: (error: unknown) => void;
}

export function PreviewBar({ lang, workbookName, openWorkbook, downloadWorkbook, selection, onError }: PreviewBarProps) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const input = useRef<HTMLInputElement>(null);
  const selected = selection?.() ?? null;
  // Opening or saving a large workbook takes seconds: the buttons wait and say what is going on.
  const [busy, setBusy] = useState<'open' | 'download' | null>(null);
  const doing = (what: 'open' | 'download', work: () => Promise<void>) => {
    setBusy(what);
    work()
      .catch(onError)
      .finally(() => setBusy(null));
  };
  return (
    <section className={styles.section} aria-label={t.previewWorkbook(workbookName)}>
      <MessageBar intent="info" layout="multiline">
        <MessageBarBody>{t.previewNote}</MessageBarBody>
      </MessageBar>
      <Text>{t.previewWorkbook(workbookName)}</Text>
      {selected && <Text>{t.previewSelected(selected)}</Text>}
      <div className={styles.row}>
        <Button onClick={() => input.current?.click()} disabled={busy !== null}>
          {t.openWorkbook}
        </Button>
        <input
          ref={input}
          className={styles.hiddenInput}
          type="file"
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          aria-label={t.openWorkbook}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) doing('open', () => openWorkbook(file));
          }}
        />
        <Button onClick={() => doing('download', downloadWorkbook)} disabled={busy !== null}>
          {t.downloadWorkbook}
        </Button>
      </div>
      {busy && <Spinner size="tiny" labelPosition="after" label={busy === 'open' ? t.opening : t.downloading} />}
    </section>
  );
}
