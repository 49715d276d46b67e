// Cross-checks on what the townships printed: 合计 rows against their rows, printed rates against
// their own numerator and denominator, 校验规则 on every facility row, and facilities entered twice.
import { compare } from './expression';
import { issue } from './messages';
import { nameKey } from './normalize';
import { references } from './expression';
import { evaluateColumnWith, rateParts, tidy, valueTable, type ValueTable } from './rollup';
import type { CompareOp, CompiledIndicator, CompiledRule, FacilityRecord, Issue, Lang, TotalRecord } from './types';

// Called for every row of every rule: a copy of the imported binding, which some module builds read
// through an accessor on each use.
const holds = compare;

/** Beyond this a printed rate disagrees with its own row, in the indicator's unit. */
export const RATE_TOLERANCE = 0.5;

/** Equal up to floating-point noise. */
function nearlyEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/** Figures as people read them: noise dropped, at most 4 decimals. */
function shown(x: number): number {
  return Number.isInteger(x) ? x : Math.round(x * 1e4) / 1e4;
}

/** The issue, marked with the file its row came from when several files are read. */
function from(record: FacilityRecord, i: Issue): Issue {
  if (record.source !== undefined) i.source = record.source;
  return i;
}

/** nameKey, skipping the work for the usual name that has nothing to normalise. */
const NEEDS_NORMALISING = /[\s\u3000\uff01-\uff5e【】〔〕［］]/;
const quickNameKey = (name: string): string => (NEEDS_NORMALISING.test(name) ? nameKey(name) : name);

const sheetKey = (sheet: string, source: string | undefined): string => `${source ?? ''}\u0000${sheet}`;

/**
 * Each total row's printed counts against the sum of the facility rows it covers; a difference beyond
 * floating-point noise is a 'total-mismatch' warning at the total's cell.
 */
export function checkTotals(
  totals: TotalRecord[],
  facilities: FacilityRecord[],
  indicators: CompiledIndicator[],
  lang: Lang,
): Issue[] {
  if (totals.length === 0) return [];
  return checkTotalsTable(totals, valueTable(totals, indicators), facilities, valueTable(facilities, indicators), indicators, lang);
}

/** checkTotals over tables already read from the same totals and facilities, in the same order. */
export function checkTotalsTable(
  totals: readonly TotalRecord[],
  totalTable: ValueTable,
  facilities: readonly FacilityRecord[],
  table: ValueTable,
  indicators: CompiledIndicator[],
  lang: Lang,
): Issue[] {
  if (totals.length === 0) return [];
  // Facility rows by sheet (and file), then row number: where each total's covered rows are in the table.
  const bySheet = new Map<string, number[]>();
  let lastSheet: string | null = null;
  let lastSource: string | undefined;
  let rowsOfSheet: number[] | undefined;
  const rowsOf = (sheet: string, source: string | undefined): number[] | undefined => {
    if (sheet !== lastSheet || source !== lastSource || rowsOfSheet === undefined) {
      lastSheet = sheet;
      lastSource = source;
      rowsOfSheet = bySheet.get(sheetKey(sheet, source));
    }
    return rowsOfSheet;
  };
  for (let k = 0; k < facilities.length; k++) {
    const f = facilities[k];
    let rows = rowsOf(f.sheet, f.source);
    if (rows === undefined) {
      rows = [];
      bySheet.set(sheetKey(f.sheet, f.source), rows);
      rowsOfSheet = rows;
    }
    rows[f.row] = k;
  }
  const counts: { ind: CompiledIndicator; j: number; jt: number }[] = [];
  for (const ind of indicators) {
    if (ind.kind !== 'count') continue;
    const j = table.column.get(ind.code);
    const jt = totalTable.column.get(ind.code);
    if (j === undefined || jt === undefined) continue;
    counts.push({ ind, j, jt });
  }
  const { data } = table;
  const issues: Issue[] = [];
  const covered: number[] = [];
  for (let n = 0; n < totals.length; n++) {
    const t = totals[n];
    covered.length = 0;
    const rows = rowsOf(t.sheet, t.source);
    if (rows !== undefined) {
      for (const r of t.covers) {
        const k = rows[r];
        if (k !== undefined) covered.push(k);
      }
    }
    for (const { ind, j, jt } of counts) {
      const printed = totalTable.data[jt * totalTable.rows + n];
      if (printed !== printed) continue;
      let sum = 0;
      const o = j * table.rows;
      for (let c = 0; c < covered.length; c++) {
        const v = data[o + covered[c]];
        sum += v === v ? v : 0;
      }
      if (nearlyEqual(printed, sum)) continue;
      issues.push(
        from(t, issue('warning', 'total-mismatch', lang, {
          sheet: t.sheet,
          cell: t.cells[ind.code] ?? null,
          indicator: ind.code,
          params: { label: t.label, name: ind.name, printed, sum: tidy(sum), diff: shown(printed - sum) },
        })),
      );
    }
  }
  return issues;
}

