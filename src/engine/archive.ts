// 机构明细: every facility read, one row each, with its figures as read and where they came from. It is
// what users ask a consolidation tool for (all townships in one list) and the archive next month's run
// compares against, so it is also read back here.
import { headerKey, nameKey } from './normalize';
import type {
  ArchivedFacility,
  CellValue,
  CompiledIndicator,
  ConsolidationResult,
  FacilityRecord,
  Lang,
  PeriodArchive,
  ResultColumn,
  ResultSheet,
  SheetInput,
} from './types';

export const FACILITY_SHEET_NAMES: Record<Lang, string> = { 'zh-CN': '机构明细', en: 'Facilities' };
export const REPORTING_SHEET_NAMES: Record<Lang, string> = { 'zh-CN': '上报情况', en: 'Reporting' };
/** Last period's 机构明细 as the pane keeps it in the workbook (a sheet of its own, never data). */
export const PREVIOUS_SHEET_NAMES: Record<Lang, string> = { 'zh-CN': '上期机构明细', en: 'Last period facilities' };
/** The title row of that sheet names the file it came from after one of these. */
const PREVIOUS_TITLE: Record<Lang, string> = { 'zh-CN': '上期结果：', en: 'Last period from: ' };

const TEXT = {
  township: { 'zh-CN': '乡镇', en: 'Township' },
  facility: { 'zh-CN': '机构', en: 'Facility' },
  file: { 'zh-CN': '文件', en: 'File' },
  sheet: { 'zh-CN': '工作表', en: 'Sheet' },
  row: { 'zh-CN': '行', en: 'Row' },
  asOf: { 'zh-CN': '统计截止日期', en: 'As of' },
} satisfies Record<string, Record<Lang, string>>;

/** Every spelling of a column header this sheet writes, in both languages, by headerKey. */
const FIXED_HEADERS = new Map<string, keyof typeof TEXT>();
for (const [field, names] of Object.entries(TEXT) as [keyof typeof TEXT, Record<Lang, string>][]) {
  for (const n of Object.values(names)) FIXED_HEADERS.set(headerKey(n), field);
}

/** True for 机构明细 / Facilities (also renamed "机构明细 (2)"): a result sheet, never data. */
export function isArchiveSheetName(name: string): boolean {
  const base = name.trim().replace(/\s*[(（]\d+[)）]$/, '');
  return base === FACILITY_SHEET_NAMES['zh-CN'] || base === FACILITY_SHEET_NAMES.en;
}

/** A facility's value for an indicator, or null (the reader leaves invalid cells out). */
export function facilityValue(f: FacilityRecord, code: string): number | null {
  if (!Object.prototype.hasOwnProperty.call(f.values, code)) return null;
  const v = f.values[code];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** True when the facility row holds at least one figure: it has reported. */
export function hasAnyValue(f: FacilityRecord): boolean {
  // for…in rather than Object.keys: no array per facility (records have no prototype to inherit keys from).
  for (const code in f.values) if (facilityValue(f, code) !== null) return true;
  return false;
}

/** Columns a text takes: 2 for each character from CJK on (a surrogate pair is one character), else 1. */
function displayWidth(text: string): number {
  let w = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x2e7f) w += 1;
    else {
      w += 2;
      if (c >= 0xd800 && c <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
    }
  }
  return w;
}

function column(header: string, format: ResultColumn['format'], cells: CellValue[], min: number, max: number): ResultColumn {
  let w = displayWidth(header);
  // Each distinct text measured once (a township's name is on each of its facilities' rows), and none
  // once the widest allowed is reached.
  const measured = new Set<string>();
  for (const c of cells) {
    if (w + 2 >= max) break;
    if (typeof c !== 'string' || measured.has(c)) continue;
    measured.add(c);
    w = Math.max(w, displayWidth(c));
  }
  return { header, format, width: Math.min(max, Math.max(min, w + 2)) };
}

const withUnit = (name: string, unit: string, lang: Lang): string => (!unit ? name : lang === 'zh-CN' ? `${name}（${unit}）` : `${name} (${unit})`);

