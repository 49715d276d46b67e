// The pane's production bundle, gzipped: what Excel downloads when the pane opens. Builds with webpack
// into a temporary folder (never dist/), then gzips each JS and CSS file of the taskpane entry, and the
// engine's Web Worker chunk, which the pane starts as soon as it opens (its dry run): both are counted.
// The preview's ExcelJS chunk loads only outside Office, and SheetJS only when a township file that is not
// .xlsx is imported: both are listed apart and not counted.
// `tsx bench/bundle.ts`, or benchBundle() from bench/run.ts.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = path.join(__dirname, '..');

/** Issue 3: the production bundle, gzipped. */
export const BUNDLE_GOAL_BYTES = 350 * 1024;

export interface BundleFile {
  name: string;
  bytes: number;
  gzipBytes: number;
}

export interface BundleBench {
  /** JS and CSS the taskpane entry loads at start: counted against the goal. */
  entry: BundleFile[];
  /** The engine's worker chunk: loaded when the pane opens, counted against the goal too. */
  worker: BundleFile[];
  /** Chunks loaded on demand (the preview host with ExcelJS): not counted. */
  async: BundleFile[];
  buildMs: number;
}

interface Stats {
  entrypoints: Record<string, { assets: { name: string }[] }>;
  chunks: { initial: boolean; names: string[]; files: string[] }[];
}

const isCode = (f: string): boolean => /\.(js|css)$/.test(f);

function measure(dir: string, name: string): BundleFile {
  const data = readFileSync(path.join(dir, name));
  return { name, bytes: data.length, gzipBytes: gzipSync(data, { level: 9 }).length };
}

export function benchBundle(): BundleBench {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'rollup-bundle-'));
  try {
    const statsFile = path.join(dir, 'stats.json');
    const outDir = path.join(dir, 'dist');
    const start = performance.now();
    const webpack = require.resolve('webpack-cli/bin/cli.js', { paths: [ROOT] });
    const build = spawnSync(process.execPath, [webpack, '--mode', 'production', '--output-path', outDir, '--json', statsFile], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const buildMs = performance.now() - start;
    if (build.status !== 0) throw new Error(`webpack exited with ${build.status}: ${build.stderr || build.stdout}`);
    const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as Stats;
    const entryFiles = (stats.entrypoints.taskpane?.assets ?? []).map((a) => a.name).filter(isCode);
    if (entryFiles.length === 0) throw new Error('webpack stats name no JS or CSS for the taskpane entry');
    // The worker's chunk is named by spawnWorker.ts (new Worker(…, { name: 'engine' })).
    const isWorker = (c: Stats['chunks'][number]): boolean => c.names.includes('engine');
    const workerFiles = [...new Set(stats.chunks.filter(isWorker).flatMap((c) => c.files).filter(isCode))];
    if (workerFiles.length === 0) throw new Error('webpack stats name no chunk for the engine worker');
    const asyncFiles = [...new Set(stats.chunks.filter((c) => !c.initial && !isWorker(c)).flatMap((c) => c.files).filter(isCode))];
    return {
      entry: entryFiles.map((f) => measure(outDir, f)),
      worker: workerFiles.map((f) => measure(outDir, f)),
      async: asyncFiles.map((f) => measure(outDir, f)),
      buildMs,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** When an on-demand chunk is fetched: SheetJS on importing a non-.xlsx file, ExcelJS in the preview. */
function onDemandWhen(file: string): string {
  return file.startsWith('sheetjs') ? '导入非 .xlsx 文件时 importing a non-.xlsx file' : '预览 preview only';
}

export function formatBundle(b: BundleBench): string {
  const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;
  const counted = [...b.entry, ...b.worker];
  const total = counted.reduce((n, f) => n + f.gzipBytes, 0);
  const raw = counted.reduce((n, f) => n + f.bytes, 0);
  return [
    `生产包 / production bundle (webpack --mode production, ${(b.buildMs / 1000).toFixed(0)} s build into a temporary folder)`,
    `  任务窗格入口与引擎 worker / taskpane entry + engine worker, gzip -9: ${kb(total)} (${kb(raw)} raw)   目标 goal ≤ ${kb(BUNDLE_GOAL_BYTES)}  ${total <= BUNDLE_GOAL_BYTES ? '✓' : '✗'}`,
    ...b.entry.map((f) => `    计入 counted      ${f.name}  ${kb(f.gzipBytes)} gzip, ${kb(f.bytes)} raw`),
    ...b.worker.map((f) => `    计入 counted      ${f.name}  ${kb(f.gzipBytes)} gzip, ${kb(f.bytes)} raw (引擎 worker, 窗格打开即加载 loaded as the pane opens)`),
    ...b.async.map((f) => `    按需 on demand    ${f.name}  ${kb(f.gzipBytes)} gzip, ${kb(f.bytes)} raw (${onDemandWhen(f.name)}, not counted)`),
  ].join('\n');
}

if (require.main === module) {
  try {
    process.stdout.write(`${formatBundle(benchBundle())}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}
