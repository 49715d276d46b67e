// Indicator definitions: reading 指标定义 / 校验规则 / 任务数 sheets (Chinese or English headers), and
// compiling definitions — every [reference] resolved to a code, every fault reported at its sheet and cell.
import { dict } from './dict';
import { DefinitionError, ExpressionSyntaxError, type DefinitionProblem } from './errors';
import { constantZeroDivisor, evaluate, formatExpression, parseComparison, parseExpression, references } from './expression';
import { issue } from './messages';
import { cellAddress, headerKey, nameKey, toHalfWidth } from './normalize';
import type {
  CellRef,
  CellValue,
  CompiledIndicator,
  CompiledRule,
  DefinitionSource,
  Definitions,
  Direction,
  Expr,
  IndicatorDefinition,
  Issue,
  Lang,
  SheetInput,
  ValidationRule,
} from './types';

export const DEFINITION_SHEETS = {
  indicators: ['指标定义', 'Indicators'],
  rules: ['校验规则', 'Rules'],
  targets: ['任务数', 'Targets'],
} as const;

export type DefinitionSheetRole = keyof typeof DEFINITION_SHEETS;

/** Which definition sheet a sheet name stands for, tolerant of spaces, full-width and letter case. */
export function definitionSheetRole(sheetName: string): DefinitionSheetRole | null {
  const key = headerKey(sheetName);
  for (const role of ['indicators', 'rules', 'targets'] as const) {
    if (DEFINITION_SHEETS[role].some((n) => headerKey(n) === key)) return role;
  }
  return null;
}

export function isDefinitionSheet(sheetName: string): boolean {
  return definitionSheetRole(sheetName) !== null;
}

export type IndicatorField =
  | 'code'
  | 'name'
  | 'aliases'
  | 'unit'
  | 'kind'
  | 'numerator'
  | 'denominator'
  | 'factor'
  | 'target'
  | 'direction'
  | 'min'
  | 'max'
  | 'measure'
  | 'changeThreshold';
export type RuleField = 'name' | 'expression' | 'severity' | 'tolerance';

/**
 * Where each field of a definition row was read (A1 addresses on origin.sheet), so a fault points at
 * its own cell — 指标定义!G5 for a bad 分子 — rather than at the row.
 */
export interface FieldCells<F extends string> {
  fieldCells?: Partial<Record<F, string>>;
}

export type LocatedIndicator = IndicatorDefinition & FieldCells<IndicatorField>;
export type LocatedRule = ValidationRule & FieldCells<RuleField>;

/** Headers of each sheet, Chinese first; compared by headerKey. The first of each list is written out. */
export const INDICATOR_HEADERS: Record<IndicatorField, { 'zh-CN': string; en: string; also: string[] }> = {
  code: { 'zh-CN': '代码', en: 'code', also: ['指标代码', '编码'] },
  name: { 'zh-CN': '名称', en: 'name', also: ['指标名称'] },
  aliases: { 'zh-CN': '别名', en: 'aliases', also: ['alias', '其他名称'] },
  unit: { 'zh-CN': '单位', en: 'unit', also: ['计量单位'] },
  kind: { 'zh-CN': '类型', en: 'kind', also: ['type', '指标类型'] },
  numerator: { 'zh-CN': '分子', en: 'numerator', also: [] },
  denominator: { 'zh-CN': '分母', en: 'denominator', also: [] },
  factor: { 'zh-CN': '系数', en: 'factor', also: [] },
  target: { 'zh-CN': '目标', en: 'target', also: ['目标值', '年度目标'] },
  direction: { 'zh-CN': '方向', en: 'direction', also: [] },
  min: { 'zh-CN': '最小值', en: 'min', also: ['minimum', '下限'] },
  max: { 'zh-CN': '最大值', en: 'max', also: ['maximum', '上限'] },
  measure: { 'zh-CN': '口径', en: 'measure', also: ['统计口径', '指标口径'] },
  changeThreshold: { 'zh-CN': '环比阈值', en: 'change threshold', also: ['环比变化阈值', '变化阈值'] },
};

export const RULE_HEADERS: Record<RuleField, { 'zh-CN': string; en: string; also: string[] }> = {
  name: { 'zh-CN': '名称', en: 'name', also: ['规则名称', 'rule'] },
  expression: { 'zh-CN': '表达式', en: 'expression', also: ['公式', '规则表达式'] },
  severity: { 'zh-CN': '级别', en: 'severity', also: ['level', '严重程度'] },
  tolerance: { 'zh-CN': '容差', en: 'tolerance', also: ['允许误差'] },
};

export const TOWNSHIP_HEADERS = ['乡镇', '乡镇（街道）', '街道', '乡镇/街道', '乡镇名称', 'township'];
/** A city's 任务数 lists its counties (a province's, its cities): the units one level up (units.ts). */
const UNIT_HEADERS = ['县', '县（区）', '县区', '县（市、区）', '市', '单位', '单位名称', 'county', 'city', 'unit'];

/** How 类型 and 方向 are written out, per language; the reader accepts either language. */
export const KIND_TEXT = { 'zh-CN': { count: '数量', rate: '比率' }, en: { count: 'count', rate: 'rate' } } as const;
export const SEVERITY_TEXT = { 'zh-CN': { error: '错误', warning: '警告' }, en: { error: 'error', warning: 'warning' } } as const;
export const DIRECTION_TEXT: Record<Direction, string> = { '>=': '≥', '<=': '≤' };

