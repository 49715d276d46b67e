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
import type { CellRef, ConsolidateOptions, Issue, Lang, LayoutOverride, SheetInput } from '../engine';
import type { WorkbookHost, WrittenSheet } from '../excel/host';
import { ErrorBar } from './components/ErrorBar';
import { ImportOutcomes } from './components/ImportOutcomes';
import type { ImportOutcome } from './components/ImportOutcomes';
import { ImportPrompt } from './components/ImportPrompt';
import type { Clash, ClashChoice } from './components/ImportPrompt';
import { LanguageMenu } from './components/LanguageMenu';
import { OutputsPanel } from './components/OutputsPanel';
import { PreviewBar } from './components/PreviewBar';
import { PreviousPeriod } from './components/PreviousPeriod';
import type { PreviewControls } from './components/PreviewBar';
import { ResultsView } from './components/ResultsView';
import { createProgressStore, RunProgress } from './components/RunProgress';
import { SourcesSection } from './components/SourcesSection';
import { UnitNameField } from './components/UnitNameField';
import { UnitsList } from './components/UnitsList';
import { fileForImport } from './files';
import { STRINGS } from './i18n';
import type { Strings } from './i18n';
import { filesLabel, keepPreviousFrom, keepPreviousFromReports, keptPrevious, noteOn, notesForRun, resultWithNote, rosterToInsert, withTypedNote } from './monthly';
import type { KeptPrevious } from './monthly';
import { usePaneStyles } from './styles';
import { isCancelled, RunCancelledError } from './worker/engineClient';
import type { EngineClient } from './worker/engineClient';
import type { PaneResult } from './worker/protocol';
import { unitImportOf } from './unitImport';

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
  // A city's run over its counties' results has units, not facilities.
  if ((result.units?.length ?? 0) > 0) return null;
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

/** 单位名称 and the date of the run, for the result sheets' title row and the total row. */
function named(unitName: string, today: Date): Pick<ConsolidateOptions, 'unitName' | 'runDate'> {
  const name = unitName.trim();
  if (!name) return {};
  const pad = (n: number): string => String(n).padStart(2, '0');
  return { unitName: name, runDate: `${today.getFullYear()}-${pad(today.getMonth() + 1)}-${pad(today.getDate())}` };
}

