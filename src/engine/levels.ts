// The chain 村 → 乡镇 → 县 → 市 → 省: what a run's units are called, what its total row is named, the
// title row of its result sheets, and the 分子/分母 columns a rate needs in 县级汇总 so that the level
// above can recompute it from sums (Σ分子 ÷ Σ分母), never by averaging the units' rates.
import { dict } from './dict';
import { references } from './expression';
import { nameKey } from './normalize';
import { evaluateColumn, rateParts, tidy, type ValueTable } from './rollup';
import type { CompiledIndicator, ConsolidationResult, Expr, FacilityRecord, Lang, RateParts, RollupRow, UnitLevel } from './types';

interface LevelText {
  /** The units' column header: 乡镇, 县, 市. */
  unit: Record<Lang, string>;
  /** The total row's name when the run has no unit name. */
  total: Record<Lang, string>;
  /** The level of the total (完成情况's 层级 column). */
  whole: Record<Lang, string>;
}

export const LEVEL_TEXT: Record<UnitLevel, LevelText> = {
  township: { unit: { 'zh-CN': '乡镇', en: 'Township' }, total: { 'zh-CN': '全县合计', en: 'County total' }, whole: { 'zh-CN': '县', en: 'County' } },
  county: { unit: { 'zh-CN': '县', en: 'County' }, total: { 'zh-CN': '全市合计', en: 'City total' }, whole: { 'zh-CN': '市', en: 'City' } },
  city: { unit: { 'zh-CN': '市', en: 'City' }, total: { 'zh-CN': '全省合计', en: 'Province total' }, whole: { 'zh-CN': '省', en: 'Province' } },
};

/** The level one up: a county's result workbook is a unit of a city's run. */
export const LEVEL_ABOVE: Record<UnitLevel, UnitLevel | null> = { township: 'county', county: 'city', city: null };

/** "青山县合计" / "Qingshan total" with a unit name, else 全县合计 (全市合计 when the units are counties). */
export function totalRowName(level: UnitLevel, unitName: string | null | undefined, lang: Lang): string {
  const name = unitName?.trim() ?? '';
  if (name === '') return LEVEL_TEXT[level].total[lang];
  return lang === 'zh-CN' ? `${name}合计` : `${name} total`;
}

const DEFAULT_TOTALS = new Set(Object.values(LEVEL_TEXT).flatMap((t) => Object.values(t.total)).map(nameKey));

