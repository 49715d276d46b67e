// Names a township or a statistician may type that are also the names of every JavaScript object's
// own machinery (__proto__, constructor, toString…): a run with such names must read exactly like the
// same run with plain names, and must not change Object.prototype for the rest of the program.
import fc from 'fast-check';
import { consolidate } from '../../src/engine/consolidate';
import { readDefinitions } from '../../src/engine/definitions';
import { headerKey, nameKey } from '../../src/engine/normalize';
import { toSummaryJson } from '../../src/engine/report';
import type { ConsolidationResult, SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

/** Every slot of the scenario that holds user text. */
const SLOTS = [
  'townA', // a township named in a 乡镇 column
  'townB',
  'townC', // a township named by its sheet
  'townD', // a township in 任务数 that sent no report
  'facA',
  'facB',
  'facC',
  'codeA',
  'codeB',
  'codeC',
  'nameA',
  'nameB',
  'nameC',
  'aliasA',
  'ruleA',
  'excluded', // a sheet the user excluded
] as const;
type Slot = (typeof SLOTS)[number];
type Names = Record<Slot, string>;

const HOSTILE = [
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
  'length',
  'name',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  '__defineGetter__',
];

const SAFE: Names = Object.fromEntries(SLOTS.map((s, n) => [s, `安全${String.fromCharCode(0x7532 + n)}名`])) as Names;

/** A county: definitions, targets, a list sheet grouped by 乡镇, a township's own sheet, an excluded sheet. */
function county(n: Names): SheetInput[] {
  return [
    sheetOf('指标定义', [
      ['代码', '名称', '别名', '单位', '类型', '分子', '分母', '目标'],
      [n.codeA, n.nameA, n.aliasA, '人', '数量', null, null, 1000],
      [n.codeB, n.nameB, null, '人', '数量', null, null, 500],
      [n.codeC, n.nameC, null, '%', '比率', `[${n.codeB}]`, `[${n.nameA}]`, 60],
    ]),
    sheetOf('校验规则', [
      ['名称', '表达式', '级别'],
      [n.ruleA, `[${n.nameB}] <= [${n.aliasA}]`, '错误'],
    ]),
    sheetOf('任务数', [
      ['乡镇', n.codeA, n.nameB],
      [n.townA, 400, 300],
      [n.townB, 200, 100],
      [n.townC, 90, 80],
      [n.townD, 50, 40],
    ]),
    sheetOf('各乡镇报表', [
      ['乡镇', '机构名称', n.nameA, n.nameB, n.nameC],
      [n.townA, n.facA, 300, 200, 66.67],
      [n.townA, n.facB, 100, 120, 120], // breaks the rule: 120 > 100
      [n.townB, n.facA, 150, 90, 60],
      [n.townB, n.facA, 10, 5, 50], // the same facility twice
    ]),
    sheetOf(n.townC, [
      ['机构名称', n.nameA, n.nameB],
      [n.facC, 80, 40],
      [n.facA, 20, 'XX'],
    ]),
    sheetOf(n.excluded, [
      ['机构名称', n.nameA],
      [n.facA, 99999],
    ]),
  ];
}

/** The run's outcome with every name replaced by its slot, so runs with different names compare equal. */
function canonical(result: ConsolidationResult, n: Names): unknown {
  const slotOf = new Map<string, string>();
  for (const s of SLOTS) {
    slotOf.set(n[s], s);
    slotOf.set(nameKey(n[s]), s);
  }
  const name = (x: string | null): string | null => (x === null ? null : (slotOf.get(x) ?? `=${x}`));
  const keyed = (values: Record<string, unknown>): [string | null, unknown][] =>
    Object.keys(values)
      .map((k) => [name(k), values[k]] as [string | null, unknown])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
  const json = JSON.parse(JSON.stringify(toSummaryJson(result))) as ReturnType<typeof toSummaryJson>;
  return {
    rollup: result.rollup.map((r) => [r.level, r.level === 'county' ? r.name : name(r.name), r.facilities, keyed(r.values)]),
    jsonRollup: json.rollup.map((r) => [r.level === 'county' ? r.name : name(r.name), keyed(r.values)]),
    completion: result.completion.map((c) => [c.level === 'county' ? c.name : name(c.name), name(c.indicator), c.actual, c.target, c.status]),
    facilities: result.facilities.map((f) => [name(f.township), name(f.name), f.row, keyed(f.values), keyed(f.cells)]),
    issues: result.issues.map((i) => [i.severity, i.code, name(i.sheet), i.cell, name(i.indicator), name(i.rule)]),
    sheets: result.sheets.map((s) => [name(s.sheet), s.status, s.skipReason ?? null, s.columns.map((c) => [c.letter, name(c.indicator)])]),
    targets: keyed(
      Object.fromEntries(
        Object.keys(result.definitions.townshipTargets).map((t) => [t, keyed(result.definitions.townshipTargets[t])]),
      ),
    ),
  };
}

function run(n: Names): unknown {
  // The pane's remembered settings for a sheet: its name, and each column's indicator code.
  const overrides = [{ sheet: n.townC, columnIndicators: { B: n.codeA, C: n.codeB } }];
  const result = consolidate(county(n), { asOf: '2024-06-30', excludedSheets: [n.excluded], overrides });
  return canonical(result, n);
}

/** Object.prototype as it stands: its own keys, each value, and its own prototype. */
function prototypeState(): unknown[] {
  return [Object.getPrototypeOf(Object.prototype), ...Reflect.ownKeys(Object.prototype).map((k) => [k, Reflect.get(Object.prototype, k)])];
}

/** Names for every slot, some of them hostile, all distinct as the engine compares them. */
const namesArb: fc.Arbitrary<Names> = fc
  .tuple(
    ...SLOTS.map((s) =>
      fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...HOSTILE) },
        { weight: 1, arbitrary: fc.constant(SAFE[s]) },
        { weight: 1, arbitrary: fc.stringMatching(/^[a-z_$]{3,10}$/).map((x) => `__${x}__`) },
      ),
    ),
  )
  .map((values) => Object.fromEntries(SLOTS.map((s, k) => [s, values[k]])) as Names)
  .filter((n) => {
    const keys = SLOTS.map((s) => headerKey(n[s]));
    return new Set(keys).size === keys.length;
  });

