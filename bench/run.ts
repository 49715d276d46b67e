// npm run bench: a large county (60 township sheets × 200 rows × 27 indicators) through the command
// line and through the engine alone; prints end-to-end time, engine throughput and peak memory next to
// the goals. The workbook goes to bench/out/ (git-ignored).
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { consolidate } from '../src/engine';
import type { SheetInput } from '../src/engine/types';
import { run } from '../src/cli/main';
import { readWorkbookFile } from '../src/cli/readWorkbook';
import { BENCH_SIZE, writeLargeCounty } from './workbook';

export { BENCH_SIZE, benchIndicators, largeCountySheets, largeCountyWorkbook, writeLargeCounty } from './workbook';
export type { LargeCountyOptions } from './workbook';

const ROOT = path.join(__dirname, '..');
const OUT = path.join(__dirname, 'out');
const WORKBOOK = path.join(OUT, 'large-county.xlsx');
const AS_OF = '2024-11-30';
const ENGINE_RUNS = 5;
const COMMAND_RUNS = 4;

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

async function main(): Promise<void> {
  const { townships, rowsPerTownship, indicators } = BENCH_SIZE;
  process.stdout.write(`基准工作簿 / benchmark workbook: ${townships} 乡镇 × ${rowsPerTownship} 行 × ${indicators} 指标\n`);
  const made = await timed(() => writeLargeCounty(WORKBOOK));
  process.stdout.write(`  ${path.relative(ROOT, WORKBOOK)}（生成 ${seconds(made.ms)}）\n\n`);

  const interval = setInterval(sampleMemory, 5);
  const args = [WORKBOOK, '--as-of', AS_OF, '--out', path.join(OUT, 'large-result.xlsx'), '--json', path.join(OUT, 'large-summary.json')];

  // A fresh process, as a user runs it: Node start, TypeScript loading, read, consolidate, write.
  const child = await timed(() => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'indicator-rollup.js'), ...args], { encoding: 'utf8' }));
  if (child.value.status !== 0) throw new Error(`CLI exited with ${child.value.status}: ${child.value.stderr}`);

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
    '命令行端到端 / CLI end-to-end (read + consolidate + write .xlsx and JSON):',
    `  新进程 fresh process (incl. Node + TypeScript start)  ${seconds(child.ms)}   目标 goal ≤ ${seconds(END_TO_END_GOAL * 1000)} (3× faster than pandas + openpyxl ${REFERENCE_SECONDS} s)  ${mark(child.ms <= END_TO_END_GOAL * 1000)}`,
    `  进程内首次 in-process, first run                     ${seconds(cold)}   ${mark(cold <= END_TO_END_GOAL * 1000)}`,
    `  进程内再次 in-process, warm (median of ${warm.length})          ${seconds(warmMedian)}   ${mark(warmMedian <= END_TO_END_GOAL * 1000)}`,
    `    其中读取 of which reading the .xlsx (warm)          ${seconds(read.ms)}`,
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
}

if (require.main === module) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  });
}
