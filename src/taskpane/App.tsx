// The task pane: sources, definitions, 统计截止日期 and 开始汇总, then what the run found. Every workbook
// action goes through the WorkbookHost it is given, and every consolidation (the dry run and the run)
// through the EngineClient, whose worker keeps the engine off the pane's UI thread; so it renders in
// tests and in the preview alike.
import { useCallback, useEffect, useRef, useState } from 'react';
import {
  Button,
  Field,
  FluentProvider,
  Input,
  MessageBar,
  MessageBarBody,
  Subtitle2,
  Text,
  webLightTheme,
} from '@fluentui/react-components';
import { asOfDoubt, asOfFromSheets, catalogSheets, defaultAsOf, isDefinitionSheet, monthsElapsed, readAsOfText, renderIssue } from '../engine';
import type { CellRef, Lang, LayoutOverride, SheetInput } from '../engine';
import type { WorkbookHost, WrittenSheet } from '../excel/host';
import { ErrorBar } from './components/ErrorBar';
import { ImportOutcomes } from './components/ImportOutcomes';
import type { ImportOutcome } from './components/ImportOutcomes';
import { ImportPrompt } from './components/ImportPrompt';
import type { Clash, ClashChoice } from './components/ImportPrompt';
import { LanguageMenu } from './components/LanguageMenu';
import { PreviewBar } from './components/PreviewBar';
import type { PreviewControls } from './components/PreviewBar';
import { ResultsView } from './components/ResultsView';
import { createProgressStore, RunProgress } from './components/RunProgress';
import { SourcesSection } from './components/SourcesSection';
import { fileForImport } from './files';
import { STRINGS } from './i18n';
import type { Strings } from './i18n';
import { usePaneStyles } from './styles';
import { isCancelled, RunCancelledError } from './worker/engineClient';
import type { EngineClient } from './worker/engineClient';
import type { PaneResult } from './worker/protocol';

export type { PreviewControls };

export interface AppProps {
  host: WorkbookHost;
  /** The engine's worker (index.tsx), or its in-thread stand-in in tests. */
  engine: EngineClient;
  initialLang?: Lang;
  /** Today, for the default 统计截止日期 (the end of last month). */
  today?: Date;
  /** Present only in the browser preview. */
  preview?: PreviewControls;
}

type Notice = { intent: 'info' | 'warning'; text: (t: Strings) => string };

/** What the dry run was computed from: a new dry run is needed when any of these changes. */
interface DryInputs {
  sheets: SheetInput[];
  asOf: string;
  lang: Lang;
  overrides: LayoutOverride[];
  excluded: ReadonlySet<string>;
}

const sameInputs = (a: DryInputs, b: DryInputs): boolean =>
  a.sheets === b.sheets && a.asOf === b.asOf && a.lang === b.lang && a.overrides === b.overrides && a.excluded === b.excluded;

/** Why a run must not write result sheets: nothing to consolidate. Null when there is. */
function refusal(result: PaneResult): ((t: Strings) => string) | null {
  if (result.counts.facilities > 0 && result.sheets.some((s) => s.status === 'table')) return null;
  return result.sheets.some((s) => s.skipReason === 'excluded') ? (t) => t.refusedAllExcluded : (t) => t.refusedNoTownship;
}

/** Settles as work does, or rejects as soon as the signal aborts (the work itself goes on, unheeded). */
function unlessAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(new RunCancelledError());
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

