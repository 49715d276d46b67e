// 上报与反馈, after a run: 导出 for the systems above (DHIS2 data values — in Excel a sheet 导出 with
// the CSV's columns for the user to save as CSV; in the browser preview also .json and .csv downloads)
// and, in the preview, 下载反馈: every township's feedback in one .zip. The data values are made in the
// engine's worker, where the facility records are; this panel only asks for them and hands them on.
import { useRef, useState } from 'react';
import { Button, MessageBar, MessageBarBody, Spinner, Subtitle2, Text } from '@fluentui/react-components';
import { dhis2Period, dhis2Sheet, toDhis2Csv } from '../../engine';
import type { Dhis2Export, Lang, ResultSheet } from '../../engine';
import type { WrittenSheet } from '../../excel/host';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';
import type { PaneResult } from '../worker/protocol';
import type { PreviewControls } from './PreviewBar';

export interface OutputsPanelProps {
  lang: Lang;
  result: PaneResult;
  /** The run's DHIS2 data values, from the engine's worker. */
  dataValues: () => Promise<Dhis2Export>;
  /** Writes a sheet the add-in owns (never one the user made). */
  writeSheet: (sheet: ResultSheet) => Promise<WrittenSheet[]>;
  /** In the browser preview: downloads. */
  preview?: Pick<PreviewControls, 'downloadFile' | 'feedbackArchive'>;
  onError: (error: unknown) => void;
}

type Work = 'sheet' | 'json' | 'csv' | 'feedback';

export function OutputsPanel({ lang, result, dataValues, writeSheet, preview, onError }: OutputsPanelProps) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const [busy, setBusy] = useState<Work | null>(null);
  const [done, setDone] = useState<string | null>(null);
  // The values of this run, asked for once.
  const values = useRef<Promise<Dhis2Export> | null>(null);
  const valuesOnce = () => {
    values.current ??= dataValues();
    values.current.catch(() => (values.current = null));
    return values.current;
  };
  const period = dhis2Period(result.asOf);
  const download = preview?.downloadFile;
  const feedback = result.feedback ?? [];

  const doing = (what: Work, work: () => Promise<string>) => () => {
    setBusy(what);
    setDone(null);
    work()
      .then(setDone, onError)
      .finally(() => setBusy(null));
  };

  const toSheet = doing('sheet', async () => {
    const { set, leftOut } = await valuesOnce();
    const written = await writeSheet(dhis2Sheet(set, lang));
    return t.exportWritten(written[0]?.actual ?? '', set.dataValues.length, leftOut);
  });
  const toFile = (format: 'json' | 'csv') =>
    doing(format, async () => {
      const { set, leftOut } = await valuesOnce();
      const file = `dhis2-${period}.${format}`;
      download?.(format === 'json' ? `${JSON.stringify(set, null, 2)}\n` : toDhis2Csv(set), file);
      return t.exportDownloaded(file, set.dataValues.length, leftOut);
    });
  const feedbackZip = doing('feedback', async () => {
    const archive = await preview!.feedbackArchive!(feedback, result, lang);
    const file = `${lang === 'en' ? 'feedback' : '乡镇反馈'}-${period}.zip`;
    download?.(archive, file);
    return t.feedbackDownloaded(file, feedback.length);
  });

  return (
    <section className={styles.section} aria-labelledby="outputs-title">
      <Subtitle2 as="h2" id="outputs-title">
        {t.outputsTitle}
      </Subtitle2>
      <Text>{t.exportHint}</Text>
      <div className={styles.row}>
        <Button onClick={toSheet} disabled={busy !== null}>
          {t.exportSheet}
        </Button>
        {download && (
          <>
            <Button onClick={toFile('json')} disabled={busy !== null}>
              {t.exportJson}
            </Button>
            <Button onClick={toFile('csv')} disabled={busy !== null}>
              {t.exportCsv}
            </Button>
          </>
        )}
      </div>
      {download && preview?.feedbackArchive && feedback.length > 0 && (
        <>
          <Text>{t.downloadFeedbackHint}</Text>
          <div className={styles.row}>
            <Button onClick={feedbackZip} disabled={busy !== null}>
              {t.downloadFeedback}
            </Button>
          </div>
        </>
      )}
      {busy && <Spinner size="tiny" labelPosition="after" label={t.exporting} />}
      <div aria-live="polite">
        {done && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>{done}</MessageBarBody>
          </MessageBar>
        )}
      </div>
    </section>
  );
}
