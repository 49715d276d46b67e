import { completionOf } from '../../src/engine/completion';
import { parseExpression } from '../../src/engine/expression';
import type { CompiledIndicator, Definitions, Direction, RollupRow } from '../../src/engine/types';

function indicator(code: string, kind: 'count' | 'rate', target: number | null, direction: Direction = '>='): CompiledIndicator {
  return {
    code, name: code, aliases: [], unit: kind === 'rate' ? '%' : '人', kind,
    numerator: kind === 'rate' ? '[A]' : null, denominator: kind === 'rate' ? '[B]' : null, factor: kind === 'rate' ? 100 : 1,
    target, direction, min: null, max: null,
    numeratorExpr: kind === 'rate' ? parseExpression('[A]') : null, denominatorExpr: kind === 'rate' ? parseExpression('[B]') : null,
  };
}
function definitions(indicators: CompiledIndicator[], townshipTargets: Definitions['townshipTargets'] = {}): Definitions {
  return { indicators, rules: [], townshipTargets, source: 'workbook', sheets: [] };
}
const county = (values: RollupRow['values']): RollupRow => ({ level: 'county', name: '全县合计', facilities: 10, values });
const township = (name: string, values: RollupRow['values']): RollupRow => ({ level: 'township', name, facilities: 5, values });

describe('completionOf: one county figure against its 目标', () => {
  // 2012-11-30: 11 months elapsed, 序时进度 11/12 ≈ 0.9167.
  it.each([
    ['≥ count beyond its target: 已完成, not 超额完成', 'count', '>=', 2100, 2000, 1.05, true, false, 'completed'],
    ['≥ count exactly on target', 'count', '>=', 2000, 2000, 1, true, false, 'completed'],
    ['≥ count behind target but ahead of time', 'count', '>=', 1850, 2000, 0.925, false, false, 'on-track'],
    ['≥ count behind time (the issue’s FOLIC example)', 'count', '>=', 1830, 2000, 0.915, false, true, 'lagging'],
    ['≥ rate above the standard: 达标', 'rate', '>=', 62.5, 60, 62.5 / 60, true, null, 'met'],
    ['≥ rate below the standard: unmet, never lagging', 'rate', '>=', 55, 60, 55 / 60, false, null, 'unmet'],
    ['≤ rate under its ceiling: 达标, and no 完成率', 'rate', '<=', 25, 30, null, true, null, 'met'],
    ['≤ rate at its ceiling', 'rate', '<=', 30, 30, null, true, null, 'met'],
    ['≤ rate over its ceiling: 超标', 'rate', '<=', 31, 30, null, false, null, 'over-limit'],
    ['≤ count over its ceiling', 'count', '<=', 12, 10, null, false, null, 'over-limit'],
    ['no data', 'count', '>=', null, 2000, null, null, null, 'no-data'],
    ['a rate that equals its target only up to noise', 'rate', '>=', 59.99999999999999, 60, 59.99999999999999 / 60, true, null, 'met'],
  ] as const)('%s', (_what, kind, direction, actual, target, completion, met, lagging, status) => {
    const ind = indicator('X', kind, target, direction);
    const rows = completionOf([county({ X: actual })], definitions([ind]), '2012-11-30');
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row).toMatchObject({ level: 'county', name: '全县合计', indicator: 'X', actual, target, targetSource: 'definitions', met, lagging, status });
    if (completion === null) expect(row.completion).toBeNull();
    else expect(row.completion).toBeCloseTo(completion, 12);
  });

  it.each([
    ['2012-11-30', true],
    ['2012-11-29', false], // 10 months: 0.915 ≥ 0.8333
    ['2012-01-15', false], // no month elapsed: nothing can lag
  ])('lagging depends on 序时进度 at %s', (asOf, lagging) => {
    const [row] = completionOf([county({ X: 1830 })], definitions([indicator('X', 'count', 2000)]), asOf);
    expect(row.lagging).toBe(lagging);
    expect(row.status).toBe(lagging ? 'lagging' : 'on-track');
  });
});

