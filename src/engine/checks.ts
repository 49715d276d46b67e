// Cross-checks on what the townships printed: 合计 rows against their rows, printed rates against
// their own numerator and denominator, 校验规则 on every facility row, and facilities entered twice.
import { compare, evaluate } from './expression';
import { issue } from './messages';
import { nameKey } from './normalize';
import { rateOfRow, tidy } from './rollup';
import type { CompiledIndicator, CompiledRule, FacilityRecord, Issue, Lang, TotalRecord } from './types';

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

const rowKey = (sheet: string, source: string | undefined, row: number): string => `${source ?? ''}\u0000${sheet}\u0000${row}`;

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
  const byRow = new Map<string, FacilityRecord>();
  for (const f of facilities) byRow.set(rowKey(f.sheet, f.source, f.row), f);
  const counts = indicators.filter((i) => i.kind === 'count');
  const issues: Issue[] = [];
  for (const t of totals) {
    const covered: FacilityRecord[] = [];
    for (const r of t.covers) {
      const f = byRow.get(rowKey(t.sheet, t.source, r));
      if (f) covered.push(f);
    }
    for (const ind of counts) {
      const printed = t.values[ind.code];
      if (printed === undefined) continue;
      let sum = 0;
      for (const f of covered) sum += f.values[ind.code] ?? 0;
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
  const rates = indicators.filter((i) => i.kind === 'rate' && i.numeratorExpr && i.denominatorExpr);
  if (rates.length === 0) return [];
  const issues: Issue[] = [];
  for (const r of records) {
    for (const ind of rates) {
      const printed = r.values[ind.code];
      if (printed === undefined) continue;
      const computed = rateOfRow(ind, r.values);
      if (computed === null || Math.abs(printed - computed) <= RATE_TOLERANCE) continue;
      issues.push(
        from(r, issue('warning', 'rate-mismatch', lang, {
          sheet: r.sheet,
          cell: r.cells[ind.code] ?? null,
          indicator: ind.code,
          params: { name: ind.name, printed, computed: Math.round(computed * 100) / 100 },
        })),
      );
    }
  }
  return issues;
}

/**
 * Every 校验规则 on every facility row. A rule is skipped on a row where every value it uses is
 * blank, or where one of them could not be read; otherwise blanks count as 0. Equality never fails on
 * floating-point noise (compare()).
 */
export function checkRules(facilities: FacilityRecord[], rules: CompiledRule[], lang: Lang): Issue[] {
  const issues: Issue[] = [];
  for (const f of facilities) {
    const values = f.values;
    const value = (code: string): number => values[code] ?? 0;
    for (const rule of rules) {
      // A cell that could not be read already carries its own error; judging the rule with it as 0
      // would only repeat that error in other words.
      let used = false;
      let unreadable = false;
      for (const code of rule.uses) {
        if (values[code] !== undefined) used = true;
        else if (f.cells[code] !== undefined) unreadable = true;
      }
      if (!used || unreadable) continue;
      const left = evaluate(rule.left, value);
      const right = evaluate(rule.right, value);
      if (left === null || right === null) continue;
      if (compare(left, rule.op, right, rule.tolerance)) continue;
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
  }
  return issues;
}

/**
 * The same facility name twice in one township (on one sheet or across sheets and files) is a
 * 'duplicate-facility' warning at the later row, naming both rows. Both rows stay in the sums.
 */
export function checkDuplicates(facilities: FacilityRecord[], lang: Lang): Issue[] {
  const first = new Map<string, FacilityRecord>();
  const issues: Issue[] = [];
  const where = (f: FacilityRecord, other: FacilityRecord): string =>
    `${f.source !== other.source && f.source ? `[${f.source}]` : ''}${f.sheet}!${f.nameCell ?? f.row}`;
  for (const f of facilities) {
    const name = nameKey(f.name);
    if (name === '') continue;
    const key = `${nameKey(f.township)}\u0000${name}`;
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, f);
      continue;
    }
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
