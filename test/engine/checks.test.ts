import { checkDuplicates, checkRates, checkRules, checkTotals } from '../../src/engine/checks';
import { parseComparison, parseExpression, references } from '../../src/engine/expression';
import type { CompiledIndicator, CompiledRule, FacilityRecord, TotalRecord } from '../../src/engine/types';

function count(code: string): CompiledIndicator {
  return {
    code, name: code, aliases: [], unit: '人', kind: 'count', numerator: null, denominator: null, factor: 1,
    target: null, direction: '>=', min: null, max: null, numeratorExpr: null, denominatorExpr: null,
  };
}
function rate(code: string, name: string, numerator: string, denominator: string): CompiledIndicator {
  return {
    ...count(code), name, unit: '%', kind: 'rate', numerator, denominator, factor: 100,
    numeratorExpr: parseExpression(numerator), denominatorExpr: parseExpression(denominator),
  };
}
function rule(name: string, expression: string, tolerance: number | null = null, severity: 'error' | 'warning' = 'warning'): CompiledRule {
  const { left, op, right } = parseComparison(expression);
  return { name, expression, severity, tolerance, left, op, right, uses: [...references(left), ...references(right)].filter((c, i, a) => a.indexOf(c) === i) };
}

/** Columns: HTN in C, HTN_STD in D, HTN_RATE in E, EXP_* in F–H. */
const COLUMN: Record<string, string> = { HTN: 'C', HTN_STD: 'D', HTN_RATE: 'E', EXP_DRUG: 'F', EXP_EXAM: 'G', EXP_TOTAL: 'H' };
function row(sheet: string, r: number, name: string, values: Record<string, number>, township = sheet, source?: string): FacilityRecord {
  return {
    sheet, source, row: r, township, name, values, nameCell: `B${r}`,
    cells: Object.fromEntries(Object.keys(values).map((k) => [k, `${COLUMN[k]}${r}`])),
  };
}
function total(sheet: string, r: number, covers: number[], values: Record<string, number>, label = '合计'): TotalRecord {
  return { ...row(sheet, r, label, values), label, covers };
}

const HTN = count('HTN');
const STD = count('HTN_STD');
const HTN_RATE = rate('HTN_RATE', '高血压患者规范管理率', '[HTN_STD]', '[HTN]');
const indicators = [HTN, STD, HTN_RATE, count('EXP_DRUG'), count('EXP_EXAM'), count('EXP_TOTAL')];

describe('checkTotals', () => {
  const facilities = [
    row('石门乡', 4, '石门乡卫生院', { HTN: 100, HTN_STD: 80 }),
    row('石门乡', 5, '上湾村卫生室', { HTN: 20, HTN_STD: 15 }),
    row('石门乡', 6, '下湾村卫生室', { HTN: 30 }),
    row('城关镇', 4, '城关社区卫生服务中心', { HTN: 100, EXP_DRUG: 0.1 }),
    row('城关镇', 5, '北门村卫生室', { HTN: 7, EXP_DRUG: 0.2 }),
  ];

  it.each([
    ['a right total', total('石门乡', 7, [4, 5, 6], { HTN: 150, HTN_STD: 95 }), []],
    ['a wrong count', total('石门乡', 7, [4, 5, 6], { HTN: 160, HTN_STD: 95 }), [['HTN', 'C7', 160, 150]]],
    ['two wrong counts', total('石门乡', 7, [4, 5, 6], { HTN: 149, HTN_STD: 94 }), [['HTN', 'C7', 149, 150], ['HTN_STD', 'D7', 94, 95]]],
    ['a subtotal of two rows', total('石门乡', 6, [4, 5], { HTN: 120 }, '小计'), []],
    ['a total on another sheet with the same rows', total('城关镇', 6, [4, 5], { HTN: 150 }), [['HTN', 'C6', 150, 107]]],
    ['decimals that add up only with noise', total('城关镇', 6, [4, 5], { HTN: 107, EXP_DRUG: 0.3 }), []],
    ['a printed total over blank cells', total('石门乡', 7, [6], { HTN_STD: 5 }), [['HTN_STD', 'D7', 5, 0]]],
  ])('%s', (_what, t, expected) => {
    const issues = checkTotals([t], facilities, indicators, 'zh-CN');
    expect(issues.map((i) => [i.indicator, i.cell, i.params.printed, i.params.sum])).toEqual(expected);
    for (const i of issues) {
      expect(i).toMatchObject({ severity: 'warning', code: 'total-mismatch', sheet: t.sheet });
      expect(i.message).toContain(String(i.params.printed));
      expect(i.message).toContain(String(i.params.sum));
    }
  });

  it('does not compare printed rates on a total row with a sum', () => {
    const t = total('石门乡', 7, [4, 5, 6], { HTN: 150, HTN_STD: 95, HTN_RATE: 63.33 });
    expect(checkTotals([t], facilities, indicators, 'en')).toEqual([]);
  });
});