/** Words for each choice, looked up by headerKey of what the statistician typed. */
function choices<T>(groups: [T, string[]][]): Map<string, T> {
  const out = new Map<string, T>();
  for (const [choice, words] of groups) for (const w of words) out.set(headerKey(w), choice);
  return out;
}

const KINDS = choices<'count' | 'rate'>([
  ['count', ['数量', 'COUNT', '计数', '总量', '数值', 'AMOUNT']],
  ['rate', ['比率', 'RATE', '率', '比例', 'RATIO', '百分比']],
]);

const DIRECTIONS = choices<Direction>([
  ['>=', ['≥', '>=', '=>', '>', '高优', '越高越好', '高', 'HIGHER', 'HIGH', 'UP']],
  ['<=', ['≤', '<=', '=<', '<', '低优', '越低越好', '低', 'LOWER', 'LOW', 'DOWN']],
]);

const SEVERITIES = choices<'error' | 'warning'>([
  ['error', ['错误', 'ERROR', '严重']],
  ['warning', ['警告', 'WARNING', 'WARN', '提示']],
]);

/** 口径 as written out, per language; the reader accepts either language and a few synonyms. */
export const MEASURE_TEXT = { 'zh-CN': { cumulative: '累计', stock: '时点' }, en: { cumulative: 'cumulative', stock: 'stock' } } as const;
const MEASURES = new Map<string, 'cumulative' | 'stock'>();
for (const t of ['累计', '累计数', '本年累计', '流量', 'CUMULATIVE', 'FLOW', 'YTD']) MEASURES.set(headerKey(t), 'cumulative');
for (const t of ['时点', '时点数', '存量', '期末', 'STOCK', 'POINT']) MEASURES.set(headerKey(t), 'stock');

const TOTAL_LABELS = new Set(['合计', '小计', '总计', '全县', '全县合计'].map(headerKey));
const IGNORED_TARGET_HEADERS = new Set(['序号', 'NO.', 'NO', '备注', 'NOTE', 'NOTES'].map(headerKey));

