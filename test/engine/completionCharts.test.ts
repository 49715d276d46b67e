// 完成情况's charts: which indicators are drawn (those behind 序时进度 whose townships have 任务数), how
// many, and where their rows are in the sheet.
import { completionOf } from '../../src/engine/completion';
import { buildResultSheets, MAX_COMPLETION_CHARTS, RESULT_SHEET_NAMES } from '../../src/engine/report';
import { rollUp } from '../../src/engine/rollup';
import { monthsElapsed, timeProgress } from '../../src/engine/timeProgress';
import type { CompiledIndicator, ConsolidationResult, Definitions, FacilityRecord, Lang, ResultSheet } from '../../src/engine/types';

const count = (code: string, name: string): CompiledIndicator => ({
  code, name, aliases: [], unit: '人', kind: 'count', numerator: null, denominator: null, factor: 1, target: null,
  direction: '>=', min: null, max: null, numeratorExpr: null, denominatorExpr: null,
});

const TOWNSHIPS = ['石门乡', '城关镇', '龙泉乡'];

/** A run on 2024-06-30 (序时进度 0.5): values and 任务数 per township, indicator by indicator. */
function run(values: Record<string, number[]>, tasks: Record<string, number[]> | null, lang: Lang = 'zh-CN', unitName?: string): ResultSheet {
  const asOf = '2024-06-30';
  const indicators = Object.keys(values).map((code) => count(code, `指标${code}`));
  const townshipTargets: Definitions['townshipTargets'] = {};
  if (tasks) TOWNSHIPS.forEach((t, k) => (townshipTargets[t] = Object.fromEntries(Object.entries(tasks).map(([code, v]) => [code, v[k]]))));
  const definitions: Definitions = { indicators, rules: [], townshipTargets, source: 'workbook', sheets: ['指标定义'] };
  const facilities: FacilityRecord[] = TOWNSHIPS.map((t, k) => ({
    sheet: t, row: 4, township: t, name: `${t}卫生院`, cells: {},
    values: Object.fromEntries(Object.entries(values).map(([code, v]) => [code, v[k]])),
  }));
  const rollup = rollUp(facilities, indicators, TOWNSHIPS, '全县合计');
  const result: ConsolidationResult = {
    asOf, monthsElapsed: monthsElapsed(asOf), timeProgress: timeProgress(asOf), lang, definitions, indicators, sheets: [],
    facilities, rollup, completion: completionOf(rollup, definitions, asOf), issues: [],
    counts: { townships: 3, facilities: 3, errors: 0, warnings: 0, infos: 0, lagging: 0, unmet: 0 },
    ...(unitName ? { unitName } : {}),
  };
  return buildResultSheets(result, lang).find((s) => s.name === RESULT_SHEET_NAMES[lang].completion)!;
}

/** The townships and their 完成率 a chart draws, read from the sheet's rows as a writer reads them. */
function drawn(sheet: ResultSheet, k: number): { title: string; bars: [string, number | null, number | null][] } {
  const chart = sheet.charts![k];
  const rows = sheet.rows.slice(chart.rows.first, chart.rows.last + 1);
  const [completion, progress] = chart.seriesColumns;
  return {
    title: chart.title,
    bars: rows.map((r) => [r[chart.categoryColumn] as string, r[completion] as number | null, r[progress] as number | null]),
  };
}

describe('完成情况 charts', () => {
  test('an indicator behind 序时进度 gets a bar chart of every township’s 完成率 beside 序时进度', () => {
    // A: 石门乡 at 20 % of its 任务数 is lagging; B: everyone is past half way.
    const sheet = run({ A: [20, 60, 70], B: [60, 60, 60] }, { A: [100, 100, 100], B: [100, 100, 100] });
    expect(sheet.charts).toHaveLength(1);
    expect(drawn(sheet, 0)).toEqual({
      title: '进度滞后指标：指标A（各乡镇完成率）',
      bars: [['石门乡', 0.2, 0.5], ['城关镇', 0.6, 0.5], ['龙泉乡', 0.7, 0.5]],
    });
    const chart = sheet.charts![0];
    expect(sheet.columns[chart.seriesColumns[0]].header).toBe('完成率');
    expect(sheet.columns[chart.seriesColumns[1]].header).toBe('序时进度');
    expect(chart).toMatchObject({ type: 'barClustered', valueFormat: '0%', anchor: { row: 0, column: sheet.columns.length + 1 } });
  });

  test('none when nothing lags, and none without 任务数', () => {
    expect(run({ A: [60, 60, 70] }, { A: [100, 100, 100] }).charts).toBeUndefined();
    // Far behind, but no township has a 任务数: nothing to draw a township's 完成率 against.
    expect(run({ A: [1, 1, 1] }, null).charts).toBeUndefined();
  });

  test(`at most ${MAX_COMPLETION_CHARTS}: the indicators with the most lagging rows, in the table’s order, stacked`, () => {
    const codes = ['A', 'B', 'C', 'D', 'E', 'F'];
    // Lagging townships: A 1, B 3, C 2, D 3, E 1, F 3 (the county lags wherever two or more do).
    const values: Record<string, number[]> = { A: [10, 90, 90], B: [10, 10, 10], C: [10, 10, 90], D: [10, 10, 10], E: [90, 10, 90], F: [10, 10, 10] };
    const tasks = Object.fromEntries(codes.map((c) => [c, [100, 100, 100]]));
    const sheet = run(values, tasks);
    expect(sheet.charts!.map((c) => c.title)).toEqual(['B', 'C', 'D', 'F'].map((c) => `进度滞后指标：指标${c}（各乡镇完成率）`));
    const anchors = sheet.charts!.map((c) => c.anchor);
    for (let k = 1; k < anchors.length; k++) expect(anchors[k].row).toBe(anchors[k - 1].row + anchors[k - 1].rows + 1);
  });

  test('English titles; the anchor counts from the header row, so a title row above it moves the chart along', () => {
    const sheet = run({ A: [20, 60, 70] }, { A: [100, 100, 100] }, 'en', '青山县');
    expect(sheet.title).toBeDefined();
    expect(drawn(sheet, 0).title).toBe('Lagging: 指标A (completion by township)');
    expect(sheet.columns[sheet.charts![0].seriesColumns[0]].header).toBe('Completion');
    expect(sheet.charts![0].anchor.row).toBe(0);
  });
});