describe('completionOf: who is judged against what', () => {
  const COUNT = indicator('FOLIC', 'count', 2000);
  const RATE = indicator('HTN_RATE', 'rate', 60);
  const NO_TARGET = indicator('POP', 'count', null);
  const RATE_NO_TARGET = indicator('REC_RATE', 'rate', null);
  const rollup = [
    township('石门乡', { FOLIC: 400, HTN_RATE: 58, POP: 1, REC_RATE: 90 }),
    township('城关镇', { FOLIC: 900, HTN_RATE: 75, POP: 1, REC_RATE: 91 }),
    township('白沙镇', { FOLIC: null, HTN_RATE: null, POP: null, REC_RATE: null }),
    county({ FOLIC: 1300, HTN_RATE: 70, POP: 2, REC_RATE: 90.5 }),
  ];
  const targets = { 石门乡: { FOLIC: 500 }, ' 城关镇 ': { FOLIC: 800, HTN_RATE: 80, REC_RATE: 95 } };
  const rows = completionOf(rollup, definitions([COUNT, RATE, NO_TARGET, RATE_NO_TARGET], targets), '2024-06-30');
  const table = rows.map((r) => [r.indicator, r.level, r.name, r.target, r.targetSource, r.status]);

  it('lists, per indicator, the county first and then each judged township', () => {
    expect(table).toEqual([
      ['FOLIC', 'county', '全县合计', 2000, 'definitions', 'on-track'], // 0.65 ≥ 0.5
      ['FOLIC', 'township', '石门乡', 500, 'targets-sheet', 'on-track'], // township 任务数: 0.8
      ['FOLIC', 'township', '城关镇', 800, 'targets-sheet', 'completed'],
      // 白沙镇 has no 任务数 for FOLIC: a county count target is not a township's.
      ['HTN_RATE', 'county', '全县合计', 60, 'definitions', 'met'],
      ['HTN_RATE', 'township', '石门乡', 60, 'definitions', 'unmet'], // no 任务数: the standard holds everywhere
      ['HTN_RATE', 'township', '城关镇', 80, 'targets-sheet', 'unmet'], // its own 任务数 is higher than the county's
      ['HTN_RATE', 'township', '白沙镇', 60, 'definitions', 'no-data'],
      // POP has no target anywhere; REC_RATE only where a township has a 任务数.
      ['REC_RATE', 'township', '城关镇', 95, 'targets-sheet', 'unmet'],
    ]);
  });

  it('lags a township against its 任务数 and 序时进度', () => {
    const [row] = completionOf([township('石门乡', { FOLIC: 200 })], definitions([COUNT], targets), '2024-06-30');
    expect(row).toMatchObject({ target: 500, completion: 0.4, met: false, lagging: true, status: 'lagging' });
  });

  it('a target of 0 gives no completion ratio but is met by any figure', () => {
    const [row] = completionOf([county({ X: 3 })], definitions([indicator('X', 'count', 0)]), '2024-06-30');
    expect(row).toMatchObject({ completion: null, met: true, lagging: null, status: 'completed' });
  });
});

describe('completionOf: where each target comes from', () => {
  const standard = (ind: CompiledIndicator): CompiledIndicator => ({ ...ind, standardTarget: true });
  const CATARACT = standard(indicator('CATARACT', 'count', 200));
  const HTN_RATE = standard(indicator('HTN_RATE', 'rate', 60));
  const rollup = [township('石门乡', { CATARACT: 30, HTN_RATE: 62 }), township('城关镇', { CATARACT: 20, HTN_RATE: 55 }), county({ CATARACT: 50, HTN_RATE: 58 })];

  it('never judges a count by the catalog’s built-in figure (白内障 200 例)', () => {
    const rows = completionOf(rollup, definitions([CATARACT]), '2024-11-30');
    expect(rows).toEqual([]);
  });

  it('judges a rate by the national standard everywhere, and says so', () => {
    const rows = completionOf(rollup, definitions([HTN_RATE]), '2024-11-30');
    expect(rows.map((r) => [r.name, r.target, r.targetSource, r.status])).toEqual([
      ['全县合计', 60, 'standard', 'unmet'],
      ['石门乡', 60, 'standard', 'met'],
      ['城关镇', 60, 'standard', 'unmet'],
    ]);
  });

  it('gives the county the sum of the 任务数 when every township has one', () => {
    const rows = completionOf(rollup, definitions([CATARACT], { 石门乡: { CATARACT: 30 }, 城关镇: { CATARACT: 40 } }), '2024-11-30');
    expect(rows.map((r) => [r.name, r.target, r.targetSource, r.status])).toEqual([
      ['全县合计', 70, 'targets-sheet', 'lagging'], // 50/70 = 0.714 < 11/12
      ['石门乡', 30, 'targets-sheet', 'completed'],
      ['城关镇', 40, 'targets-sheet', 'lagging'],
    ]);
  });

  it('gives the county no target from an incomplete 任务数', () => {
    const rows = completionOf(rollup, definitions([CATARACT], { 石门乡: { CATARACT: 30 } }), '2024-11-30');
    expect(rows.map((r) => [r.name, r.targetSource])).toEqual([['石门乡', 'targets-sheet']]);
  });

  it('prefers the 目标 the user wrote in 指标定义 for the county', () => {
    const own = indicator('CATARACT', 'count', 90);
    const rows = completionOf(rollup, definitions([own], { 石门乡: { CATARACT: 30 }, 城关镇: { CATARACT: 40 } }), '2024-11-30');
    expect(rows[0]).toMatchObject({ level: 'county', target: 90, targetSource: 'definitions' });
  });
});
