import { completionOf } from '../../src/engine/completion';
import { parseExpression } from '../../src/engine/expression';
import { issue } from '../../src/engine/messages';
import {
  buildResultSheets,
  isResultSheetName,
  RESULT_SHEET_NAMES,
  COMPLETION_STATUSES,
  STATUS_FILL,
  statusLabel,
  targetSourceLabel,
  toSummaryJson,
} from '../../src/engine/report';
import { rollUp } from '../../src/engine/rollup';
import { monthsElapsed, timeProgress } from '../../src/engine/timeProgress';
import type { CompiledIndicator, CompletionStatus, ConsolidationResult, Definitions, FacilityRecord, TargetSource } from '../../src/engine/types';

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
  indicator('FOLIC', '增补叶酸人数', '人', 2000),
  indicator('EXP', '药品费用', '万元', null),
  indicator('CATARACT', '白内障复明手术例数', '例', 120),
  indicator('HTN_RATE', '高血压患者规范管理率', '%', 60, ['[HTN_STD]', '[HTN]']),
];
const facility = (township: string, row: number, name: string, values: Record<string, number>): FacilityRecord => ({
  sheet: township, row, township, name, values, cells: {},
});

function result(asOf = '2012-11-30'): ConsolidationResult {
  const definitions: Definitions = { indicators, rules: [], townshipTargets: { 石门乡: { FOLIC: 500 } }, source: 'workbook', sheets: ['指标定义'] };
  const facilities = [
    facility('石门乡', 4, '石门乡卫生院', { HTN: 100, HTN_STD: 90, FOLIC: 400, EXP: 1.25 }),
    facility('石门乡', 5, '=上湾村卫生室', { HTN: 10, HTN_STD: 2 }),
    facility('城关镇', 4, '城关社区卫生服务中心', { HTN: 300, HTN_STD: 150, FOLIC: 1430 }),
  ];
  const rollup = rollUp(facilities, indicators, ['石门乡', '城关镇'], '全县合计');
  const completion = completionOf(rollup, definitions, asOf);
  const issues = [
    issue('error', 'not-a-number', 'zh-CN', { sheet: '石门乡', cell: 'D6', indicator: 'FOLIC', params: { text: 'XX' } }),
    { ...issue('warning', 'rule-failed', 'zh-CN', { sheet: '城关镇', cell: 'C4', indicator: 'HTN_STD', rule: '规范管理人数不超过患者数', params: { rule: '规范管理人数不超过患者数', expression: '[HTN_STD] <= [HTN]', left: 2, right: 1 } }), source: 'b.xlsx' },
    issue('info', 'definitions-source', 'zh-CN', { params: { source: 'workbook', sheets: '指标定义', rest: 'catalog' } }),
  ];
  return {
    asOf, monthsElapsed: monthsElapsed(asOf), timeProgress: timeProgress(asOf), lang: 'zh-CN', definitions, indicators,
    sheets: [{
      sheet: '石门乡', status: 'table', hidden: false, headerRows: { first: 2, last: 3 }, facilityColumn: 1, townshipColumn: null,
      serialColumn: 0, firstDataRow: 4, lastDataRow: 5, excludedRows: [], townships: ['石门乡'], facilityCount: 2, overridden: false,
      columns: [{ column: 2, letter: 'C', header: '高血压患者数（人）', indicator: 'HTN', matchedBy: 'name' }],
    }],
    facilities, rollup, completion, issues,
    counts: { townships: 2, facilities: 3, errors: 1, warnings: 1, infos: 1, lagging: 1, unmet: 0 },
  };
}

