// A county's result workbook imported into a city's workbook is one unit of the city's roll-up. Its
// 县级汇总 and 校验结果 are inserted under the county's name ("青山县 县级汇总"), so that several
// counties sit side by side and never clash with the city's own result sheets; the workbook remembers
// (a setting) which sheets came from which file and which of the two each is, and readSheets hands them
// to the engine with that file as their source (SheetInput.source, unitSheet). The record follows a sheet
// the user renames: by its id within the session, and by a custom property the sheet carries (ExcelApi
// 1.12) after the workbook is closed and opened again. A copy of a unit's sheet is not the unit.
import type { SheetInput } from '../engine/types';

export const IMPORTED_UNITS_KEY = 'indicatorRollup.importedUnits';
/** The worksheet custom property an imported sheet carries: its file and part, as JSON. */
export const UNIT_PROPERTY = 'indicatorRollup.unit';

/** One imported sheet of a unit, as the workbook's record keeps it. */
export interface ImportedUnitSheet {
  /** The sheet's name in this workbook. */
  sheet: string;
  /** The file it came from: the unit's source (the engine names the unit from its total row, else from this). */
  source: string;
  part: NonNullable<SheetInput['unitSheet']>;
  /** Worksheet.id when imported: trusted within the session only. */
  id?: string;
}

export function parseImportedUnits(value: unknown): ImportedUnitSheet[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is ImportedUnitSheet =>
      typeof e === 'object' &&
      e !== null &&
      typeof e.sheet === 'string' &&
      typeof e.source === 'string' &&
      e.source !== '' &&
      (e.part === 'rollup' || e.part === 'issues') &&
      (e.id === undefined || typeof e.id === 'string'),
  );
}

/** What an imported sheet's custom property holds. */
export function unitPropertyValue(unit: ImportedUnitSheet): string {
  return JSON.stringify({ source: unit.source, part: unit.part });
}

function parseUnitProperty(value: string | null | undefined): { source: string; part: string } | null {
  if (!value) return null;
  try {
    const v = JSON.parse(value) as unknown;
    return typeof v === 'object' && v !== null && typeof (v as { source?: unknown }).source === 'string' && typeof (v as { part?: unknown }).part === 'string'
      ? (v as { source: string; part: string })
      : null;
  } catch {
    return null;
  }
}

/**
 * The workbook's sheets that are imported units, by sheet id: a recorded name still there; else, for a
 * record whose sheet is gone by that name (renamed), the sheet with the recorded id, or the one whose
 * custom property names the same file and part. A copy (the recorded sheet still there) is left out.
 * properties: each sheet's UNIT_PROPERTY value by id, where Excel has them.
 */
export function matchImportedUnits(
  sheets: readonly { id: string; name: string }[],
  record: readonly ImportedUnitSheet[],
  properties: ReadonlyMap<string, string | null> = new Map(),
): Map<string, ImportedUnitSheet> {
  const out = new Map<string, ImportedUnitSheet>();
  const byName = new Map(sheets.map((s) => [s.name, s]));
  const gone: ImportedUnitSheet[] = [];
  for (const unit of record) {
    const sheet = byName.get(unit.sheet);
    if (sheet && !out.has(sheet.id)) out.set(sheet.id, unit);
    else if (!sheet) gone.push(unit);
  }
  for (const unit of gone) {
    const free = sheets.filter((s) => !out.has(s.id));
    const sheet =
      free.find((s) => unit.id !== undefined && s.id === unit.id) ??
      free.find((s) => {
        const mark = parseUnitProperty(properties.get(s.id));
        return mark !== null && mark.source === unit.source && mark.part === unit.part;
      });
    if (sheet) out.set(sheet.id, { ...unit, sheet: sheet.name });
  }
  return out;
}

/** Characters Excel does not allow in a sheet name. */
const NOT_IN_SHEET_NAME = /[[\]:*?/\\]/g;
export const SHEET_NAME_MAX = 31;

/** "青山县" + "县级汇总" → "青山县 县级汇总", within Excel's 31 characters and its allowed characters. */
export function unitSheetName(unit: string, sheet: string): string {
  const clean = unit.replace(NOT_IN_SHEET_NAME, '_').replace(/^'+|'+$/g, '').trim();
  const room = SHEET_NAME_MAX - sheet.length - 1;
  const head = [...clean].slice(0, Math.max(0, room)).join('');
  return head ? `${head} ${sheet}` : sheet;
}