describe('names that are also JavaScript object machinery', () => {
  const expected = run(SAFE);

  it('the plain-named county reads as intended (so the comparison below means something)', () => {
    const result = consolidate(county(SAFE), { asOf: '2024-06-30', excludedSheets: [SAFE.excluded] });
    const row = (name: string) => result.rollup.find((r) => r.name === name)!;
    expect(row(SAFE.townA).values[SAFE.codeA]).toBe(400);
    expect(row(SAFE.townC).values[SAFE.codeA]).toBe(100);
    expect(result.definitions.townshipTargets[SAFE.townB][SAFE.codeB]).toBe(100);
    expect(result.issues.filter((i) => i.code === 'rule-failed').map((i) => i.rule)).toEqual([SAFE.ruleA]);
    expect(result.issues.filter((i) => i.code === 'target-unknown-township').map((i) => i.params.township)).toEqual([SAFE.townD]);
    expect(result.completion.filter((c) => c.name === SAFE.townA).map((c) => [c.indicator, c.target])).toEqual([
      [SAFE.codeA, 400],
      [SAFE.codeB, 300],
      [SAFE.codeC, 60],
    ]);
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__'])(
    'every slot named %s in turn gives the same county',
    (hostile) => {
      const before = prototypeState();
      for (const slot of SLOTS) {
        const names = { ...SAFE, [slot]: hostile };
        expect([slot, run(names)]).toEqual([slot, expected]);
      }
      expect(prototypeState()).toEqual(before);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it('any mix of hostile, random and plain names gives the same county, and Object.prototype is untouched', () => {
    const before = prototypeState();
    fc.assert(
      fc.property(namesArb, (names) => {
        expect(run(names)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
    expect(prototypeState()).toEqual(before);
  });

  it('definitions read from a --definitions workbook keep a township named __proto__ apart from the others', () => {
    const names = { ...SAFE, townA: '__proto__', townB: 'constructor' };
    const read = readDefinitions(county(names).slice(0, 3), { source: 'definitions-file' })!;
    const targets = read.definitions.townshipTargets;
    expect(Object.keys(targets).sort()).toEqual([names.townC, names.townD, 'constructor', '__proto__'].sort());
    expect(targets['__proto__'][SAFE.codeA]).toBe(400);
    expect(targets['constructor'][SAFE.codeA]).toBe(200);
    expect(targets[names.townC][SAFE.codeA]).toBe(90);
    expect(Object.getPrototypeOf(targets[names.townC])).not.toBe(targets['__proto__']);
  });
});