/** 系数 when none is written: 100 for %, 1000 for ‰, else 1. */
export function defaultFactor(unit: string): number {
  const u = toHalfWidth(unit).trim();
  if (u === '%' || u === '百分比') return 100;
  if (u === '‰' || u === '千分比') return 1000;
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Messages of definition problems (thrown in DefinitionError, not Issues: the run cannot go on).

const FIELD_TEXT: Record<IndicatorField | RuleField, Record<Lang, string>> = {
  code: { 'zh-CN': '代码', en: 'code' },
  name: { 'zh-CN': '名称', en: 'name' },
  aliases: { 'zh-CN': '别名', en: 'alias' },
  unit: { 'zh-CN': '单位', en: 'unit' },
  kind: { 'zh-CN': '类型', en: 'kind' },
  numerator: { 'zh-CN': '分子', en: 'numerator' },
  denominator: { 'zh-CN': '分母', en: 'denominator' },
  factor: { 'zh-CN': '系数', en: 'factor' },
  target: { 'zh-CN': '目标', en: 'target' },
  direction: { 'zh-CN': '方向', en: 'direction' },
  min: { 'zh-CN': '最小值', en: 'min' },
  max: { 'zh-CN': '最大值', en: 'max' },
  measure: { 'zh-CN': '口径', en: 'measure' },
  changeThreshold: { 'zh-CN': '环比阈值', en: 'change threshold' },
  expression: { 'zh-CN': '表达式', en: 'expression' },
  severity: { 'zh-CN': '级别', en: 'severity' },
  tolerance: { 'zh-CN': '容差', en: 'tolerance' },
};

type P = Record<string, string | number>;
const MSG = {
  noHeader: {
    'zh-CN': (p: P) => `未找到表头：需要“${p.columns}”列`,
    en: (p: P) => `No header row found: columns "${p.columns}" are needed`,
  },
  emptyCode: { 'zh-CN': () => '代码为空', en: () => 'The code is empty' },
  badCode: {
    'zh-CN': (p: P) => `代码“${p.code}”不能含有方括号`,
    en: (p: P) => `Code "${p.code}" cannot contain square brackets`,
  },
  duplicateCode: {
    'zh-CN': (p: P) => `代码“${p.code}”重复（另见 ${p.other}）`,
    en: (p: P) => `Duplicate code "${p.code}" (see also ${p.other})`,
  },
  collision: {
    'zh-CN': (p: P) => `${p.field}“${p.text}”与指标 ${p.other} 的${p.otherField}重复，无法区分`,
    en: (p: P) => `${p.field} "${p.text}" is also the ${p.otherField} of indicator ${p.other}; they cannot be told apart`,
  },
  badChoice: {
    'zh-CN': (p: P) => `${p.field}“${p.text}”无效，应为 ${p.allowed}`,
    en: (p: P) => `${p.field} "${p.text}" is not valid; use ${p.allowed}`,
  },
  notANumber: {
    'zh-CN': (p: P) => `${p.field}“${p.text}”不是数值`,
    en: (p: P) => `${p.field} "${p.text}" is not a number`,
  },
  factorNotPositive: {
    'zh-CN': (p: P) => `系数应大于 0，而不是 ${p.text}`,
    en: (p: P) => `The factor must be greater than 0, not ${p.text}`,
  },
  minAboveMax: {
    'zh-CN': (p: P) => `最小值 ${p.min} 大于最大值 ${p.max}`,
    en: (p: P) => `The min ${p.min} is above the max ${p.max}`,
  },
  negativeTolerance: {
    'zh-CN': (p: P) => `容差不能为负数（${p.text}）`,
    en: (p: P) => `The tolerance cannot be negative (${p.text})`,
  },
  rateWithout: {
    'zh-CN': (p: P) => `比率指标 ${p.code} 缺少${p.field}`,
    en: (p: P) => `Rate indicator ${p.code} has no ${p.field}`,
  },
  countWith: {
    'zh-CN': (p: P) => `数量指标 ${p.code} 不应填写${p.field}（比率指标的类型请填“比率”）`,
    en: (p: P) => `Count indicator ${p.code} cannot have a ${p.field} (set the kind to "rate" for a rate)`,
  },
  syntax: {
    'zh-CN': (p: P) => `${p.field}“${p.text}”无法解析：${p.reason}`,
    en: (p: P) => `${p.field} "${p.text}" does not parse: ${p.reason}`,
  },
  unknownRef: {
    'zh-CN': (p: P) => `${p.field}引用了不存在的指标 [${p.ref}]`,
    en: (p: P) => `${p.field} refers to an unknown indicator [${p.ref}]`,
  },
  cycle: {
    'zh-CN': (p: P) => `循环引用：${p.path}`,
    en: (p: P) => `Circular reference: ${p.path}`,
  },
  emptyRuleName: { 'zh-CN': () => '规则名称为空', en: () => 'The rule has no name' },
  duplicateRule: {
    'zh-CN': (p: P) => `规则名称“${p.name}”重复（另见 ${p.other}）`,
    en: (p: P) => `Duplicate rule name "${p.name}" (see also ${p.other})`,
  },
  emptyExpression: { 'zh-CN': () => '表达式为空', en: () => 'The expression is empty' },
  divisionByZero: {
    'zh-CN': (p: P) => `${p.field}“${p.text}”除以零：除数 ${p.divisor} 恒为 0`,
    en: (p: P) => `${p.field} "${p.text}" divides by zero: the divisor ${p.divisor} is always 0`,
  },
  unknownTargetIndicator: {
    'zh-CN': (p: P) => `任务数中的指标“${p.code}”不存在`,
    en: (p: P) => `Targets name an unknown indicator "${p.code}"`,
  },
  badTarget: {
    'zh-CN': (p: P) => `${p.township}的任务数 ${p.code} 不是有效数值（${p.text}）`,
    en: (p: P) => `The target of ${p.code} for ${p.township} is not a valid number (${p.text})`,
  },
};

// ---------------------------------------------------------------------------------------------
// Compiling

export interface CompileInput {
  indicators: LocatedIndicator[];
  rules: LocatedRule[];
  townshipTargets?: Record<string, Record<string, number>>;
  source: DefinitionSource;
  sheets?: string[];
  /** Language of problem messages; zh-CN by default. */
  lang?: Lang;
}

type Resolver = (name: string) => string | null;

/** Looks a reference up by code, then name, then alias, all compared by headerKey. */
function resolverFor(indicators: IndicatorDefinition[]): Resolver {
  const byCode = new Map<string, string>();
  const byName = new Map<string, string>();
  const byAlias = new Map<string, string>();
  for (const d of indicators) {
    const code = headerKey(d.code);
    if (!code) continue;
    if (!byCode.has(code)) byCode.set(code, d.code);
    const name = headerKey(d.name);
    if (name && !byName.has(name)) byName.set(name, d.code);
    for (const a of d.aliases) {
      const k = headerKey(a);
      if (k && !byAlias.has(k)) byAlias.set(k, d.code);
    }
  }
  return (text) => {
    const k = headerKey(text);
    return byCode.get(k) ?? byName.get(k) ?? byAlias.get(k) ?? null;
  };
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/**
 * Checks definitions and resolves every [reference] to an indicator code, in stages: each indicator's
 * own fields, codes/names/aliases that must each mean one indicator, 分子/分母 parsed and resolved,
 * rates that come back to themselves, 校验规则, and 任务数.
 * @throws DefinitionError listing every fault, each at its sheet and cell (or, for definitions not read
 * from a sheet, at the indicator code or rule name).
 */
export function compileDefinitions(input: CompileInput): Definitions {
  const c = compiling(input.lang ?? 'zh-CN');
  checkIndicatorFields(input.indicators, c);
  checkOneIndicatorPerKey(input.indicators, c);
  const resolve = resolverFor(input.indicators);
  const indicators = compileIndicators(input.indicators, resolve, c);
  checkRateCycles(indicators, c);
  const rules = compileRules(input.rules, resolve, c);
  const townshipTargets = compileTargets(input.townshipTargets, resolve, c);
  if (c.problems.length > 0) throw new DefinitionError(c.problems);
  return { indicators, rules, townshipTargets, source: input.source, sheets: [...(input.sheets ?? [])] };
}

/** What every stage of compiling shares: the language, the problems found so far, and where each field is. */
interface Compiling {
  lang: Lang;
  problems: DefinitionProblem[];
  targetSheet: string;
  fieldName(f: IndicatorField | RuleField): string;
  /** The cell of an indicator's field; for an indicator not read from a sheet, its code on 指标定义. */
  at(d: LocatedIndicator, field: IndicatorField): CellRef;
  atRule(r: LocatedRule, field: RuleField): CellRef;
  report(loc: CellRef, message: string): void;
}

function compiling(lang: Lang): Compiling {
  const problems: DefinitionProblem[] = [];
  const pick = (names: readonly [string, string]): string => (lang === 'en' ? names[1] : names[0]);
  const indicatorSheet = pick(DEFINITION_SHEETS.indicators);
  const ruleSheet = pick(DEFINITION_SHEETS.rules);
  return {
    lang,
    problems,
    targetSheet: pick(DEFINITION_SHEETS.targets),
    fieldName: (f) => FIELD_TEXT[f][lang],
    at: (d, field) =>
      d.origin ? { sheet: d.origin.sheet, cell: d.fieldCells?.[field] ?? d.origin.cell } : { sheet: indicatorSheet, cell: d.code || d.name || '?' },
    atRule: (r, field) =>
      r.origin ? { sheet: r.origin.sheet, cell: r.fieldCells?.[field] ?? r.origin.cell } : { sheet: ruleSheet, cell: r.name || r.expression || '?' },
    report: (loc, message) => {
      problems.push({ ...loc, message });
    },
  };
}

const where = (loc: CellRef): string => `${loc.sheet}!${loc.cell}`;

/** Stage 1: each indicator's own fields — code, 类型, 方向, 系数, 目标/最小值/最大值, and 分子/分母 present or not. */
function checkIndicatorFields(indicators: readonly LocatedIndicator[], c: Compiling): void {
  const { lang, at, report, fieldName } = c;
  for (const d of indicators) {
    if (!d.code || !d.code.trim()) report(at(d, 'code'), MSG.emptyCode[lang]());
    else if (/[[\]【】［］]/.test(d.code)) report(at(d, 'code'), MSG.badCode[lang]({ code: d.code }));
    if (d.kind !== 'count' && d.kind !== 'rate') {
      report(at(d, 'kind'), MSG.badChoice[lang]({ field: fieldName('kind'), text: String(d.kind), allowed: '数量/count, 比率/rate' }));
    }
    if (d.direction !== '>=' && d.direction !== '<=') {
      report(at(d, 'direction'), MSG.badChoice[lang]({ field: fieldName('direction'), text: String(d.direction), allowed: '≥, ≤' }));
    }
    if (!isFiniteNumber(d.factor)) {
      report(at(d, 'factor'), MSG.notANumber[lang]({ field: fieldName('factor'), text: String(d.factor) }));
    } else if (d.factor <= 0) report(at(d, 'factor'), MSG.factorNotPositive[lang]({ text: d.factor }));
    for (const f of ['target', 'min', 'max'] as const) {
      const v = d[f];
      if (v !== null && !isFiniteNumber(v)) report(at(d, f), MSG.notANumber[lang]({ field: fieldName(f), text: String(v) }));
    }
    if (isFiniteNumber(d.min) && isFiniteNumber(d.max) && d.min > d.max) {
      report(at(d, 'min'), MSG.minAboveMax[lang]({ min: d.min, max: d.max }));
    }
    if (d.kind === 'rate') {
      if (!d.numerator?.trim()) report(at(d, 'numerator'), MSG.rateWithout[lang]({ code: d.code, field: fieldName('numerator') }));
      if (!d.denominator?.trim()) {
        report(at(d, 'denominator'), MSG.rateWithout[lang]({ code: d.code, field: fieldName('denominator') }));
      }
    } else if (d.kind === 'count') {
      for (const f of ['numerator', 'denominator'] as const) {
        if (d[f]?.trim()) report(at(d, f), MSG.countWith[lang]({ code: d.code, field: fieldName(f) }));
      }
    }
  }
}

/** Stage 2: codes, names and aliases must each point at one indicator. */
function checkOneIndicatorPerKey(indicators: readonly LocatedIndicator[], c: Compiling): void {
  const { lang, at, report, fieldName } = c;
  const claimed = new Map<string, { d: LocatedIndicator; field: 'code' | 'name' | 'aliases' }>();
  for (const d of indicators) {
    const own = new Set<string>();
    const texts: { field: 'code' | 'name' | 'aliases'; text: string }[] = [
      { field: 'code', text: d.code },
      { field: 'name', text: d.name },
      ...d.aliases.map((a) => ({ field: 'aliases' as const, text: a })),
    ];
    for (const { field, text } of texts) {
      const key = headerKey(text ?? '');
      if (!key || own.has(key)) continue;
      own.add(key);
      const prior = claimed.get(key);
      if (!prior) {
        claimed.set(key, { d, field });
        continue;
      }
      if (field === 'code' && prior.field === 'code') {
        report(at(d, 'code'), MSG.duplicateCode[lang]({ code: d.code, other: where(at(prior.d, 'code')) }));
      } else {
        report(at(d, field), MSG.collision[lang]({ field: fieldName(field), text, other: prior.d.code, otherField: fieldName(prior.field) }));
      }
    }
  }
}

/**
 * An expression's text parsed and every [reference] resolved; each fault (syntax, unknown indicator,
 * a divisor that is always 0) reported at loc. Null when it does not parse.
 */
function parseAt<T>(
  text: string,
  parse: (text: string, lang: Lang) => T,
  trees: (parsed: T) => Expr[],
  resolve: Resolver,
  field: IndicatorField | RuleField,
  loc: CellRef,
  c: Compiling,
): T | null {
  const { lang, report, fieldName } = c;
  let parsed: T;
  try {
    parsed = parse(text, lang);
  } catch (e) {
    if (!(e instanceof ExpressionSyntaxError)) throw e;
    report(loc, MSG.syntax[lang]({ field: fieldName(field), text, reason: e.message }));
    return null;
  }
  const unknown = new Set<string>();
  for (const expr of trees(parsed)) resolveReferences(expr, resolve, (ref) => unknown.add(ref));
  for (const ref of unknown) report(loc, MSG.unknownRef[lang]({ field: fieldName(field), ref }));
  for (const expr of trees(parsed)) {
    const zero = constantZeroDivisor(expr);
    if (zero !== null) report(loc, MSG.divisionByZero[lang]({ field: fieldName(field), text, divisor: formatExpression(zero) }));
  }
  return parsed;
}

/** Sets each reference's code; onUnknown for those that name no indicator. */
function resolveReferences(expr: Expr, resolve: Resolver, onUnknown: (ref: string) => void): void {
  if (expr.type === 'ref') {
    const code = resolve(expr.name);
    if (code === null) onUnknown(expr.name);
    else expr.code = code;
  } else if (expr.type === 'neg') resolveReferences(expr.operand, resolve, onUnknown);
  else if (expr.type === 'bin') {
    // Along a long sum's left side by a loop, as evaluate() does.
    let e: Expr = expr;
    while (e.type === 'bin') {
      resolveReferences(e.right, resolve, onUnknown);
      e = e.left;
    }
    resolveReferences(e, resolve, onUnknown);
  }
}

/** Stage 3: each rate's 分子 and 分母 parsed, resolved, and never divided by a constant 0. */
function compileIndicators(indicators: readonly LocatedIndicator[], resolve: Resolver, c: Compiling): CompiledIndicator[] {
  return indicators.map((d) => {
    const parse = (field: 'numerator' | 'denominator'): Expr | null => {
      const text = d[field];
      if (d.kind !== 'rate' || !text?.trim()) return null;
      return parseAt(text, parseExpression, (e) => [e], resolve, field, c.at(d, field), c);
    };
    const numeratorExpr = parse('numerator');
    const denominatorExpr = parse('denominator');
    // A 分母 that reads no indicator and is 0 divides every rate by zero.
    if (denominatorExpr && references(denominatorExpr).length === 0 && evaluate(denominatorExpr, () => null) === 0) {
      c.report(
        c.at(d, 'denominator'),
        MSG.divisionByZero[c.lang]({ field: c.fieldName('denominator'), text: d.denominator ?? '', divisor: formatExpression(denominatorExpr) }),
      );
    }
    const { fieldCells: _cells, ...plain } = d;
    return {
      ...plain,
      aliases: [...d.aliases],
      ...(d.fieldCells ? { fieldCells: { ...d.fieldCells } } : {}),
      numeratorExpr,
      denominatorExpr,
    } as CompiledIndicator;
  });
}

type RateStep = { code: string; field: 'numerator' | 'denominator' };

/** Stage 4: rates built on rates must not come back to themselves; each cycle reported once. */
function checkRateCycles(compiled: readonly CompiledIndicator[], c: Compiling): void {
  const byCode = new Map(compiled.map((i) => [i.code, i]));
  const dependsOn = (i: CompiledIndicator): RateStep[] => {
    const out: RateStep[] = [];
    for (const field of ['numerator', 'denominator'] as const) {
      const expr = field === 'numerator' ? i.numeratorExpr : i.denominatorExpr;
      if (!expr) continue;
      for (const code of references(expr)) if (byCode.get(code)?.kind === 'rate') out.push({ code, field });
    }
    return out;
  };
  const state = new Map<string, 'visiting' | 'done'>();
  const seenCycles = new Set<string>();
  const visit = (i: CompiledIndicator, path: RateStep[]): void => {
    state.set(i.code, 'visiting');
    for (const dep of dependsOn(i)) {
      const step = [...path, { code: i.code, field: dep.field }];
      const s = state.get(dep.code);
      if (s === 'visiting') {
        const cycle = step.slice(step.findIndex((x) => x.code === dep.code));
        const key = cycle
          .map((x) => x.code)
          .sort()
          .join('|');
        if (!seenCycles.has(key)) {
          seenCycles.add(key);
          const first = cycle[0];
          const text = [...cycle.map((x) => x.code), dep.code].join(' → ');
          c.report(c.at(byCode.get(first.code)!, first.field), MSG.cycle[c.lang]({ path: text }));
        }
      } else if (s === undefined) visit(byCode.get(dep.code)!, step);
    }
    state.set(i.code, 'done');
  };
  for (const i of compiled) if (i.kind === 'rate' && !state.has(i.code)) visit(i, []);
}

/** Stage 5: 校验规则 — unique names, 级别, 容差, and the comparison parsed and resolved. */
function compileRules(input: readonly LocatedRule[], resolve: Resolver, c: Compiling): CompiledRule[] {
  const { lang, atRule, report, fieldName } = c;
  const ruleNames = new Map<string, LocatedRule>();
  const rules: CompiledRule[] = [];
  for (const r of input) {
    if (!r.name?.trim()) report(atRule(r, 'name'), MSG.emptyRuleName[lang]());
    else {
      const key = nameKey(r.name);
      const prior = ruleNames.get(key);
      if (prior) report(atRule(r, 'name'), MSG.duplicateRule[lang]({ name: r.name, other: where(atRule(prior, 'name')) }));
      else ruleNames.set(key, r);
    }
    if (r.severity !== 'error' && r.severity !== 'warning') {
      report(
        atRule(r, 'severity'),
        MSG.badChoice[lang]({ field: fieldName('severity'), text: String(r.severity), allowed: '错误/error, 警告/warning' }),
      );
    }
    if (r.tolerance !== null) {
      if (!isFiniteNumber(r.tolerance)) {
        report(atRule(r, 'tolerance'), MSG.notANumber[lang]({ field: fieldName('tolerance'), text: String(r.tolerance) }));
      } else if (r.tolerance < 0) report(atRule(r, 'tolerance'), MSG.negativeTolerance[lang]({ text: r.tolerance }));
    }
    if (!r.expression?.trim()) {
      report(atRule(r, 'expression'), MSG.emptyExpression[lang]());
      continue;
    }
    const parsed = parseAt(r.expression, parseComparison, (p) => [p.left, p.right], resolve, 'expression', atRule(r, 'expression'), c);
    if (parsed === null) continue;
    const { left, op, right } = parsed;
    const uses = [...new Set([...references(left), ...references(right)])];
    const { fieldCells: _cells, ...plain } = r;
    rules.push({ ...plain, ...(r.fieldCells ? { fieldCells: { ...r.fieldCells } } : {}), left, op, right, uses } as CompiledRule);
  }
  return rules;
}

/** Stage 6: 任务数, keyed by township name as grouped (nameKey) and indicator code. */
function compileTargets(
  input: Readonly<Record<string, Readonly<Record<string, number>>>> | undefined,
  resolve: Resolver,
  c: Compiling,
): Record<string, Record<string, number>> {
  const { lang, targetSheet, report } = c;
  const townshipTargets = dict<Record<string, number>>();
  for (const township of Object.keys(input ?? {})) {
    const targets = input![township];
    const row = (townshipTargets[nameKey(township)] ??= dict());
    for (const ref of Object.keys(targets)) {
      const value = targets[ref];
      const code = resolve(ref);
      if (code === null) report({ sheet: targetSheet, cell: ref }, MSG.unknownTargetIndicator[lang]({ code: ref }));
      else if (!isFiniteNumber(value)) {
        report({ sheet: targetSheet, cell: ref }, MSG.badTarget[lang]({ township, code, text: String(value) }));
      } else row[code] = value;
    }
  }
  return townshipTargets;
}

// ---------------------------------------------------------------------------------------------
// Reading sheets

function cellText(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v.error;
}

/**
 * A number as statisticians type it: 1234, "1,234", "１２３４", " 90 ", "90%" (read as 90, the unit's
 * figure); a percent-formatted 0.9 reads as 90. Blank → null; anything else → NaN.
 */
function cellNumber(v: CellValue | undefined, format: string | null | undefined): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return format && format.includes('%') ? v * 100 : v;
  if (typeof v === 'string') {
    const s = toHalfWidth(v).replace(/[\s,]/g, '').replace(/%$/, '');
    if (s === '') return v.trim() === '' ? null : NaN;
    return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : NaN;
  }
  return NaN;
}

interface HeaderRow<F extends string> {
  row: number;
  columns: Partial<Record<F, number>>;
}

const HEADER_SCAN_ROWS = 20;

function findHeader<F extends string>(
  sheet: SheetInput,
  headers: Record<F, { 'zh-CN': string; en: string; also: string[] }>,
  required: F[],
): HeaderRow<F> | null {
  const keys = new Map<string, F>();
  for (const f of Object.keys(headers) as F[]) {
    const h = headers[f];
    for (const t of [h['zh-CN'], h.en, ...h.also]) keys.set(headerKey(t), f);
  }
  for (let r = 0; r < Math.min(sheet.values.length, HEADER_SCAN_ROWS); r++) {
    const columns = dict() as Partial<Record<F, number>>;
    (sheet.values[r] ?? []).forEach((v, c) => {
      const f = keys.get(headerKey(cellText(v)));
      if (f !== undefined && columns[f] === undefined) columns[f] = c;
    });
    if (required.every((f) => columns[f] !== undefined)) return { row: r, columns };
  }
  return null;
}

function splitAliases(text: string): string[] {
  return text
    .split(/[、，,;；|\n]/)
    .map((a) => a.trim())
    .filter((a) => a !== '');
}

interface Reading<T> {
  items: T[];
  problems: DefinitionProblem[];
}

function readIndicatorSheet(sheet: SheetInput, lang: Lang): Reading<LocatedIndicator> {
  const problems: DefinitionProblem[] = [];
  const header = findHeader<IndicatorField>(sheet, INDICATOR_HEADERS, ['code', 'name']);
  if (!header) {
    const columns = `${INDICATOR_HEADERS.code[lang]}”“${INDICATOR_HEADERS.name[lang]}`;
    return { items: [], problems: [{ sheet: sheet.name, cell: 'A1', message: MSG.noHeader[lang]({ columns }) }] };
  }
  const items: LocatedIndicator[] = [];
  for (let r = header.row + 1; r < sheet.values.length; r++) {
    const row = sheet.values[r] ?? [];
    const fields = Object.keys(header.columns) as IndicatorField[];
    if (fields.every((f) => cellText(row[header.columns[f]!]) === '')) continue;
    const fieldCells: Partial<Record<IndicatorField, string>> = dict();
    for (const f of fields) fieldCells[f] = cellAddress(r, header.columns[f]!);
    const text = (f: IndicatorField): string => (header.columns[f] === undefined ? '' : cellText(row[header.columns[f]!]));
    const problem = (f: IndicatorField, message: string): void => {
      problems.push({ sheet: sheet.name, cell: fieldCells[f] ?? cellAddress(r, header.columns.code!), message });
    };
    const number = (f: IndicatorField): number | null => {
      const c = header.columns[f];
      if (c === undefined) return null;
      const n = cellNumber(row[c], sheet.numberFormats?.[r]?.[c]);
      if (n !== null && Number.isNaN(n)) {
        problem(f, MSG.notANumber[lang]({ field: FIELD_TEXT[f][lang], text: text(f) }));
        return null;
      }
      return n;
    };

    const code = text('code');
    const unit = text('unit');
    const numerator = text('numerator') || null;
    const denominator = text('denominator') || null;
    let kind: 'count' | 'rate' = numerator || denominator ? 'rate' : 'count';
    if (text('kind')) {
      const k = KINDS.get(headerKey(text('kind')));
      if (k) kind = k;
      else problem('kind', MSG.badChoice[lang]({ field: FIELD_TEXT.kind[lang], text: text('kind'), allowed: '数量/count, 比率/rate' }));
    }
    let direction: Direction = '>=';
    if (text('direction')) {
      const d = DIRECTIONS.get(headerKey(text('direction')));
      if (d) direction = d;
      else problem('direction', MSG.badChoice[lang]({ field: FIELD_TEXT.direction[lang], text: text('direction'), allowed: '≥, ≤' }));
    }
    const factor = number('factor') ?? (kind === 'rate' ? defaultFactor(unit) : 1);
    // 口径 and 环比阈值 are optional columns: most counties' 指标定义 has neither (history.ts infers 口径).
    let measure: 'cumulative' | 'stock' | undefined;
    if (text('measure')) {
      measure = MEASURES.get(headerKey(text('measure')));
      if (!measure) problem('measure', MSG.badChoice[lang]({ field: FIELD_TEXT.measure[lang], text: text('measure'), allowed: '累计/cumulative, 时点/stock' }));
    }
    // 50, "50%" and a 0.5 formatted as % all mean 50 %; a plain 0.5 too.
    const threshold = number('changeThreshold');
    const changeThreshold = threshold === null ? null : threshold > 1 ? threshold / 100 : threshold;
    items.push({
      code,
      name: text('name') || code,
      aliases: splitAliases(text('aliases')),
      unit,
      kind,
      numerator,
      denominator,
      factor,
      target: number('target'),
      direction,
      min: number('min'),
      max: number('max'),
      ...(measure ? { measure } : {}),
      ...(changeThreshold !== null ? { changeThreshold } : {}),
      origin: { sheet: sheet.name, cell: fieldCells.code! },
      fieldCells,
    });
  }
  return { items, problems };
}

function readRuleSheet(sheet: SheetInput, lang: Lang): Reading<LocatedRule> {
  const problems: DefinitionProblem[] = [];
  const header = findHeader<RuleField>(sheet, RULE_HEADERS, ['expression']);
  if (!header) {
    return {
      items: [],
      problems: [{ sheet: sheet.name, cell: 'A1', message: MSG.noHeader[lang]({ columns: RULE_HEADERS.expression[lang] }) }],
    };
  }
  const items: LocatedRule[] = [];
  for (let r = header.row + 1; r < sheet.values.length; r++) {
    const row = sheet.values[r] ?? [];
    const fields = Object.keys(header.columns) as RuleField[];
    if (fields.every((f) => cellText(row[header.columns[f]!]) === '')) continue;
    const fieldCells: Partial<Record<RuleField, string>> = dict();
    for (const f of fields) fieldCells[f] = cellAddress(r, header.columns[f]!);
    const text = (f: RuleField): string => (header.columns[f] === undefined ? '' : cellText(row[header.columns[f]!]));
    const problem = (f: RuleField, message: string): void => {
      problems.push({ sheet: sheet.name, cell: fieldCells[f] ?? fieldCells.expression!, message });
    };
    let severity: 'error' | 'warning' = 'error';
    if (text('severity')) {
      const s = SEVERITIES.get(headerKey(text('severity')));
      if (s) severity = s;
      else {
        problem('severity', MSG.badChoice[lang]({ field: FIELD_TEXT.severity[lang], text: text('severity'), allowed: '错误/error, 警告/warning' }));
      }
    }
    let tolerance: number | null = null;
    const tc = header.columns.tolerance;
    if (tc !== undefined) {
      const n = cellNumber(row[tc], null);
      if (n !== null && Number.isNaN(n)) {
        problem('tolerance', MSG.notANumber[lang]({ field: FIELD_TEXT.tolerance[lang], text: text('tolerance') }));
      } else tolerance = n;
    }
    const expression = text('expression');
    items.push({
      name: text('name') || expression,
      expression,
      severity,
      tolerance,
      origin: { sheet: sheet.name, cell: fieldCells.name ?? fieldCells.expression! },
      fieldCells,
    });
  }
  return { items, problems };
}

function readTargetSheet(
  sheet: SheetInput,
  resolve: Resolver,
  lang: Lang,
): { targets: Record<string, Record<string, number>>; issues: Issue[]; problems: DefinitionProblem[] } {
  const townshipKeys = new Set([...TOWNSHIP_HEADERS, ...UNIT_HEADERS].map(headerKey));
  let headerRow = -1;
  let townshipColumn = -1;
  for (let r = 0; r < Math.min(sheet.values.length, HEADER_SCAN_ROWS) && headerRow < 0; r++) {
    const c = (sheet.values[r] ?? []).findIndex((v) => townshipKeys.has(headerKey(cellText(v))));
    if (c >= 0) {
      headerRow = r;
      townshipColumn = c;
    }
  }
  if (headerRow < 0) {
    return {
      targets: dict(),
      issues: [],
      problems: [{ sheet: sheet.name, cell: 'A1', message: MSG.noHeader[lang]({ columns: TOWNSHIP_HEADERS[0] }) }],
    };
  }
  const issues: Issue[] = [];
  const columns: { column: number; code: string }[] = [];
  (sheet.values[headerRow] ?? []).forEach((v, c) => {
    const header = cellText(v);
    if (c === townshipColumn || header === '' || IGNORED_TARGET_HEADERS.has(headerKey(header))) return;
    const code = resolve(header);
    if (code === null) {
      issues.push(
        issue('warning', 'target-unknown-indicator', lang, { sheet: sheet.name, cell: cellAddress(headerRow, c), params: { header } }),
      );
    } else columns.push({ column: c, code });
  });

  const targets = dict<Record<string, number>>();
  for (let r = headerRow + 1; r < sheet.values.length; r++) {
    const row = sheet.values[r] ?? [];
    const township = nameKey(cellText(row[townshipColumn]));
    if (township === '' || TOTAL_LABELS.has(headerKey(township))) continue;
    for (const { column, code } of columns) {
      const n = cellNumber(row[column], sheet.numberFormats?.[r]?.[column]);
      if (n === null) continue;
      if (Number.isNaN(n)) {
        issues.push(
          issue('warning', 'target-not-a-number', lang, {
            sheet: sheet.name,
            cell: cellAddress(r, column),
            indicator: code,
            params: { text: cellText(row[column]), township },
          }),
        );
        continue;
      }
      (targets[township] ??= dict())[code] = n;
    }
  }
  return { targets, issues, problems: [] };
}

export interface ReadDefinitionsOptions {
  source: DefinitionSource;
  /** Where a part whose sheet is absent comes from (usually the built-in catalog); else that part is empty. */
  base?: Definitions;
  lang?: Lang;
  /**
   * The file the sheets came from, named in the line saying where definitions came from: give it for
   * sheets that carry no source (the CLI's --definitions workbook). Default: the sheets' own source.
   */
  file?: string;
}

/**
 * Reads definitions from the 指标定义 / 校验规则 / 任务数 sheets among sheets; null when none is there.
 * A part whose sheet is absent comes from base. When the indicators are the workbook's own, base rules
 * and targets are kept only where every indicator they name is still defined.
 * @throws DefinitionError listing every fault of the definition sheets, each at its cell.
 */
export function readDefinitions(
  sheets: SheetInput[],
  options: ReadDefinitionsOptions,
): { definitions: Definitions; issues: Issue[] } | null {
  const lang = options.lang ?? 'zh-CN';
  const found: Partial<Record<DefinitionSheetRole, SheetInput>> = dict();
  for (const s of sheets) {
    const role = definitionSheetRole(s.name);
    if (role && !found[role]) found[role] = s;
  }
  if (!found.indicators && !found.rules && !found.targets) return null;

  const problems: DefinitionProblem[] = [];
  const base = options.base;

  let indicators: LocatedIndicator[];
  if (found.indicators) {
    const read = readIndicatorSheet(found.indicators, lang);
    indicators = read.items;
    problems.push(...read.problems);
  } else {
    indicators = (base?.indicators ?? []).map(({ numeratorExpr: _n, denominatorExpr: _d, ...d }) => d);
  }
  const resolve = resolverFor(indicators);

  let rules: LocatedRule[];
  if (found.rules) {
    const read = readRuleSheet(found.rules, lang);
    rules = read.items;
    problems.push(...read.problems);
  } else {
    rules = (base?.rules ?? [])
      .filter((r) => !found.indicators || [...references(r.left), ...references(r.right)].every((code) => resolve(code) !== null))
      .map(({ left: _l, op: _o, right: _r, uses: _u, ...r }) => r);
  }

  let townshipTargets: Record<string, Record<string, number>>;
  const issues: Issue[] = [];
  if (found.targets) {
    const read = readTargetSheet(found.targets, resolve, lang);
    townshipTargets = read.targets;
    issues.push(...read.issues);
    problems.push(...read.problems);
  } else {
    townshipTargets = dict();
    for (const [township, targets] of Object.entries(base?.townshipTargets ?? {})) {
      for (const [code, value] of Object.entries(targets)) {
        if (resolve(code) !== null) (townshipTargets[township] ??= dict())[code] = value;
      }
    }
  }

  const roles = (['indicators', 'rules', 'targets'] as const).flatMap((role) => (found[role] ? [found[role]] : []));
  const consumed = roles.map((sheet) => sheet.name);
  const file = options.file ?? roles.find((sheet) => sheet.source !== undefined)?.source;
  let definitions: Definitions | null = null;
  try {
    definitions = compileDefinitions({ indicators, rules, townshipTargets, source: options.source, sheets: consumed, lang });
    if (file !== undefined) definitions.file = file;
  } catch (e) {
    if (!(e instanceof DefinitionError)) throw e;
    problems.push(...e.problems);
  }
  if (problems.length > 0 || definitions === null) throw new DefinitionError(dedupe(problems));
  return { definitions, issues };
}

/** A cell read badly (e.g. a 类型 that is not a kind) is reported once, not again when compiled. */
function dedupe(problems: DefinitionProblem[]): DefinitionProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.sheet}!${p.cell}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
