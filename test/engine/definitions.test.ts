import { builtInDefinitions } from '../../src/engine/catalog';
import {
  compileDefinitions,
  defaultFactor,
  definitionSheetRole,
  isDefinitionSheet,
  readDefinitions,
  type LocatedIndicator,
} from '../../src/engine/definitions';
import { DefinitionError, type DefinitionProblem } from '../../src/engine/errors';
import { evaluate } from '../../src/engine/expression';
import type { CellValue, IndicatorDefinition, SheetInput, ValidationRule } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

const ZH_HEADER = ['代码', '名称', '别名', '单位', '类型', '分子', '分母', '系数', '目标', '方向', '最小值', '最大值'];
const HTN_ROWS: CellValue[][] = [
  ['HTN', '高血压患者数', '高血压患者人数', '人', '数量', null, null, null, null, null, null, null],
  ['HTN_STD', '高血压规范管理人数', null, '人', '数量', null, null, null, null, null, null, null],
  ['HTN_RATE', '高血压患者规范管理率', '高血压规范管理率', '%', '比率', '[HTN_STD]', '[HTN]', 100, 60, '≥', 0, 100],
];
const RULE_HEADER = ['名称', '表达式', '级别', '容差'];

function indicatorsSheet(rows: CellValue[][], name = '指标定义'): SheetInput {
  return sheetOf(name, [ZH_HEADER, ...rows]);
}

function problemsOf(run: () => unknown): DefinitionProblem[] {
  try {
    run();
  } catch (e) {
    if (e instanceof DefinitionError) return e.problems;
    throw e;
  }
  throw new Error('expected a DefinitionError');
}

const read = (sheets: SheetInput[]) => readDefinitions(sheets, { source: 'workbook' });

function count(code: string, name: string, extra: Partial<IndicatorDefinition> = {}): IndicatorDefinition {
  return {
    code,
    name,
    aliases: [],
    unit: '人',
    kind: 'count',
    numerator: null,
    denominator: null,
    factor: 1,
    target: null,
    direction: '>=',
    min: null,
    max: null,
    ...extra,
  };
}

function rate(code: string, numerator: string, denominator: string, extra: Partial<IndicatorDefinition> = {}): IndicatorDefinition {
  return count(code, `${code}率`, { unit: '%', kind: 'rate', numerator, denominator, factor: 100, ...extra });
}

describe('definitionSheetRole', () => {
  it.each([
    ['指标定义', 'indicators'],
    [' 指标定义 ', 'indicators'],
    ['Indicators', 'indicators'],
    ['INDICATORS', 'indicators'],
    ['校验规则', 'rules'],
    ['rules', 'rules'],
    ['任务数', 'targets'],
    ['任务数（2024）', 'targets'],
    ['Ｔａｒｇｅｔｓ', 'targets'],
    ['石门乡', null],
    ['县级汇总', null],
    ['指标', null],
  ])('%p → %p', (name, role) => {
    expect(definitionSheetRole(name)).toBe(role);
    expect(isDefinitionSheet(name)).toBe(role !== null);
  });
});

describe('defaultFactor', () => {
  it.each([
    ['%', 100],
    ['％', 100],
    ['‰', 1000],
    ['人', 1],
    ['', 1],
  ])('%p → %p', (unit, factor) => expect(defaultFactor(unit)).toBe(factor));
});