describe('result sheet names and labels', () => {
  it.each([
    ['县级汇总', true], ['完成情况', true], ['校验结果', true], ['County rollup', true], ['Completion', true], ['Validation', true],
    ['县级汇总 (2)', true], ['县级汇总（3）', true], [' 校验结果 ', true], ['石门乡', false], ['县级汇总表', false], ['指标定义', false],
    // The side-by-side sheet of a city's run (its units are counties) and of a province's.
    ['乡镇对比', true], ['县区对比', true], ['Counties', true], ['县区对比 (2)', true], ['市州对比', true], ['Cities', true],
  ])('isResultSheetName(%j) → %p', (name, expected) => {
    expect(isResultSheetName(name)).toBe(expected);
  });

  it.each([
    ['met', '达标', 'Met'], ['unmet', '未达标', 'Not met'], ['over-limit', '超标', 'Over limit'],
    ['completed', '已完成', 'Completed'], ['on-track', '序时进度内', 'On track'], ['lagging', '进度滞后', 'Lagging'],
    ['no-data', '无数据', 'No data'],
  ] as [CompletionStatus, string, string][])('%s is “%s” / “%s” with a fill', (status, zh, en) => {
    expect(statusLabel(status, 'zh-CN')).toBe(zh);
    expect(statusLabel(status, 'en')).toBe(en);
    expect(STATUS_FILL[status]).toMatch(/^[0-9A-F]{6}$/);
  });

  it('has no word for “超额完成”: every status is one of the seven above', () => {
    expect(COMPLETION_STATUSES.map((s) => statusLabel(s, 'zh-CN'))).toEqual(['达标', '未达标', '超标', '已完成', '序时进度内', '进度滞后', '无数据']);
  });

  it.each([
    ['targets-sheet', '任务数', 'Targets sheet'],
    ['definitions', '指标定义', 'Indicator definitions'],
    ['standard', '国家标准（内置）', 'National standard (built in)'],
  ] as [TargetSource, string, string][])('a target from %s is shown as “%s” / “%s”', (source, zh, en) => {
    expect(targetSourceLabel(source, 'zh-CN')).toBe(zh);
    expect(targetSourceLabel(source, 'en')).toBe(en);
  });
});

