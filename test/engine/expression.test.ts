import { ExpressionSyntaxError } from '../../src/engine/errors';
import {
  compare,
  evaluate,
  formatComparison,
  formatExpression,
  parseComparison,
  parseExpression,
  references,
} from '../../src/engine/expression';
import type { CompareOp, Expr } from '../../src/engine/types';

const values: Record<string, number | null> = { A: 10, B: 4, C: 2, Z: 0, N: null, 高血压患者数: 200 };
const lookup = (code: string): number | null => {
  if (!(code in values)) throw new Error(`unexpected reference ${code}`);
  return values[code];
};
const calc = (text: string): number | null => evaluate(parseExpression(text), lookup);

function syntaxError(run: () => unknown): ExpressionSyntaxError {
  try {
    run();
  } catch (e) {
    if (e instanceof ExpressionSyntaxError) return e;
    throw e;
  }
  throw new Error('expected an ExpressionSyntaxError');
}

describe('parseExpression and evaluate', () => {
  it.each([
    ['[A] + [B] * [C]', 18],
    ['([A] + [B]) * [C]', 28],
    ['[A] - [B] - [C]', 4],
    ['[A] / [B] / [C]', 1.25],
    ['[A] - [B] + [C]', 8],
    ['-[A] + [B]', -6],
    ['[A] * -[C]', -20],
    ['--[A]', 10],
    ['-([A] - [B]) * 2', -12],
    ['+[A]', 10],
    ['[B] / [A] * 100', 40],
    ['1.5 * [C]', 3],
    ['.5 * [A]', 5],
    ['[高血压患者数] / 2', 100],
    ['  [ A ]  +  [B]  ', 14],
    // full-width digits, operators, brackets and the signs people type in Word
    ['（［Ａ］＋［Ｂ］）×１００', 1400],
    ['【A】÷【B】', 2.5],
    ['[A] − [B]', 6],
    ['[A]＊[C]／[B]', 5],
    ['２０２４', 2024],
  ])('%s = %p', (text, expected) => {
    expect(calc(text)).toBeCloseTo(expected as number, 12);
  });

  it.each([
    ['[A] + [N]', 'a null reference'],
    ['[N] * 0', 'null even when multiplied by 0'],
    ['[A] / [Z]', 'division by zero'],
    ['[A] / ([B] - 4)', 'division by a zero sub-expression'],
  ])('%s is null (%s)', (text) => {
    expect(calc(text)).toBeNull();
  });

  it('reads resolved codes before names', () => {
    const expr: Expr = { type: 'bin', op: '/', left: { type: 'ref', name: '甲', code: 'A' }, right: { type: 'ref', name: 'B' } };
    expect(evaluate(expr, lookup)).toBe(2.5);
    expect(references(expr)).toEqual(['A', 'B']);
  });

  it('builds the tree with * above +', () => {
    expect(parseExpression('[A]+[B]*2')).toEqual({
      type: 'bin',
      op: '+',
      left: { type: 'ref', name: 'A' },
      right: { type: 'bin', op: '*', left: { type: 'ref', name: 'B' }, right: { type: 'num', value: 2 } },
    });
  });

  it('never evaluates JavaScript', () => {
    expect(() => parseExpression('process.exit(1)')).toThrow(ExpressionSyntaxError);
    expect(() => parseExpression('[A] + constructor')).toThrow(ExpressionSyntaxError);
    // A reference that looks like code is only a name.
    expect(parseExpression('[alert(1)]')).toEqual({ type: 'ref', name: 'alert(1)' });
  });
});

describe('syntax errors carry the position of the fault', () => {
  it.each([
    ['', 0, /为空/],
    ['   ', 0, /为空/],
    ['[A] +', 5, /意外结束/],
    ['[A] + * [B]', 6, /“\*”/],
    ['([A] + [B]', 0, /“\(”缺少对应的“\)”/],
    ['[A] + [B])', 9, /多余的“\)”/],
    ['[A', 0, /“\[”缺少对应的“\]”/],
    ['[A [B]', 0, /“\[”缺少/],
    ['[] + [A]', 0, /没有指标/],
    ['[A] + HTN', 6, /“H”无法识别/],
    ['[A] [B]', 4, /多余的“\[B\]”/],
    ['2[A]', 1, /多余/],
    ['1.2.3', 0, /数字“1.2.3”无效/],
    ['[A] <= [B]', 4, /比较符/],
    ['[A] ^ 2', 4, /“\^”/],
    ['([A]) + )', 8, /“\)”/],
  ])('%p fails at %p', (text, position, message) => {
    const e = syntaxError(() => parseExpression(text));
    expect(e.position).toBe(position);
    expect(e.expression).toBe(text);
    expect(e.message).toMatch(message);
  });

  it('speaks English when asked', () => {
    const e = syntaxError(() => parseExpression('[A] +', 'en'));
    expect(e.message).toBe('the expression ends early at position 6');
  });
});

