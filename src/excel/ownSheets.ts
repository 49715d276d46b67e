// Which sheets of the workbook are the add-in's own result sheets. Excel keeps Worksheet.id constant
// within a session but does not promise it across close and reopen, so a sheet is ours when the
// workbook's record (a setting) names it AND the sheet itself carries our mark: its id (same session),
// its custom property (ExcelApi 1.12), or the header row we wrote (older Excel; row 1, or row 2 under a
// title row when the run had a unit name). A sheet the user renamed
// or copied is not ours; a sheet left behind by a run that failed half-way (a temporary name) is.
import type { ResultSheet } from '../engine/types';

export const CREATED_SHEETS_KEY = 'indicatorRollup.createdSheets';
/** The worksheet custom property that marks a result sheet; its value is the sheet's kind. */
export const SHEET_KIND_PROPERTY = 'indicatorRollup.kind';
/** Temporary names of result sheets being written start with this (never a township's name). */
export const TEMPORARY_PREFIX = '~汇总中';
/** Header cells compared when the sheet has no custom property: enough to tell our sheets apart. */
const MARKER_CELLS = 8;

/** A sheet this add-in wrote, as the workbook's record keeps it. */
export interface CreatedSheet {
  /** Worksheet.id when written: trusted within the session only. */
  id: string | null;
  name: string;
  kind: ResultSheet['kind'];
  /** The sheet's first header cells joined by tabs, as written. */
  marker?: string;
  /** Written under a temporary name by a run that had not finished: replaced by the next run. */
  pending?: boolean;
}

export interface WorksheetInfo {
  id: string;
  name: string;
  visibility: string;
}

export interface SheetState {
  sheets: WorksheetInfo[];
  /** The remembered sheets that are still ours, with their current id. */
  created: CreatedSheet[];
  /** Sheet names the user left out of the roll-up. */
  excluded: Set<string>;
}

type Ctx = Excel.RequestContext;

export function markerOf(sheet: ResultSheet): string {
  return sheet.columns
    .slice(0, MARKER_CELLS)
    .map((c) => c.header)
    .join('\t');
}

function parseCreated(value: unknown): CreatedSheet[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is CreatedSheet =>
      typeof e === 'object' && e !== null && (typeof e.id === 'string' || e.id === null) && typeof e.name === 'string' && typeof e.kind === 'string',
  );
}

function parseExcluded(value: unknown): Set<string> {
  return new Set(Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string' && s !== '') : []);
}

/**
 * Worksheets, the record of our sheets, and the marks that confirm them: two syncs (three when a
 * remembered sheet has to be confirmed by its custom property or header row).
 */
export async function loadSheetState(context: Ctx, excludedKey: string, customProperties: boolean): Promise<SheetState> {
  const collection = context.workbook.worksheets;
  collection.load('items/name,items/id,items/visibility');
  const setting = context.workbook.settings.getItemOrNullObject(CREATED_SHEETS_KEY);
  setting.load('value');
  const excludedSetting = context.workbook.settings.getItemOrNullObject(excludedKey);
  excludedSetting.load('value');
  await context.sync();

  const sheets = collection.items.map((s) => ({ id: s.id, name: s.name, visibility: String(s.visibility) }));
  const excluded = excludedSetting.isNullObject ? new Set<string>() : parseExcluded(excludedSetting.value);
  const remembered = setting.isNullObject ? [] : parseCreated(setting.value);
  const byName = new Map(sheets.map((s) => [s.name, s]));

  // A remembered name whose sheet kept its id is ours at once; others need the sheet's own mark.
  const created: CreatedSheet[] = [];
  const checks: { record: CreatedSheet; sheet: WorksheetInfo; property: Excel.WorksheetCustomProperty | null; header: Excel.Range | null }[] = [];
  for (const record of remembered) {
    const sheet = byName.get(record.name);
    if (!sheet) continue;
    if (record.id !== null && record.id === sheet.id) {
      created.push(record);
      continue;
    }
    const ws = collection.getItem(sheet.id);
    let property: Excel.WorksheetCustomProperty | null = null;
    if (customProperties) {
      property = ws.customProperties.getItemOrNullObject(SHEET_KIND_PROPERTY);
      property.load('value');
    }
    let header: Excel.Range | null = null;
    if (record.marker) {
      // The header is row 1, or row 2 under a title row: both are read.
      header = ws.getRangeByIndexes(0, 0, 2, record.marker.split('\t').length);
      header.load('values');
    }
    checks.push({ record, sheet, property, header });
  }
  if (checks.length > 0) await context.sync();
  for (const { record, sheet, property, header } of checks) {
    const byProperty = property !== null && !property.isNullObject && property.value === record.kind;
    const byHeader = header !== null && header.values.some((row) => record.marker === row.map((v) => String(v)).join('\t'));
    if (byProperty || byHeader) created.push({ ...record, id: sheet.id });
  }
  return { sheets, created, excluded };
}
