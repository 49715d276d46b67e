// The pane's part of the monthly cycle, kept out of App: 情况说明 (typed in 校验结果 or in the pane) for
// the next run, last period's 上期机构明细, and a 机构名录 for the user to edit. The engine does the
// matching and the reading; this only gathers what the workbook holds.
import { isDefinitionSheet, isRosterSheet, issueSubject, nameKey, previousSheet, previousSheetInfo, readArchiveSheet, readinessOf, readNotes, rosterSheet } from '../engine';
import type { CarriedNote, Issue, Lang, ResultSheet, SheetInput } from '../engine';
import type { WorkbookHost } from '../excel/host';
import type { PreviousInfo } from './components/PreviousPeriod';
import { lastPeriodFromFile } from './files';
import type { EngineClient } from './worker/engineClient';
import type { PaneResult } from './worker/protocol';

/** What identifies a note's issue: everything but the note itself. */
const identity = (n: CarriedNote): string => [n.code, n.source, n.sheet, nameKey(n.facility ?? ''), n.subject, n.cell].map((x) => x ?? '').join('\u0000');

/**
 * The notes a run carries over: those typed in the pane first (the newer word on an issue), then those
 * typed in 校验结果, less any the pane has replaced; each note goes to one issue only.
 */
export function notesForRun(typedInPane: readonly CarriedNote[], issueSheets: readonly SheetInput[]): CarriedNote[] {
  const replaced = new Set(typedInPane.map(identity));
  return [...typedInPane, ...readNotes(issueSheets).filter((n) => !replaced.has(identity(n)))];
}

/** A note typed in the pane on an issue, identified as 校验结果 identifies it (code, file, sheet, facility, subject, cell). */
export function noteOn(issue: Issue, result: Pick<PaneResult, 'indicators'>, note: string): CarriedNote {
  const names = new Map(result.indicators.map((d) => [d.code, d.name]));
  return {
    code: issue.code,
    source: issue.source ?? null,
    sheet: issue.sheet,
    facility: issue.facility ?? null,
    subject: issueSubject(issue, names),
    cell: issue.cell,
    note,
  };
}

/** The pane's notes with this one in place of any earlier note on the same issue. */
export function withTypedNote(notes: readonly CarriedNote[], note: CarriedNote): CarriedNote[] {
  return [...notes.filter((n) => identity(n) !== identity(note)), note];
}

/** The result as shown once a note is typed on one of its issues: the note on it, readiness counted again. */
export function resultWithNote(result: PaneResult, issue: Issue, note: string): PaneResult {
  const issues = result.issues.map((i) => (i === issue ? { ...i, note } : i));
  return { ...result, issues, readiness: readinessOf(issues) };
}

export interface KeptPrevious {
  sheet: SheetInput;
  info: PreviousInfo;
}

/** 上期机构明细 as the workbook keeps it, or null when there is none. */
export async function keptPrevious(host: WorkbookHost): Promise<KeptPrevious | null> {
  const [sheet] = await host.readOwnSheets(['previous']);
  return sheet ? { sheet, info: previousSheetInfo(sheet) } : null;
}

/** What the pane says of picked files, in the 上期机构明细 title and its messages: their names. */
export function filesLabel(files: readonly File[], lang: Lang): string {
  return files.map((f) => f.name).join(lang === 'zh-CN' ? '、' : ', ');
}

export type PreviousOutcome = { kept: KeptPrevious | null } | { refused: 'not-result' | 'empty' | 'no-facility' };

/** 上期机构明细 written in place of the one kept before, and read back as the pane shows it. */
async function keep(host: WorkbookHost, sheet: ResultSheet | null): Promise<PreviousOutcome> {
  if (!sheet) return { refused: 'empty' };
  await host.writeResults([sheet]);
  return { kept: await keptPrevious(host) };
}

/**
 * 上期结果工作簿 picked: its 机构明细 kept in the workbook as 上期机构明细 (replacing the one kept before),
 * or why not: the file has no 机构明细 (not a result workbook of this tool), or none of its rows is a facility.
 * @throws WorkbookFormatError when the file cannot be read as a workbook at all.
 */
export async function keepPreviousFrom(host: WorkbookHost, file: File, lang: Lang): Promise<PreviousOutcome> {
  const read = await lastPeriodFromFile(file);
  if (!('archive' in read)) return { refused: 'not-result' };
  return keep(host, previousSheet(read.archive, file.name, lang));
}

export interface ReportsContext {
  lang: Lang;
  /** This period's 统计截止日期: the reports are read as the month before it. */
  asOf: string;
  /** The workbook's sheets as last read: its definition sheets give the indicators. */
  workbook: readonly SheetInput[];
}

/**
 * 上期乡镇文件 picked (several at once, any format 导入乡镇文件 reads): read here, consolidated by the
 * engine as the month before this period with this workbook's definitions, as the command line reads
 * `--previous <township files>`, and kept as 上期机构明细. A result workbook among them is taken as
 * such (its 机构明细). Refused when no facility could be read from any of them.
 * @throws WorkbookFormatError when a file cannot be read as a workbook at all.
 */
export async function keepPreviousFromReports(host: WorkbookHost, engine: EngineClient, files: readonly File[], context: ReportsContext): Promise<PreviousOutcome> {
  const { lang } = context;
  const reports: SheetInput[] = [];
  for (const file of files) {
    const read = await lastPeriodFromFile(file);
    if ('archive' in read) return keep(host, previousSheet(read.archive, file.name, lang));
    reports.push(...read.sheets);
  }
  const workbook = context.workbook.filter((s) => isDefinitionSheet(s.name));
  const { resultSheets } = await engine.consolidate(reports, { asOf: context.asOf, lang }, { lastPeriod: { workbook, file: filesLabel(files, lang) } });
  const [sheet] = resultSheets ?? [];
  if (!sheet) return { refused: 'no-facility' };
  return keep(host, sheet);
}

/**
 * 机构名录 to insert with the definition sheets: the townships and facilities of the last run (its
 * 机构明细 in this workbook), else an example row; or the name of the roster the workbook has already.
 */
export async function rosterToInsert(host: WorkbookHost, lang: Lang): Promise<{ sheet: ResultSheet } | { existing: string }> {
  const existing = (await host.listSheets()).find((s) => isRosterSheet(s.name) && !s.createdByAddin);
  if (existing) return { existing: existing.name };
  const [facilities] = await host.readOwnSheets(['facilities']);
  const read = facilities ? readArchiveSheet(facilities, []).facilities : [];
  return { sheet: rosterSheet(read, lang) };
}