describe('parseComparison', () => {
  it.each<[string, CompareOp]>([
    ['[A] = [B]', '='],
    ['[A] == [B]', '='],
    ['[A] ＝ [B]', '='],
    ['[A] != [B]', '!='],
    ['[A] ≠ [B]', '!='],
    ['[A] <> [B]', '!='],
    ['[A] < [B]', '<'],
    ['[A] ＜ [B]', '<'],
    ['[A] <= [B]', '<='],
    ['[A] ≤ [B]', '<='],
    ['[A] ⩽ [B]', '<='],
    ['[A] ⩾ [B]', '>='],
    ['[A] ＜＝ [B]', '<='],
    ['[A] > [B]', '>'],
    ['[A] ＞ [B]', '>'],
    ['[A] >= [B]', '>='],
    ['[A] ≥ [B]', '>='],
    ['[A]＞＝[B]', '>='],
  ])('%s reads op %s', (text, op) => {
    const parsed = parseComparison(text);
    expect(parsed.op).toBe(op);
    expect(parsed.left).toEqual({ type: 'ref', name: 'A' });
    expect(parsed.right).toEqual({ type: 'ref', name: 'B' });
  });

  it('takes expressions on both sides', () => {
    const { left, op, right } = parseComparison('[EXP_DRUG] + [EXP_EXAM] <= [EXP_TOTAL] * 1');
    expect(references(left)).toEqual(['EXP_DRUG', 'EXP_EXAM']);
    expect(op).toBe('<=');
    expect(formatExpression(right)).toBe('[EXP_TOTAL] * 1');
  });

  it.each([
    ['[A] + [B]', 0, /缺少比较符/],
    ['[A] <= [B] <= [C]', 11, /第二个比较符/],
    ['<= [B]', 0, /应为数字/],
    ['[A] <=', 6, /意外结束/],
    ['([A] <= [B])', 0, /“\(”缺少/],
    ['', 0, /为空/],
  ])('%p fails at %p', (text, position, message) => {
    const e = syntaxError(() => parseComparison(text));
    expect(e.position).toBe(position);
    expect(e.message).toMatch(message);
  });
});

describe('references', () => {
  it('lists each reference once, in order', () => {
    expect(references(parseExpression('([B] + [A]) / ([B] * [C] - [A])'))).toEqual(['B', 'A', 'C']);
    expect(references(parseExpression('100'))).toEqual([]);
  });
});

describe('compare', () => {
  it.each<[number, CompareOp, number, number | null, boolean]>([
    [131.1 + 20.2, '=', 151.3, null, true],
    [0.1 + 0.2, '=', 0.3, null, true],
    [0.1 + 0.2, '<=', 0.3, null, true],
    [0.3, '>=', 0.1 + 0.2, null, true],
    [0.1 + 0.2, '>', 0.3, null, false],
    [0.3, '<', 0.1 + 0.2, null, false],
    [0.1 + 0.2, '!=', 0.3, null, false],
    [1e9 + 0.1 + 0.2, '=', 1e9 + 0.3, null, true],
    [151.3, '=', 151.31, null, false],
    [100, '<=', 99, null, false],
    [99, '<', 100, null, true],
    [100, '>', 99, null, true],
    [100, '!=', 99, null, true],
    [100, '=', 99, null, false],
    [100, '=', 99, 1, true],
    [100, '=', 98.9, 1, false],
    [100.5, '<=', 100, 0.5, true],
    [100.6, '<=', 100, 0.5, false],
    [99.6, '>=', 100, 0.5, true],
    [100, '!=', 99.5, 0.5, false],
    [99.5, '<', 100, 0.5, false],
    [99.4, '<', 100, 0.5, true],
    [100.4, '>', 100, 0.5, false],
    [0, '=', 0, null, true],
    [-5, '<', 0, null, true],
  ])('%p %s %p (tolerance %p) is %p', (l, op, r, tol, expected) => {
    expect(compare(l, op, r, tol)).toBe(expected);
  });
});

describe('formatExpression', () => {
  it.each([
    ['[A]+[B]*[C]', '[A] + [B] * [C]'],
    ['([A]+[B])*[C]', '([A] + [B]) * [C]'],
    ['[A]-([B]-[C])', '[A] - ([B] - [C])'],
    ['([A]-[B])-[C]', '[A] - [B] - [C]'],
    ['[A]/([B]*[C])', '[A] / ([B] * [C])'],
    ['-([A]+[B])', '-([A] + [B])'],
    ['[A]*-[B]', '[A] * -[B]'],
    ['（［Ａ］＋２）×１００', '([A] + 2) * 100'],
  ])('%s → %s', (text, formatted) => {
    expect(formatExpression(parseExpression(text))).toBe(formatted);
    // What is printed parses back to the same tree.
    expect(parseExpression(formatted)).toEqual(parseExpression(text));
  });

  it('formats a comparison', () => {
    const { left, op, right } = parseComparison('[A]+[B]≤[C]');
    expect(formatComparison(left, op, right)).toBe('[A] + [B] <= [C]');
  });
});
