// Roll-up: township and county figures from facility rows. Counts are summed; rates are recomputed
// from the summed numerator and denominator (Σ分子 ÷ Σ分母 × 系数), never averaged.
import { dict } from './dict';
import { evaluate, references } from './expression';
import { nameKey } from './normalize';
import type { CompiledIndicator, Expr, FacilityRecord, RollupRow } from './types';

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
    const known = out[code];
    if (known !== undefined) return known;
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

/**
 * Facility values as one dense table, read once and shared by the roll-up and the checks: record k,
 * indicator j at data[j * rows + k], NaN where the record has no value. Records are dictionaries
 * keyed by code; reading each of them once keeps a large county within the engine's time budget, and
 * keeping each indicator's figures together keeps the column-at-a-time checks and sums fast.
 */
export interface ValueTable {
  codes: string[];
  column: Map<string, number>;
  width: number;
  rows: number;
  data: Float64Array;
  /** Laid out as data: 1 where the record has a cell for the indicator but no value (its text could not be read). */
  unreadable: Uint8Array;
}

/**
 * Builds the table. codesOf, when given, names the codes a record can hold (e.g. its sheet's matched
 * columns); returning the same array for a run of records lets their column positions be reused.
 */
export function valueTable(
  records: readonly FacilityRecord[],
  indicators: readonly Pick<CompiledIndicator, 'code'>[],
  codesOf?: (record: FacilityRecord, index: number) => readonly string[],
): ValueTable {
  const codes = indicators.map((i) => i.code);
  const column = new Map(codes.map((c, j) => [c, j]));
  const width = codes.length;
  const rows = records.length;
  const data = new Float64Array(rows * width).fill(NaN);
  const unreadable = new Uint8Array(rows * width);
  let lastCodes: readonly string[] | null = null;
  let lastColumns: Int32Array = new Int32Array(0);
  for (let k = 0; k < records.length; k++) {
    const { values, cells } = records[k];
    const present = codesOf ? codesOf(records[k], k) : codes;
    if (present !== lastCodes) {
      lastCodes = present;
      lastColumns = Int32Array.from(present, (c) => column.get(c) ?? -1);
    }
    for (let m = 0; m < present.length; m++) {
      const j = lastColumns[m];
      if (j < 0) continue;
      const v = values[present[m]];
      if (v !== undefined) data[j * rows + k] = v;
      else if (cells[present[m]] !== undefined) unreadable[j * rows + k] = 1;
    }
  }
  return { codes, column, width, rows, data, unreadable };
}

/** Figures already read as numbers (a sheet's facility or total rows): row i, column m at m × rows + i. */
export interface FigureBlock {
  /** Each code once. */
  codes: readonly string[];
  rows: number;
  /** NaN where the row has no value. */
  data: Float64Array;
  /** 1 where the row has a cell but no value. */
  unread: Uint8Array;
}

/**
 * The same table valueTable builds from records, built from their figures as the reader left them:
 * the blocks' rows in order, one after another. Copying columns of numbers spares reading every
 * record back.
 */
export function valueTableOfBlocks(
  indicators: readonly Pick<CompiledIndicator, 'code'>[],
  blocks: readonly FigureBlock[],
): ValueTable {
  const codes = indicators.map((i) => i.code);
  const column = new Map(codes.map((c, j) => [c, j]));
  const width = codes.length;
  let rows = 0;
  for (const b of blocks) rows += b.rows;
  const data = new Float64Array(rows * width).fill(NaN);
  const unreadable = new Uint8Array(rows * width);
  let first = 0;
  for (const b of blocks) {
    for (let m = 0; m < b.codes.length; m++) {
      const j = column.get(b.codes[m]);
      if (j === undefined) continue;
      const from = m * b.rows;
      const to = j * rows + first;
      data.set(b.data.subarray(from, from + b.rows), to);
      unreadable.set(b.unread.subarray(from, from + b.rows), to);
    }
    first += b.rows;
  }
  return { codes, column, width, rows, data, unreadable };
}

/**
 * expr evaluated on every row of a table at once: the same results as evaluate() row by row, with NaN
 * for null — NaN where a value it reads is absent (0 instead with blankAsZero, as validation rules
 * read blanks), on division by zero, or when not finite. Column at a time keeps the loops tight.
 */
