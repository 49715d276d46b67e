// The pane in a plain browser: holds the workbook opened in the page (the sample, ?preview=<url>, or a
// file the user picks) and gives the pane a host on it plus 打开工作簿 / 下载工作簿.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Button, FluentProvider, Spinner, webLightTheme } from '@fluentui/react-components';
import type { Lang } from '../engine';
import type { WorkbookHost } from '../excel/host';
import { App } from './App';
import { ErrorBar } from './components/ErrorBar';
import { WorkbookFormatError } from '../formats/reasons';
import { sniffWorkbook } from '../formats/sniff';
import { fileToArrayBuffer } from './files';
import { STRINGS } from './i18n';
import { usePaneStyles } from './styles';
import type { EngineClient } from './worker/engineClient';

/** What the shell needs of a workbook held in the page (src/preview/workbookFile.ts provides it). */
export interface PageWorkbook {
  readonly name: string;
  save(): Promise<ArrayBuffer>;
  /** "Sheet!A1" of the selection in the page's workbook, if any. */
  selection?(): string | null;
}

/** A text file's bytes: UTF-8, as DHIS2 and every editor read it. */
const utf8 = (text: string): ArrayBuffer => new TextEncoder().encode(text).buffer as ArrayBuffer;

export interface PreviewShellProps<W extends PageWorkbook> {
  lang: Lang;
  /** The engine's worker, shared by every workbook opened in the page. */
  engine: EngineClient;
  /** The first workbook to open (the sample or ?preview=<url>). */
  initial: () => Promise<{ data: ArrayBuffer; name: string }>;
  open: (data: ArrayBuffer, name: string) => Promise<W>;
  hostFor: (workbook: W) => WorkbookHost;
  download: (data: ArrayBuffer, fileName: string) => void;
  today?: Date;
}

export function PreviewShell<W extends PageWorkbook>({ lang, engine, initial, open, hostFor, download, today }: PreviewShellProps<W>) {
  const styles = usePaneStyles();
  const [current, setCurrent] = useState<{ workbook: W; host: WorkbookHost; serial: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(true);
  const picker = useRef<HTMLInputElement>(null);

  const load = useCallback(
    async (get: () => Promise<{ data: ArrayBuffer; name: string }>) => {
      setBusy(true);
      setError(null);
      try {
        const { data, name } = await get();
        const workbook = await open(data, name);
        setCurrent((c) => ({ workbook, host: hostFor(workbook), serial: (c?.serial ?? 0) + 1 }));
      } catch (e) {
        setError(e);
      } finally {
        setBusy(false);
      }
    },
    [open, hostFor],
  );

  useEffect(() => {
    void load(initial);
  }, [load, initial]);

  const openFile = async (file: File) => load(async () => ({ data: await fileToArrayBuffer(file), name: file.name }));

  /**
   * 打开工作簿 from the pane: the chosen file replaces the workbook only once it has opened; a file that
   * will not open rejects (the pane shows why) and the workbook in the page stays as it was.
   */
  const reopen = async (file: File) => {
    const data = await fileToArrayBuffer(file);
    const kind = sniffWorkbook(new Uint8Array(data), file.name);
    if (kind === 'empty' || kind === 'encrypted') throw new WorkbookFormatError(file.name, kind);
    if (kind !== 'xlsx') throw new WorkbookFormatError(file.name, 'not-xlsx');
    let workbook: W;
    try {
      workbook = await open(data, file.name);
    } catch (e) {
      throw new WorkbookFormatError(file.name, 'corrupt', e instanceof Error ? e.message : String(e));
    }
    setCurrent((c) => ({ workbook, host: hostFor(workbook), serial: (c?.serial ?? 0) + 1 }));
  };

  if (!current) {
    const t = STRINGS[lang];
    return (
      <FluentProvider theme={webLightTheme} lang={lang}>
        <main className={styles.root}>
          {busy && <Spinner label={t.opening} />}
          {error !== null && <ErrorBar error={error} lang={lang} onDismiss={() => setError(null)} />}
          {!busy && (
            <div className={styles.row}>
              <Button onClick={() => picker.current?.click()}>{t.openWorkbook}</Button>
              <input
                ref={picker}
                className={styles.hiddenInput}
                type="file"
                accept=".xlsx"
                aria-label={t.openWorkbook}
                onChange={(e) => {
                  const file = e.currentTarget.files?.[0];
                  e.currentTarget.value = '';
                  if (file) void openFile(file);
                }}
              />
            </div>
          )}
        </main>
      </FluentProvider>
    );
  }

  const { workbook, host, serial } = current;
  return (
    <App
      key={serial}
      host={host}
      engine={engine}
      initialLang={lang}
      today={today}
      preview={{
        workbookName: workbook.name,
        selection: workbook.selection ? () => workbook.selection?.() ?? null : undefined,
        openWorkbook: reopen,
        downloadWorkbook: async () => download(await workbook.save(), 'workbook.xlsx'),
        downloadFile: (data, fileName) => download(typeof data === 'string' ? utf8(data) : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength), fileName),
        feedbackArchive: async (feedback, result, lang) =>
          (await import(/* webpackChunkName: "preview" */ '../preview/feedbackArchive')).feedbackArchive(feedback, result, lang),
      }}
    />
  );
}