describe('checkRates: a printed rate against its own row', () => {
  it.each([
    ['right to two decimals', row('石门乡', 4, 'a', { HTN: 300, HTN_STD: 200, HTN_RATE: 66.67 }), null],
    ['off by 0.5 exactly', row('石门乡', 4, 'a', { HTN: 200, HTN_STD: 150, HTN_RATE: 75.5 }), null],
    ['off by more than 0.5', row('石门乡', 4, 'a', { HTN: 200, HTN_STD: 150, HTN_RATE: 75.51 }), 75],
    ['numerator and denominator swapped', row('石门乡', 4, 'a', { HTN: 200, HTN_STD: 150, HTN_RATE: 133.33 }), 75],
    ['no denominator on the row', row('石门乡', 4, 'a', { HTN_STD: 150, HTN_RATE: 20 }), null],
    ['a zero denominator', row('石门乡', 4, 'a', { HTN: 0, HTN_STD: 0, HTN_RATE: 0 }), null],
    ['a total row uses its own printed counts', total('石门乡', 9, [4, 5], { HTN: 400, HTN_STD: 100, HTN_RATE: 35 }), 25],
    ['a total row whose rate matches its own counts', total('石门乡', 9, [4, 5], { HTN: 400, HTN_STD: 100, HTN_RATE: 25 }), null],
  ])('%s', (_what, record, computed) => {
    const issues = checkRates([record], indicators, 'zh-CN');
    if (computed === null) {
      expect(issues).toEqual([]);
      return;
    }
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      severity: 'warning', code: 'rate-mismatch', sheet: '石门乡', cell: `E${record.row}`, indicator: 'HTN_RATE',
      params: { printed: record.values.HTN_RATE, computed },
    });
    expect(issues[0].message).toBe(`填报的高血压患者规范管理率为 ${record.values.HTN_RATE}，按本行分子分母计算应为 ${computed}`);
  });

  it('a fraction printed where a percent was meant is said in those words', () => {
    const record = row('石门乡', 4, 'a', { HTN: 200, HTN_STD: 150, HTN_RATE: 0.75 });
    const issues = checkRates([record], indicators, 'zh-CN');
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      severity: 'warning', code: 'rate-as-fraction', cell: 'E4', indicator: 'HTN_RATE', params: { printed: 0.75, computed: 75 },
    });
    expect(issues[0].message).toBe('填报的高血压患者规范管理率为 0.75，按本行分子分母计算应为 75：像是把百分数填成了小数，请填 75 或设为百分比格式');
  });
});

describe('checkRules', () => {
  const sumOfParts = rule('费用构成', '[EXP_DRUG] + [EXP_EXAM] = [EXP_TOTAL]');
  const stdWithin = rule('规范管理人数不超过患者数', '[HTN_STD] ≤ [HTN]', null, 'error');
  const withTolerance = rule('费用构成（容差 1）', '[EXP_DRUG] + [EXP_EXAM] = [EXP_TOTAL]', 1);

  it.each([
    ['131.1 + 20.2 = 151.3 holds with no tolerance', sumOfParts, { EXP_DRUG: 131.1, EXP_EXAM: 20.2, EXP_TOTAL: 151.3 }, null],
    ['0.1 + 0.2 = 0.3 holds', sumOfParts, { EXP_DRUG: 0.1, EXP_EXAM: 0.2, EXP_TOTAL: 0.3 }, null],
    ['a real difference fails', sumOfParts, { EXP_DRUG: 131.1, EXP_EXAM: 20.2, EXP_TOTAL: 151.4 }, ['F7', 'EXP_DRUG', 151.3, 151.4, 'warning']],
    ['within tolerance passes', withTolerance, { EXP_DRUG: 100, EXP_EXAM: 50, EXP_TOTAL: 151 }, null],
    ['beyond tolerance fails', withTolerance, { EXP_DRUG: 100, EXP_EXAM: 50, EXP_TOTAL: 151.5 }, ['F7', 'EXP_DRUG', 150, 151.5, 'warning']],
    ['every value blank: skipped', sumOfParts, { HTN: 5 }, null],
    ['a blank counts as 0 when others are filled', sumOfParts, { EXP_DRUG: 10, EXP_TOTAL: 10 }, null],
    ['a blank part of the sum as 0, failing', sumOfParts, { EXP_EXAM: 10, EXP_TOTAL: 12 }, ['G7', 'EXP_EXAM', 10, 12, 'warning']],
    ['≤ holds', stdWithin, { HTN: 50, HTN_STD: 50 }, null],
    ['≤ fails with the rule’s severity', stdWithin, { HTN: 50, HTN_STD: 51 }, ['D7', 'HTN_STD', 51, 50, 'error']],
    ['a blank right side counts as 0', stdWithin, { HTN_STD: 3 }, ['D7', 'HTN_STD', 3, 0, 'error']],
  ])('%s', (_what, r, values, expected) => {
    const issues = checkRules([row('石门乡', 7, '石门乡卫生院', values)], [r], 'zh-CN');
    if (expected === null) {
      expect(issues).toEqual([]);
      return;
    }
    const [cell, indicator, left, right, severity] = expected;
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'rule-failed', sheet: '石门乡', cell, indicator, rule: r.name, severity, params: { left, right } });
    expect(issues[0].message).toContain(r.name);
    expect(issues[0].message).toContain(`左边 ${left}`);
    expect(issues[0].message).toContain(`右边 ${right}`);
  });

  it('skips a rule on a row where a value it uses could not be read (that cell has its own error)', () => {
    const unreadable: FacilityRecord = { ...row('石门乡', 7, 'a', { HTN_STD: 51 }), cells: { HTN_STD: 'D7', HTN: 'C7' } };
    expect(checkRules([unreadable], [stdWithin], 'zh-CN')).toEqual([]);
    const blank = row('石门乡', 7, 'a', { HTN_STD: 51 });
    expect(checkRules([blank], [stdWithin], 'zh-CN')).toHaveLength(1);
  });

  it('marks issues with the file a row came from', () => {
    const [i] = checkRules([row('石门乡', 7, 'a', { HTN: 1, HTN_STD: 2 }, '石门乡', 'shimen.xlsx')], [stdWithin], 'zh-CN');
    expect(i.source).toBe('shimen.xlsx');
  });

  it('runs every rule on every facility row', () => {
    const rows = [
      row('石门乡', 4, 'a', { HTN: 10, HTN_STD: 11, EXP_DRUG: 1, EXP_EXAM: 1, EXP_TOTAL: 3 }),
      row('石门乡', 5, 'b', { HTN: 10, HTN_STD: 9 }),
      row('城关镇', 4, 'c', { HTN: 1, HTN_STD: 2 }),
    ];
    const issues = checkRules(rows, [sumOfParts, stdWithin], 'en');
    expect(issues.map((i) => `${i.sheet}!${i.cell} ${i.rule}`)).toEqual([
      '石门乡!F4 费用构成',
      '石门乡!D4 规范管理人数不超过患者数',
      '城关镇!D4 规范管理人数不超过患者数',
    ]);
    expect(issues[0].message).toBe('Fails rule "费用构成": [EXP_DRUG] + [EXP_EXAM] = [EXP_TOTAL] (left 2, right 3)');
  });
});

