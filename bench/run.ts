// npm run bench: a large county (60 township sheets × 200 rows × 27 indicators) through the command
// line — in fresh processes started the ways a user starts it, and in this process — and through the
// engine alone; then the add-in path through the preview host, and the pane's production bundle.
// Prints each figure next to its goal. The workbook goes to bench/out/ (git-ignored).
// The same county with every row breaking rules, and pandas + openpyxl doing the same work (bench/pandas_rollup.py)
// timed in the same run for the ratio.
// `npm run bench -- --no-npm --no-pandas --no-addin --no-bundle` leaves out the npm/npx runs, pandas, the add-in, the build.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { consolidate } from '../src/engine';
import { CATALOG_RULES } from '../src/engine/catalog';
import type { SheetInput } from '../src/engine/types';
import { run } from '../src/cli/main';
import { readWorkbookFile } from '../src/cli/readWorkbook';
import { benchAddin, formatAddinBench } from './addin';
import { benchBundle, formatBundle } from './bundle';
import { BENCH_SIZE, benchIndicators, writeLargeCounty } from './workbook';

export { BENCH_SIZE, benchIndicators, largeCountySheets, largeCountyWorkbook, writeLargeCounty } from './workbook';
export type { LargeCountyOptions } from './workbook';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(__dirname, 'out');
const WORKBOOK = path.join(OUT, 'large-county.xlsx');
const HEAVY_WORKBOOK = path.join(OUT, 'error-heavy-county.xlsx');
const AS_OF = '2024-11-30';
const ENGINE_RUNS = 5;
const COMMAND_RUNS = 4;
const FRESH_RUNS = 3;
const BIN = path.join(ROOT, 'bin', 'indicator-rollup.js');

/** Goals for the command line in a fresh process, Node's start included. */
const REALISTIC_GOAL_SECONDS = 0.5;
const ERROR_HEAVY_GOAL_SECONDS = 1.2;
/** The realistic county at least this many times faster than pandas + openpyxl doing the same work. */
const PANDAS_RATIO_GOAL = 8;
const ENGINE_GOAL_CELLS_PER_SECOND = 10_000_000;
const PEAK_RSS_GOAL_BYTES = 250 * 1024 * 1024;
const PANDAS_RUNS = 2;
/** Debian's python3 carries pandas and openpyxl (python3-pandas, python3-openpyxl). */
const PYTHON = process.env.ROLLUP_BENCH_PYTHON ?? '/usr/bin/python3';
const PANDAS_SCRIPT = path.join(__dirname, 'pandas_rollup.py');
const RSS_PRELOAD = path.join(__dirname, 'maxrss.cjs');
const END_TO_END_GOAL = REALISTIC_GOAL_SECONDS;

const MB = 1024 * 1024;
let peakHeap = 0;
let peakRss = 0;
function sampleMemory(): void {
  const m = process.memoryUsage();
  peakHeap = Math.max(peakHeap, m.heapUsed);
  peakRss = Math.max(peakRss, m.rss);
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
const mark = (ok: boolean): string => (ok ? '✓' : '✗');
const silent = { write: (): boolean => true };

async function timed<T>(work: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  const ms = performance.now() - start;
  sampleMemory();
  return { value, ms };
}

/** Facility-row cells holding an indicator: what the engine reads and checks. */
function dataCells(sheets: SheetInput[]): number {
  let n = 0;
  for (const s of sheets) for (const row of s.values.slice(2, -1)) n += row.length - 2;
  return n;
}

interface Flags {
  npm: boolean;
  pandas: boolean;
  addin: boolean;
  bundle: boolean;
}

function parseFlags(argv: string[]): Flags {
  return { npm: !argv.includes('--no-npm'), pandas: !argv.includes('--no-pandas'), addin: !argv.includes('--no-addin'), bundle: !argv.includes('--no-bundle') };
}

interface FreshRun {
  label: string;
  ms: number | null;
  note?: string;
}

function spawnTimed(command: string, argv: string[], env: NodeJS.ProcessEnv = process.env): { ms: number; child: SpawnSyncReturns<string> } {
  const start = performance.now();
  const child = spawnSync(command, argv, { cwd: ROOT, env, encoding: 'utf8', shell: process.platform === 'win32' && command !== process.execPath });
  const ms = performance.now() - start;
  if (child.status !== 0) throw new Error(`${command} ${argv.join(' ')} exited with ${child.status}: ${child.stderr || child.error?.message}`);
  return { ms, child };
}

const medianOf = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * The command in new processes: the package's bin (what `npx indicator-rollup` and an installed
 * `indicator-rollup` start), the bin's first run after `npm ci` (it bundles the sources into its cache),
 * and, with npm, `npm run rollup --` and `npx indicator-rollup`, npm's own start included.
 */