/**
 * Printed rates (facility and total rows) against the rate computed from the same row's printed
 * numerator and denominator; a difference above RATE_TOLERANCE is a 'rate-mismatch' warning.
 */
export function checkRates(records: FacilityRecord[], indicators: CompiledIndicator[], lang: Lang): Issue[] {
  return checkRatesTable(records, valueTable(records, indicators), indicators, lang);
}

/** checkRates over a table already read from the same records, in the same order. */
export function checkRatesTable(
  records: readonly FacilityRecord[],
  table: ValueTable,
  indicators: CompiledIndicator[],
  lang: Lang,
): Issue[] {
  const issues: Issue[] = [];
  const { data } = table;
  const spare: Float64Array[] = [];
  for (const ind of indicators) {
    const j = table.column.get(ind.code);
    if (ind.kind !== 'rate' || !ind.numeratorExpr || !ind.denominatorExpr || j === undefined) continue;
    let printedAnywhere = false;
    const first = j * table.rows;
    for (let k = 0, o = first; k < records.length && !printedAnywhere; k++, o++) printedAnywhere = data[o] === data[o];
    if (!printedAnywhere) continue;
    const num = evaluateColumnWith(ind.numeratorExpr, table, false, spare);
    const den = evaluateColumnWith(ind.denominatorExpr, table, false, spare);
    for (const k of mismatchedRates(data, first, records.length, num, den, ind.factor)) {
      const printed = data[first + k];
      const computed = (num[k] / den[k]) * ind.factor;
      const r = records[k];
      // 0.75 typed for 75%: the same rate written as a fraction, which is worth saying in those words.
      const asFraction = ind.factor === 100 && Math.abs(printed * 100 - computed) <= RATE_TOLERANCE;
      issues.push(
        from(r, issue('warning', asFraction ? 'rate-as-fraction' : 'rate-mismatch', lang, {
          sheet: r.sheet,
          cell: r.cells[ind.code] ?? null,
          indicator: ind.code,
          params: { name: ind.name, printed, computed: Math.round(computed * 100) / 100 },
        })),
      );
    }
    spare.push(num, den);
  }
  return issues;
}

/** Rows whose printed rate (data from first on) is further than RATE_TOLERANCE from num ÷ den × factor. */
function mismatchedRates(data: Float64Array, first: number, rows: number, num: Float64Array, den: Float64Array, factor: number): number[] {
  const found: number[] = [];
  for (let k = 0; k < rows; k++) {
    if (den[k] === 0) continue;
    // NaN (nothing printed, or nothing to compute it from) never compares greater.
    if (Math.abs(data[first + k] - (num[k] / den[k]) * factor) > RATE_TOLERANCE) found.push(k);
  }
  return found;
}

/**
 * Every 校验规则 on every facility row. A rule is skipped on a row where every value it uses is
 * blank, or where one of them could not be read; otherwise blanks count as 0. Equality never fails on
 * floating-point noise (compare()).
 */
export function checkRules(facilities: FacilityRecord[], rules: CompiledRule[], lang: Lang): Issue[] {
  const codes = [...new Set(rules.flatMap((r) => r.uses))];
  return checkRulesTable(facilities, valueTable(facilities, codes.map((code) => ({ code }))), rules, lang);
}

/** A run of consecutive facility rows read from one sheet, and the indicator columns that sheet has. */
export interface SheetSpan {
  rows: number;
  codes: readonly string[];
}

/**
 * checkRules over a table already read from the same facilities, in the same order. With spans (the
 * facilities' sheets, in order), a rule is not judged on a sheet that lacks a column it uses — a blank
 * there counts as 0 and would fail every row — and that sheet gets one 'rule-not-checked' info instead.
 */
