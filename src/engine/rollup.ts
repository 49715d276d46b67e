// Roll-up: township and county figures from facility rows. Counts are summed; rates are recomputed
// from the summed numerator and denominator (Σ分子 ÷ Σ分母 × 系数), never averaged.
import { evaluate } from './expression';
import { nameKey } from './normalize';
import type { CompiledIndicator, FacilityRecord, RollupRow } from './types';

type RowValues = Readonly<Record<string, number | null | undefined>>;

/** Sums carry binary noise (131.1 + 20.2 = 151.29999999999998); 15 significant digits drop it. */
export function tidy(x: number): number {
  return Number.isInteger(x) ? x : Number(x.toPrecision(15));
}

/**
 * A rate indicator's value on one row of values: numerator ÷ denominator × factor; null when either
 * side cannot be computed (a value it uses is missing) or the denominator is 0.
 * A reference to another rate is read from `resolve` when given, else from values.
 */
export function rateOfRow(
  indicator: CompiledIndicator,
  values: RowValues,
  resolve?: (code: string) => number | null,
): number | null {
  if (!indicator.numeratorExpr || !indicator.denominatorExpr) return null;
  const value = resolve ?? ((code: string) => values[code] ?? null);
  const denominator = evaluate(indicator.denominatorExpr, value);
  if (denominator === null || denominator === 0 || !Number.isFinite(denominator)) return null;
  const numerator = evaluate(indicator.numeratorExpr, value);
  if (numerator === null || !Number.isFinite(numerator)) return null;
  return (numerator / denominator) * indicator.factor;
}

/** Rates of a row of summed counts; a rate built on another rate reads that rate's recomputed value. */
function withRates(sums: Record<string, number | null>, indicators: CompiledIndicator[]): Record<string, number | null> {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const out = sums;
  const busy = new Set<string>();
  const resolve = (code: string): number | null => {
    if (code in out) return out[code];
    const ind = byCode.get(code);
    if (!ind || ind.kind !== 'rate' || busy.has(code)) return null;
    busy.add(code);
    const v = rateOfRow(ind, out, resolve);
    busy.delete(code);
    out[code] = v;
    return v;
  };
  for (const ind of indicators) if (ind.kind === 'rate') resolve(ind.code);
  return out;
}

interface Group {
  name: string;
  facilities: number;
  sums: Float64Array;
  seen: Uint8Array;
}

/**
 * One row per township (townshipOrder first, then any other township in order of appearance), then
 * the county row named countyName. Counts no facility reported are null, never 0.
 */
export function rollUp(
  facilities: FacilityRecord[],
  indicators: CompiledIndicator[],
  townshipOrder: string[],
  countyName: string,
): RollupRow[] {
  const counts = indicators.filter((i) => i.kind === 'count').map((i) => i.code);
  const n = counts.length;
  const groups = new Map<string, Group>();
  const groupOf = (name: string): Group => {
    const key = nameKey(name);
    let g = groups.get(key);
    if (!g) {
      g = { name, facilities: 0, sums: new Float64Array(n), seen: new Uint8Array(n) };
      groups.set(key, g);
    }
    return g;
  };
  for (const t of townshipOrder) groupOf(t);

  for (const f of facilities) {
    const g = groupOf(f.township);
    g.facilities++;
    const values = f.values;
    for (let j = 0; j < n; j++) {
      const v = values[counts[j]];
      if (v !== undefined) {
        g.sums[j] += v;
        g.seen[j] = 1;
      }
    }
  }

  const county: Group = { name: countyName, facilities: 0, sums: new Float64Array(n), seen: new Uint8Array(n) };
  const rows: RollupRow[] = [];
  const rowOf = (g: Group, level: RollupRow['level']): RollupRow => {
    const sums: Record<string, number | null> = {};
    for (let j = 0; j < n; j++) sums[counts[j]] = g.seen[j] ? tidy(g.sums[j]) : null;
    const computed = withRates(sums, indicators);
    const values: Record<string, number | null> = {};
    for (const ind of indicators) values[ind.code] = computed[ind.code] ?? null;
    return { level, name: g.name, facilities: g.facilities, values };
  };
  for (const g of groups.values()) {
    county.facilities += g.facilities;
    for (let j = 0; j < n; j++) {
      if (g.seen[j]) {
        county.sums[j] += g.sums[j];
        county.seen[j] = 1;
      }
    }
    rows.push(rowOf(g, 'township'));
  }
  rows.push(rowOf(county, 'county'));
  return rows;
}
