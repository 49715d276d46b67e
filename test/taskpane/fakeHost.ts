// A WorkbookHost held in memory for the pane's tests: it keeps sheets as the engine reads them and
// records what the pane asked of it. Errors can be queued per method.
import type { HostCapabilities, ImportFile, ReadProgress, SheetSummary, UnitImportFile, WorkbookHost, WrittenSheet } from '../../src/excel/host';
import type { CarriedNote, CellRef, LayoutOverride, ResultSheet, SheetInput } from '../../src/engine/types';

export class FakeHost implements WorkbookHost {
  readonly capabilities: HostCapabilities;
  readonly selected: CellRef[] = [];
  readonly written: ResultSheet[][] = [];
  readonly imported: ImportFile[][] = [];
  readonly savedOverrides: LayoutOverride[][] = [];
  readonly savedExcluded: string[][] = [];
  reads = 0;
  private overrides: LayoutOverride[] = [];
  /** What the workbook remembers as left out of the roll-up (its settings). */
  excludedSheets: string[] = [];
  /** 单位名称 as the workbook keeps it, and each name saved. */
  unitName = '';
  readonly savedUnitNames: string[] = [];
  readonly importedUnits: UnitImportFile[] = [];
  readonly failNext: Partial<Record<keyof WorkbookHost, unknown>> = {};

  constructor(
    public sheets: SheetInput[],
    capabilities: Partial<HostCapabilities> = {},
    /** Sheets importFiles adds, per call. */
    private readonly toImport: SheetInput[] = [],
  ) {
    this.capabilities = { insertWorksheetsFromBase64: true, mergedAreas: true, ...capabilities };
  }

  private fail(method: keyof WorkbookHost): void {
    if (method in this.failNext) {
      const error = this.failNext[method];
      delete this.failNext[method];
      throw error;
    }
  }

  async listSheets(): Promise<SheetSummary[]> {
    return this.sheets.map((s) => ({ name: s.name, hidden: s.hidden === true, createdByAddin: false }));
  }

  async readSheets(onProgress?: (p: ReadProgress) => void): Promise<SheetInput[]> {
    this.fail('readSheets');
    this.reads++;
    this.sheets.forEach((s, n) => onProgress?.({ sheet: s.name, done: n + 1, total: this.sheets.length }));
    // As the Excel host does: a sheet the user left out is listed by name, its cells are not read.
    const left = new Set(this.excludedSheets);
    return this.sheets.map((s) => (left.has(s.name) ? { name: s.name, values: [], hidden: s.hidden } : { ...s, values: s.values.map((r) => [...r]) }));
  }

  /** The fake keeps no result sheets as sheets: it has none of its own to read back. */
  async readOwnSheets(): Promise<SheetInput[]> {
    this.fail('readOwnSheets');
    return [];
  }

  async removeOwnSheets(): Promise<void> {
    this.fail('removeOwnSheets');
  }

  /** 情况说明 typed in the pane, as the workbook's setting keeps them. */
  notes: CarriedNote[] = [];

  async loadNotes(): Promise<CarriedNote[]> {
    return [...this.notes];
  }

  async saveNotes(notes: CarriedNote[]): Promise<void> {
    this.fail('saveNotes');
    this.notes = [...notes];
  }

  async writeResults(sheets: ResultSheet[]): Promise<WrittenSheet[]> {
    this.fail('writeResults');
    this.written.push(sheets);
    const taken = new Set(this.sheets.map((s) => s.name));
    return sheets.map((s) => ({ requested: s.name, actual: taken.has(s.name) ? `${s.name} (2)` : s.name }));
  }

  async selectCell(ref: CellRef): Promise<void> {
    this.fail('selectCell');
    this.selected.push(ref);
  }

  async importFiles(files: ImportFile[]): Promise<string[]> {
    this.fail('importFiles');
    this.imported.push(files);
    this.sheets.push(...this.toImport);
    return this.toImport.map((s) => s.name);
  }

  async loadOverrides(): Promise<LayoutOverride[]> {
    return this.overrides;
  }

  async saveOverrides(overrides: LayoutOverride[]): Promise<void> {
    this.fail('saveOverrides');
    this.savedOverrides.push(overrides);
    this.overrides = overrides;
  }

  async loadExcludedSheets(): Promise<string[]> {
    this.fail('loadExcludedSheets');
    return [...this.excludedSheets];
  }

  async saveExcludedSheets(sheets: string[]): Promise<void> {
    this.fail('saveExcludedSheets');
    this.savedExcluded.push(sheets);
    this.excludedSheets = [...sheets];
  }

  async importUnit(file: UnitImportFile): Promise<string[]> {
    this.fail('importUnit');
    this.importedUnits.push(file);
    return file.sheets.map((s) => s.as);
  }

  async loadUnitName(): Promise<string> {
    this.fail('loadUnitName');
    return this.unitName;
  }

  async saveUnitName(name: string): Promise<void> {
    this.fail('saveUnitName');
    this.savedUnitNames.push(name);
    this.unitName = name;
  }
}
