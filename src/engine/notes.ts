// 情况说明 and readiness: the statistician's note on an issue is carried over to the same issue on the
// next run of the period — matched by what the issue is about (code, file, sheet, facility, indicator
// or rule), never by its row, which moves whenever a township corrects a figure. The period is ready to
// submit (可以上报) when no error is left and every warning has a note. The file is not part of the match
// (a township that sends its report again often names the file anew); it only breaks ties.
import type { CarriedNote, CellValue, CompiledIndicator, ConsolidationResult, FacilityRecord, Issue, Lang, Readiness, SheetInput } from './types';
import { headerKey, nameKey, parseAddress } from './normalize';

/** Headers of 校验结果's columns that identify an issue and hold its note, in both languages. */
export const ISSUE_COLUMN_TEXT = {
  file: { 'zh-CN': '文件', en: 'File' },
  sheet: { 'zh-CN': '工作表', en: 'Sheet' },
  cell: { 'zh-CN': '单元格', en: 'Cell' },
  facility: { 'zh-CN': '机构', en: 'Facility' },
  subject: { 'zh-CN': '指标或规则', en: 'Indicator or rule' },
  note: { 'zh-CN': '情况说明', en: 'Note' },
  code: { 'zh-CN': '代码', en: 'Code' },
} satisfies Record<string, Record<Lang, string>>;

type NoteField = keyof typeof ISSUE_COLUMN_TEXT;

const FIELD_OF = new Map<string, NoteField>();
for (const [field, names] of Object.entries(ISSUE_COLUMN_TEXT) as [NoteField, Record<Lang, string>][]) {
  for (const n of Object.values(names)) FIELD_OF.set(headerKey(n), field);
}

const ISSUE_SHEETS = new Set(['校验结果', 'Validation'].map(headerKey));

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** The notes typed in an earlier result workbook's 校验结果 (its 情况说明 column); [] when it has none. */
export function readNotes(sheets: readonly SheetInput[]): CarriedNote[] {
  const sheet = sheets.find((s) => ISSUE_SHEETS.has(headerKey(s.name.replace(/\s*[(（]\d+[)）]$/, ''))));
  if (!sheet) return [];
  for (let r = 0; r < Math.min(5, sheet.values.length); r++) {
    const at = new Map<NoteField, number>();
    (sheet.values[r] ?? []).forEach((v, c) => {
      const f = FIELD_OF.get(headerKey(text(v)));
      if (f !== undefined && !at.has(f)) at.set(f, c);
    });
    if (!at.has('note')) continue;
    const notes: CarriedNote[] = [];
    const get = (row: CellValue[], f: NoteField): string | null => {
      const c = at.get(f);
      const t = c === undefined ? '' : text(row[c]);
      return t === '' ? null : t;
    };
    for (let k = r + 1; k < sheet.values.length; k++) {
      const row = sheet.values[k] ?? [];
      const note = get(row, 'note');
      if (note === null) continue;
      notes.push({
        code: get(row, 'code'),
        source: get(row, 'file'),
        sheet: get(row, 'sheet'),
        facility: get(row, 'facility'),
        subject: get(row, 'subject'),
        cell: get(row, 'cell'),
        note,
      });
    }
    return notes;
  }
  return [];
}

/** The text or figure an issue read in its cell (“XX”, 1,830), where it is about one: 读到的值. */
export function valueRead(issue: Issue): string | null {
  const raw = issue.params.text ?? issue.params.printed ?? issue.params.value ?? null;
  return raw === null ? null : String(raw);
}

/** 指标或规则 as 校验结果 shows it: the rule's name, else the indicator's name. */
export function issueSubject(i: Issue, names: ReadonlyMap<string, string>): string | null {
  return i.rule ?? (i.indicator ? (names.get(i.indicator) ?? i.indicator) : null);
}

const keyOf = (code: string | null, sheet: string | null, facility: string | null, subject: string | null): string =>
  [code ?? '', sheet ?? '', nameKey(facility ?? ''), subject ?? ''].join('\u0000');

/**
 * Issues with their notes: each note goes to the issue with the same code, sheet, facility and
 * indicator or rule; where several issues share those, the note from the same file and cell first,
 * then the same file, then the same cell, then in order.
 * A note read without a code (a workbook from before the 代码 column) matches on the rest.
 */
export function applyNotes(issues: readonly Issue[], notes: readonly CarriedNote[], indicators: readonly CompiledIndicator[]): Issue[] {
  if (notes.length === 0) return issues.map((i) => (i.note === undefined ? { ...i, note: null } : i));
  const names = new Map(indicators.map((d) => [d.code, d.name]));
  const pending = new Map<string, CarriedNote[]>();
  for (const n of notes) {
    const k = keyOf(n.code, n.sheet, n.facility, n.subject);
    const list = pending.get(k);
    if (list) list.push(n);
    else pending.set(k, [n]);
  }
  const take = (k: string, source: string | null, cell: string | null): string | null => {
    const list = pending.get(k);
    if (!list || list.length === 0) return null;
    const sameCell = (n: CarriedNote): boolean => n.cell !== null && n.cell === cell;
    const sameFile = (n: CarriedNote): boolean => n.source === source;
    const preferences = [(n: CarriedNote) => sameFile(n) && sameCell(n), sameFile, sameCell];
    const at = preferences.map((p) => list.findIndex(p)).find((k) => k >= 0) ?? 0;
    return list.splice(at, 1)[0].note;
  };
  return issues.map((i) => {
    if (i.note) return i;
    const subject = issueSubject(i, names);
    const facility = i.facility ?? null;
    const source = i.source ?? null;
    const note = take(keyOf(i.code, i.sheet, facility, subject), source, i.cell) ?? take(keyOf(null, i.sheet, facility, subject), source, i.cell);
    return { ...i, note };
  });
}