function freshRuns(args: string[], flags: Flags): FreshRun[] {
  const runs: FreshRun[] = [];
  // First run after install: an empty cache, so the bin bundles the sources before it works.
  const emptyCache = mkdtempSync(path.join(os.tmpdir(), 'rollup-bench-cache-'));
  try {
    const first = spawnTimed(process.execPath, [BIN, ...args], { ...process.env, INDICATOR_ROLLUP_CACHE: emptyCache });
    runs.push({ label: '同上，安装后首次 same, first run after npm ci (bundles the sources)', ms: first.ms });
  } finally {
    rmSync(emptyCache, { recursive: true, force: true });
  }
  // Later runs: the bin's own cache, made by an untimed run if the sources changed since the last.
  spawnTimed(process.execPath, [BIN, ...args]);
  const bin = Array.from({ length: FRESH_RUNS }, () => spawnTimed(process.execPath, [BIN, ...args]).ms);
  runs.unshift({ label: `node bin/indicator-rollup.js (the package's bin), median of ${FRESH_RUNS}`, ms: medianOf(bin) });
  if (flags.npm) {
    const npmRun = spawnTimed('npm', ['run', '--silent', 'rollup', '--', ...args]);
    runs.push({ label: 'npm run rollup -- …', ms: npmRun.ms });
    const npx = spawnTimed('npx', ['indicator-rollup', ...args]);
    const npxHelp = spawnTimed('npx', ['indicator-rollup', '--help']).ms;
    const binHelp = spawnTimed(process.execPath, [BIN, '--help']).ms;
    runs.push({ label: 'npx indicator-rollup …', ms: npx.ms, note: `npx 自身启动 npm's own start ≈ ${seconds(Math.max(0, npxHelp - binHelp))}` });
  }
  return runs;
}

/** text padded to width columns, a CJK character taking two. */
function pad(text: string, width: number): string {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! > 0x2e7f ? 2 : 1;
  return text + ' '.repeat(Math.max(1, width - w));
}

function freshLines(runs: FreshRun[]): string[] {
  const goal = END_TO_END_GOAL * 1000;
  return [
    `命令行端到端 / CLI end-to-end (read + consolidate + write .xlsx and JSON)   目标 goal ≤ ${seconds(goal)}`,
    '  新进程 fresh process (incl. Node start and loading the sources):',
    ...runs.map((r) => `    ${pad(r.label, 64)}${r.ms === null ? '—' : seconds(r.ms)}  ${r.ms === null ? '' : mark(r.ms <= goal)}${r.note ? `  (${r.note})` : ''}`),
  ];
}


/** The bin in a fresh process, median of FRESH_RUNS, with the largest peak RSS of those runs. */
function binRuns(args: string[]): { ms: number; rss: number } {
  const rssFile = path.join(OUT, 'maxrss.txt');
  const env = { ...process.env, ROLLUP_BENCH_RSS_FILE: rssFile };
  spawnTimed(process.execPath, ['-r', RSS_PRELOAD, BIN, ...args], env);
  let rss = 0;
  const times: number[] = [];
  for (let k = 0; k < FRESH_RUNS; k++) {
    times.push(spawnTimed(process.execPath, ['-r', RSS_PRELOAD, BIN, ...args], env).ms);
    rss = Math.max(rss, Number(readFileSync(rssFile, 'utf8')));
  }
  return { ms: medianOf(times), rss };
}

interface PandasRun {
  ms: number;
  county: Record<string, number>;
  errors: number;
  warnings: number;
}

function pandasAvailable(): string | null {
  const probe = spawnSync(PYTHON, ['-c', 'import pandas, openpyxl'], { encoding: 'utf8' });
  if (probe.error) return `${PYTHON} not found`;
  if (probe.status !== 0) return `pandas/openpyxl missing for ${PYTHON} (apt-get install python3-pandas python3-openpyxl)`;
  return null;
}