export function evaluateColumn(expr: Expr, table: ValueTable, blankAsZero = false): Float64Array {
  return evaluateColumnWith(expr, table, blankAsZero, []);
}

/**
 * evaluateColumn, taking the columns it works in from spare (each of table.rows numbers) and putting
 * back those it is done with: checking many rules then needs only a few columns, not several per rule.
 */
export function evaluateColumnWith(expr: Expr, table: ValueTable, blankAsZero: boolean, spare: Float64Array[]): Float64Array {
  const { rows, data } = table;
  switch (expr.type) {
    case 'num':
      return (spare.pop() ?? new Float64Array(rows)).fill(expr.value);
    case 'ref': {
      const out = spare.pop() ?? new Float64Array(rows);
      const j = table.column.get(expr.code ?? expr.name);
      if (j === undefined) return out.fill(blankAsZero ? 0 : NaN);
      const values = data.subarray(j * rows, (j + 1) * rows);
      if (!blankAsZero) {
        out.set(values);
        return out;
      }
      for (let k = 0; k < rows; k++) {
        const v = values[k];
        out[k] = v !== v ? 0 : v;
      }
      return out;
    }
    case 'neg': {
      const out = evaluateColumnWith(expr.operand, table, blankAsZero, spare);
      for (let k = 0; k < rows; k++) out[k] = -out[k];
      return out;
    }
    case 'bin': {
      const out = evaluateColumnWith(expr.left, table, blankAsZero, spare);
      const r = evaluateColumnWith(expr.right, table, blankAsZero, spare);
      switch (expr.op) {
        case '+':
          for (let k = 0; k < rows; k++) out[k] = out[k] + r[k];
          break;
        case '-':
          for (let k = 0; k < rows; k++) out[k] = out[k] - r[k];
          break;
        case '*':
          for (let k = 0; k < rows; k++) out[k] = out[k] * r[k];
          break;
        case '/':
          for (let k = 0; k < rows; k++) out[k] = r[k] === 0 ? NaN : out[k] / r[k];
          break;
      }
      spare.push(r);
      // Overflow to ±Infinity is no value either.
      for (let k = 0; k < rows; k++) if (out[k] - out[k] !== 0) out[k] = NaN;
      return out;
    }
  }
}

interface Group {
  name: string;
  facilities: number;
  sums: Float64Array;
  seen: Uint8Array;
  /** Per rate built on counts (rateParts): Σ分子 and Σ分母 over the rows that have both, and whether any did. */
  numerators: Float64Array;
  denominators: Float64Array;
  rated: Uint8Array;
}

/**
 * The rate indicators whose 分子 and 分母 read counts only. Such a rate is rolled up from the rows that
 * give both its numerator and its denominator: a row (or a whole sheet) with only one of them would
 * put its figure on one side of the fraction and nothing on the other.
 */
export function rateParts(indicators: readonly CompiledIndicator[]): CompiledIndicator[] {
  const kinds = new Map(indicators.map((i) => [i.code, i.kind]));
  return indicators.filter((i) => {
    if (i.kind !== 'rate' || !i.numeratorExpr || !i.denominatorExpr) return false;
    const used = [...references(i.numeratorExpr), ...references(i.denominatorExpr)];
    return used.length > 0 && used.every((code) => kinds.get(code) === 'count');
  });
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
  return rollUpTable(facilities, valueTable(facilities, indicators), indicators, townshipOrder, countyName);
}