describe('readDefinitions: 指标定义', () => {
  it('is null when no definition sheet is there', () => {
    expect(read([sheetOf('石门乡', [['机构名称', '高血压患者数']])])).toBeNull();
  });

  it('reads the issue example and resolves references to codes', () => {
    const result = read([indicatorsSheet(HTN_ROWS), sheetOf('石门乡', [['机构名称']])])!;
    const { indicators, sheets, source } = result.definitions;
    expect(sheets).toEqual(['指标定义']);
    expect(source).toBe('workbook');
    expect(indicators.map((d) => d.code)).toEqual(['HTN', 'HTN_STD', 'HTN_RATE']);
    const htnRate = indicators[2];
    expect(htnRate).toMatchObject({
      name: '高血压患者规范管理率',
      aliases: ['高血压规范管理率'],
      unit: '%',
      kind: 'rate',
      factor: 100,
      target: 60,
      direction: '>=',
      min: 0,
      max: 100,
      origin: { sheet: '指标定义', cell: 'A4' },
    });
    expect(htnRate.numeratorExpr).toEqual({ type: 'ref', name: 'HTN_STD', code: 'HTN_STD' });
    expect(indicators[0]).toMatchObject({ kind: 'count', factor: 1, target: null, aliases: ['高血压患者人数'] });
    // With no rules sheet and no base, there are no rules.
    expect(result.definitions.rules).toEqual([]);
    expect(result.issues).toEqual([]);
  });

  it('resolves references by code, then name, then alias, tolerant of spaces, full-width and units', () => {
    const { indicators } = read([
      indicatorsSheet([
        ['POP', '常住人口数', '辖区人口、服务人口', '人', '数量'],
        ['REC', '建档数', null, '人', '数量'],
        ['R1', '建档率甲', null, '%', '比率', '[建档数]', '[ 常住人口数（人） ]'],
        ['R2', '建档率乙', null, '%', '比率', '[ｒｅｃ]', '【服务人口】'],
      ]),
    ])!.definitions;
    expect(indicators[2].numeratorExpr).toMatchObject({ code: 'REC' });
    expect(indicators[2].denominatorExpr).toMatchObject({ code: 'POP' });
    expect(indicators[3].numeratorExpr).toMatchObject({ code: 'REC' });
    expect(indicators[3].denominatorExpr).toMatchObject({ code: 'POP' });
    const values: Record<string, number> = { REC: 45, POP: 50 };
    expect(evaluate(indicators[3].numeratorExpr!, (c) => values[c])).toBe(45);
  });

  it.each([
    ['、', 'a、b、c'],
    ['，', 'a，b，c'],
    [',', 'a, b ,c'],
    [';', 'a;b;c'],
    ['；', 'a；b；c'],
    ['|', 'a|b|c'],
    ['mixed', 'a、b ; c'],
    ['doubled', 'a、、b,,c'],
  ])('splits aliases on %s', (_sep, text) => {
    const { indicators } = read([indicatorsSheet([['X', '某指标', text, '人', '数量']])])!.definitions;
    expect(indicators[0].aliases).toEqual(['a', 'b', 'c']);
  });

  it.each([
    ['%', 100],
    ['‰', 1000],
    ['', 1],
    ['人/千人', 1],
  ])('a rate in %p without 系数 gets factor %p', (unit, factor) => {
    const { indicators } = read([
      indicatorsSheet([
        ['A', '甲', null, '人', '数量'],
        ['B', '乙', null, '人', '数量'],
        ['R', '甲乙比', null, unit, '比率', '[A]', '[B]'],
      ]),
    ])!.definitions;
    expect(indicators[2].factor).toBe(factor);
  });

  it.each([
    ['≥', '>='],
    ['>=', '>='],
    ['＞＝', '>='],
    ['高优', '>='],
    ['≤', '<='],
    ['<=', '<='],
    ['低优', '<='],
    ['lower', '<='],
    [null, '>='],
  ])('方向 %p → %p', (text, direction) => {
    const { indicators } = read([indicatorsSheet([['A', '甲', null, '万元', '数量', null, null, null, 5, text]])])!.definitions;
    expect(indicators[0].direction).toBe(direction);
  });

  it.each([
    ['数量', 'count'],
    ['count', 'count'],
    ['比率', 'rate'],
    ['Rate', 'rate'],
  ])('类型 %p → %p', (text, kind) => {
    const { indicators } = read([
      indicatorsSheet([
        ['A', '甲', null, '人', '数量'],
        ['B', '乙', null, '人', '数量'],
        ...(kind === 'rate' ? [['R', '比', null, '%', text, '[A]', '[B]']] : [['R', '计', null, '人', text]]),
      ]),
    ])!.definitions;
    expect(indicators[2].kind).toBe(kind);
  });

  it('reads numbers typed as text and percent-formatted targets', () => {
    const sheet = sheetOf('指标定义', [
      ZH_HEADER,
      ['A', '甲', null, '人', '数量', null, null, null, '1,234', null, ' 0 ', '１２３４５'],
      ['B', '乙', null, '人', '数量'],
      ['R', '比', null, '%', '比率', '[A]', '[B]', null, 0.9, null, null, '100%'],
    ]);
    sheet.numberFormats = [[], [], [], [null, null, null, null, null, null, null, null, '0%']];
    const { indicators } = read([sheet])!.definitions;
    expect(indicators[0]).toMatchObject({ target: 1234, min: 0, max: 12345 });
    expect(indicators[2].target).toBeCloseTo(90, 10);
    expect(indicators[2].max).toBe(100);
  });

  it('finds the header under a title row and skips blank rows', () => {
    const { indicators } = read([
      sheetOf('指标定义', [['2024年指标定义（县卫健局）'], [], ZH_HEADER, [], HTN_ROWS[0], [null, '  '], HTN_ROWS[1]]),
    ])!.definitions;
    expect(indicators.map((d) => [d.code, d.origin?.cell])).toEqual([
      ['HTN', 'A5'],
      ['HTN_STD', 'A7'],
    ]);
  });

  it('reads English sheet names and headers, in any column order', () => {
    const result = read([
      sheetOf('Indicators', [
        ['Name', 'Code', 'Kind', 'Numerator', 'Denominator', 'Unit', 'Target', 'Direction', 'Aliases', 'Factor', 'Min', 'Max'],
        ['Out-of-pocket spending', 'OOP', 'count', null, null, '万元', null, null, 'self pay', null, 0, 5000],
        ['Total spending', 'TOTAL', 'count', null, null, '万元'],
        ['Out-of-pocket share', 'OOP_RATE', 'rate', '[OOP]', '[Total spending]', '%', 30, '<=', null, null, 0, 100],
      ]),
      sheetOf('Rules', [
        ['Name', 'Expression', 'Severity', 'Tolerance'],
        ['Self pay within total', '[self pay] <= [TOTAL]', 'warning', 0.01],
      ]),
      sheetOf('Targets', [
        ['Township', 'OOP_RATE'],
        ['Shimen', 28],
      ]),
    ])!;
    const { indicators, rules, townshipTargets, sheets } = result.definitions;
    expect(sheets).toEqual(['Indicators', 'Rules', 'Targets']);
    expect(indicators.find((d) => d.code === 'OOP_RATE')).toMatchObject({
      name: 'Out-of-pocket share',
      kind: 'rate',
      factor: 100,
      target: 30,
      direction: '<=',
      origin: { sheet: 'Indicators', cell: 'B4' },
    });
    expect(indicators[2].denominatorExpr).toMatchObject({ code: 'TOTAL' });
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ name: 'Self pay within total', severity: 'warning', tolerance: 0.01, op: '<=', uses: ['OOP', 'TOTAL'] });
    expect(townshipTargets).toEqual({ Shimen: { OOP_RATE: 28 } });
  });
});

