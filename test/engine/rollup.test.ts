import fc from 'fast-check';
import { evaluate, parseExpression } from '../../src/engine/expression';
import { evaluateColumn, rateOfRow, rollUp, valueTable } from '../../src/engine/rollup';
import type { CompiledIndicator, Expr, FacilityRecord } from '../../src/engine/types';

function count(code: string): CompiledIndicator {
  return {
    code, name: code, aliases: [], unit: '人', kind: 'count', numerator: null, denominator: null, factor: 1,
    target: null, direction: '>=', min: null, max: null, numeratorExpr: null, denominatorExpr: null,
  };
}
function rate(code: string, numerator: string, denominator: string, factor = 100): CompiledIndicator {
  return {
    ...count(code), unit: factor === 100 ? '%' : '‰', kind: 'rate', numerator, denominator, factor,
    numeratorExpr: parseExpression(numerator), denominatorExpr: parseExpression(denominator),
  };
}
let nextRow = 4;
function facility(township: string, name: string, values: Record<string, number>): FacilityRecord {
  const row = nextRow++;
  return { sheet: township, row, township, name, values, cells: Object.fromEntries(Object.keys(values).map((k) => [k, `C${row}`])) };
}

const HTN = count('HTN');
const STD = count('HTN_STD');
const EXP_A = count('EXP_A');
const EXP_B = count('EXP_B');
const HTN_RATE = rate('HTN_RATE', '[HTN_STD]', '[HTN]');
const EXP_SHARE = rate('EXP_SHARE', '[EXP_A] + [EXP_B]', '[HTN] * 10', 1000);
const indicators = [HTN, STD, EXP_A, EXP_B, HTN_RATE, EXP_SHARE];

describe('rollUp', () => {
  const facilities = [
    facility('石门乡', '石门乡卫生院', { HTN: 100, HTN_STD: 90 }),
    facility('石门乡', '上湾村卫生室', { HTN: 10, HTN_STD: 2, EXP_A: 131.1 }),
    facility('城关镇', '城关社区卫生服务中心', { HTN: 300, HTN_STD: 150, EXP_A: 20.2 }),
    facility('城关镇', '北门村卫生室', { HTN: 0 }),
    facility('石门乡', '下湾村卫生室', { HTN_STD: 0 }),
  ];
  const rows = rollUp(facilities, indicators, ['石门乡', '城关镇', '白沙镇'], '全县合计');
  const byName = Object.fromEntries(rows.map((r) => [r.name, r]));

  it('gives a row per township in the order asked, then the county row', () => {
    expect(rows.map((r) => [r.level, r.name, r.facilities])).toEqual([
      ['township', '石门乡', 3],
      ['township', '城关镇', 2],
      ['township', '白沙镇', 0],
      ['county', '全县合计', 5],
    ]);
  });

  it.each([
    ['石门乡', 'HTN', 110],
    ['石门乡', 'HTN_STD', 92],
    ['城关镇', 'HTN', 300],
    ['全县合计', 'HTN', 410],
    ['全县合计', 'HTN_STD', 242],
    // Binary noise of 131.1 + 20.2 is not passed on.
    ['全县合计', 'EXP_A', 151.3],
  ])('%s %s is the sum of its facilities: %d', (name, code, expected) => {
    expect(byName[name].values[code]).toBe(expected);
  });

  it.each([
    ['石门乡', 'EXP_B'],
    ['城关镇', 'EXP_B'],
    ['全县合计', 'EXP_B'],
    ['白沙镇', 'HTN'],
    ['白沙镇', 'HTN_RATE'],
  ])('%s %s: nothing reported is null, never 0', (name, code) => {
    expect(byName[name].values[code]).toBeNull();
  });

  it('recomputes a rate as Σ numerator ÷ Σ denominator, which differs from the average of the rates', () => {
    const rates = facilities.slice(0, 2).map((f) => rateOfRow(HTN_RATE, f.values)!);
    expect(rates).toEqual([90, 20]);
    const averageOfRates = (rates[0] + rates[1]) / 2;
    const pooled = byName['石门乡'].values.HTN_RATE!;
    expect(pooled).toBeCloseTo((92 / 110) * 100, 10);
    expect(pooled).toBeCloseTo(83.6364, 4);
    expect(Math.abs(pooled - averageOfRates)).toBeGreaterThan(25);
    expect(byName['全县合计'].values.HTN_RATE).toBeCloseTo((242 / 410) * 100, 10);
    expect(byName['城关镇'].values.HTN_RATE).toBeCloseTo(50, 10);
  });

  it('computes a rate whose numerator and denominator are expressions, null where a part is missing', () => {
    // EXP_B is never reported: the numerator cannot be computed.
    expect(byName['全县合计'].values.EXP_SHARE).toBeNull();
    const withB = rollUp(
      [facility('石门乡', 'a', { HTN: 4, EXP_A: 3, EXP_B: 1 }), facility('石门乡', 'b', { HTN: 1, EXP_B: 1 })],
      indicators, ['石门乡'], '全县合计',
    );
    expect(withB[0].values.EXP_SHARE).toBeCloseTo(((3 + 2) / (5 * 10)) * 1000, 10);
  });

  it('townships not in the order list follow, in order of appearance; names are matched loosely', () => {
    const r = rollUp(
      [facility('河口镇', 'a', { HTN: 1 }), facility(' 石门乡', 'b', { HTN: 2 }), facility('Ｂ镇', 'c', { HTN: 3 })],
      indicators, ['石门乡'], 'County',
    );
    expect(r.map((x) => [x.name, x.values.HTN])).toEqual([
      ['石门乡', 2], ['河口镇', 1], ['Ｂ镇', 3], ['County', 6],
    ]);
  });
});

