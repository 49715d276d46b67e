// Definitions that would take the machine or can never give a value: over-long and over-deep
// expressions, and divisions by a constant zero, are definition errors at their own cell.
import { consolidate } from '../../src/engine/consolidate';
import { readDefinitions } from '../../src/engine/definitions';
import { DefinitionError, ExpressionSyntaxError, type DefinitionProblem } from '../../src/engine/errors';
import {
  MAX_EXPRESSION_LENGTH,
  MAX_EXPRESSION_NESTING,
  evaluate,
  parseComparison,
  parseExpression,
} from '../../src/engine/expression';
import type { CellValue, SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

const HEADER = ['代码', '名称', '单位', '类型', '分子', '分母'];
const COUNTS: CellValue[][] = [
  ['A', '甲指标', '人', '数量', null, null],
  ['B', '乙指标', '人', '数量', null, null],
];

function problemsOf(run: () => unknown): DefinitionProblem[] {
  try {
    run();
  } catch (e) {
    if (e instanceof DefinitionError) return e.problems;
    throw e;
  }
  throw new Error('expected a DefinitionError');
}

const withRate = (numerator: string, denominator: string): SheetInput[] => [
  sheetOf('指标定义', [HEADER, ...COUNTS, ['R', '丙率', '%', '比率', numerator, denominator]]),
];
const withRule = (expression: string): SheetInput[] => [
  sheetOf('指标定义', [HEADER, ...COUNTS]),
  sheetOf('校验规则', [['名称', '表达式'], ['规则一', expression]]),
];
const read = (sheets: SheetInput[]) => readDefinitions(sheets, { source: 'workbook' });
const at = (problems: DefinitionProblem[]): string[] => problems.map((p) => `${p.sheet}!${p.cell}`);

const nested = (depth: number): string => `${'('.repeat(depth)}[A]${')'.repeat(depth)}`;
const flatSum = (terms: number, term = '[A]'): string => Array.from({ length: terms }, () => term).join('+');

describe('expression limits', () => {
  it.each([
    ['3,000 nested parentheses', nested(3000)],
    ['a flat sum of 4,000 terms', flatSum(4000)],
    ['3,000 minus signs', `${'-'.repeat(3000)}[A]`],
  ])('%s in a 分子 is a definition error at its cell, not a stack overflow', (_label, text) => {
    const problems = problemsOf(() => read(withRate(text, '[B]')));
    expect(at(problems)).toEqual(['指标定义!E4']);
  });

  it.each([
    ['3,000 nested parentheses', `${nested(3000)} <= [B]`],
    ['a flat sum of 4,000 terms', `${flatSum(4000)} <= [B]`],
  ])('%s in a 校验规则 is a definition error at its cell', (_label, text) => {
    const problems = problemsOf(() => read(withRule(text)));
    expect(at(problems)).toEqual(['校验规则!B2']);
  });

  it('says which limit was passed, in both languages', () => {
    expect(() => parseExpression(nested(MAX_EXPRESSION_NESTING + 1))).toThrow(/嵌套超过 64 层/);
    expect(() => parseExpression(nested(MAX_EXPRESSION_NESTING + 1), 'en')).toThrow(/nest more than 64 deep at position 65/);
    expect(() => parseExpression(flatSum(4000), 'en')).toThrow(/15999 characters long, over the limit of 2000/);
    expect(() => parseExpression(flatSum(4000))).toThrow(ExpressionSyntaxError);
  });

  it('takes expressions right up to the limits', () => {
    expect(evaluate(parseExpression(nested(MAX_EXPRESSION_NESTING)), () => 7)).toBe(7);
    expect(evaluate(parseExpression(`${'-'.repeat(MAX_EXPRESSION_NESTING)}[A]`), () => 7)).toBe(7);
    // 1,000 terms in 1,999 characters: the longest flat sum within the limit.
    const longest = flatSum(1000, '1');
    expect(longest.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH);
    expect(evaluate(parseExpression(longest), () => null)).toBe(1000);
    const rule = parseComparison(`${flatSum(450)} >= [B]`);
    expect(evaluate(rule.left, () => 2)).toBe(900);
  });

  it('a long sum in a rule is checked through a whole run', () => {
    const terms = 450; // "[A]+" × 450 ≈ 1,800 characters
    const sheets: SheetInput[] = [
      ...withRule(`${flatSum(terms)} <= [B]`),
      sheetOf('城关镇', [
        ['机构名称', '甲指标', '乙指标'],
        ['城关镇卫生院', 2, 1000],
        ['北门村卫生室', 3, 1000],
      ]),
    ];
    const result = consolidate(sheets, { asOf: '2024-06-30' });
    // 3 × 450 = 1,350 > 1,000 fails; 2 × 450 = 900 holds.
    expect(result.issues.filter((i) => i.code === 'rule-failed').map((i) => i.cell)).toEqual(['B3']);
  });
});

describe('division by a constant zero', () => {
  it.each([
    ['[A]/0', '[B]', 'E4'],
    ['[A]/(1-1)', '[B]', 'E4'],
    ['[A]*100/(2*0)', '[B]', 'E4'],
    ['[A]', '0', 'F4'],
    ['[A]', '[B]/(0.5-0.5)', 'F4'],
    ['[A]', '(1-1)*1', 'F4'],
  ])('分子 %s, 分母 %s is a definition error at %s', (numerator, denominator, cell) => {
    const problems = problemsOf(() => read(withRate(numerator, denominator)));
    expect(at(problems)).toEqual([`指标定义!${cell}`]);
    expect(problems[0].message).toMatch(/除以零/);
  });

  it('in a rule, at its 表达式 cell, in English too', () => {
    const problems = problemsOf(() => readDefinitions(withRule('[A]/(1-1) <= [B]'), { source: 'workbook', lang: 'en' }));
    expect(problems.map((p) => [`${p.sheet}!${p.cell}`, p.message])).toEqual([
      ['校验规则!B2', 'expression "[A]/(1-1) <= [B]" divides by zero: the divisor 1 - 1 is always 0'],
    ]);
  });

  it.each(['[A]/([B]-[B])', '[A]/(1-0.5)', '[A]/[B]*0', '0/[B]'])('%s is not refused: its divisor is not a constant 0', (text) => {
    expect(read(withRule(`${text} <= [B]`))?.definitions.rules).toHaveLength(1);
  });
});