/** The facility whose row an issue's cell is on, or null: looked up by source, sheet and row. */
function facilityLookup(facilities: readonly FacilityRecord[]): (i: Issue) => string | null {
  // Source, then sheet, then 1-based row: no key text made per facility or per issue.
  const bySource = new Map<string, Map<string, Map<number, string>>>();
  for (const f of facilities) {
    const source = f.source ?? '';
    let sheets = bySource.get(source);
    if (sheets === undefined) bySource.set(source, (sheets = new Map()));
    let rows = sheets.get(f.sheet);
    if (rows === undefined) sheets.set(f.sheet, (rows = new Map()));
    rows.set(f.row, f.name);
  }
  return (i) => {
    if (i.sheet === null || i.cell === null) return null;
    const rows = bySource.get(i.source ?? '')?.get(i.sheet);
    if (rows === undefined) return null;
    try {
      const colon = i.cell.indexOf(':');
      const row = parseAddress(colon < 0 ? i.cell : i.cell.slice(0, colon)).row + 1;
      return rows.get(row) ?? null;
    } catch {
      // Not an A1 address: not about a row.
      return null;
    }
  };
}

const namesFacility = (i: Issue): boolean => i.facility !== undefined && i.facility !== null;

/** Issues at a facility's row name that facility (issue.facility); others keep theirs, or null. */
export function nameFacilities(issues: readonly Issue[], facilities: readonly FacilityRecord[]): Issue[] {
  const facilityOf = facilityLookup(facilities);
  return issues.map((i) => (namesFacility(i) ? i : { ...i, facility: facilityOf(i) }));
}

/**
 * nameFacilities then applyNotes with no notes, copying each issue once rather than twice (the same
 * objects, members in the same order): an error-heavy county has tens of thousands of issues.
 */
function nameFacilitiesWithoutNotes(issues: readonly Issue[], facilities: readonly FacilityRecord[]): Issue[] {
  const facilityOf = facilityLookup(facilities);
  return issues.map((i) => {
    const named = namesFacility(i);
    if (named && i.note !== undefined) return i;
    const facility = named ? (i.facility as string) : facilityOf(i);
    // Already as a copy would make it (a result finished before, then given more issues): kept as it is.
    if (facility === null && i.facility === null && i.note !== undefined) return i;
    return { ...i, facility, note: i.note === undefined ? null : i.note };
  });
}

/**
 * nameFacilitiesWithoutNotes on issues no one else holds yet (those a run has just made): each is
 * completed in place rather than copied — the same members in the same order as the copy would have.
 */
function nameOwnFacilitiesWithoutNotes(issues: readonly Issue[], facilities: readonly FacilityRecord[]): void {
  const facilityOf = facilityLookup(facilities);
  for (const i of issues) {
    const named = namesFacility(i);
    if (named && i.note !== undefined) continue;
    i.facility = named ? i.facility : facilityOf(i);
    if (i.note === undefined) i.note = null;
  }
}

export function readinessOf(issues: readonly Issue[]): Readiness {
  let errors = 0;
  let unexplainedWarnings = 0;
  for (const i of issues) {
    if (i.severity === 'error') errors++;
    else if (i.severity === 'warning' && !i.note) unexplainedWarnings++;
  }
  return { errors, unexplainedWarnings, ready: errors === 0 && unexplainedWarnings === 0 };
}

const READINESS_TEXT = {
  ready: { 'zh-CN': '可以上报', en: 'Ready to submit' },
  notReady: { 'zh-CN': '暂不能上报', en: 'Not ready to submit' },
  detail: {
    'zh-CN': (r: Readiness) => (r.ready ? '没有错误，每条警告都有情况说明' : `还有错误 ${r.errors} 条、未说明的警告 ${r.unexplainedWarnings} 条（在“情况说明”列写明原因后，下次运行用 --notes 带入）`),
    en: (r: Readiness) =>
      r.ready ? 'No errors; every warning has a note' : `${r.errors} error(s) and ${r.unexplainedWarnings} warning(s) without a note left (write the reason in the Note column, then pass this workbook with --notes)`,
  },
};

/** Readiness in words: a label and what is left to do. */
export function readinessText(r: Readiness, lang: Lang): { label: string; detail: string } {
  return { label: (r.ready ? READINESS_TEXT.ready : READINESS_TEXT.notReady)[lang], detail: READINESS_TEXT.detail[lang](r) };
}

/**
 * The last step of a run, also after issues are added outside consolidate: each issue names its
 * facility, carries its note, and the readiness is counted. Running it again changes nothing.
 */
export function finishReview(result: ConsolidationResult, notes: readonly CarriedNote[] = []): ConsolidationResult {
  const issues =
    notes.length === 0 ? nameFacilitiesWithoutNotes(result.issues, result.facilities) : applyNotes(nameFacilities(result.issues, result.facilities), notes, result.indicators);
  return { ...result, issues, readiness: readinessOf(issues) };
}

/**
 * finishReview for a result whose issues were all made by the run that returns it, and are held by
 * nothing else: the same result, its issues completed in place instead of copied (an error-heavy
 * county has tens of thousands of them).
 */
export function finishOwnReview(result: ConsolidationResult, notes: readonly CarriedNote[] = []): ConsolidationResult {
  if (notes.length > 0) return finishReview(result, notes);
  nameOwnFacilitiesWithoutNotes(result.issues, result.facilities);
  return { ...result, issues: result.issues, readiness: readinessOf(result.issues) };
}
