// A county's result workbook imported into a city's workbook is one unit of the city's roll-up. Its
// 县级汇总 and 校验结果 are inserted under the county's name ("青山县 县级汇总"), so that several
// counties sit side by side and never clash with the city's own result sheets; the workbook remembers
// (a setting) which sheets came from which file and which of the two each is, and readSheets hands them
// to the engine with that file as their source (SheetInput.source, unitSheet).
import type { SheetInput } from '../engine/types';

export const IMPORTED_UNITS_KEY = 'indicatorRollup.importedUnits';

/** One imported sheet of a unit, as the workbook's record keeps it. */
export interface ImportedUnitSheet {
  /** The sheet's name in this workbook. */
  sheet: string;
  /** The file it came from: the unit's source (the engine names the unit from its total row, else from this). */
  source: string;
  part: NonNullable<SheetInput['unitSheet']>;
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
      (e.part === 'rollup' || e.part === 'issues'),
  );
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
