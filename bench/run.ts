// npm run bench: a large county (60 township sheets × 200 rows × 27 indicators) through the command
// line — in fresh processes started the ways a user starts it, and in this process — and through the
// engine alone; then the add-in path through the preview host, and the pane's production bundle.
// Prints each figure next to its goal. The workbook goes to bench/out/ (git-ignored).
// `npm run bench -- --no-npm --no-addin --no-bundle` leaves out the npm/npx runs, the add-in, the build.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { consolidate } from '../src/engine';
import type { SheetInput } from '../src/engine/types';
import { run } from '../src/cli/main';
import { readWorkbookFile } from '../src/cli/readWorkbook';
import { benchAddin, formatAddinBench } from './addin';
import { benchBundle, formatBundle } from './bundle';
import { BENCH_SIZE, writeLargeCounty } from './workbook';

export { BENCH_SIZE, benchIndicators, largeCountySheets, largeCountyWorkbook, writeLargeCounty } from './workbook';
export type { LargeCountyOptions } from './workbook';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(__dirname, 'out');
const WORKBOOK = path.join(OUT, 'large-county.xlsx');
const AS_OF = '2024-11-30';
const ENGINE_RUNS = 5;
const COMMAND_RUNS = 4;
const FRESH_RUNS = 3;
const BIN = path.join(ROOT, 'bin', 'indicator-rollup.js');

/** pandas + openpyxl doing the same roll-up on this machine, seconds (issue 2 §9). */
const REFERENCE_SECONDS = 2.8;
const END_TO_END_GOAL = REFERENCE_SECONDS / 3;
const ENGINE_GOAL_CELLS_PER_SECOND = 5_000_000;

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
  addin: boolean;
  bundle: boolean;
}

function parseFlags(argv: string[]): Flags {
  return { npm: !argv.includes('--no-npm'), addin: !argv.includes('--no-addin'), bundle: !argv.includes('--no-bundle') };
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
    `命令行端到端 / CLI end-to-end (read + consolidate + write .xlsx and JSON)   目标 goal ≤ ${seconds(goal)} (3× faster than pandas + openpyxl ${REFERENCE_SECONDS} s)`,
    '  新进程 fresh process (incl. Node start and loading the sources):',
    ...runs.map((r) => `    ${pad(r.label, 64)}${r.ms === null ? '—' : seconds(r.ms)}  ${r.ms === null ? '' : mark(r.ms <= goal)}${r.note ? `  (${r.note})` : ''}`),
  ];
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
