// 导入乡镇文件 of a county's result workbook (written by this tool, from the CLI or the add-in): at the
// city, it is one unit. Only its 县级汇总 (the total row the city reads) and 校验结果 (the errors it
// still holds) are inserted, named after the county, so that many counties sit side by side.
import { isDefinitionSheet, isResultSheetName, isRosterSheet, RESULT_SHEET_NAMES, unitNameOfFile } from '../engine';
import type { UnitImportFile } from '../excel/host';
import { unitSheetName } from '../excel/importedUnits';

const baseName = (name: string): string => name.trim().replace(/\s*[(（]\d+[)）]$/, '');
const ROLLUP = new Set(Object.values(RESULT_SHEET_NAMES).map((n) => n.rollup));
const ISSUES = new Set(Object.values(RESULT_SHEET_NAMES).map((n) => n.issues));

export interface UnitImportPlan {
  /** The unit's name as the file gives it (青山县-汇总结果.xlsx → 青山县): the sheets' names start with it. */
  unit: string;
  sheets: UnitImportFile['sheets'];
}

/**
 * What to insert of a file whose sheets are all this tool's result (or definition) sheets, with a
 * 县级汇总: its 县级汇总 and 校验结果, in the file's order. Null for any other file (a township's).
 */
export function unitImportOf(fileName: string, sheetNames: readonly string[]): UnitImportPlan | null {
  if (!sheetNames.every((n) => isResultSheetName(n) || isDefinitionSheet(n) || isRosterSheet(n))) return null;
  if (!sheetNames.some((n) => ROLLUP.has(baseName(n)))) return null;
  const unit = unitNameOfFile(fileName);
  const sheets: UnitImportFile['sheets'] = [];
  for (const sheet of sheetNames) {
    const base = baseName(sheet);
    const part = ROLLUP.has(base) ? 'rollup' : ISSUES.has(base) ? 'issues' : null;
    // One of each: a second 县级汇总 (a copy kept beside) is not another unit.
    if (part && !sheets.some((s) => s.part === part)) sheets.push({ sheet, as: unitSheetName(unit, base), part });
  }
  return { unit, sheets };
}