describe('buildResultSheets', () => {
  const [rollup, completion, issues] = buildResultSheets(result(), 'zh-CN');

  it('names the three sheets in the run’s language', () => {
    expect([rollup.name, completion.name, issues.name]).toEqual(['县级汇总', '完成情况', '校验结果']);
    expect(buildResultSheets(result(), 'en').map((s) => s.name).slice(0, 3)).toEqual(Object.values(RESULT_SHEET_NAMES.en));
  });

  it('县级汇总: a row per township and a bold county row, a column per indicator with its unit', () => {
    expect(rollup.columns.map((c) => [c.header, c.format])).toEqual([
      ['乡镇', 'text'], ['机构数', 'integer'], ['高血压患者数（人）', 'integer'], ['高血压规范管理人数（人）', 'integer'],
      ['增补叶酸人数（人）', 'integer'], ['药品费用（万元）', 'decimal2'], ['高血压患者规范管理率（%）', 'decimal2'],
    ]);
    expect(rollup.rows.map((r) => r.slice(0, 6))).toEqual([
      ['石门乡', 2, 110, 92, 400, 1.25],
      ['城关镇', 1, 300, 150, 1430, null],
      ['全县合计', 3, 410, 242, 1830, 1.25],
    ]);
    expect(rollup.rows[2][6]).toBeCloseTo((242 / 410) * 100, 12);
    expect(rollup.boldRows).toEqual([2]);
    expect(rollup.freeze).toEqual({ rows: 1, columns: 1 });
    for (const c of rollup.columns) expect(c.width).toBeGreaterThanOrEqual(8);
  });

  it('完成情况: indicator, level, name, actual, target, where the target came from, completion %, 序时进度, coloured status', () => {
    expect(completion.columns.map((c) => [c.header, c.format])).toEqual([
      ['指标', 'text'], ['层级', 'text'], ['名称', 'text'], ['实际', 'number'], ['目标', 'number'], ['目标来源', 'text'],
      ['完成率', 'percent'], ['序时进度', 'percent'], ['状态', 'text'],
    ]);
    expect(completion.statusColumn).toBe(8);
    expect(completion.rows).toEqual([
      ['增补叶酸人数（人）', '县', '全县合计', 1830, 2000, '指标定义', 0.915, 11 / 12, '进度滞后'],
      ['增补叶酸人数（人）', '乡镇', '石门乡', 400, 500, '任务数', 0.8, 11 / 12, '进度滞后'],
      ['高血压患者规范管理率（%）', '县', '全县合计', 59.02, 60, '指标定义', (242 / 410) * 100 / 60, null, '未达标'],
      ['高血压患者规范管理率（%）', '乡镇', '石门乡', 83.64, 60, '指标定义', (92 / 110) * 100 / 60, null, '达标'],
      ['高血压患者规范管理率（%）', '乡镇', '城关镇', 50, 60, '指标定义', 50 / 60, null, '未达标'],
    ]);
    expect(completion.boldRows).toEqual([0, 2]);
  });

  it('校验结果: readiness first, then severity, file (when several), sheet, cell, facility, indicator or rule, value read, message, note, code — each linked to its cell', () => {
    expect(issues.columns.map((c) => c.header)).toEqual(['级别', '文件', '工作表', '单元格', '机构', '指标或规则', '读到的值', '问题', '情况说明', '代码']);
    expect(issues.rows).toEqual([
      ['暂不能上报', null, null, null, null, null, null, '还有错误 1 条、未说明的警告 1 条（在“情况说明”列写明原因后，下次运行用 --notes 带入）', null, null],
      ['错误', null, '石门乡', 'D6', null, '增补叶酸人数', 'XX', '“XX”不是数值，未计入汇总', null, 'not-a-number'],
      ['警告', 'b.xlsx', '城关镇', 'C4', null, '规范管理人数不超过患者数', null, '不符合校验规则“规范管理人数不超过患者数”：[HTN_STD] <= [HTN]（左边 2，右边 1）', null, 'rule-failed'],
      ['提示', null, null, null, null, null, null, '指标定义来自：本工作簿的工作表 指标定义，其余来自内置指标目录', null, 'definitions-source'],
    ]);
    expect(issues.links).toEqual([null, { sheet: '石门乡', cell: 'D6' }, { sheet: '城关镇', cell: 'C4' }, null]);
    expect(issues.boldRows).toEqual([0]);
  });

  it('校验结果 lists the notes (提示) after the errors and warnings, whatever order the workbook read them in', () => {
    const r = result();
    const [error, warning, note] = r.issues;
    const shown = buildResultSheets({ ...r, issues: [note, error, warning] }, 'zh-CN')[2];
    expect(shown.rows.slice(1).map((row) => row[0])).toEqual(['错误', '警告', '提示']);
    expect(shown.links).toEqual([null, { sheet: '石门乡', cell: 'D6' }, { sheet: '城关镇', cell: 'C4' }, null]);
  });

  it('renders messages again in English', () => {
    const en = buildResultSheets(result(), 'en');
    expect(en[2].rows[1]).toEqual(['Error', null, '石门乡', 'D6', null, '增补叶酸人数', 'XX', '"XX" is not a number; left out of every sum', null, 'not-a-number']);
    expect(en[1].rows[0].slice(1, 3)).toEqual(['County', '全县合计']);
    expect(en[1].rows[0].slice(5)).toEqual(['Indicator definitions', 0.915, 11 / 12, 'Lagging']);
    expect(en[0].columns[2].header).toBe('高血压患者数 (人)');
  });

  it('leaves out indicators no township reported (the JSON keeps them)', () => {
    expect(rollup.columns.map((c) => c.header)).not.toContain('白内障复明手术例数（例）');
    expect(completion.rows.map((r) => r[0])).not.toContain('白内障复明手术例数（例）');
    expect(toSummaryJson(result()).completion).toContainEqual(expect.objectContaining({ indicator: 'CATARACT', actual: null, status: 'no-data' }));
  });

  it('keeps texts that look like formulas as plain strings', () => {
    const r = result();
    r.rollup[0].name = '=SUM(A1:A9)';
    expect(buildResultSheets(r, 'zh-CN')[0].rows[0][0]).toBe('=SUM(A1:A9)');
  });
});

