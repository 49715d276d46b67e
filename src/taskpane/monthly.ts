// The pane's part of the monthly cycle, kept out of App: 情况说明 (typed in 校验结果 or in the pane) for
// the next run, last period's 上期机构明细, and a 机构名录 for the user to edit. The engine does the
// matching and the reading; this only gathers what the workbook holds.
import { isRosterSheet, issueSubject, nameKey, previousSheet, previousSheetInfo, readArchiveSheet, readinessOf, readNotes, rosterSheet } from '../engine';
import type { CarriedNote, Issue, Lang, ResultSheet, SheetInput } from '../engine';
import type { WorkbookHost } from '../excel/host';
import type { PreviousInfo } from './components/PreviousPeriod';
import { archiveFromFile } from './files';
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

/**
 * 上期结果工作簿 picked: its 机构明细 kept in the workbook as 上期机构明细 (replacing the one kept before),
 * or why not: the file has no 机构明细 (not a result workbook of this tool), or none of its rows is a facility.
 * @throws WorkbookFormatError when the file cannot be read as a workbook at all.
 */
export async function keepPreviousFrom(host: WorkbookHost, file: File, lang: Lang): Promise<{ kept: KeptPrevious | null } | { refused: 'not-result' | 'empty' }> {
  const archive = await archiveFromFile(file);
  if (!archive) return { refused: 'not-result' };
  const sheet = previousSheet(archive, file.name, lang);
  if (!sheet) return { refused: 'empty' };
  await host.writeResults([sheet]);
  return { kept: await keptPrevious(host) };
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