describe('readDefinitions: 校验规则', () => {
  const indicators = indicatorsSheet(HTN_ROWS);

  it('reads rules with severity, tolerance and defaults', () => {
    const { rules } = read([
      indicators,
      sheetOf('校验规则', [
        RULE_HEADER,
        ['规范管理不超过患者数', '[HTN_STD] <= [高血压患者人数]', '错误', null],
        ['率不超过100', '[HTN_RATE] ≤ 100', '警告', '0.5'],
        [null, '[HTN] >= 0', null, null],
      ]),
    ])!.definitions;
    expect(rules.map((r) => [r.name, r.severity, r.tolerance, r.op, r.uses])).toEqual([
      ['规范管理不超过患者数', 'error', null, '<=', ['HTN_STD', 'HTN']],
      ['率不超过100', 'warning', 0.5, '<=', ['HTN_RATE']],
      ['[HTN] >= 0', 'error', null, '>=', ['HTN']],
    ]);
    expect(rules[0].origin).toEqual({ sheet: '校验规则', cell: 'A2' });
  });
});

describe('DefinitionError names the sheet and cell of each fault', () => {
  const rules = (rows: CellValue[][]): SheetInput => sheetOf('校验规则', [RULE_HEADER, ...rows]);

  it.each<[string, SheetInput[], { sheet: string; cell: string; message: RegExp }[]]>([
    [
      'unknown reference in 分子',
      [indicatorsSheet([HTN_ROWS[0], ['R', '率', null, '%', '比率', '[HTN_STD]', '[HTN]']])],
      [{ sheet: '指标定义', cell: 'F3', message: /分子引用了不存在的指标 \[HTN_STD\]/ }],
    ],
    [
      'unknown reference in 分母',
      [indicatorsSheet([HTN_ROWS[0], ['R', '率', null, '%', '比率', '[HTN]', '[POP]']])],
      [{ sheet: '指标定义', cell: 'G3', message: /分母引用了不存在的指标 \[POP\]/ }],
    ],
    [
      'malformed 分子',
      [indicatorsSheet([HTN_ROWS[0], ['R', '率', null, '%', '比率', '[HTN] +', '[HTN]']])],
      [{ sheet: '指标定义', cell: 'F3', message: /分子“\[HTN\] \+”无法解析：表达式在第 8 个字符处意外结束/ }],
    ],
    [
      '比率 without 分母',
      [indicatorsSheet([HTN_ROWS[0], ['R', '率', null, '%', '比率', '[HTN]', null]])],
      [{ sheet: '指标定义', cell: 'G3', message: /比率指标 R 缺少分母/ }],
    ],
    [
      '比率 without 分子',
      [indicatorsSheet([HTN_ROWS[0], ['R', '率', null, '%', '比率', null, '[HTN]']])],
      [{ sheet: '指标定义', cell: 'F3', message: /比率指标 R 缺少分子/ }],
    ],
    [
      '数量 with 分子',
      [indicatorsSheet([HTN_ROWS[0], ['R', '计', null, '人', '数量', '[HTN]', null]])],
      [{ sheet: '指标定义', cell: 'F3', message: /数量指标 R 不应填写分子/ }],
    ],
    [
      'duplicate code',
      [indicatorsSheet([HTN_ROWS[0], HTN_ROWS[1], ['htn', '另一个', null, '人', '数量']])],
      [{ sheet: '指标定义', cell: 'A4', message: /代码“htn”重复（另见 指标定义!A2）/ }],
    ],
    [
      'a name that is another indicator’s alias',
      [indicatorsSheet([HTN_ROWS[0], ['HTN2', '高血压患者人数', null, '人', '数量']])],
      [{ sheet: '指标定义', cell: 'B3', message: /名称“高血压患者人数”与指标 HTN 的别名重复/ }],
    ],
    [
      'an alias that is another indicator’s code',
      [indicatorsSheet([HTN_ROWS[0], ['X', '某指标', '甲、hTn', '人', '数量']])],
      [{ sheet: '指标定义', cell: 'C3', message: /别名“hTn”与指标 HTN 的代码重复/ }],
    ],
    [
      'circular rates',
      [
        indicatorsSheet([
          HTN_ROWS[0],
          ['A', '甲率', null, '%', '比率', '[B]', '[HTN]'],
          ['B', '乙率', null, '%', '比率', '[HTN]', '[A]'],
        ]),
      ],
      [{ sheet: '指标定义', cell: 'F3', message: /循环引用：A → B → A/ }],
    ],
    [
      'a rate over itself',
      [indicatorsSheet([HTN_ROWS[0], ['A', '甲率', null, '%', '比率', '[HTN]', '[甲率]']])],
      [{ sheet: '指标定义', cell: 'G3', message: /循环引用：A → A/ }],
    ],
    [
      'bad 类型',
      [indicatorsSheet([['A', '甲', null, '人', '合计']])],
      [{ sheet: '指标定义', cell: 'E2', message: /类型“合计”无效/ }],
    ],
    [
      'bad 方向',
      [indicatorsSheet([['A', '甲', null, '人', '数量', null, null, null, 5, '越多越好']])],
      [{ sheet: '指标定义', cell: 'J2', message: /方向“越多越好”无效/ }],
    ],
    [
      'bad numbers',
      [indicatorsSheet([['A', '甲', null, '人', '数量', null, null, null, '九十', null, 'x', '—']])],
      [
        { sheet: '指标定义', cell: 'I2', message: /目标“九十”不是数值/ },
        { sheet: '指标定义', cell: 'K2', message: /最小值“x”不是数值/ },
        { sheet: '指标定义', cell: 'L2', message: /最大值“—”不是数值/ },
      ],
    ],
    [
      'zero 系数',
      [indicatorsSheet([HTN_ROWS[0], HTN_ROWS[1], ['R', '率', null, '%', '比率', '[HTN_STD]', '[HTN]', 0]])],
      [{ sheet: '指标定义', cell: 'H4', message: /系数应大于 0/ }],
    ],
    [
      'min above max',
      [indicatorsSheet([['A', '甲', null, '人', '数量', null, null, null, null, null, 10, 5]])],
      [{ sheet: '指标定义', cell: 'K2', message: /最小值 10 大于最大值 5/ }],
    ],
    [
      'empty code',
      [indicatorsSheet([[null, '甲', null, '人', '数量']])],
      [{ sheet: '指标定义', cell: 'A2', message: /代码为空/ }],
    ],
    [
      'no header',
      [sheetOf('指标定义', [['说明：本表由县局填写'], ['指标', '数值']])],
      [{ sheet: '指标定义', cell: 'A1', message: /未找到表头/ }],
    ],
    [
      'rule: unknown reference',
      [indicatorsSheet(HTN_ROWS), rules([['r1', '[HTN_STD] <= [HTN_X]', '错误', null]])],
      [{ sheet: '校验规则', cell: 'B2', message: /表达式引用了不存在的指标 \[HTN_X\]/ }],
    ],
    [
      'rule: malformed expression',
      [indicatorsSheet(HTN_ROWS), rules([['r1', '[HTN_STD] <= [HTN] <= 5', '错误', null]])],
      [{ sheet: '校验规则', cell: 'B2', message: /第二个比较符/ }],
    ],
    [
      'rule: no comparison',
      [indicatorsSheet(HTN_ROWS), rules([['r1', '[HTN_STD] + [HTN]', '错误', null]])],
      [{ sheet: '校验规则', cell: 'B2', message: /缺少比较符/ }],
    ],
    [
      'rule: bad 级别',
      [indicatorsSheet(HTN_ROWS), rules([['r1', '[HTN_STD] <= [HTN]', '致命', null]])],
      [{ sheet: '校验规则', cell: 'C2', message: /级别“致命”无效/ }],
    ],
    [
      'rule: bad and negative 容差',
      [indicatorsSheet(HTN_ROWS), rules([['r1', '[HTN_STD] <= [HTN]', '错误', 'abc'], ['r2', '[HTN_STD] <= [HTN]', '错误', -1]])],
      [
        { sheet: '校验规则', cell: 'D2', message: /容差“abc”不是数值/ },
        { sheet: '校验规则', cell: 'D3', message: /容差不能为负数/ },
      ],
    ],
    [
      'rule: duplicate name',
      [indicatorsSheet(HTN_ROWS), rules([['r1', '[HTN_STD] <= [HTN]', '错误', null], ['r1', '[HTN] >= 0', '错误', null]])],
      [{ sheet: '校验规则', cell: 'A3', message: /规则名称“r1”重复（另见 校验规则!A2）/ }],
    ],
    [
      'rule: empty expression',
      [indicatorsSheet(HTN_ROWS), rules([['r1', null, '错误', null]])],
      [{ sheet: '校验规则', cell: 'B2', message: /表达式为空/ }],
    ],
  ])('%s', (_case, sheets, expected) => {
    const problems = problemsOf(() => read(sheets));
    expect(problems).toEqual(expected.map((e) => ({ sheet: e.sheet, cell: e.cell, message: expect.stringMatching(e.message) })));
  });

  it('lists every fault at once, and the error message names each sheet!cell', () => {
    let error: DefinitionError | null = null;
    try {
      read([
        indicatorsSheet([HTN_ROWS[0], ['R', '率', null, '%', '比率', '[X]', null], ['HTN', '重复', null, '人', '数量']]),
        rules([['r', '[Y] = 1', '错误', null]]),
      ]);
    } catch (e) {
      error = e as DefinitionError;
    }
    expect(error).toBeInstanceOf(DefinitionError);
    expect(error!.problems.map((p) => `${p.sheet}!${p.cell}`).sort()).toEqual(
      ['指标定义!A4', '指标定义!F3', '指标定义!G3', '校验规则!B2'].sort(),
    );
    expect(error!.message).toContain('指标定义!F3: 分子引用了不存在的指标 [X]');
  });

  it('speaks English when asked', () => {
    const problems = problemsOf(() =>
      readDefinitions([indicatorsSheet([HTN_ROWS[0], ['R', 'r', null, '%', 'rate', '[HTN]', null]])], { source: 'workbook', lang: 'en' }),
    );
    expect(problems).toEqual([{ sheet: '指标定义', cell: 'G3', message: 'Rate indicator R has no denominator' }]);
  });
});

