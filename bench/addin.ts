// The add-in path on a large county through the preview host: read every sheet (Office.js load/sync),
// run the engine, write the result sheets. Prints round trips, the largest request and response and the
// time of each step. `tsx bench/addin.ts`, or benchAddin() from bench/run.ts.
import { buildResultSheets, consolidate } from '../src/engine';
import { createWorkbookHost, DEFAULT_PAYLOAD_BUDGET } from '../src/excel/workbookHost';
import { PAYLOAD_LIMIT_BYTES } from '../src/preview/host';
import { previewOf } from '../src/preview/workbookFile';
import { BENCH_SIZE, largeCountyWorkbook, type LargeCountyOptions } from './workbook';

export interface AddinBench {
  readSyncs: number;
  writeSyncs: number;
  largestRequestBytes: number;
  largestResponseBytes: number;
  readMs: number;
  engineMs: number;
  writeMs: number;
}

export async function benchAddin(options: LargeCountyOptions = BENCH_SIZE): Promise<AddinBench> {
  const preview = previewOf(largeCountyWorkbook(options), 'large-county.xlsx');
  const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities, suspendCalculation: true });
  const t0 = performance.now();
  const sheets = await host.readSheets();
  const t1 = performance.now();
  const readSyncs = preview.stats.syncs;
  const result = consolidate(sheets, { asOf: '2024-11-30' });
  const t2 = performance.now();
  await host.writeResults(buildResultSheets(result, 'zh-CN'));
  const t3 = performance.now();
  return {
    readSyncs,
    writeSyncs: preview.stats.syncs - readSyncs,
    largestRequestBytes: preview.stats.largestRequestBytes,
    largestResponseBytes: preview.stats.largestResponseBytes,
    readMs: t1 - t0,
    engineMs: t2 - t1,
    writeMs: t3 - t2,
  };
}

export function formatAddinBench(b: AddinBench): string {
  const kb = (n: number): string => `${(n / 1024).toFixed(0)} KB`;
  const ok = (n: number): string => (n <= DEFAULT_PAYLOAD_BUDGET ? '✓' : '✗');
  return [
    '加载项路径（预览宿主）/ add-in path (preview host)',
    `  同步次数 / syncs: 读取 read ${b.readSyncs}, 写入 write ${b.writeSyncs}`,
    `  最大请求 / largest request:  ${kb(b.largestRequestBytes)} ${ok(b.largestRequestBytes)} (≤ 4 MB; Excel 网页版上限 ${PAYLOAD_LIMIT_BYTES / 1024 / 1024} MB)`,
    `  最大响应 / largest response: ${kb(b.largestResponseBytes)} ${ok(b.largestResponseBytes)}`,
    `  用时 / time: 读取 read ${(b.readMs / 1000).toFixed(2)} s, 引擎 engine ${(b.engineMs / 1000).toFixed(2)} s, 写入 write ${(b.writeMs / 1000).toFixed(2)} s`,
  ].join('\n');
}

if (require.main === module) {
  const big = { ...BENCH_SIZE };
  benchAddin(big)
    .then((b) => process.stdout.write(`${formatAddinBench(b)}\n`))
    .catch((e: unknown) => {
      process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
      process.exitCode = 1;
    });
}
