// The task pane: sources, definitions, 统计截止日期 and 开始汇总, then what the run found. Every workbook
// action goes through the WorkbookHost it is given, so it renders in tests and in the preview alike.
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  Button,
  Field,
  FluentProvider,
  Input,
  MessageBar,
  MessageBarBody,
  ProgressBar,
  Radio,
  RadioGroup,
  Subtitle2,
  Text,
  Title3,
  webLightTheme,
} from '@fluentui/react-components';
import { buildResultSheets, catalogSheets, consolidate, defaultAsOf, monthsElapsed, renderIssue } from '../engine';
import type { CellRef, ConsolidationResult, Lang, LayoutOverride, SheetInput } from '../engine';
import type { WorkbookHost, WrittenSheet } from '../excel/host';
import { ErrorBar } from './components/ErrorBar';
import { PreviewBar } from './components/PreviewBar';
import type { PreviewControls } from './components/PreviewBar';
import { ResultsView } from './components/ResultsView';
import { SourcesSection } from './components/SourcesSection';
import { normalizeDate } from './dates';
import { fileForImport } from './files';
import { STRINGS } from './i18n';
import type { Strings } from './i18n';
import { usePaneStyles } from './styles';

export type { PreviewControls };

export interface AppProps {
  host: WorkbookHost;
  initialLang?: Lang;
  /** Today, for the default 统计截止日期 (the end of last month). */
  today?: Date;
  /** Present only in the browser preview. */
  preview?: PreviewControls;
}

type Progress = { phase: 'read'; sheet: string; done: number; total: number } | { phase: 'run' } | { phase: 'write' };

/** Lets React paint (the progress bar) before a long synchronous step. */
const nextFrame = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

export function App({ host, initialLang = 'zh-CN', today, preview }: AppProps) {
  const styles = usePaneStyles();
  const [lang, setLang] = useState<Lang>(initialLang);
  const t = STRINGS[lang];
  const [defaultDate] = useState(() => defaultAsOf(today ?? new Date()));
  const [asOf, setAsOf] = useState(defaultDate);
  const [sheets, setSheets] = useState<SheetInput[] | null>(null);
  const [overrides, setOverrides] = useState<LayoutOverride[]>([]);
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const [loading, setLoading] = useState(true);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [run, setRun] = useState<{ result: ConsolidationResult; written: WrittenSheet[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  // Kept as words to render, so that a language switch re-words it.
  const [notice, setNotice] = useState<((t: Strings) => string) | null>(null);

  const date = normalizeDate(asOf);

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
  const dryRun = useMemo((): { result: ConsolidationResult | null; error: unknown } => {
    if (!sheets) return { result: null, error: null };
    try {
      return { result: consolidate(sheets, { asOf: date ?? defaultDate, lang, overrides, excludedSheets: [...excluded] }), error: null };
    } catch (e) {
      return { result: null, error: e };
    }
  }, [sheets, date, defaultDate, lang, overrides, excluded]);

  const shownError = error ?? dryRun.error;

  const startRun = async () => {
    if (!date) return;
    setError(null);
    setNotice(null);
    setRun(null);
    setProgress({ phase: 'read', sheet: '', done: 0, total: 1 });
    try {
      const read = await host.readSheets((p) => setProgress({ phase: 'read', ...p }));
      setSheets(read);
      setProgress({ phase: 'run' });
      await nextFrame();
      const result = consolidate(read, { asOf: date, lang, overrides, excludedSheets: [...excluded] });
      setProgress({ phase: 'write' });
      const written = await host.writeResults(buildResultSheets(result, lang));
      setRun({ result, written });
    } catch (e) {
      setError(e);
    } finally {
      setProgress(null);
    }
  };

  const act = (work: () => Promise<void>) => async () => {
    setError(null);
    setNotice(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    }
  };

  const importFiles = (files: File[]) =>
    act(async () => {
      const encoded = await Promise.all(files.map(fileForImport));
      const names = await host.importFiles(encoded);
      setNotice(() => (w: Strings) => w.imported(names));
      await load();
    })();

  const insertCatalog = act(async () => {
    const written = await host.writeResults(catalogSheets(lang));
    setNotice(() => (w: Strings) => w.catalogInserted(written.map((x) => x.actual)));
    await load();
  });

  const saveOverride = async (o: LayoutOverride) => {
    const next = [...overrides.filter((x) => x.sheet !== o.sheet), o];
    try {
      await host.saveOverrides(next);
      setOverrides(next);
      setNotice(() => (w: Strings) => w.correctionSaved);
    } catch (e) {
      setError(e);
    }
  };

  const selectCell = (ref: CellRef) =>
    act(async () => {
      await host.selectCell(ref);
      setNotice(() => (w: Strings) => w.goToCell(ref.sheet, ref.cell));
    })();

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

  const definitionsSource = dryRun.result?.issues.find((i) => i.code === 'definitions-source');
  const running = progress !== null;
  const progressText =
    progress === null
      ? ''
      : progress.phase === 'read'
        ? t.progressRead(progress.sheet, progress.done, progress.total)
        : progress.phase === 'write'
          ? t.progressWrite
          : t.running;

  return (
    <FluentProvider theme={webLightTheme} lang={lang}>
      <main className={styles.root}>
        <header className={styles.header}>
          <Title3 as="h1">{t.title}</Title3>
          <Field label={t.language}>
            <RadioGroup layout="horizontal" value={lang} onChange={(_, d) => setLang(d.value as Lang)}>
              <Radio value="zh-CN" label="中文" />
              <Radio value="en" label="English" />
            </RadioGroup>
          </Field>
        </header>

        {preview && <PreviewBar lang={lang} {...preview} onError={setError} />}

        {shownError !== null && shownError !== undefined && (
          <ErrorBar error={shownError} lang={lang} onDismiss={() => setError(null)} />
        )}
        <div aria-live="polite">
          {notice && (
            <MessageBar intent="info" layout="multiline">
              <MessageBarBody>{notice(t)}</MessageBarBody>
            </MessageBar>
          )}
        </div>

        <SourcesSection
          lang={lang}
          loading={loading}
          layouts={dryRun.result?.sheets ?? []}
          sheets={sheets ?? []}
          indicators={dryRun.result?.indicators ?? []}
          excluded={excluded}
          overrides={overrides}
          canImport={host.capabilities.insertWorksheetsFromBase64}
          onToggle={toggle}
          onSaveOverride={saveOverride}
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

        <section className={styles.section} aria-label={t.run}>
          <Field
            label={t.asOf}
            validationState={date ? 'none' : 'error'}
            validationMessage={date ? undefined : t.asOfInvalid}
            hint={date ? t.asOfHint(monthsElapsed(date)) : undefined}
          >
            <Input
              value={asOf}
              placeholder={t.asOfPlaceholder}
              autoComplete="off"
              spellCheck={false}
              onChange={(_, d) => setAsOf(d.value)}
              onBlur={() => date && date !== asOf && setAsOf(date)}
            />
          </Field>
          <Button appearance="primary" onClick={startRun} disabled={!date || running || loading}>
            {running ? t.running : t.run}
          </Button>
          {progress && (
            <Field validationMessage={progressText} validationState="none">
              <ProgressBar
                aria-label={t.running}
                value={progress.phase === 'read' && progress.total > 0 ? progress.done / progress.total : undefined}
              />
            </Field>
          )}
        </section>

        {run && <ResultsView lang={lang} result={run.result} written={run.written} onSelectCell={selectCell} />}
      </main>
    </FluentProvider>
  );
}