describe('compileDefinitions without sheets points at codes and rule names', () => {
  const base = [count('A', '甲'), count('B', '乙')];

  it.each<[string, IndicatorDefinition[], ValidationRule[], DefinitionProblem[]]>([
    ['unknown reference', [...base, rate('R', '[A]', '[C]')], [], [{ sheet: '指标定义', cell: 'R', message: '分母引用了不存在的指标 [C]' }]],
    ['duplicate code', [...base, count('A', '丙')], [], [{ sheet: '指标定义', cell: 'A', message: '代码“A”重复（另见 指标定义!A）' }]],
    [
      'rate without denominator',
      [...base, rate('R', '[A]', '')],
      [],
      [{ sheet: '指标定义', cell: 'R', message: '比率指标 R 缺少分母' }],
    ],
    [
      'circular',
      [...base, rate('R1', '[R2]', '[A]'), rate('R2', '[B]', '[R1]')],
      [],
      [{ sheet: '指标定义', cell: 'R1', message: '循环引用：R1 → R2 → R1' }],
    ],
    [
      'bad kind and direction',
      [count('A', '甲', { kind: 'sum' as never, direction: '>' as never })],
      [],
      [
        { sheet: '指标定义', cell: 'A', message: '类型“sum”无效，应为 数量/count, 比率/rate' },
        { sheet: '指标定义', cell: 'A', message: '方向“>”无效，应为 ≥, ≤' },
      ],
    ],
    ['NaN target', [count('A', '甲', { target: NaN })], [], [{ sheet: '指标定义', cell: 'A', message: '目标“NaN”不是数值' }]],
    [
      'rule with unknown reference',
      base,
      [{ name: '甲不超过丙', expression: '[A] <= [丙]', severity: 'error', tolerance: null }],
      [{ sheet: '校验规则', cell: '甲不超过丙', message: '表达式引用了不存在的指标 [丙]' }],
    ],
    [
      'rule with bad severity',
      base,
      [{ name: 'r', expression: '[A] <= [B]', severity: 'fatal' as never, tolerance: null }],
      [{ sheet: '校验规则', cell: 'r', message: '级别“fatal”无效，应为 错误/error, 警告/warning' }],
    ],
  ])('%s', (_case, indicators, rules, expected) => {
    expect(problemsOf(() => compileDefinitions({ indicators, rules, source: 'catalog' }))).toEqual(expected);
  });

  it('uses the field cell when one is known', () => {
    const located: LocatedIndicator = {
      ...rate('R', '[A] +', '[B]'),
      origin: { sheet: '指标定义', cell: 'A5' },
      fieldCells: { numerator: 'G5' },
    };
    expect(problemsOf(() => compileDefinitions({ indicators: [...base, located], rules: [], source: 'workbook' }))).toEqual([
      { sheet: '指标定义', cell: 'G5', message: expect.stringContaining('分子“[A] +”无法解析') },
    ]);
  });

  it('does not change its input', () => {
    const indicators = [...base, rate('R', '[甲]', '[B]')];
    const before = JSON.stringify(indicators);
    const defs = compileDefinitions({ indicators, rules: [], source: 'catalog', townshipTargets: { ' 石门乡 ': { R: 80, 甲: 5 } } });
    expect(JSON.stringify(indicators)).toBe(before);
    expect(defs.indicators[2].numeratorExpr).toEqual({ type: 'ref', name: '甲', code: 'A' });
    expect(defs.townshipTargets).toEqual({ 石门乡: { R: 80, A: 5 } });
  });

  it('rejects township targets for unknown indicators', () => {
    expect(problemsOf(() => compileDefinitions({ indicators: base, rules: [], source: 'catalog', townshipTargets: { 石门乡: { Z: 1 } } }))).toEqual([
      { sheet: '任务数', cell: 'Z', message: '任务数中的指标“Z”不存在' },
    ]);
  });
});

