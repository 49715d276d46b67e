// The monthly checks of one run, in one place for consolidate (and the pane) to call: who reported
// against the roster or last period (上报情况), what changed since last period, and which facilities'
// rates are far from the others.
import { facilityValue } from './archive';
import { compareWithPrevious, cumulativeNames } from './history';
import { issue } from './messages';
import { outlierIssues } from './outliers';
import { facilityKey, readRoster, reportingStatus } from './roster';
import type { ValueTable } from './rollup';
import type { CompiledIndicator, ConsolidateOptions, FacilityRecord, Issue, Lang, ReportingRow, SheetInput } from './types';

export interface MonthlyInput {
  sheets: readonly SheetInput[];
  facilities: readonly FacilityRecord[];
  indicators: readonly CompiledIndicator[];
  /** Townships in the order of the roll-up. */
  townships: readonly string[];
  asOf: string;
  lang: Lang;
  countyName: string;
  options: Pick<ConsolidateOptions, 'previous' | 'roster' | 'outlierThreshold'>;
  /** The facilities' values as a table, row k for facilities[k], when the caller has one. */
  table?: ValueTable;
}

export function monthlyChecks(input: MonthlyInput): { issues: Issue[]; reporting: ReportingRow[] } {
  const { lang } = input;
  // A roster with no facility listed yet (just inserted, only its example row) expects nothing.
  const listed = input.options.roster ?? readRoster(input.sheets);
  const roster = listed && listed.entries.length > 0 ? listed : null;
  const previous = input.options.previous ?? null;
  const sheets = new Map<string, { sheet: string; source?: string }>();
  let lastTownship: string | null = null;
  for (const f of input.facilities) {
    // Facilities come township by township: a key per township, not per facility.
    if (f.township === lastTownship) continue;
    lastTownship = f.township;
    const k = facilityKey(f.township, '');
    if (!sheets.has(k)) sheets.set(k, f.source === undefined ? { sheet: f.sheet } : { sheet: f.sheet, source: f.source });
  }
  const sheetOf = (township: string): { sheet: string; source?: string } | null => sheets.get(facilityKey(township, '')) ?? null;

  const reporting = reportingStatus({ facilities: input.facilities, townships: input.townships, roster, previous, sheetOf, countyName: input.countyName, lang });
  const issues: Issue[] = [...reporting.issues];
  if (previous) {
    const read = new Set<string>();
    for (const f of input.facilities) for (const code of Object.keys(f.values)) if (facilityValue(f, code) !== null) read.add(code);
    issues.push(issue('info', 'measures-inferred', lang, { params: { names: cumulativeNames(input.indicators, read).join(lang === 'en' ? ', ' : '、') } }));
    const listed = new Set((roster?.entries ?? []).flatMap((e) => [e.name, ...e.aliases].map((n) => facilityKey(e.township, n))));
    for (const i of compareWithPrevious({
      facilities: input.facilities,
      indicators: input.indicators,
      asOf: input.asOf,
      previous,
      lang,
      sheetOf,
      alreadyMissing: (township, name) => listed.has(facilityKey(township, name)),
    })) {
      issues.push(i);
    }
  }
  const outlierOptions = input.options.outlierThreshold === undefined ? {} : { threshold: input.options.outlierThreshold };
  for (const i of outlierIssues(input.facilities, input.indicators, lang, outlierOptions, input.table)) {
    issues.push(i);
  }
  return { issues, reporting: reporting.rows };
}