describe('rateOfRow', () => {
  it.each([
    [{ HTN: 200, HTN_STD: 150 }, 75],
    [{ HTN: 3, HTN_STD: 1 }, 100 / 3],
    [{ HTN: 0, HTN_STD: 0 }, null],
    [{ HTN_STD: 5 }, null],
    [{ HTN: 5 }, null],
    [{ HTN: 5, HTN_STD: 0 }, 0],
  ])('%j → %p', (values, expected) => {
    const got = rateOfRow(HTN_RATE, values);
    if (expected === null) expect(got).toBeNull();
    else expect(got).toBeCloseTo(expected, 10);
  });

  it('applies the factor: ‰ is × 1000', () => {
    const perMille = rate('X', '[HTN_STD]', '[HTN]', 1000);
    expect(rateOfRow(perMille, { HTN: 400, HTN_STD: 3 })).toBeCloseTo(7.5, 10);
  });
});

describe('evaluateColumn: the table evaluator agrees with evaluate() row by row', () => {
  const codes = ['A', 'B', 'C'];
  const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<number>(0, 1, 2.5, 100, 1e308).map((value): Expr => ({ type: 'num', value })),
      fc.constantFrom('A', 'B', 'C', 'UNKNOWN').map((name): Expr => ({ type: 'ref', name })),
      tie('e').map((operand): Expr => ({ type: 'neg', operand })),
      fc.record({ op: fc.constantFrom<'+' | '-' | '*' | '/'>('+', '-', '*', '/'), left: tie('e'), right: tie('e') })
        .map(({ op, left, right }): Expr => ({ type: 'bin', op, left, right })),
    ),
  })).e;
  const row = fc.record({ A: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true })), B: fc.option(fc.constantFrom(0, 1, -3, 0.1)), C: fc.option(fc.integer()) });

  it.each([false, true])('blankAsZero=%p', (blankAsZero) => {
    fc.assert(
      fc.property(expr, fc.array(row, { minLength: 1, maxLength: 5 }), (e, rows) => {
        const records: FacilityRecord[] = rows.map((r, k) => ({
          sheet: 's', row: k + 1, township: 't', name: 'f', cells: {},
          values: Object.fromEntries(Object.entries(r).filter(([, v]) => v !== null)) as Record<string, number>,
        }));
        const column = evaluateColumn(e, valueTable(records, codes.map((code) => ({ code }))), blankAsZero);
        records.forEach((rec, k) => {
          const expected = evaluate(e, (code) => rec.values[code] ?? (blankAsZero ? 0 : null));
          expect(Number.isNaN(column[k]) ? null : column[k]).toBe(expected === null ? null : expected);
        });
      }),
      { numRuns: 300 },
    );
  });
});