/** The indicators some facility has a figure for, in definition order. */
function indicatorsRead(result: ConsolidationResult): CompiledIndicator[] {
  const seen = new Set<string>();
  // for…in rather than Object.keys: no array per facility (records have no prototype to inherit keys from).
  for (const f of result.facilities) for (const code in f.values) if (!seen.has(code) && facilityValue(f, code) !== null) seen.add(code);
  return result.indicators.filter((i) => seen.has(i.code));
}

/** 机构明细: one row per facility read — 乡镇, 机构, each indicator as read, then 文件, 工作表, 行, 统计截止日期. */
export function facilitySheet(result: ConsolidationResult, lang: Lang): ResultSheet {
  const indicators = indicatorsRead(result);
  const n = indicators.length;
  const codes = indicators.map((i) => i.code);
  // Each row filled in place: no list of figures made and spread per facility.
  const rows: CellValue[][] = result.facilities.map((f) => {
    const row: CellValue[] = [f.township, f.name];
    for (let k = 0; k < n; k++) row.push(facilityValue(f, codes[k]));
    row.push(f.source ?? null, f.sheet, f.row, result.asOf);
    return row;
  });
  const columns: ResultColumn[] = [
    column(TEXT.township[lang], 'text', rows.map((r) => r[0]), 10, 20),
    column(TEXT.facility[lang], 'text', rows.map((r) => r[1]), 14, 36),
    ...indicators.map((ind, k) => {
      const whole = ind.kind === 'count' && rows.every((r) => r[k + 2] === null || Number.isInteger(r[k + 2]));
      return column(withUnit(ind.name, ind.unit, lang), whole ? 'integer' : 'decimal2', [], 10, 24);
    }),
    column(TEXT.file[lang], 'text', rows.map((r) => r[n + 2]), 10, 30),
    column(TEXT.sheet[lang], 'text', rows.map((r) => r[n + 3]), 10, 20),
    column(TEXT.row[lang], 'integer', [], 6, 8),
    column(TEXT.asOf[lang], 'text', [], 12, 14),
  ];
  return { name: FACILITY_SHEET_NAMES[lang], kind: 'facilities', columns, rows, freeze: { rows: 1, columns: 2 } };
}

/** The facilities of a run, as next month's run will read them back from 机构明细. */
export function archiveOf(result: Pick<ConsolidationResult, 'asOf' | 'facilities'>): PeriodArchive {
  return {
    asOf: result.asOf,
    facilities: result.facilities.map((f) => {
      const values = new Map<string, number>();
      for (const code of Object.keys(f.values)) {
        const v = facilityValue(f, code);
        if (v !== null) values.set(code, v);
      }
      return { township: f.township, name: f.name, values };
    }),
  };
}

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return '';
}

function number(v: CellValue | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string') {
    const s = v.replace(/[\s,]/g, '');
    return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(s) ? Number(s) : null;
  }
  return null;
}

/** Indicator header → code: by code, name or alias, units in a trailing bracket ignored. */
export function indicatorResolver(indicators: readonly CompiledIndicator[]): (header: string) => string | null {
  const byKey = new Map<string, string>();
  for (const i of indicators) {
    for (const t of [i.code, i.name, ...i.aliases]) {
      const k = headerKey(t);
      if (!byKey.has(k)) byKey.set(k, i.code);
    }
  }
  return (header) => byKey.get(headerKey(header)) ?? null;
}

const HEADER_SCAN_ROWS = 5;

/** The header row of a 机构明细 (within its first rows) and where its fixed columns are; null when not found. */
function archiveHeader(sheet: SheetInput): { row: number; fixed: Map<keyof typeof TEXT, number> } | null {
  for (let r = 0; r < Math.min(HEADER_SCAN_ROWS, sheet.values.length); r++) {
    const fixed = new Map<keyof typeof TEXT, number>();
    (sheet.values[r] ?? []).forEach((v, c) => {
      const f = FIXED_HEADERS.get(headerKey(text(v)));
      if (f !== undefined && !fixed.has(f)) fixed.set(f, c);
    });
    if (fixed.has('township') && fixed.has('facility')) return { row: r, fixed };
  }
  return null;
}