describe('readDefinitions: 任务数', () => {
  const catalog = builtInDefinitions();
  const readTargets = (rows: CellValue[][], name = '任务数') =>
    readDefinitions([sheetOf(name, rows)], { source: 'workbook', base: catalog })!;

  it('reads one row per township, one column per indicator by code, name or alias', () => {
    const { definitions, issues } = readTargets([
      ['2024年各乡镇任务数'],
      ['乡镇（街道）', 'FOLIC', '白内障复明手术例数', '高血压规范管理率(%)', '家庭医生签约率'],
      ['石门乡', 300, '30', 65, null],
      [' 城关镇 ', '1,200', '１２', '70%', 40],
      ['合计', 1500, 42, null, null],
      [null, null, null, null, null],
    ]);
    expect(issues).toEqual([]);
    expect(definitions.townshipTargets).toEqual({
      石门乡: { FOLIC: 300, CATARACT: 30, HTN_RATE: 65 },
      城关镇: { FOLIC: 1200, CATARACT: 12, HTN_RATE: 70, SIGN_RATE: 40 },
    });
    expect(definitions.sheets).toEqual(['任务数']);
  });

  it.each([['乡镇'], ['街道'], ['乡镇（街道）'], ['Township'], ['乡镇名称']])('accepts %p as the township column', (header) => {
    const { definitions } = readTargets([[header, 'FOLIC'], ['石门乡', 10]]);
    expect(definitions.townshipTargets).toEqual({ 石门乡: { FOLIC: 10 } });
  });

  it('warns about an unknown column at its header cell and a non-number at its cell', () => {
    const { definitions, issues } = readTargets([
      ['序号', '乡镇', '叶酸任务', 'FOLIC', '备注'],
      [1, '石门乡', 5, 'XX', '新设'],
      [2, '城关镇', 5, 200, null],
    ]);
    expect(issues.map((i) => [i.severity, i.code, i.sheet, i.cell, i.indicator])).toEqual([
      ['warning', 'target-unknown-indicator', '任务数', 'C1', null],
      ['warning', 'target-not-a-number', '任务数', 'D2', 'FOLIC'],
    ]);
    expect(issues[0].message).toBe('任务数中的列“叶酸任务”未对应任何指标');
    expect(issues[1].message).toBe('任务数“XX”不是数值');
    expect(definitions.townshipTargets).toEqual({ 城关镇: { FOLIC: 200 } });
  });

  it('writes issue messages in English when asked', () => {
    const { issues } = readDefinitions([sheetOf('Targets', [['township', 'nonsense']])], {
      source: 'workbook',
      base: catalog,
      lang: 'en',
    })!;
    expect(issues[0].message).toBe('Column "nonsense" in 任务数 matches no indicator');
  });

  it('takes indicators and rules from the base when only 任务数 is there', () => {
    const { definitions } = readTargets([['乡镇', 'FOLIC'], ['石门乡', 10]]);
    expect(definitions.indicators.map((d) => d.code)).toEqual(catalog.indicators.map((d) => d.code));
    expect(definitions.rules.map((r) => r.name)).toEqual(catalog.rules.map((r) => r.name));
    expect(definitions.rules[0].uses).toEqual(catalog.rules[0].uses);
    expect(definitions.source).toBe('workbook');
  });

  it('without a base, a 任务数 alone knows no indicators', () => {
    const { definitions, issues } = readDefinitions([sheetOf('任务数', [['乡镇', 'FOLIC'], ['石门乡', 10]])], { source: 'workbook' })!;
    expect(definitions.indicators).toEqual([]);
    expect(issues.map((i) => i.code)).toEqual(['target-unknown-indicator']);
  });

  it('fails when the sheet has no township column', () => {
    expect(problemsOf(() => readTargets([['机构', 'FOLIC']]))).toEqual([
      { sheet: '任务数', cell: 'A1', message: expect.stringMatching(/未找到表头/) },
    ]);
  });
});

