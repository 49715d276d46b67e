// One level up: a result workbook this tool wrote (a county's 县级汇总, 完成情况, 校验结果 …), given as an
// input, is one unit of the run — a county of a city's roll-up. It is read from its 县级汇总 total row
// only: its township rows are not counted again, its 校验结果 is not reported again (only how many
// errors and warnings it still held), and each rate is recomputed from the Σ分子 and Σ分母 it carries.
//
// A source (SheetInput.source: a file the CLI read, a workbook the pane imported) is such a unit when
// every one of its sheets is a result or definition sheet and its 县级汇总 has the header this tool
// writes. Sheets without a source (the pane's own workbook) are never units; the pane gives the sheets
// of a county's results it imported their file as source, and says which is which (SheetInput.unitSheet).
import { indicatorResolver } from './archive';
import { isDefinitionSheet } from './definitions';
import { dict } from './dict';
import { MixedLevelsError } from './errors';
import { LEVEL_ABOVE, LEVEL_TEXT, partHeaders, unitNameOfTotal, type PartSide } from './levels';
import { issue } from './messages';
import { cellAddress, headerKey, nameKey } from './normalize';
import { isResultSheetName, RESULT_SHEET_NAMES } from './report';
import { isRosterSheet } from './roster';
import { rateOfRow, rateParts, tidy } from './rollup';
import type { CellValue, CompiledIndicator, Expr, Issue, Lang, RateParts, RollupRow, SheetInput, UnitLevel, UnitSummary } from './types';
import { evaluate } from './expression';

/** A unit as read from its result workbook. */
export interface UnitReading {
  summary: UnitSummary;
  /** What the workbook's own rows were (乡镇 → 'township': the unit is a county). */
  rowsLevel: UnitLevel;
  facilities: number;
  /** Indicator code → the total row's figure, as written. */
  values: Record<string, number | null>;
  /** Per rate on counts: its Σ分子 and Σ分母, where the workbook gives them. */
  parts: Record<string, RateParts>;
}

export interface UnitsRead {
  units: UnitReading[];
  /** The sources read as units: none of their sheets is data. */
  sources: Set<string>;
  /** What the units are (the level above their own rows), or null when there is none. */
  level: UnitLevel | null;
  issues: Issue[];
}

const HEADER_SCAN_ROWS = 5;
const ROLLUP_NAMES = new Set(Object.values(RESULT_SHEET_NAMES).map((n) => headerKey(n.rollup)));
const ISSUE_NAMES = new Set(Object.values(RESULT_SHEET_NAMES).map((n) => headerKey(n.issues)));
const baseName = (name: string): string => headerKey(name.trim().replace(/\s*[(（]\d+[)）]$/, ''));
const FACILITIES_HEADER = new Set(['机构数', 'Facilities'].map(headerKey));
const SEVERITY_HEADER = new Set(['级别', 'Severity'].map(headerKey));
const ERROR_WORDS = new Set(['错误', 'Error'].map(headerKey));
const WARNING_WORDS = new Set(['警告', 'Warning'].map(headerKey));

/** The unit column header (乡镇 / 县 …) → what the rows under it are. */
const ROWS_LEVEL = new Map<string, UnitLevel>();
for (const level of Object.keys(LEVEL_TEXT) as UnitLevel[]) for (const w of Object.values(LEVEL_TEXT[level].unit)) ROWS_LEVEL.set(headerKey(w), level);

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