/** rollUp over a table already read from the same facilities, in the same order. */
export function rollUpTable(
  facilities: readonly FacilityRecord[],
  table: ValueTable,
  indicators: CompiledIndicator[],
  townshipOrder: string[],
  countyName: string,
): RollupRow[] {
  const counts = indicators.filter((i) => i.kind === 'count').map((i) => i.code);
  const n = counts.length;
  const at = Int32Array.from(counts, (c) => table.column.get(c) ?? -1);
  const groups = new Map<string, Group>();
  const keys = new Map<string, string>();
  const rates = rateParts(indicators);
  const q = rates.length;
  const newGroup = (name: string): Group => ({
    name,
    facilities: 0,
    sums: new Float64Array(n),
    seen: new Uint8Array(n),
    numerators: new Float64Array(q),
    denominators: new Float64Array(q),
    rated: new Uint8Array(q),
  });
  const groupOf = (name: string): Group => {
    let key = keys.get(name);
    if (key === undefined) {
      key = nameKey(name);
      keys.set(name, key);
    }
    let g = groups.get(key);
    if (!g) {
      g = newGroup(name);
      groups.set(key, g);
    }
    return g;
  };
  for (const t of townshipOrder) groupOf(t);

  const { data } = table;
  // Runs of consecutive facilities of one township (a sheet's rows, usually), each summed into its group.
  const runStarts: number[] = [];
  const runGroups: Group[] = [];
  let last: Group | null = null;
  let lastName = '';
  for (let k = 0; k < facilities.length; k++) {
    const township = facilities[k].township;
    if (last === null || township !== lastName) {
      const g = groupOf(township);
      if (g !== last) {
        runStarts.push(k);
        runGroups.push(g);
      }
      last = g;
      lastName = township;
    }
    last.facilities++;
  }
  runStarts.push(facilities.length);
  // Column by column: each group's sum of an indicator still adds its rows in order.
  for (let m = 0; m < n; m++) {
    const j = at[m];
    if (j < 0) continue;
    const column = data.subarray(j * table.rows, (j + 1) * table.rows);
    for (let run = 0; run < runGroups.length; run++) {
      const g = runGroups[run];
      let sum = g.sums[m];
      let seen = false;
      for (let k = runStarts[run], end = runStarts[run + 1]; k < end; k++) {
        const v = column[k];
        if (v === v) {
          sum += v;
          seen = true;
        }
      }
      g.sums[m] = sum;
      if (seen) g.seen[m] = 1;
    }
  }

  // Each rate on counts: its numerator and denominator summed over the rows that have both.
  const spare: Float64Array[] = [];
  for (let m = 0; m < q; m++) {
    const numerators = evaluateColumnWith(rates[m].numeratorExpr as Expr, table, false, spare);
    const denominators = evaluateColumnWith(rates[m].denominatorExpr as Expr, table, false, spare);
    for (let run = 0; run < runGroups.length; run++) {
      const g = runGroups[run];
      let num = g.numerators[m];
      let den = g.denominators[m];
      let seen = false;
      for (let k = runStarts[run], end = runStarts[run + 1]; k < end; k++) {
        const a = numerators[k];
        const b = denominators[k];
        if (a === a && b === b) {
          num += a;
          den += b;
          seen = true;
        }
      }
      g.numerators[m] = num;
      g.denominators[m] = den;
      if (seen) g.rated[m] = 1;
    }
    spare.push(numerators, denominators);
  }

  const county = newGroup(countyName);
  const rows: RollupRow[] = [];
  const rowOf = (g: Group, level: RollupRow['level']): RollupRow => {
    const sums = dict<number | null>();
    for (let m = 0; m < n; m++) sums[counts[m]] = g.seen[m] ? tidy(g.sums[m]) : null;
    for (let m = 0; m < q; m++) {
      const den = tidy(g.denominators[m]);
      sums[rates[m].code] = g.rated[m] && den !== 0 ? (tidy(g.numerators[m]) / den) * rates[m].factor : null;
    }
    const computed = withRates(sums, indicators);
    const values = dict<number | null>();
    for (const ind of indicators) values[ind.code] = computed[ind.code] ?? null;
    return { level, name: g.name, facilities: g.facilities, values };
  };
  for (const g of groups.values()) {
    county.facilities += g.facilities;
    for (let m = 0; m < n; m++) {
      if (g.seen[m]) {
        county.sums[m] += g.sums[m];
        county.seen[m] = 1;
      }
    }
    for (let m = 0; m < q; m++) {
      if (g.rated[m]) {
        county.numerators[m] += g.numerators[m];
        county.denominators[m] += g.denominators[m];
        county.rated[m] = 1;
      }
    }
    rows.push(rowOf(g, 'township'));
  }
  rows.push(rowOf(county, 'county'));
  return rows;
}
