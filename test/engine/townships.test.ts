import { completionOf } from '../../src/engine/completion';
import { parseExpression } from '../../src/engine/expression';
import { buildResultSheets, statusColumnsOf } from '../../src/engine/report';
import { rollUp } from '../../src/engine/rollup';
import { townshipGrid, townshipSheet, type GridSource } from '../../src/engine/townships';
import type { CompiledIndicator, Definitions, FacilityRecord } from '../../src/engine/types';
import { consolidate } from '../../src/engine';

function indicator(code: string, name: string, unit: string, target: number | null, rate?: [string, string]): CompiledIndicator {
  return {
    code, name, aliases: [], unit, kind: rate ? 'rate' : 'count', numerator: rate?.[0] ?? null, denominator: rate?.[1] ?? null,
    factor: rate ? 100 : 1, target, direction: '>=', min: null, max: null,
    numeratorExpr: rate ? parseExpression(rate[0]) : null, denominatorExpr: rate ? parseExpression(rate[1]) : null,
  };
}
const indicators = [
  indicator('HTN', '高血压患者数', '人', null),
  indicator('HTN_STD', '高血压规范管理人数', '人', null),
  indicator('FOLIC', '增补叶酸人数', '人', null),
  indicator('HTN_RATE', '高血压患者规范管理率', '%', 60, ['[HTN_STD]', '[HTN]']),
];
const facility = (township: string, row: number, name: string, values: Record<string, number>): FacilityRecord => ({
  sheet: township, row, township, name, values, cells: {},
});

function source(): GridSource {
  const definitions: Definitions = {
    indicators, rules: [], townshipTargets: { 石门乡: { FOLIC: 500 }, 城关镇: { FOLIC: 1000 } }, source: 'workbook', sheets: ['指标定义'],
  };
  const facilities = [
    facility('石门乡', 4, '石门乡卫生院', { HTN: 100, HTN_STD: 90, FOLIC: 480 }),
    facility('城关镇', 4, '城关社区卫生服务中心', { HTN: 300, HTN_STD: 150, FOLIC: 1000 }),
    facility('白沙镇', 4, '白沙镇卫生院', {}),
  ];
  const rollup = rollUp(facilities, indicators, ['石门乡', '城关镇', '白沙镇'], '全县合计');
  return { indicators, rollup, completion: completionOf(rollup, definitions, '2024-11-30') };
}

describe('townshipGrid', () => {
  const grid = townshipGrid(source());

  it('has a column for each indicator judged somewhere, and the county row first', () => {
    expect(grid.indicators.map((i) => i.code)).toEqual(['FOLIC', 'HTN_RATE']);
    expect(grid.rows.map((r) => [r.level, r.name])).toEqual([
      ['county', '全县合计'], ['township', '石门乡'], ['township', '城关镇'], ['township', '白沙镇'],
    ]);
  });

  it('gives each cell its value and status; a township not judged on an indicator has no status', () => {
    expect(grid.rows.map((r) => r.cells.map((c) => c.status))).toEqual([
      [null, 'met'], // no FOLIC target for the county: 白沙镇 has no 任务数; 240 of 400 is the standard
      ['on-track', 'met'], // 480 of 500 at 11/12 of the year
      ['completed', 'unmet'],
      [null, 'no-data'],
    ]);
    expect(grid.rows[1].cells[0]).toEqual({ value: 480, status: 'on-track', completion: 0.96 });
    expect(grid.rows[3].cells[1]).toEqual({ value: null, status: 'no-data', completion: null });
  });
});

describe('乡镇对比 sheet', () => {
  it('writes each indicator as a value and a status column, statuses coloured, the county bold', () => {
    const sheet = townshipSheet(source(), 'zh-CN');
    expect(sheet.name).toBe('乡镇对比');
    expect(sheet.columns.map((c) => [c.header, c.format])).toEqual([
      ['乡镇', 'text'], ['增补叶酸人数（人）', 'number'], ['状态', 'text'], ['高血压患者规范管理率（%）', 'decimal2'], ['状态', 'text'],
    ]);
    expect(sheet.rows).toEqual([
      ['全县合计', 1480, null, 60, '达标'],
      ['石门乡', 480, '序时进度内', 90, '达标'],
      ['城关镇', 1000, '已完成', 50, '未达标'],
      ['白沙镇', null, null, null, '无数据'],
    ]);
    expect(statusColumnsOf(sheet)).toEqual([2, 4]);
    expect(sheet.boldRows).toEqual([0]);
    expect(townshipSheet(source(), 'en').rows[1]).toEqual(['石门乡', 480, 'On track', 90, 'Met']);
  });

  it('is 县区对比 with a 县 column when the units are counties (a city’s run), Counties / County in English', () => {
    const counties: GridSource = { ...source(), unitLevel: 'county' };
    const sheet = townshipSheet(counties, 'zh-CN');
    expect(sheet.name).toBe('县区对比');
    expect(sheet.columns[0].header).toBe('县');
    expect(townshipSheet(counties, 'en').name).toBe('Counties');
    expect(townshipSheet(counties, 'en').columns[0].header).toBe('County');
    expect(townshipSheet({ ...source(), unitLevel: 'township' }, 'en').name).toBe('Townships');
  });

  it('is among the result sheets, after 校验结果, and never read back as township data', () => {
    const values = [['序号', '机构名称', '高血压患者数', '高血压规范管理人数'], [1, '石门乡卫生院', 100, 80]];
    const result = consolidate([{ name: '石门乡', values }], { asOf: '2024-11-30' });
    const sheets = buildResultSheets(result, 'zh-CN');
    expect(sheets.map((s) => s.name).slice(0, 4)).toEqual(['县级汇总', '完成情况', '校验结果', '乡镇对比']);
    const written = sheets.map((s) => ({ name: s.name, values: [s.columns.map((c) => c.header), ...s.rows] }));
    const again = consolidate([{ name: '石门乡', values }, ...written], { asOf: '2024-11-30' });
    expect(again.counts.facilities).toBe(1);
    expect(again.rollup.map((r) => r.name)).toEqual(['石门乡', '全县合计']);
  });
});