const numberOf = (v: CellValue | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Which sheet of a result workbook this is: as the pane says (unitSheet), else by its name. */
function partOf(sheet: SheetInput): 'rollup' | 'issues' | null {
  if (sheet.unitSheet !== undefined) return sheet.unitSheet;
  const name = baseName(sheet.name);
  return ROLLUP_NAMES.has(name) ? 'rollup' : ISSUE_NAMES.has(name) ? 'issues' : null;
}

/** "青山县-汇总结果.xlsx" → 青山县: the file's name without extension or the default output suffix. */
export function unitNameOfFile(source: string): string {
  const file = source.split(/[\\/]/).pop() ?? source;
  return file.replace(/\.[^.]+$/, '').replace(/-(汇总结果|rollup)$/i, '') || file;
}

interface RollupHeader {
  row: number;
  rowsLevel: UnitLevel;
}

/** The header row of a 县级汇总 this tool wrote (乡镇 | 机构数 | …), under an optional title row. */
function rollupHeader(sheet: SheetInput): RollupHeader | null {
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, sheet.values.length); r++) {
    const row = sheet.values[r] ?? [];
    const rowsLevel = ROWS_LEVEL.get(headerKey(text(row[0])));
    if (rowsLevel !== undefined && FACILITIES_HEADER.has(headerKey(text(row[1])))) return { row: r, rowsLevel };
  }
  return null;
}

/** Errors and warnings listed in a 校验结果 (its readiness line is neither). */
function issueCounts(sheet: SheetInput | undefined): { errors: number; warnings: number } {
  const counts = { errors: 0, warnings: 0 };
  if (!sheet) return counts;
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, sheet.values.length); r++) {
    const c = (sheet.values[r] ?? []).findIndex((v) => SEVERITY_HEADER.has(headerKey(text(v))));
    if (c < 0) continue;
    for (let k = r + 1; k < sheet.values.length; k++) {
      const word = headerKey(text(sheet.values[k]?.[c]));
      if (ERROR_WORDS.has(word)) counts.errors++;
      else if (WARNING_WORDS.has(word)) counts.warnings++;
    }
    break;
  }
  return counts;
}

/** One unit from its 县级汇总: the total row (the last named row under the header) and its columns. */
function readUnit(source: string, sheet: SheetInput, header: RollupHeader, issuesSheet: SheetInput | undefined, indicators: readonly CompiledIndicator[], lang: Lang): { unit: UnitReading | null; issues: Issue[] } {
  const issues: Issue[] = [];
  const resolve = indicatorResolver(indicators);
  const parts = partHeaders(indicators);
  const columns: { column: number; code: string }[] = [];
  const partColumns: { column: number; code: string; side: PartSide }[] = [];
  (sheet.values[header.row] ?? []).forEach((v, c) => {
    if (c < 2 || text(v) === '') return;
    const part = parts.get(nameKey(text(v)));
    if (part) {
      partColumns.push({ column: c, ...part });
      return;
    }
    const code = resolve(text(v));
    if (code !== null) columns.push({ column: c, code });
    else issues.push({ ...issue('warning', 'unmatched-column', lang, { sheet: sheet.name, cell: cellAddress(header.row, c), params: { header: text(v) } }), source });
  });
  let total = -1;
  for (let r = header.row + 1; r < sheet.values.length; r++) if (text(sheet.values[r]?.[0]) !== '') total = r;
  if (total < 0) return { unit: null, issues };
  const row = sheet.values[total] ?? [];
  const values = dict<number | null>();
  for (const { column, code } of columns) values[code] = numberOf(row[column]);
  const given = new Map<string, Partial<RateParts>>();
  for (const { column, code, side } of partColumns) {
    const n = numberOf(row[column]);
    if (n !== null) given.set(code, { ...given.get(code), [side]: n });
  }
  const summary: UnitSummary = {
    name: unitNameOfTotal(text(row[0])) ?? unitNameOfFile(source),
    source,
    sheet: sheet.name,
    cell: cellAddress(total, 0),
    ...issueCounts(issuesSheet),
  };
  const unit: UnitReading = { summary, rowsLevel: header.rowsLevel, facilities: numberOf(row[1]) ?? 0, values, parts: dict<RateParts>() };
  // Each rate's sums: its own columns, else its 分子 and 分母 evaluated on the counts of the total row.
  const count = (code: string): number | null => values[code] ?? null;
  for (const rate of rateParts(indicators)) {
    const g = given.get(rate.code);
    const numerator = g?.numerator ?? evaluate(rate.numeratorExpr as Expr, count);
    const denominator = g?.denominator ?? evaluate(rate.denominatorExpr as Expr, count);
    if (numerator !== null && denominator !== null) unit.parts[rate.code] = { numerator, denominator };
    else if ((values[rate.code] ?? null) !== null) {
      issues.push({
        ...issue('warning', 'unit-rate-unrecomputable', lang, { sheet: sheet.name, cell: summary.cell, indicator: rate.code, params: { unit: summary.name, rate: rate.name } }),
        source,
      });
    }
  }
  issues.push({
    ...issue('info', 'unit-read', lang, {
      sheet: sheet.name,
      cell: summary.cell,
      params: { unit: summary.name, file: source, level: LEVEL_TEXT[LEVEL_ABOVE[header.rowsLevel] ?? header.rowsLevel].whole[lang], errors: summary.errors, warnings: summary.warnings },
    }),
    source,
  });
  return { unit, issues };
}