export function checkRulesTable(
  facilities: readonly FacilityRecord[],
  table: ValueTable,
  rules: CompiledRule[],
  lang: Lang,
  spans?: readonly SheetSpan[],
  indicators?: readonly CompiledIndicator[],
): Issue[] {
  const issues: Issue[] = [];
  const rows = facilities.length;
  const judged = new Uint8Array(rows);
  const spare: Float64Array[] = [];
  const sheetCodes = spans?.map((s) => new Set(s.codes));
  const names = new Map(indicators?.map((i) => [i.code, i.name]));
  for (const rule of rules) {
    const uses = Int32Array.from(rule.uses, (c) => table.column.get(c) ?? -1).filter((j) => j >= 0);
    if (uses.length === 0) continue;
    judged.fill(0);
    if (!judgeRows(table, rows, uses, judged)) continue;
    if (spans && sheetCodes) {
      let start = 0;
      for (const [n, span] of spans.entries()) {
        const have = sheetCodes[n];
        const missing = rule.uses.filter((code) => !have.has(code));
        if (missing.length > 0 && span.rows > 0) {
          let any = false;
          for (let k = start; k < start + span.rows; k++) {
            if (judged[k] === 1) any = true;
            judged[k] = 0;
          }
          if (any) {
            const f = facilities[start];
            issues.push(
              from(f, issue('info', 'rule-not-checked', lang, {
                sheet: f.sheet,
                rule: rule.name,
                params: { rule: rule.name, missing: missing.map((c) => names.get(c) ?? c).join(lang === 'en' ? ', ' : '、') },
              })),
            );
          }
        }
        start += span.rows;
      }
    }
    const lefts = evaluateColumnWith(rule.left, table, true, spare);
    const rights = evaluateColumnWith(rule.right, table, true, spare);
    for (const k of failingRows(lefts, rights, judged, rule.op, rule.tolerance)) {
      const left = lefts[k];
      const right = rights[k];
      const f = facilities[k];
      const at = rule.uses.find((code) => f.cells[code] !== undefined) ?? null;
      issues.push(
        from(f, issue(rule.severity, 'rule-failed', lang, {
          sheet: f.sheet,
          cell: at ? f.cells[at] : `A${f.row}`,
          indicator: at,
          rule: rule.name,
          params: { rule: rule.name, expression: rule.expression, left: shown(left), right: shown(right), facility: f.name },
        })),
      );
    }
    spare.push(lefts, rights);
  }
  return issues;
}

/**
 * Marks the rows a rule is judged on: those holding a value the rule uses (columns uses) with none of
 * its cells failed to read — that cell already carries its own error, and judging it as 0 would repeat
 * it in other words. False when no row is judged. The loops over rows stay apart from the rules' own
 * objects, so they run at full speed whatever the rules look like.
 */
function judgeRows(table: ValueTable, rows: number, uses: Int32Array, judged: Uint8Array): boolean {
  const { data, unreadable } = table;
  const starts = Array.from(uses, (j) => j * table.rows);
  let any = false;
  for (let k = 0; k < rows; k++) {
    let used = false;
    let unread = false;
    for (let m = 0; m < starts.length; m++) {
      const at = starts[m] + k;
      if (data[at] === data[at]) used = true;
      else if (unreadable[at] === 1) unread = true;
    }
    if (used && !unread) {
      judged[k] = 1;
      any = true;
    }
  }
  return any;
}

/** The judged rows where both sides have a value and the comparison fails. */
function failingRows(lefts: Float64Array, rights: Float64Array, judged: Uint8Array, op: CompareOp, tolerance: number | null): number[] {
  const failing: number[] = [];
  for (let k = 0; k < judged.length; k++) {
    const left = lefts[k];
    const right = rights[k];
    if (judged[k] === 0 || left !== left || right !== right || holds(left, op, right, tolerance)) continue;
    failing.push(k);
  }
  return failing;
}

/** Whether two rows both have figures, none of them for one same indicator. */
function reportsApart(a: FacilityRecord, b: FacilityRecord): boolean {
  let any = false;
  for (const code in a.cells) {
    if (b.cells[code] !== undefined) return false;
    any = true;
  }
  return any && Object.keys(b.cells).length > 0;
}

/**
 * The same facility name twice in one township (on one sheet or across sheets and files) is a
 * 'duplicate-facility' warning at the later row, naming both rows, when both give a figure for one same
 * indicator. Both rows stay in the sums.
 */
export function checkDuplicates(facilities: FacilityRecord[], lang: Lang): Issue[] {
  // Township key → facility name key → the first row with that name.
  const first = new Map<string, Map<string, FacilityRecord>>();
  const issues: Issue[] = [];
  const where = (f: FacilityRecord, other: FacilityRecord): string =>
    `${f.source !== other.source && f.source ? `[${f.source}]` : ''}${f.sheet}!${f.nameCell ?? f.row}`;
  const townships = new Map<string, Map<string, FacilityRecord>>();
  let lastTownship: string | null = null;
  let named: Map<string, FacilityRecord> | undefined;
  for (const f of facilities) {
    const name = quickNameKey(f.name);
    if (name === '') continue;
    if (f.township !== lastTownship || named === undefined) {
      lastTownship = f.township;
      named = townships.get(f.township);
      if (named === undefined) {
        const key = nameKey(f.township);
        named = first.get(key);
        if (named === undefined) first.set(key, (named = new Map()));
        townships.set(f.township, named);
      }
    }
    const earlier = named.get(name);
    if (!earlier) {
      named.set(name, f);
      continue;
    }
    // The same facility in two tables that report different indicators (高血压 on one sheet, 严重精神障碍
    // on another) is one facility reported in parts, not a row entered twice.
    if (reportsApart(earlier, f)) continue;
    issues.push(
      from(f, issue('warning', 'duplicate-facility', lang, {
        sheet: f.sheet,
        cell: f.nameCell ?? `A${f.row}`,
        params: { facility: f.name, township: f.township, first: where(earlier, f), second: where(f, earlier) },
      })),
    );
  }
  return issues;
}

