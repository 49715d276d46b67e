// The benchmark county: many township sheets of many facility rows, each sheet as townships send it
// (title, header with units, facility rows, 合计). Shared by the CLI benchmark and the add-in benchmark.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { CATALOG_INDICATORS } from '../src/engine/catalog';
import type { CellValue, SheetInput } from '../src/engine/types';

export interface LargeCountyOptions {
  townships: number;
  rowsPerTownship: number;
  indicators: number;
  seed?: number;
  /**
   * Every facility row breaks two rules (规范管理人数 above 患者数 for 高血压 and 糖尿病), and so the two rates
   * go over 100 %: the county where the checks and 校验结果, not the reading, dominate.
   */
  errorHeavy?: boolean;
}

export const BENCH_SIZE: LargeCountyOptions = { townships: 60, rowsPerTownship: 200, indicators: 27 };

/** In the error-heavy county these parts exceed their whole, each by 5–20 %. */
const OVER_WHOLE = new Set(['HTN_STD', 'DM_STD']);

/**
 * The 27 indicators of a benchmark sheet (21 counts, 6 rates), as a county's monthly sheet carries them;
 * each count is drawn as a share of the one it is part of, so the usual rules hold.
 */
const MODEL: [code: string, partOf: string | null, lo: number, hi: number][] = [
  ['POP', null, 1400, 9000],
  ['REC', 'POP', 0.84, 0.97],
  ['REC_RATE', null, 0, 0],
  ['HTN', 'POP', 0.065, 0.1],
  ['HTN_STD', 'HTN', 0.52, 0.8],
  ['HTN_CTRL', 'HTN', 0.38, 0.6],
  ['HTN_RATE', null, 0, 0],
  ['DM', 'POP', 0.022, 0.036],
  ['DM_STD', 'DM', 0.52, 0.78],
  ['DM_CTRL', 'DM', 0.36, 0.55],
  ['DM_RATE', null, 0, 0],
  ['SMI', 'POP', 0.003, 0.0055],
  ['SMI_STD', 'SMI', 0.78, 0.96],
  ['ELD', 'POP', 0.13, 0.18],
  ['ELD_MGMT', 'ELD', 0.55, 0.78],
  ['ELD_TCM', 'ELD', 0.55, 0.76],
  ['ELD_RATE', null, 0, 0],
  ['BIRTH', 'POP', 0.006, 0.0095],
  ['MAT_SYS', 'BIRTH', 0.84, 0.98],
  ['CHILD', 'POP', 0.055, 0.075],
  ['CHILD_MGMT', 'CHILD', 0.84, 0.96],
  ['SIGN', 'POP', 0.28, 0.44],
  ['SIGN_RATE', null, 0, 0],
  ['VAC_DUE', 'CHILD', 1.6, 2.2],
  ['VAC_DONE', 'VAC_DUE', 0.88, 0.99],
  ['CATARACT', null, 0, 3],
  ['FOLIC', null, 5, 30],
];

/** The first n benchmark indicators (at most 27), as catalog definitions. */
export function benchIndicators(n: number): typeof CATALOG_INDICATORS {
  const byCode = new Map(CATALOG_INDICATORS.map((d) => [d.code, d]));
  return MODEL.slice(0, n).map(([code]) => byCode.get(code)!);
}

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The rows of each township sheet (A1 first): title, header, facility rows, 合计. Figures are kept
 * inside each indicator's range and every rate is its numerator over its denominator, so the checks
 * have work to do but find little.
 */
export function largeCountySheets(options: LargeCountyOptions = BENCH_SIZE): SheetInput[] {
  const rng = random(options.seed ?? 60200);
  const indicators = benchIndicators(options.indicators);
  const sheets: SheetInput[] = [];
  for (let t = 0; t < options.townships; t++) {
    const name = `乡镇${String(t + 1).padStart(2, '0')}`;
    const values: CellValue[][] = [
      [`${name}2024年1-11月基本公共卫生服务统计表`],
      ['序号', '机构名称', ...indicators.map((d) => (d.unit ? `${d.name}（${d.unit}）` : d.name))],
    ];
    const totals = new Array<number>(indicators.length).fill(0);
    for (let r = 0; r < options.rowsPerTownship; r++) {
      const figures = new Map<string, number>();
      const row: CellValue[] = [r + 1, r === 0 ? `${name}卫生院` : `${name}第${r}村卫生室`];
      indicators.forEach((d, k) => {
        const [, partOf, modelLo, modelHi] = MODEL[k];
        const [lo, hi] = options.errorHeavy && OVER_WHOLE.has(d.code) ? [1.05, 1.2] : [modelLo, modelHi];
        let v: number;
        if (d.kind === 'rate') {
          const num = figures.get(/\[([^\]]+)\]/.exec(d.numerator ?? '')?.[1] ?? '') ?? 0;
          const den = figures.get(/\[([^\]]+)\]/.exec(d.denominator ?? '')?.[1] ?? '') ?? 0;
          v = den > 0 ? Math.round((num / den) * d.factor * 100) / 100 : 0;
        } else if (partOf) {
          v = Math.round((figures.get(partOf) ?? 0) * (lo + (hi - lo) * rng()));
        } else {
          v = Math.round(lo + (hi - lo) * rng());
        }
        figures.set(d.code, v);
        // One placeholder per sheet, left out of the 合计 as Excel's SUM would: the checks find one error each.
        if (r === 50 && d.code === 'FOLIC') {
          row.push('XX');
          return;
        }
        if (d.kind === 'count') totals[k] += v;
        row.push(v);
      });
      values.push(row);
    }
    values.push([null, '合计', ...indicators.map((d, k) => (d.kind === 'count' ? Math.round(totals[k] * 100) / 100 : null))]);
    sheets.push({ name, values });
  }
  return sheets;
}

/** The benchmark county as an ExcelJS workbook. */
export function largeCountyWorkbook(options: LargeCountyOptions = BENCH_SIZE): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of largeCountySheets(options)) {
    const ws = workbook.addWorksheet(sheet.name);
    for (const row of sheet.values) ws.addRow(row);
  }
  return workbook;
}

/** Writes the benchmark county to file (creating its folder); returns the path. */
export async function writeLargeCounty(file: string, options: LargeCountyOptions = BENCH_SIZE): Promise<string> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await largeCountyWorkbook(options).xlsx.writeFile(file);
  return file;
}
