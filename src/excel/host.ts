// What the task pane asks of the workbook it runs on. One implementation (workbookHost.ts) is built on
// the Excel JavaScript API and runs unchanged in Excel and on the preview's in-browser host.
import type { CarriedNote, CellRef, LayoutOverride, ResultSheet, SheetInput } from '../engine/types';

export interface HostCapabilities {
  /** ExcelApi 1.13 Workbook.insertWorksheetsFromBase64 (导入乡镇文件). */
  insertWorksheetsFromBase64: boolean;
  /** ExcelApi 1.13 Range.getMergedAreasOrNullObject; without it merged cells are read unmerged. */
  mergedAreas: boolean;
  /** ExcelApi 1.12 Worksheet.customProperties: result sheets carry their own mark. */
  customProperties?: boolean;
}

export interface SheetSummary {
  name: string;
  hidden: boolean;
  /** True for sheets this add-in created (its result sheets), which are never read as data. */
  createdByAddin: boolean;
}

export interface ReadProgress {
  sheet: string;
  done: number;
  total: number;
}

export interface ImportFile {
  name: string;
  base64: string;
  /** The file's sheets to insert, in the file's order; all when absent. */
  sheets?: string[];
  /** Names among `sheets` whose namesake in the workbook the inserted sheet replaces. */
  replace?: string[];
}

/** A county's result workbook to import as one unit (importedUnits.ts). */
export interface UnitImportFile {
  /** The file's name: the unit's source. */
  name: string;
  base64: string;
  /** Its 县级汇总 (and 校验结果), in the file's order, each with the name it gets here. */
  sheets: { sheet: string; as: string; part: 'rollup' | 'issues' }[];
  /** The user chose to replace sheets of these names (an earlier import of the same unit). */
  replace?: string[];
}

export interface WrittenSheet {
  /** The name asked for (县级汇总…). */
  requested: string;
  /** The name written: differs when a user's own sheet already has the requested name. */
  actual: string;
}

export interface WorkbookHost {
  readonly capabilities: HostCapabilities;
  listSheets(): Promise<SheetSummary[]>;
  /**
   * Every sheet but the add-in's own result sheets, as the engine's input. Never changes a sheet.
   * Sheets the user left out (saveExcludedSheets) come back by name only, with no cells: they are not read.
   */
  readSheets(onProgress?: (p: ReadProgress) => void): Promise<SheetInput[]>;
  /**
   * The add-in's own sheets of these kinds as they are now (校验结果 with the 情况说明 a user typed,
   * 上期机构明细), as the engine's input; [] when there is none. Never changes a sheet.
   */
  readOwnSheets(kinds: ResultSheet['kind'][]): Promise<SheetInput[]>;
  /**
   * Writes result sheets, replacing only sheets this add-in created earlier. The new sheets are written
   * under temporary names first; the old ones are deleted only once the new ones are complete.
   */
  writeResults(sheets: ResultSheet[]): Promise<WrittenSheet[]>;
  /** Deletes the add-in's own sheets of these kinds (上期机构明细 when the user removes it); never a user's sheet. */
  removeOwnSheets(kinds: ResultSheet['kind'][]): Promise<void>;
  /** Selects a cell (activating its sheet): where an issue points. */
  selectCell(ref: CellRef): Promise<void>;
  /**
   * Inserts the worksheets of each .xlsx file (base64) into the workbook (every one, or those named in
   * `sheets`); returns the new sheet names. A sheet named in `replace` (the user's explicit choice) takes
   * the place of the workbook's sheet of that name, which is deleted only once the new one is in; a sheet
   * this add-in created is never replaced.
   * @throws FileTooLargeError when a file would not fit Excel on the web's request limit.
   */
  importFiles(files: ImportFile[]): Promise<string[]>;
  /**
   * Inserts a county's 县级汇总 and 校验结果 under the names given and remembers them as one unit (their
   * file as source), which readSheets then hands to the engine as such; returns the sheets' names.
   * A sheet named in `replace` is deleted once the new one is in; others keep theirs ("(2)").
   * @throws FileTooLargeError when the file would not fit Excel on the web's request limit.
   */
  importUnit(file: UnitImportFile): Promise<string[]>;
  /** 单位名称 (青山县), kept in the workbook: titles the result sheets and names the total row. */
  loadUnitName(): Promise<string>;
  saveUnitName(name: string): Promise<void>;
  /** Remembered corrections of detected layouts (kept in the workbook for next month). */
  loadOverrides(): Promise<LayoutOverride[]>;
  saveOverrides(overrides: LayoutOverride[]): Promise<void>;
  /** 情况说明 typed in the pane, kept in the workbook until a run writes them into 校验结果. */
  loadNotes(): Promise<CarriedNote[]>;
  saveNotes(notes: CarriedNote[]): Promise<void>;
  /** Sheets the user left out of the roll-up, by name (kept in the workbook for next month). */
  loadExcludedSheets(): Promise<string[]>;
  saveExcludedSheets(sheets: string[]): Promise<void>;
}