/**
 * The result workbooks among sheets, each read as one unit.
 * @throws MixedLevelsError when result workbooks of different levels are given together.
 */
export function readUnitResults(sheets: readonly SheetInput[], indicators: readonly CompiledIndicator[], lang: Lang): UnitsRead {
  const bySource = new Map<string, SheetInput[]>();
  for (const s of sheets) {
    if (s.source === undefined) continue;
    const list = bySource.get(s.source);
    if (list) list.push(s);
    else bySource.set(s.source, [s]);
  }
  const out: UnitsRead = { units: [], sources: new Set(), level: null, issues: [] };
  const levels = new Map<UnitLevel, string[]>();
  for (const [source, own] of bySource) {
    if (!own.every((s) => s.unitSheet !== undefined || isResultSheetName(s.name) || isDefinitionSheet(s.name) || isRosterSheet(s.name))) continue;
    const rollup = own.find((s) => partOf(s) === 'rollup');
    const header = rollup ? rollupHeader(rollup) : null;
    const level = header ? LEVEL_ABOVE[header.rowsLevel] : null;
    const imported = own.find((s) => s.unitSheet === 'issues');
    if (!rollup && imported) {
      // The pane imported this unit, and its 县级汇总 is no longer under its recorded name: said, never misread.
      out.sources.add(source);
      out.issues.push({ ...issue('error', 'unit-rollup-missing', lang, { sheet: imported.name, params: { file: source, sheet: imported.name } }), source });
      continue;
    }
    if (!rollup || !header || level === null) continue;
    const read = readUnit(source, rollup, header, own.find((s) => partOf(s) === 'issues'), indicators, lang);
    out.sources.add(source);
    for (const i of read.issues) out.issues.push(i);
    if (read.unit) out.units.push(read.unit);
    levels.set(level, [...(levels.get(level) ?? []), source]);
  }
  // The same unit twice is most often one county's results given twice: each copy is added, and said so.
  const byName = new Map<string, UnitReading[]>();
  for (const u of out.units) byName.set(nameKey(u.summary.name), [...(byName.get(nameKey(u.summary.name)) ?? []), u]);
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    const first = same[0].summary;
    const files = same.map((u) => u.summary.source).join(lang === 'en' ? ', ' : '、');
    out.issues.push({ ...issue('warning', 'unit-duplicate', lang, { sheet: first.sheet, cell: first.cell, params: { unit: first.name, files } }), source: first.source });
  }
  if (levels.size > 1) {
    const [first, ...rest] = [...levels.values()];
    throw new MixedLevelsError(first, rest.flat());
  }
  out.level = levels.keys().next().value ?? null;
  return out;
}