/** The DHIS2 data values of a finished run: made again in the worker from what the run read. */
const dataValuesOf =
  (engine: EngineClient, run: { sheets: SheetInput[]; options: Omit<ConsolidateOptions, 'onProgress'> }) =>
  async () => {
    const { dhis2 } = await engine.consolidate(run.sheets, run.options, { dhis2: true });
    if (!dhis2) throw new Error('The engine gave no data values');
    return dhis2;
  };

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
  // 上期机构明细 kept in the workbook, and whether a picked file is being read into it.
  const [previous, setPrevious] = useState<KeptPrevious | null>(null);
  const [previousBusy, setPreviousBusy] = useState(false);
  // 单位名称 as typed, and what the last finished run read and was asked (for 导出).
  const [unitName, setUnitName] = useState('');
  const lastRun = useRef<{ sheets: SheetInput[]; options: Omit<ConsolidateOptions, 'onProgress'>; serial: number } | null>(null);

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
      const [read, saved, left, kept, unit] = await Promise.all([host.readSheets(), host.loadOverrides(), host.loadExcludedSheets(), keptPrevious(host), host.loadUnitName()]);
      setSheets(read);
      setOverrides(saved);
      setExcluded(new Set(left));
      setPrevious(kept);
      setUnitName(unit);
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
      // The 情况说明 typed in 校验结果 and in the pane land on the same issues again; last period is compared.
      const [issueSheets, typedNotes, kept] = await unlessAborted(Promise.all([host.readOwnSheets(['issues']), host.loadNotes(), keptPrevious(host)]), controller.signal);
      setPrevious(kept);
      progress.set({ phase: 'run', sheet: read[0]?.name ?? '', done: 0, total: read.length });
      const inputs: DryInputs = { sheets: read, asOf: date, lang, overrides, excluded };
      const options = {
        asOf: date,
        lang,
        overrides,
        excludedSheets: [...excluded],
        notes: notesForRun(typedNotes, issueSheets),
        ...named(unitName, today ?? new Date()),
      };
      const { result, resultSheets } = await engine.consolidate(
        read,
        options,
        {
          signal: controller.signal,
          resultSheets: true,
          onProgress: (p) => progress.set({ phase: 'run', ...p }),
          ...(kept ? { previous: kept.sheet } : {}),
        },
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
      // The notes typed in the pane are in 校验结果 now, where the user may go on to edit them.
      if (typedNotes.length > 0) await host.saveNotes([]);
      lastRun.current = { sheets: read, options, serial: (lastRun.current?.serial ?? 0) + 1 };
      setRun({ result, written });
      setAnnouncement(STRINGS[lang].runDone(result.unitLevel ?? 'township', result.counts.townships, result.counts.facilities, result.counts.errors, result.counts.warnings));
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
      const unit = unitImportOf(file.name, encoded.sheets);
      if (unit) return await importUnit(file, encoded.base64, unit.sheets, names, own);
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

  /** A county's result workbook: its 县级汇总 and 校验结果 under the county's name, as one unit. */
  const importUnit = async (
    file: File,
    base64: string,
    parts: Parameters<WorkbookHost['importUnit']>[0]['sheets'],
    names: ReadonlySet<string>,
    own: ReadonlySet<string>,
  ): Promise<ImportOutcome> => {
    const clashes = parts.map((p) => p.as).filter((n) => names.has(n) && !own.has(n));
    const choice = clashes.length ? await askClash({ file: file.name, sheets: clashes }) : 'keep';
    if (choice === 'cancel') return { file: file.name, kind: 'cancelled' };
    const sheets = await host.importUnit({ name: file.name, base64, sheets: parts, ...(choice === 'replace' ? { replace: clashes } : {}) });
    const kind = !clashes.length ? 'imported' : choice === 'replace' ? 'replaced' : 'kept';
    return { file: file.name, kind, sheets, definitions: [] };
  };

  /** 单位名称 kept in the workbook when the user leaves the field. */
  const saveUnitName = async (name: string) => {
    try {
      await host.saveUnitName(name);
    } catch (e) {
      setError(e);
    }
  };

  // The definition sheets and a 机构名录 to edit (the last run's facilities), unless the workbook has one.
  const insertCatalog = act(async () => {
    const roster = await rosterToInsert(host, lang);
    const written = await host.writeResults([...catalogSheets(lang), ...('sheet' in roster ? [roster.sheet] : [])]);
    const names = written.map((x) => x.actual);
    setNotice({ intent: 'info', text: (w) => [w.catalogInserted(names), 'existing' in roster ? w.rosterExists(roster.existing) : ''].filter(Boolean).join(' ') });
    await load();
  });

  /** 上期结果工作簿: its 机构明细 is kept in this workbook as 上期机构明细, replacing the one kept before. */
  const pickPrevious = async (file: File) => {
    setError(null);
    setNotice(null);
    setImportOutcomes(null);
    setPreviousBusy(true);
    try {
      const outcome = await keepPreviousFrom(host, file, lang);
      if ('refused' in outcome) {
        setNotice({ intent: 'warning', text: (w) => (outcome.refused === 'empty' ? w.previousEmpty(file.name) : w.previousNotResult(file.name)) });
        return;
      }
      setPrevious(outcome.kept);
      setNotice({ intent: 'info', text: (w) => w.previousSaved(file.name, outcome.kept?.info.facilities ?? 0) });
    } catch (e) {
      setError(e);
    } finally {
      setPreviousBusy(false);
    }
  };

  /** 上期乡镇文件: read as last period with this workbook's definitions, kept as 上期机构明细 the same way. */
  const pickPreviousReports = async (files: File[]) => {
    setError(null);
    setNotice(null);
    setImportOutcomes(null);
    setPreviousBusy(true);
    try {
      const outcome = await keepPreviousFromReports(host, engine, files, { lang, asOf: date ?? defaultDate, workbook: sheets ?? [] });
      const label = filesLabel(files, lang);
      if ('refused' in outcome) {
        setNotice({ intent: 'warning', text: (w) => (outcome.refused === 'empty' ? w.previousEmpty(label) : w.previousNoFacility(label)) });
        return;
      }
      setPrevious(outcome.kept);
      const info = outcome.kept?.info;
      setNotice({ intent: 'info', text: (w) => w.previousReportsSaved(label, info?.facilities ?? 0, info?.asOf ?? null) });
    } catch (e) {
      setError(e);
    } finally {
      setPreviousBusy(false);
    }
  };

  const removePrevious = act(async () => {
    await host.removeOwnSheets(['previous']);
    setPrevious(null);
    setNotice({ intent: 'info', text: (w) => w.previousRemoved });
  });

  /** A 情况说明 typed on an issue: kept in the workbook for the next run, and counted for readiness now. */
  const saveNote = async (issue: Issue, note: string) => {
    if (!run) return;
    try {
      await host.saveNotes(withTypedNote(await host.loadNotes(), noteOn(issue, run.result, note)));
    } catch (e) {
      setError(e);
      throw e;
    }
    setRun((r) => (r ? { ...r, result: resultWithNote(r.result, issue, note) } : r));
    setNotice({ intent: 'info', text: (w) => w.noteSaved });
  };

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

        {dryRun?.result?.units && dryRun.result.units.length > 0 && <UnitsList lang={lang} units={dryRun.result.units} onSelectCell={selectCell} />}

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

        <PreviousPeriod
          lang={lang}
          info={previous?.info ?? null}
          busy={previousBusy}
          disabled={loading || running}
          onPick={(file) => void pickPrevious(file)}
          onPickReports={(files) => void pickPreviousReports(files)}
          onRemove={() => void removePrevious()}
        />

        {run && <ResultsView lang={lang} result={run.result} written={run.written} onSelectCell={selectCell} onNote={saveNote} focusOnShow />}
        {run && lastRun.current && (
          <OutputsPanel
            key={lastRun.current.serial}
            lang={lang}
            result={run.result}
            dataValues={dataValuesOf(engine, lastRun.current)}
            writeSheet={(sheet) => host.writeResults([sheet])}
            preview={preview}
            onError={setError}
          />
        )}

        {/* The date and 开始汇总 stay at the foot of the pane however long the lists above grow. */}
        <footer className={styles.footer} aria-label={t.runFooter}>
          <div className={styles.footerRow}>
            <UnitNameField lang={lang} value={unitName} disabled={running} onChange={setUnitName} onCommit={(name) => void saveUnitName(name)} />
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