/**
 * A rate is rolled up from the rows that give both its numerator and its denominator (rollUpTable).
 * What that leaves out is said: a sheet without a column one side needs gets one
 * 'rate-column-missing' warning per rate (when it has the numerator's figures: a sheet with only a
 * denominator simply does not report that rate); a row with a figure on one side and a blank on the other a
 * 'rate-part-missing' warning at its figure. A side that could not be read already has its own error.
 */
export function checkRateParts(
  facilities: readonly FacilityRecord[],
  table: ValueTable,
  indicators: readonly CompiledIndicator[],
  spans: readonly SheetSpan[],
  lang: Lang,
): Issue[] {
  const issues: Issue[] = [];
  const names = new Map(indicators.map((i) => [i.code, i.name]));
  const list = (codes: readonly string[]): string => codes.map((c) => names.get(c) ?? c).join(lang === 'en' ? ', ' : '、');
  const { data, unreadable, rows } = table;
  const rates = rateParts(indicators);
  // Counts some rate divides by (患者数, 常住人口数): base figures a sheet reports for their own sake.
  const bases = new Set(rates.flatMap((r) => references(r.denominatorExpr!)));
  for (const rate of rates) {
    const numeratorUses = new Set(references(rate.numeratorExpr!).filter((code) => !bases.has(code)));
    const uses = [...new Set([...numeratorUses, ...references(rate.denominatorExpr!)])];
    const columns = uses.map((code) => table.column.get(code) ?? -1);
    if (columns.some((j) => j < 0)) continue;
    let start = 0;
    for (const span of spans) {
      const end = start + span.rows;
      const have = new Set(span.codes);
      const present = uses.filter((code) => have.has(code));
      const absent = uses.filter((code) => !have.has(code));
      // A sheet giving only base counts (常住人口数, 患者数: what rates divide by) simply does not report
      // the rate; one giving its numerator's own figures without the denominator has figures the rate
      // must leave out.
      const givenNumerator = present.filter((code) => numeratorUses.has(code));
      if (givenNumerator.length > 0 && absent.length > 0) {
        const starts = givenNumerator.map((code) => (table.column.get(code) as number) * rows);
        let first = -1;
        for (let k = start; k < end && first < 0; k++) {
          for (const at of starts) {
            const v = data[at + k];
            if (v === v && v !== 0) first = k;
          }
        }
        if (first >= 0) {
          const f = facilities[first];
          issues.push(
            from(f, issue('warning', 'rate-column-missing', lang, {
              sheet: f.sheet,
              indicator: rate.code,
              params: { rate: rate.name, missing: list(absent), present: list(givenNumerator) },
            })),
          );
        }
      } else if (absent.length === 0) {
        for (let k = start; k < end; k++) {
          // Judged first without making lists: nearly every row gives all of its parts, or none.
          let blanks = 0;
          let nonZero = false;
          let unread = false;
          for (let m = 0; m < uses.length; m++) {
            const at = columns[m] * rows + k;
            const v = data[at];
            if (v === v) {
              if (v !== 0) nonZero = true;
            } else if (unreadable[at] === 1) unread = true;
            else blanks++;
          }
          if (unread || !nonZero || blanks === 0) continue;
          const filled: string[] = [];
          const blank: string[] = [];
          for (let m = 0; m < uses.length; m++) {
            const v = data[columns[m] * rows + k];
            if (v === v) filled.push(uses[m]);
            else blank.push(uses[m]);
          }
          const f = facilities[k];
          issues.push(
            from(f, issue('warning', 'rate-part-missing', lang, {
              sheet: f.sheet,
              cell: f.cells[filled[0]] ?? `A${f.row}`,
              indicator: rate.code,
              params: { rate: rate.name, missing: list(blank), present: list(filled), facility: f.name },
            })),
          );
        }
      }
      start = end;
    }
  }
  return issues;
}