/** pandas + openpyxl doing the same roll-up and rule checks on workbook, median of PANDAS_RUNS. */
function pandasRuns(workbook: string, tag: string): PandasRun {
  const definitions = path.join(OUT, 'pandas-definitions.json');
  writeFileSync(definitions, JSON.stringify({ indicators: benchIndicators(BENCH_SIZE.indicators), rules: CATALOG_RULES }));
  const outJson = path.join(OUT, `pandas-${tag}.json`);
  const argv = [PANDAS_SCRIPT, workbook, definitions, path.join(OUT, `pandas-${tag}.xlsx`), outJson];
  const times = Array.from({ length: PANDAS_RUNS }, () => spawnTimed(PYTHON, argv).ms);
  const summary = JSON.parse(readFileSync(outJson, 'utf8')) as { county: Record<string, number>; errors: number; warnings: number };
  return { ms: medianOf(times), ...summary };
}

/** The county's count totals from our JSON summary, to check pandas added up the same figures. */
function ourCounty(summaryFile: string): Record<string, number | null> {
  const summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as { rollup: { level: string; values: Record<string, number | null> }[] };
  return summary.rollup.find((u) => u.level === 'county')?.values ?? {};
}

function sameCounts(ours: Record<string, number | null>, theirs: Record<string, number>): string {
  const counts = benchIndicators(BENCH_SIZE.indicators).filter((d) => d.kind === 'count');
  const differ = counts.filter((d) => Math.abs((ours[d.code] ?? NaN) - theirs[d.code]) > 1e-6).map((d) => d.code);
  return differ.length === 0 ? `县级合计一致 same county totals (${counts.length} counts)` : `县级合计不同 county totals differ: ${differ.join(', ')}`;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2));
  const { townships, rowsPerTownship, indicators } = BENCH_SIZE;
  process.stdout.write(`基准工作簿 / benchmark workbook: ${townships} 乡镇 × ${rowsPerTownship} 行 × ${indicators} 指标\n`);
  const made = await timed(() => writeLargeCounty(WORKBOOK));
  process.stdout.write(`  ${path.relative(ROOT, WORKBOOK)}（生成 ${seconds(made.ms)}）\n\n`);

  const interval = setInterval(sampleMemory, 5);
  const args = [WORKBOOK, '--as-of', AS_OF, '--out', path.join(OUT, 'large-result.xlsx'), '--json', path.join(OUT, 'large-summary.json')];

  // Fresh processes, as a user runs the command: Node start, loading the sources, read, consolidate, write.
  const fresh = freshRuns(args, flags);
  process.stdout.write(`${freshLines(fresh).join('\n')}\n`);
  const realistic = binRuns(args);

  // The county where every facility row breaks rules: the checks and the 校验结果 writer dominate.
  await writeLargeCounty(HEAVY_WORKBOOK, { ...BENCH_SIZE, errorHeavy: true });
  const heavyArgs = [HEAVY_WORKBOOK, '--as-of', AS_OF, '--out', path.join(OUT, 'heavy-result.xlsx'), '--json', path.join(OUT, 'heavy-summary.json')];
  const heavy = binRuns(heavyArgs);
  const heavyIssues = (JSON.parse(readFileSync(path.join(OUT, 'heavy-summary.json'), 'utf8')) as { counts: { errors: number; warnings: number } }).counts;
  const rss = Math.max(realistic.rss, heavy.rss);
  process.stdout.write(
    [
      `  ${pad(`错误密集 error-heavy county (${heavyIssues.errors.toLocaleString('en-US')} errors, ${heavyIssues.warnings.toLocaleString('en-US')} warnings), median of ${FRESH_RUNS}`, 66)}${seconds(heavy.ms)}  ${mark(heavy.ms <= ERROR_HEAVY_GOAL_SECONDS * 1000)}  目标 goal ≤ ${seconds(ERROR_HEAVY_GOAL_SECONDS * 1000)}`,
      `  ${pad('峰值内存 peak RSS of the command (largest of both counties)', 66)}${(rss / MB).toFixed(0)} MB  ${mark(rss <= PEAK_RSS_GOAL_BYTES)}  目标 goal ≤ ${(PEAK_RSS_GOAL_BYTES / MB).toFixed(0)} MB`,
      '',
    ].join('\n') + '\n',
  );

  // The same work in pandas + openpyxl, timed in this run so the ratio holds whatever the machine's speed.
  const missing = flags.pandas ? pandasAvailable() : 'left out (--no-pandas)';
  if (missing) {
    process.stdout.write(`pandas + openpyxl 对照 / comparison: skipped — ${missing}\n\n`);
  } else {
    const p1 = pandasRuns(WORKBOOK, 'realistic');
    const p2 = pandasRuns(HEAVY_WORKBOOK, 'heavy');
    const r1 = p1.ms / realistic.ms;
    const r2 = p2.ms / heavy.ms;
    process.stdout.write(
      [
        `pandas + openpyxl 做同样的汇总与规则校验 / doing the same roll-up and rule checks (${path.relative(ROOT, PANDAS_SCRIPT)}), median of ${PANDAS_RUNS}`,
        `  ${pad('真实县 realistic county', 40)}pandas ${seconds(p1.ms)} vs ours ${seconds(realistic.ms)}: ${r1.toFixed(1)}× faster  ${mark(r1 >= PANDAS_RATIO_GOAL)}  目标 goal ≥ ${PANDAS_RATIO_GOAL}×  · ${sameCounts(ourCounty(path.join(OUT, 'large-summary.json')), p1.county)}`,
        `  ${pad('错误密集县 error-heavy county', 40)}pandas ${seconds(p2.ms)} vs ours ${seconds(heavy.ms)}: ${r2.toFixed(1)}× faster  · ${sameCounts(ourCounty(path.join(OUT, 'heavy-summary.json')), p2.county)}`,
        '',
      ].join('\n') + '\n',
    );
  }

  // In this process: the same command, first cold, then warm (as when the add-in runs it again).
  const commandMs: number[] = [];
  for (let k = 0; k < COMMAND_RUNS; k++) commandMs.push((await timed(() => run(args, { stdout: silent, stderr: silent }))).ms);
  const cold = commandMs[0];
  const warm = commandMs.slice(1).sort((a, b) => a - b);
  const warmMedian = warm[Math.floor(warm.length / 2)];
  const read = await timed(() => readWorkbookFile(WORKBOOK));
  const sheets = read.value;
  const cells = dataCells(sheets);

  const engineMs: number[] = [];
  let result = consolidate(sheets, { asOf: AS_OF });
  for (let k = 0; k < ENGINE_RUNS; k++) {
    const t = await timed(() => consolidate(sheets, { asOf: AS_OF }));
    engineMs.push(t.ms);
    result = t.value;
  }
  clearInterval(interval);
  sampleMemory();

  engineMs.sort((a, b) => a - b);
  const median = engineMs[Math.floor(engineMs.length / 2)];
  const best = engineMs[0];
  const throughput = cells / (median / 1000);
  const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);

  const lines = [
    '命令行，同一进程内 / the command in this process:',
    `  ${pad('进程内首次 in-process, first run', 66)}${seconds(cold)}  ${mark(cold <= END_TO_END_GOAL * 1000)}`,
    `  ${pad(`进程内再次 in-process, warm (median of ${warm.length})`, 66)}${seconds(warmMedian)}  ${mark(warmMedian <= END_TO_END_GOAL * 1000)}`,
    `    ${pad('其中读取 of which reading the .xlsx (warm)', 64)}${seconds(read.ms)}`,
    '',
    `引擎 / engine: consolidate() over ${cells.toLocaleString('en-US')} data cells (${result.counts.facilities} facilities), ${ENGINE_RUNS} runs`,
    `  median ${seconds(median)}, best ${seconds(best)}`,
    `  throughput ${(throughput / 1e6).toFixed(2)} M cells/s   目标 goal ≥ ${(ENGINE_GOAL_CELLS_PER_SECOND / 1e6).toFixed(0)} M cells/s  ${mark(throughput >= ENGINE_GOAL_CELLS_PER_SECOND)}`,
    `  issues found: ${result.counts.errors} errors, ${result.counts.warnings} warnings`,
    '',
    '内存 / memory (this process):',
    `  peak RSS ${(maxRss / MB).toFixed(0)} MB, peak heap used ${(peakHeap / MB).toFixed(0)} MB`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);

  if (flags.addin) process.stdout.write(`\n${formatAddinBench(await benchAddin(BENCH_SIZE))}\n`);
  if (flags.bundle) process.stdout.write(`\n${formatBundle(benchBundle())}\n`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