/** A rate's value from its sums, as rollUpTable computes it. */
const rateOf = (rate: CompiledIndicator, p: RateParts | undefined): number | null =>
  p === undefined || p.denominator === 0 ? null : (p.numerator / p.denominator) * rate.factor;

/** Rates on other rates (not on counts), read from the row's recomputed values. */
function withOtherRates(values: Record<string, number | null>, indicators: readonly CompiledIndicator[], onCounts: ReadonlySet<string>): void {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const busy = new Set<string>();
  const resolve = (code: string): number | null => {
    const known = values[code];
    if (known !== undefined) return known;
    const ind = byCode.get(code);
    if (!ind || ind.kind !== 'rate' || busy.has(code)) return null;
    busy.add(code);
    const v = rateOfRow(ind, values, resolve);
    busy.delete(code);
    values[code] = v;
    return v;
  };
  for (const ind of indicators) if (ind.kind === 'rate' && !onCounts.has(ind.code)) resolve(ind.code);
}

/**
 * The roll-up of units: one row per unit (level 'township', as the JSON has always called the units),
 * then the total (level 'county') named totalName. Counts are summed; each rate on counts is Σ分子 ÷ Σ分母
 * over the units that carry both; a unit without them keeps its own figure, left out of the total.
 */
export function rollUpUnits(units: readonly UnitReading[], indicators: readonly CompiledIndicator[], totalName: string): RollupRow[] {
  const rates = rateParts(indicators);
  const onCounts = new Set(rates.map((r) => r.code));
  const counts = indicators.filter((i) => i.kind === 'count');
  const total = { facilities: 0, sums: dict<number>(), parts: dict<RateParts>() };
  const rows: RollupRow[] = [];
  for (const u of units) {
    const values = dict<number | null>();
    for (const ind of counts) {
      const v = u.values[ind.code] ?? null;
      values[ind.code] = v;
      if (v !== null) total.sums[ind.code] = (total.sums[ind.code] ?? 0) + v;
    }
    const parts = dict<RateParts>();
    for (const rate of rates) {
      const p = u.parts[rate.code];
      values[rate.code] = p ? rateOf(rate, p) : (u.values[rate.code] ?? null);
      if (!p) continue;
      parts[rate.code] = p;
      const t = total.parts[rate.code];
      total.parts[rate.code] = t ? { numerator: t.numerator + p.numerator, denominator: t.denominator + p.denominator } : { ...p };
    }
    withOtherRates(values, indicators, onCounts);
    total.facilities += u.facilities;
    rows.push({ level: 'township', name: u.summary.name, facilities: u.facilities, values: orderedValues(values, indicators), parts });
  }
  const values = dict<number | null>();
  for (const ind of counts) values[ind.code] = total.sums[ind.code] !== undefined ? tidy(total.sums[ind.code]) : null;
  const parts = dict<RateParts>();
  for (const rate of rates) {
    const t = total.parts[rate.code];
    if (t) parts[rate.code] = { numerator: tidy(t.numerator), denominator: tidy(t.denominator) };
    values[rate.code] = rateOf(rate, parts[rate.code]);
  }
  withOtherRates(values, indicators, onCounts);
  rows.push({ level: 'county', name: totalName, facilities: total.facilities, values: orderedValues(values, indicators), parts });
  return rows;
}

function orderedValues(values: Record<string, number | null>, indicators: readonly CompiledIndicator[]): Record<string, number | null> {
  const out = dict<number | null>();
  for (const ind of indicators) out[ind.code] = values[ind.code] ?? null;
  return out;
}

/** The files of a run that are not units but gave facility rows: with units, a MixedLevelsError. */
export function checkNotMixed(units: UnitsRead, facilitySources: readonly (string | undefined)[]): void {
  if (units.sources.size === 0) return;
  const others = [...new Set(facilitySources.map((s) => s ?? ''))];
  if (others.length > 0) throw new MixedLevelsError([...units.sources], others.filter((s) => s !== ''));
}