describe('readDefinitions: base fallback', () => {
  const catalog = builtInDefinitions();

  it('keeps base targets and rules that still fit the workbook’s own indicators', () => {
    const base = { ...catalog, townshipTargets: { 石门乡: { HTN_RATE: 60, FOLIC: 10 } } };
    const { definitions } = readDefinitions([indicatorsSheet(HTN_ROWS)], { source: 'workbook', base })!;
    expect(definitions.indicators.map((d) => d.code)).toEqual(['HTN', 'HTN_STD', 'HTN_RATE']);
    expect(definitions.rules.map((r) => r.expression)).toEqual(['[HTN_STD] <= [HTN]']);
    expect(definitions.townshipTargets).toEqual({ 石门乡: { HTN_RATE: 60 } });
    expect(definitions.sheets).toEqual(['指标定义']);
  });

  it('takes the indicators from the base when only 校验规则 is there', () => {
    const { definitions } = readDefinitions(
      [sheetOf('校验规则', [RULE_HEADER, ['只有一条', '[高血压规范管理人数] <= [高血压患者数]', '警告', null]])],
      { source: 'definitions-file', base: catalog },
    )!;
    expect(definitions.indicators).toHaveLength(catalog.indicators.length);
    expect(definitions.rules.map((r) => [r.name, r.severity, r.uses])).toEqual([['只有一条', 'warning', ['HTN_STD', 'HTN']]]);
    expect(definitions.source).toBe('definitions-file');
  });

  it('reads the first sheet of each role only', () => {
    const { definitions } = read([indicatorsSheet(HTN_ROWS), indicatorsSheet([['Z', '别的', null, '人', '数量']], 'Indicators')])!;
    expect(definitions.indicators.map((d) => d.code)).toEqual(['HTN', 'HTN_STD', 'HTN_RATE']);
  });
});