export function App({ host, engine, initialLang = 'zh-CN', today, preview }: AppProps) {
  const styles = usePaneStyles();
  const [lang, setLang] = useState<Lang>(initialLang);
  const t = STRINGS[lang];
  const [defaultDate] = useState(() => defaultAsOf(today ?? new Date()));
  const [asOf, setAsOf] = useState(defaultDate);
  const [sheets, setSheets] = useState<SheetInput[] | null>(null);
  const [overrides, setOverrides] = useState<LayoutOverride[]>([]);
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [loading, setLoading] = useState(true);
  // Per-sheet progress goes to a store only RunProgress reads; the pane itself re-renders at start and end.
  const [progress] = useState(createProgressStore);
  const [running, setRunning] = useState(false);
  const [run, setRun] = useState<{ result: PaneResult; written: WrittenSheet[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Kept as words to render, so that a language switch re-words it.
  const [notice, setNotice] = useState<Notice | null>(null);
  // What the live region says when a run is done (the counts), for screen readers.
  const [announcement, setAnnouncement] = useState('');
  const [dryRun, setDryRun] = useState<{ inputs: DryInputs; result: PaneResult | null; error: unknown } | null>(null);
  // Bumped to ask for a dry run again when a run that stopped it did not finish.
  const [dryAgain, setDryAgain] = useState(0);
  const dryAbort = useRef<AbortController | null>(null);
  const [importing, setImporting] = useState(false);
  const [importOutcomes, setImportOutcomes] = useState<ImportOutcome[] | null>(null);
  const [clash, setClash] = useState<{ clash: Clash; resolve: (choice: ClashChoice) => void } | null>(null);
  const runAbort = useRef<AbortController | null>(null);

  const date = readAsOfText(asOf);
  // The date the township sheets print (when they agree) replaces the default until the user types one.
  const typed = useRef(false);
  const printed = sheets ? asOfFromSheets(sheets) : { date: null, year: null };
  useEffect(() => {
    if (printed.date && !typed.current) setAsOf(printed.date);
  }, [printed.date]);
  const doubt = date ? asOfDoubt(date, today ?? new Date(), printed.year) : null;

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const [read, saved, left] = await Promise.all([host.readSheets(), host.loadOverrides(), host.loadExcludedSheets()]);
      setSheets(read);
      setOverrides(saved);
      setExcluded(new Set(left));
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  }, [host]);

  useEffect(() => {
    void load();
  }, [load]);

  // The dry run: what the engine would read, shown under 数据来源 and 指标定义 before anything is written.
  // In the worker, so typing a date or ticking a sheet never holds the pane; a newer one stops the older.
  useEffect(() => {
    if (!sheets) return;
    const inputs: DryInputs = { sheets, asOf: date ?? defaultDate, lang, overrides, excluded };
    if (dryRun && sameInputs(dryRun.inputs, inputs)) return;
    const controller = new AbortController();
    dryAbort.current = controller;
    engine
      .consolidate(sheets, { asOf: inputs.asOf, lang, overrides, excludedSheets: [...excluded] }, { signal: controller.signal })
      .then(
        ({ result }) => setDryRun({ inputs, result, error: null }),
        (e: unknown) => {
          if (!isCancelled(e)) setDryRun({ inputs, result: null, error: e });
        },
      );
    return () => controller.abort();
    // dryRun is read only to skip work already done (a run's own result); it must not start a dry run.
  }, [engine, sheets, date, defaultDate, lang, overrides, excluded, dryAgain]);

  const shownError = error ?? dryRun?.error ?? null;

  /** Reads the workbook, consolidates in the worker and writes the result sheets; 取消 stops it before writing. */
  const startRun = async () => {
    if (!date || runAbort.current) return;
    const controller = new AbortController();
    runAbort.current = controller;
    // The worker does one thing at a time: a dry run still going would only delay this run.
    dryAbort.current?.abort();
    setError(null);
    setNotice(null);
    setImportOutcomes(null);
    setRun(null);
    setAnnouncement('');
    setRunning(true);
    progress.set({ phase: 'start' });
    let finished = false;
    try {
      const read = await unlessAborted(
        host.readSheets((p) => {
          if (!controller.signal.aborted && p.sheet) progress.set({ phase: 'read', ...p });
        }),
        controller.signal,
      );
      progress.set({ phase: 'run', sheet: read[0]?.name ?? '', done: 0, total: read.length });
      const inputs: DryInputs = { sheets: read, asOf: date, lang, overrides, excluded };
      const { result, resultSheets } = await engine.consolidate(
        read,
        { asOf: date, lang, overrides, excludedSheets: [...excluded] },
        { signal: controller.signal, resultSheets: true, onProgress: (p) => progress.set({ phase: 'run', ...p }) },
      );
      // The dry run of what was just read is this run's result.
      setDryRun({ inputs, result, error: null });
      setSheets(read);
      finished = true;
      const refused = refusal(result);
      if (refused) {
        setNotice({ intent: 'warning', text: refused });
        return;
      }
      progress.set({ phase: 'write' });
      const written = await host.writeResults(resultSheets ?? []);
      setRun({ result, written });
      setAnnouncement(STRINGS[lang].runDone(result.counts.townships, result.counts.facilities, result.counts.errors, result.counts.warnings));
    } catch (e) {
      if (isCancelled(e)) setNotice({ intent: 'info', text: (w) => w.cancelled });
      else setError(e);
    } finally {
      runAbort.current = null;
      progress.set(null);
      setRunning(false);
      if (!finished) setDryAgain((n) => n + 1);
    }
  };

  const cancelRun = () => runAbort.current?.abort();

  const act = (work: () => Promise<void>) => async () => {
    setError(null);
    setNotice(null);
    setImportOutcomes(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    }
  };

  /** Asks about one file's sheets already in the workbook; settles with the user's choice. */
  const askClash = (clash: Clash) => new Promise<ClashChoice>((resolve) => setClash({ clash, resolve }));

  /**
   * 导入乡镇文件: each file on its own, so one that cannot be read leaves the others imported. A township
   * file's definition sheets are not inserted (the county's own apply); a sheet already in the workbook
   * is inserted only as the user chooses.
   */
  const importFiles = async (files: File[]) => {
    setError(null);
    setNotice(null);
    setImportOutcomes(null);
    setImporting(true);
    const outcomes: ImportOutcome[] = [];
    try {
      const present = await host.listSheets();
      const names = new Set(present.map((s) => s.name));
      const own = new Set(present.filter((s) => s.createdByAddin).map((s) => s.name));
      for (const file of files) {
        const outcome = await importOne(file, names, own);
        outcomes.push(outcome);
        if ('sheets' in outcome) for (const n of outcome.sheets) names.add(n);
      }
    } catch (e) {
      setError(e);
    } finally {
      setImportOutcomes(outcomes.length ? outcomes : null);
      setImporting(false);
    }
    await load();
  };

  const importOne = async (file: File, names: ReadonlySet<string>, own: ReadonlySet<string>): Promise<ImportOutcome> => {
    try {
      const encoded = await fileForImport(file);
      const definitions = encoded.sheets.filter(isDefinitionSheet);
      const wanted = encoded.sheets.filter((n) => !isDefinitionSheet(n));
      if (wanted.length === 0) return { file: file.name, kind: 'nothing', definitions };
      // A result sheet of this add-in is never replaced: a clash with one is Excel's usual "(2)".
      const clashes = wanted.filter((n) => names.has(n) && !own.has(n));
      const choice = clashes.length ? await askClash({ file: file.name, sheets: clashes }) : 'keep';
      if (choice === 'cancel') return { file: file.name, kind: 'cancelled' };
      const sheets = await host.importFiles([
        { name: encoded.name, base64: encoded.base64, sheets: wanted, ...(choice === 'replace' ? { replace: clashes } : {}) },
      ]);
      const kind = !clashes.length ? 'imported' : choice === 'replace' ? 'replaced' : 'kept';
      return { file: file.name, kind, sheets, definitions };
    } catch (e) {
      return { file: file.name, kind: 'failed', error: e };
    }
  };

  const insertCatalog = act(async () => {
    const written = await host.writeResults(catalogSheets(lang));
    setNotice({ intent: 'info', text: (w) => w.catalogInserted(written.map((x) => x.actual)) });
    await load();
  });

  const saveOverride = async (o: LayoutOverride) => {
    const next = [...overrides.filter((x) => x.sheet !== o.sheet), o];
    try {
      await host.saveOverrides(next);
      setOverrides(next);
      setNotice({ intent: 'info', text: (w) => w.correctionSaved });
    } catch (e) {
      setError(e);
    }
  };

  const removeOverride = async (sheet: string) => {
    const next = overrides.filter((x) => x.sheet !== sheet);
    try {
      await host.saveOverrides(next);
      setOverrides(next);
      setNotice({ intent: 'info', text: (w) => w.correctionRemoved(sheet) });
    } catch (e) {
      setError(e);
    }
  };

  // Whether the cell was selected is said beside the issue clicked (ResultsView), not up here. The pane
  // renders again once it is: the preview's bar shows the page workbook's selection as it renders.
  const [, setSelectedCell] = useState<CellRef | null>(null);
  const selectCell = async (ref: CellRef) => {
    await host.selectCell(ref);
    setSelectedCell(ref);
  };

  // The choice shows at once and is kept in the workbook; if keeping it fails, the box goes back.
  const toggle = async (sheet: string, include: boolean) => {
    const before = excluded;
    const next = new Set(excluded);
    if (include) next.delete(sheet);
    else next.add(sheet);
    setExcluded(next);
    try {
      await host.saveExcludedSheets([...next]);
      // The host does not read a left-out sheet's cells: taken back in, it is read now.
      if (include) setSheets(await host.readSheets());
    } catch (e) {
      setExcluded(before);
      setError(e);
    }
  };

  const definitionsSource = dryRun?.result?.issues.find((i) => i.code === 'definitions-source');
  const checking = sheets !== null && dryRun === null;

  return (
    <FluentProvider theme={webLightTheme} lang={lang}>
      <main className={styles.root}>
        <header className={styles.paneHeader}>
          {/* The add-in's name is on the pane's own title bar: here it is for screen readers only. */}
          <h1 className={styles.visuallyHidden}>{t.title}</h1>
          <LanguageMenu lang={lang} onChange={setLang} />
        </header>

        {preview && <PreviewBar lang={lang} {...preview} onError={setError} />}

        {shownError !== null && shownError !== undefined && (
          <ErrorBar error={shownError} lang={lang} onDismiss={() => setError(null)} />
        )}
        <div aria-live="polite">
          {notice && (
            <MessageBar intent={notice.intent} layout="multiline">
              <MessageBarBody>{notice.text(t)}</MessageBarBody>
            </MessageBar>
          )}
          {importOutcomes && <ImportOutcomes lang={lang} outcomes={importOutcomes} />}
        </div>
        <div role="status" className={styles.visuallyHidden}>
          {announcement}
        </div>

        <ImportPrompt
          lang={lang}
          clash={clash?.clash ?? null}
          onChoose={(choice) => {
            clash?.resolve(choice);
            setClash(null);
          }}
        />

        <SourcesSection
          lang={lang}
          loading={loading || checking}
          importing={importing}
          layouts={dryRun?.result?.sheets ?? []}
          sheets={sheets ?? []}
          indicators={dryRun?.result?.indicators ?? []}
          excluded={excluded}
          overrides={overrides}
          canImport={host.capabilities.insertWorksheetsFromBase64}
          onToggle={toggle}
          onSaveOverride={saveOverride}
          onRemoveOverride={removeOverride}
          onImport={importFiles}
          onRefresh={() => {
            setError(null);
            void load();
          }}
        />

        <section className={styles.section} aria-labelledby="definitions-title">
          <Subtitle2 as="h2" id="definitions-title">
            {t.definitions}
          </Subtitle2>
          {definitionsSource && <Text>{renderIssue(definitionsSource, lang)}</Text>}
          <div className={styles.row}>
            <Button onClick={insertCatalog} disabled={loading || running}>
              {t.insertCatalog}
            </Button>
          </div>
        </section>

        {run && <ResultsView lang={lang} result={run.result} written={run.written} onSelectCell={selectCell} focusOnShow />}

        {/* The date and 开始汇总 stay at the foot of the pane however long the lists above grow. */}
        <footer className={styles.footer} aria-label={t.runFooter}>
          <div className={styles.footerRow}>
            <Field
              className={styles.footerDate}
              label={t.asOf}
              validationState={!date ? 'error' : doubt ? 'warning' : 'none'}
              validationMessage={
                !date ? t.asOfInvalidForms : doubt?.kind === 'future' ? t.asOfFuture(date) : doubt ? t.asOfBeforeData(date, doubt.year) : undefined
              }
              hint={date ? [t.asOfHint(monthsElapsed(date)), date === printed.date ? t.asOfFromSheets(date) : ''].filter(Boolean).join(' · ') : undefined}
            >
              <Input
                value={asOf}
                placeholder={t.asOfPlaceholderForms}
                autoComplete="off"
                spellCheck={false}
                onChange={(_, d) => {
                  typed.current = true;
                  setAsOf(d.value);
                }}
                onBlur={() => date && date !== asOf && setAsOf(date)}
              />
            </Field>
          </div>
          <RunProgress
            store={progress}
            t={t}
            onCancel={cancelRun}
            runButton={
              <Button appearance="primary" onClick={startRun} disabled={!date || running || loading}>
                {running ? t.running : t.run}
              </Button>
            }
          />
        </footer>
      </main>
    </FluentProvider>
  );
}