/**
 * Last period's facilities from its result workbook's 机构明细; null when no sheet of that name is among
 * sheets. Columns are found by their headers, so a sheet a user re-sorted or trimmed still reads.
 */
export function readArchive(sheets: readonly SheetInput[], indicators: readonly CompiledIndicator[]): PeriodArchive | null {
  const sheet = sheets.find((s) => isArchiveSheetName(s.name));
  if (!sheet) return null;
  return readArchiveSheet(sheet, indicators);
}

/** One 机构明细 sheet (whatever its name) read as last period's facilities. */
export function readArchiveSheet(sheet: SheetInput, indicators: readonly CompiledIndicator[]): PeriodArchive {
  const resolve = indicatorResolver(indicators);
  const found = archiveHeader(sheet);
  if (!found) return { asOf: null, facilities: [] };
  const { row: header, fixed } = found;
  const fixedColumns = new Set(fixed.values());
  const columns: { column: number; code: string }[] = [];
  (sheet.values[header] ?? []).forEach((v, c) => {
    if (fixedColumns.has(c)) return;
    const code = resolve(text(v));
    if (code !== null) columns.push({ column: c, code });
  });

  const facilities: ArchivedFacility[] = [];
  let asOf: string | null = null;
  const t = fixed.get('township')!;
  const f = fixed.get('facility')!;
  const d = fixed.get('asOf');
  for (let r = header + 1; r < sheet.values.length; r++) {
    const row = sheet.values[r] ?? [];
    const name = nameKey(text(row[f]));
    if (name === '') continue;
    const values = new Map<string, number>();
    for (const { column: c, code } of columns) {
      const n = number(row[c]);
      if (n !== null) values.set(code, n);
    }
    facilities.push({ township: nameKey(text(row[t])), name, values });
    if (asOf === null && d !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(text(row[d]))) asOf = text(row[d]);
  }
  return { asOf, facilities };
}

// ---------------------------------------------------------------------------------------------
// 上期机构明细: last period's 机构明细, copied by the pane into the workbook it works on.

/**
 * A copy of a result workbook's 机构明细 to keep in this workbook as 上期机构明细: its header and facility
 * rows as they are, under a title row naming the file. Null when the sheet has no 乡镇 and 机构 header or
 * no facility under it: it is not a 机构明细 this tool wrote.
 */
export function previousSheet(archive: SheetInput, file: string, lang: Lang): ResultSheet | null {
  const found = archiveHeader(archive);
  if (!found) return null;
  const header = (archive.values[found.row] ?? []).map((v) => text(v));
  while (header.length > 0 && header[header.length - 1] === '') header.pop();
  const f = found.fixed.get('facility')!;
  const rows = archive.values.slice(found.row + 1).filter((row) => text(row[f]) !== '').map((row) => header.map((_, c) => row[c] ?? null));
  if (rows.length === 0) return null;
  const numeric = (c: number): boolean => rows.every((row) => row[c] === null || typeof row[c] === 'number');
  const columns: ResultColumn[] = header.map((h, c) =>
    numeric(c) && ![...found.fixed.values()].includes(c) ? column(h, 'number', [], 10, 24) : column(h, 'text', rows.map((row) => row[c]), 10, 30),
  );
  return { name: PREVIOUS_SHEET_NAMES[lang], kind: 'previous', title: `${PREVIOUS_TITLE[lang]}${file}`, columns, rows, freeze: { rows: 2, columns: 2 } };
}

/** What 上期机构明细 holds: the file it came from (from its title row), the period and its facilities. */
export function previousSheetInfo(sheet: SheetInput): { file: string | null; asOf: string | null; facilities: number } {
  const title = text(sheet.values[0]?.[0]);
  const prefix = Object.values(PREVIOUS_TITLE).find((p) => title.startsWith(p));
  const archive = readArchiveSheet(sheet, []);
  return { file: prefix === undefined ? null : title.slice(prefix.length).trim() || null, asOf: archive.asOf, facilities: archive.facilities.length };
}