describe('checkDuplicates', () => {
  it.each([
    ['one sheet, a row pasted twice', [row('石门乡', 4, '上湾村卫生室', {}), row('石门乡', 9, '上湾村卫生室', {})], [['石门乡', 'B9', '石门乡!B4', '石门乡!B9']]],
    [
      'across two sheets of one township',
      [row('石门乡(1)', 4, '上湾村卫生室', {}, '石门乡'), row('石门乡(2)', 5, '上湾村卫生室 ', {}, '石门乡')],
      [['石门乡(2)', 'B5', '石门乡(1)!B4', '石门乡(2)!B5']],
    ],
    [
      'across files with the same sheet name',
      [row('石门乡', 4, '上湾村卫生室', {}, '石门乡', 'a.xlsx'), row('石门乡', 4, '上湾村卫生室', {}, '石门乡', 'b.xlsx')],
      [['石门乡', 'B4', '[a.xlsx]石门乡!B4', '[b.xlsx]石门乡!B4']],
    ],
    ['the same name in two townships is no duplicate', [row('石门乡', 4, '中心村卫生室', {}), row('城关镇', 4, '中心村卫生室', {})], []],
    ['different facilities', [row('石门乡', 4, '上湾村卫生室', {}), row('石门乡', 5, '下湾村卫生室', {})], []],
    [
      'one facility reported in parts: different indicators on two sheets',
      [row('石门乡', 4, '上湾村卫生室', { HTN: 10 }), row('石门乡(2)', 4, '上湾村卫生室', { EXP_TOTAL: 3 }, '石门乡')],
      [],
    ],
    [
      'the same indicator on both rows is a duplicate',
      [row('石门乡', 4, '上湾村卫生室', { HTN: 10 }), row('石门乡', 7, '上湾村卫生室', { HTN: 10, EXP_TOTAL: 3 })],
      [['石门乡', 'B7', '石门乡!B4', '石门乡!B7']],
    ],
  ])('%s', (_what, facilities, expected) => {
    const issues = checkDuplicates(facilities, 'zh-CN');
    expect(issues.map((i) => [i.sheet, i.cell, i.params.first, i.params.second])).toEqual(expected);
    for (const i of issues) {
      expect(i).toMatchObject({ severity: 'warning', code: 'duplicate-facility' });
      expect(i.message).toContain('两行均已计入');
    }
  });

  it('a third copy is reported against the first', () => {
    const issues = checkDuplicates([row('石门乡', 4, 'x', {}), row('石门乡', 5, 'x', {}), row('石门乡', 6, 'x', {})], 'en');
    expect(issues.map((i) => i.params.second)).toEqual(['石门乡!B5', '石门乡!B6']);
    expect(issues.every((i) => i.params.first === '石门乡!B4')).toBe(true);
  });
});