describe('toSummaryJson', () => {
  const json = toSummaryJson(result());

  it('has the shape of the --json summary, figures unrounded', () => {
    expect(Object.keys(json)).toEqual(expect.arrayContaining(['asOf', 'timeProgress', 'indicators', 'rollup', 'completion', 'issues']));
    expect(json.asOf).toBe('2012-11-30');
    expect(json.timeProgress).toBe(11 / 12);
    expect(json.monthsElapsed).toBe(11);
    expect(json.indicators[5]).toEqual({ code: 'HTN_RATE', name: '高血压患者规范管理率', unit: '%', kind: 'rate', target: 60, direction: '>=' });
    expect(json.rollup[2]).toEqual({
      level: 'county', name: '全县合计', facilities: 3,
      values: { HTN: 410, HTN_STD: 242, FOLIC: 1830, EXP: 1.25, CATARACT: null, HTN_RATE: (242 / 410) * 100 },
    });
    expect(json.completion[0]).toEqual({
      level: 'county', name: '全县合计', indicator: 'FOLIC', actual: 1830, target: 2000, targetSource: 'definitions', completion: 0.915, met: false, lagging: true, status: 'lagging',
    });
    expect(json.issues[0]).toEqual({
      severity: 'error', code: 'not-a-number', sheet: '石门乡', cell: 'D6', indicator: 'FOLIC', rule: null, message: '“XX”不是数值，未计入汇总',
      facility: null, note: null,
    });
    expect(json.readiness).toEqual({ errors: 1, unexplainedWarnings: 1, ready: false });
    expect(json.reporting).toEqual([]);
    expect(json.issues[1]).toMatchObject({ rule: '规范管理人数不超过患者数', source: 'b.xlsx' });
    expect(json.definitionsSource).toBe('workbook');
    expect(json.counts.errors).toBe(1);
    expect(json.sheets[0]).toEqual({
      sheet: '石门乡', status: 'table', skipReason: null, hidden: false, headerRows: '3-4', dataRows: '5-6', facilityColumn: 'B',
      townshipColumn: null, townships: ['石门乡'], facilities: 2, columns: [{ column: 'C', header: '高血压患者数（人）', indicator: 'HTN' }],
    });
  });

  it('survives JSON.stringify unchanged', () => {
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('through the public API, on a real run', () => {
  it('builds the sheets and the JSON from consolidate()', async () => {
    const engine = await import('../../src/engine');
    const { sheetOf } = await import('../helpers/sheet');
    const run = engine.consolidate(
      [sheetOf('石门乡', [['机构名称', '高血压患者数', '高血压规范管理人数'], ['石门乡卫生院', 300, 200], ['上湾村卫生室', 100, '—']])],
      { asOf: '2012-11-30' },
    );
    const json = JSON.parse(JSON.stringify(engine.toSummaryJson(run)));
    expect(json).toMatchObject({ asOf: '2012-11-30', timeProgress: 11 / 12, definitionsSource: 'catalog' });
    expect(json.rollup.map((r: { name: string; values: Record<string, number | null> }) => [r.name, r.values.HTN, r.values.HTN_STD])).toEqual([
      ['石门乡', 400, 200],
      ['全县合计', 400, 200],
    ]);
    expect(json.issues).toContainEqual({
      severity: 'error', code: 'placeholder', sheet: '石门乡', cell: 'C3', indicator: 'HTN_STD', rule: null, message: expect.stringContaining('—'),
      facility: '上湾村卫生室', note: null,
    });
    expect(json.reporting).toEqual([
      { level: 'township', name: '石门乡', expected: null, reported: 2, missing: [], unlisted: [], rate: null },
      { level: 'county', name: '全县合计', expected: null, reported: 2, missing: [], unlisted: [], rate: null },
    ]);
    expect(json.readiness).toEqual({ errors: 1, unexplainedWarnings: 0, ready: false });
    const sheets = engine.buildResultSheets(run, 'zh-CN');
    // 上湾村卫生室's 100 patients are in 患者数 but not in the rate's 分母: the rate's own 分子 and 分母 follow.
    expect(sheets[0].columns.map((c) => c.header)).toEqual([
      '乡镇', '机构数', '高血压患者数（人）', '高血压规范管理人数（人）', '高血压患者规范管理率（%）', '高血压患者规范管理率分子', '高血压患者规范管理率分母',
    ]);
    expect(sheets[0].rows[1].slice(5)).toEqual([200, 300]);
    expect(sheets[2].rows.find((r) => r[2] === 'C3')).toEqual([
      '错误', '石门乡', 'C3', '上湾村卫生室', '高血压规范管理人数', '—', json.issues.find((i: { cell: string }) => i.cell === 'C3').message, null, 'placeholder',
    ]);
    expect(sheets.map((s) => s.name)).toEqual(['县级汇总', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
  });
});