/** The unit name a total row carries ("青山县合计" → 青山县); null for a default name such as 全县合计. */
export function unitNameOfTotal(label: string): string | null {
  const text = label.trim();
  if (text === '' || DEFAULT_TOTALS.has(nameKey(text))) return null;
  const m = /^(.+?)\s*(合计|total)$/i.exec(text);
  return m ? m[1].trim() : null;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The months the year-to-date figures cover: 2024年1-11月 (2024年1月 in January); Jan–Nov 2024. */
export function periodText(asOf: string, lang: Lang): string {
  const year = asOf.slice(0, 4);
  const month = Number(asOf.slice(5, 7));
  if (lang === 'zh-CN') return month === 1 ? `${year}年1月` : `${year}年1-${month}月`;
  return month === 1 ? `Jan ${year}` : `Jan–${MONTHS_EN[month - 1]} ${year}`;
}

/** The title row of a result sheet: unit, period, sheet and date of the run; null without a unit name. */
export function sheetTitle(result: Pick<ConsolidationResult, 'asOf' | 'unitName' | 'runDate'>, sheetName: string, lang: Lang): string | null {
  const unit = result.unitName?.trim() ?? '';
  if (unit === '') return null;
  const period = periodText(result.asOf, lang);
  const made = result.runDate ?? null;
  return lang === 'zh-CN'
    ? `${unit} ${period} ${sheetName}${made ? `（制表日期：${made}）` : ''}`
    : `${unit}, ${period}: ${sheetName}${made ? ` (made ${made})` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// 分子 and 分母 of each rate

export type PartSide = 'numerator' | 'denominator';

const PART_WORD: Record<PartSide, Record<Lang, string>> = {
  numerator: { 'zh-CN': '分子', en: 'numerator' },
  denominator: { 'zh-CN': '分母', en: 'denominator' },
};

/** "高血压患者规范管理率分子" / "… numerator": no bracket, which header matching would drop. */
export function partHeader(rate: Pick<CompiledIndicator, 'name'>, side: PartSide, lang: Lang): string {
  return lang === 'zh-CN' ? `${rate.name}${PART_WORD[side][lang]}` : `${rate.name} ${PART_WORD[side][lang]}`;
}

/** Every spelling of a rate's part columns, in both languages, by nameKey → [rate code, side]. */
export function partHeaders(indicators: readonly CompiledIndicator[]): Map<string, { code: string; side: PartSide }> {
  const out = new Map<string, { code: string; side: PartSide }>();
  for (const rate of rateParts(indicators)) {
    for (const side of ['numerator', 'denominator'] as const) {
      for (const lang of ['zh-CN', 'en'] as const) out.set(nameKey(partHeader(rate, side, lang)), { code: rate.code, side });
    }
  }
  return out;
}

/**
 * The roll-up rows with each rate's Σ分子 and Σ分母, summed as rollUpTable sums them: per township over
 * the facility rows that give both, in the same order; the total over the townships.
 */
export function withRateParts(
  rollup: readonly RollupRow[],
  facilities: readonly FacilityRecord[],
  table: ValueTable,
  indicators: readonly CompiledIndicator[],
): RollupRow[] {
  const rates = rateParts(indicators);
  if (rates.length === 0) return [...rollup];
  const groupOf = new Map<string, number>();
  const townshipRows = rollup.filter((r) => r.level === 'township');
  townshipRows.forEach((r, g) => groupOf.set(nameKey(r.name), g));
  const sums = rates.map(() => townshipRows.map(() => ({ numerator: 0, denominator: 0, seen: false })));
  // Each facility's township row, found once (names normalised once per spelling), for every rate.
  const bySpelling = new Map<string, number>();
  const groupAt = Int32Array.from(facilities, (f) => {
    let g = bySpelling.get(f.township);
    if (g === undefined) {
      g = groupOf.get(nameKey(f.township)) ?? -1;
      bySpelling.set(f.township, g);
    }
    return g;
  });
  for (const [m, rate] of rates.entries()) {
    const numerators = evaluateColumn(rate.numeratorExpr as Expr, table);
    const denominators = evaluateColumn(rate.denominatorExpr as Expr, table);
    for (let k = 0; k < facilities.length; k++) {
      const a = numerators[k];
      const b = denominators[k];
      if (a !== a || b !== b) continue;
      const g = groupAt[k];
      if (g < 0) continue;
      const s = sums[m][g];
      s.numerator += a;
      s.denominator += b;
      s.seen = true;
    }
  }
  const partsOf = (pick: (m: number) => { numerator: number; denominator: number; seen: boolean }): Record<string, RateParts> => {
    const parts = dict<RateParts>();
    rates.forEach((rate, m) => {
      const s = pick(m);
      if (s.seen) parts[rate.code] = { numerator: tidy(s.numerator), denominator: tidy(s.denominator) };
    });
    return parts;
  };
  const totals = rates.map((_, m) => {
    const t = { numerator: 0, denominator: 0, seen: false };
    for (const s of sums[m]) {
      if (!s.seen) continue;
      t.numerator += s.numerator;
      t.denominator += s.denominator;
      t.seen = true;
    }
    return t;
  });
  return rollup.map((r) => {
    if (r.level === 'county') return { ...r, parts: partsOf((m) => totals[m]) };
    const g = groupOf.get(nameKey(r.name));
    return g === undefined ? r : { ...r, parts: partsOf((m) => sums[m][g]) };
  });
}

/**
 * The rates whose 分子 and 分母 need columns of their own in 县级汇总: those with a figure on some row,
 * unless each side is one count that 县级汇总 shows with exactly the summed value on every row (a
 * facility that gave the count without the other side makes the count's total differ from Σ分子).
 */
export function ratesNeedingParts(rollup: readonly RollupRow[], indicators: readonly CompiledIndicator[], shown: ReadonlySet<string>): CompiledIndicator[] {
  return rateParts(indicators).filter((rate) => {
    const rows = rollup.filter((r) => r.parts?.[rate.code] !== undefined);
    if (rows.length === 0) return false;
    const single = (expr: Expr | null): string | null => {
      if (!expr || expr.type !== 'ref') return null;
      const [code] = references(expr);
      return code !== undefined && shown.has(code) ? code : null;
    };
    const numerator = single(rate.numeratorExpr);
    const denominator = single(rate.denominatorExpr);
    if (numerator === null || denominator === null) return true;
    return rows.some((r) => {
      const p = r.parts![rate.code];
      return r.values[numerator] !== p.numerator || r.values[denominator] !== p.denominator;
    });
  });
}
