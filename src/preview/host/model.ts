// The preview's workbook as Excel holds it: an ExcelJS Workbook plus what Excel keeps beside the cells
// (sheet ids and order, add-in settings, the active sheet and selection). Cells are read and written here
// with Office.js semantics: values are numbers, strings or booleans ("" for blank), dates are serial
// numbers, only the top-left cell of a merged area holds a value.
import type ExcelJS from 'exceljs';
import type { PreviewChart } from './charts';
import { PREVIEW_ERROR_CODES, PreviewRichApiError } from './errors';

export type OfficeCellValue = number | string | boolean;

export interface CellBox {
  /** 0-based, inclusive. */
  top: number;
  left: number;
  bottom: number;
  right: number;
}

export interface PreviewSheet {
  readonly id: string;
  readonly ws: ExcelJS.Worksheet;
  deleted: boolean;
  /** Worksheet.customProperties (ExcelApi 1.12): keys compared case-insensitively, kept lower-cased. */
  readonly customProperties: Map<string, { key: string; value: string }>;
  /** Worksheet.charts: the charts added in this session (a file's own charts are not read). */
  readonly charts: PreviewChart[];
}

/**
 * What becomes of sheet ids when a saved workbook is opened again. Excel keeps Worksheet.id constant
 * within a session but does not promise it across close and reopen: 'regenerated' (the default) gives
 * every sheet a new id, as Excel may; 'kept' restores the ids saved with the file.
 */
export type SheetIdsOnOpen = 'kept' | 'regenerated';

/** Excel's grid: rows and columns a range can address. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLUMNS = 16_384;

/** Each opened book numbers its sheet ids in its own series, so ids of two opens never coincide. */
let openCount = 0;

export type Visibility = 'Visible' | 'Hidden' | 'VeryHidden';

/** ExcelJS orders sheets by orderNo (set when read or added), which its typings leave out. */
export const orderOf = (ws: ExcelJS.Worksheet): number => (ws as unknown as { orderNo?: number }).orderNo ?? 0;
export function setOrder(ws: ExcelJS.Worksheet, n: number): void {
  (ws as unknown as { orderNo: number }).orderNo = n;
}

const MS_PER_DAY = 86400000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** Excel's display of number format id 14, which ExcelJS gives Date cells that carry no format. */
export const DEFAULT_DATE_FORMAT = 'm/d/yyyy';

export function dateToSerial(d: Date): number {
  return (d.getTime() - EPOCH_1900) / MS_PER_DAY;
}

export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** "B3:D7" or "C2" (optionally $-anchored, optionally after "Sheet!") → 0-based box. */
export function parseBox(address: string): CellBox {
  const bang = address.lastIndexOf('!');
  const local = (bang >= 0 ? address.slice(bang + 1) : address).replace(/\$/g, '').trim();
  const m = /^([A-Za-z]{1,3})(\d+)(?::([A-Za-z]{1,3})(\d+))?$/.exec(local);
  if (!m) throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `The argument is invalid or missing: ${address}`);
  const top = Number(m[2]) - 1;
  const left = columnNumber(m[1]);
  const bottom = m[4] ? Number(m[4]) - 1 : top;
  const right = m[3] ? columnNumber(m[3]) : left;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

export function boxAddress(b: CellBox): string {
  const tl = `${columnName(b.left)}${b.top + 1}`;
  return b.top === b.bottom && b.left === b.right ? tl : `${tl}:${columnName(b.right)}${b.bottom + 1}`;
}

/** A sheet name as Excel writes it in an address: quoted when it is not a plain identifier. */
export function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

function isFormulaValue(v: unknown): v is { formula?: string; sharedFormula?: string; result?: unknown } {
  return typeof v === 'object' && v !== null && ('formula' in v || 'sharedFormula' in v);
}

/** Days between the 1900 and the 1904 date systems' serial numbers for the same day. */
export const DAYS_1900_TO_1904 = 1462;

/** An ExcelJS cell value as Office.js's Range.values gives it (dates as serials of the workbook's date system). */
export function officeValue(value: ExcelJS.CellValue | undefined, date1904 = false): OfficeCellValue {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return value;
  if (value instanceof Date) return dateToSerial(value) - (date1904 ? DAYS_1900_TO_1904 : 0);
  if (isFormulaValue(value)) return officeValue(value.result as ExcelJS.CellValue | undefined, date1904);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((t) => t.text).join('');
    if ('error' in value) return value.error;
    if ('text' in value && 'hyperlink' in value) {
      const t = value.text as unknown;
      return typeof t === 'string' ? t : typeof t === 'object' && t !== null && 'richText' in t ? officeValue(t as ExcelJS.CellValue) : '';
    }
  }
  return '';
}

function isMergedSlave(cell: ExcelJS.Cell): boolean {
  return cell.isMerged && cell.master !== cell;
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export class PreviewBook {
  readonly sheets: PreviewSheet[] = [];
  /** Workbook settings (Office.js workbook.settings), values kept as JSON text like the real host. */
  readonly settings = new Map<string, string>();
  activeSheetId: string | null = null;
  selection: { sheetId: string; address: string } | null = null;
  /** Set by application.suspendApiCalculationUntilNextSync(); cleared when that sync ends. */
  calculationSuspended = false;
  /** application.calculate() requests so far. */
  calculations = 0;
  /** The workbook's date system (File > Options > Advanced: "Use 1904 date system"). */
  date1904: boolean;
  /** Opened read-only (Workbook.readOnly, ExcelApi 1.8): every change is refused. */
  readOnly = false;
  /** Review > Protect Workbook (structure): sheets cannot be added, deleted, renamed or moved. */
  structureProtected = false;
  /** Sheets under Review > Protect Sheet, by id: their cells cannot be changed. */
  readonly protectedSheets = new Set<string>();
  private nextId = 1;
  private readonly series: string;

  /**
   * ids: sheet name → the id it had when the file was saved from the preview; used only when
   * idsOnOpen is 'kept'. customProperties: sheet name → its saved custom properties.
   */
  constructor(
    readonly wb: ExcelJS.Workbook,
    ids: ReadonlyMap<string, string> = new Map(),
    idsOnOpen: SheetIdsOnOpen = 'regenerated',
    customProperties: ReadonlyMap<string, [string, string][]> = new Map(),
  ) {
    this.series = (++openCount).toString(16).toUpperCase().padStart(8, '0');
    this.date1904 = (wb.properties as { date1904?: boolean } | undefined)?.date1904 === true;
    const ordered = [...wb.worksheets].sort((a, b) => orderOf(a) - orderOf(b));
    const used = new Set<string>();
    for (const ws of ordered) {
      const kept = idsOnOpen === 'kept' ? ids.get(ws.name) : undefined;
      const id = kept && !used.has(kept) ? kept : this.newId();
      used.add(id);
      const props = new Map((customProperties.get(ws.name) ?? []).map(([k, v]) => [k.toLowerCase(), { key: k, value: v }]));
      this.sheets.push({ id, ws, deleted: false, customProperties: props, charts: [] });
    }
    this.activeSheetId = this.sheets.find((s) => s.ws.state === 'visible')?.id ?? this.sheets[0]?.id ?? null;
  }

  private newId(): string {
    for (;;) {
      const n = (this.nextId++).toString(16).toUpperCase().padStart(4, '0');
      const id = `{${this.series}-${n}-0000-C000-000000000046}`;
      if (!this.sheets.some((s) => s.id === id)) return id;
    }
  }

  /** Changes to the workbook's structure (add, delete, rename, move a sheet) as Excel refuses them. */
  checkStructureChange(what: string): void {
    this.checkWritable();
    if (this.structureProtected) {
      throw new PreviewRichApiError(PREVIEW_ERROR_CODES.accessDenied, `The workbook structure is protected: ${what} is not allowed.`);
    }
  }

  checkWritable(): void {
    if (this.readOnly) throw new PreviewRichApiError(PREVIEW_ERROR_CODES.accessDenied, 'The workbook is open read-only.');
  }

  checkCellsWritable(sheet: PreviewSheet): void {
    this.checkWritable();
    if (this.protectedSheets.has(sheet.id)) {
      throw new PreviewRichApiError(PREVIEW_ERROR_CODES.accessDenied, `The worksheet ${sheet.ws.name} is protected.`);
    }
  }

  live(): PreviewSheet[] {
    return this.sheets.filter((s) => !s.deleted);
  }

  byName(name: string): PreviewSheet | undefined {
    const key = name.toLowerCase();
    return this.live().find((s) => s.ws.name.toLowerCase() === key || s.id === name);
  }

  byId(id: string): PreviewSheet | undefined {
    return this.live().find((s) => s.id === id);
  }

  /**
   * Excel's rule for new sheet names: unique (case-insensitive), at most 31 characters, no : \ / ? * [ ],
   * no apostrophe at either end, and not "History" (reserved by Excel for change tracking).
   */
  checkNewName(name: string): void {
    if (!name || name.length > 31 || /[:\\/?*[\]]/.test(name) || name.startsWith("'") || name.endsWith("'") || name.toLowerCase() === 'history') {
      throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `The argument is invalid or missing or has an incorrect format: ${name}`);
    }
    if (this.byName(name)) {
      throw new PreviewRichApiError(PREVIEW_ERROR_CODES.itemAlreadyExists, `A resource with the same name or identifier already exists: ${name}`);
    }
  }

  /** A name Excel would give a copied sheet: "Sheet1 (2)". */
  freeName(name: string): string {
    if (!this.byName(name)) return name;
    for (let k = 2; ; k++) {
      const suffix = ` (${k})`;
      const candidate = name.slice(0, 31 - suffix.length) + suffix;
      if (!this.byName(candidate)) return candidate;
    }
  }

  addSheet(name: string): PreviewSheet {
    this.checkStructureChange('adding a sheet');
    this.checkNewName(name);
    const ws = this.wb.addWorksheet(name);
    const sheet: PreviewSheet = { id: this.newId(), ws, deleted: false, customProperties: new Map(), charts: [] };
    this.sheets.push(sheet);
    return sheet;
  }

  /** Excel refuses to delete the last visible sheet and a very hidden one (InvalidOperation). */
  deleteSheet(sheet: PreviewSheet): void {
    this.checkStructureChange('deleting a sheet');
    if (sheet.ws.state === 'veryHidden') {
      throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidOperation, 'A very hidden worksheet cannot be deleted.');
    }
    const visible = this.live().filter((s) => s.ws.state === 'visible');
    if (visible.length === 1 && visible[0] === sheet) {
      throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidOperation, 'A workbook must contain at least one visible worksheet.');
    }
    this.wb.removeWorksheet(sheet.ws.id);
    sheet.deleted = true;
    if (this.activeSheetId === sheet.id) this.activeSheetId = this.live().find((s) => s.ws.state === 'visible')?.id ?? null;
    if (this.selection?.sheetId === sheet.id) this.selection = null;
  }

  position(sheet: PreviewSheet): number {
    return this.live().indexOf(sheet);
  }

  /** Used range: cells holding a value (valuesOnly) or also cells carrying a format; null when none. */
  usedBox(sheet: PreviewSheet, valuesOnly: boolean): CellBox | null {
    let box: CellBox | null = null;
    const grow = (r: number, c: number): void => {
      if (!box) box = { top: r, left: c, bottom: r, right: c };
      else {
        if (r < box.top) box.top = r;
        if (r > box.bottom) box.bottom = r;
        if (c < box.left) box.left = c;
        if (c > box.right) box.right = c;
      }
    };
    sheet.ws.eachRow({ includeEmpty: false }, (row, r) => {
      row.eachCell({ includeEmpty: !valuesOnly }, (cell, c) => {
        if (valuesOnly && (isMergedSlave(cell) || officeValue(cell.value) === '')) return;
        if (!valuesOnly && cell.value === null && !cell.numFmt && !cell.isMerged && Object.keys(cell.style ?? {}).length === 0) return;
        grow(r - 1, c - 1);
      });
    });
    if (!valuesOnly) {
      for (const m of this.merges(sheet)) {
        grow(m.top, m.left);
        grow(m.bottom, m.right);
      }
    }
    return box;
  }

  merges(sheet: PreviewSheet): CellBox[] {
    const raw = (sheet.ws as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges;
    return Object.values(raw)
      .filter(Boolean)
      .map((m) => ({ top: m.model.top - 1, left: m.model.left - 1, bottom: m.model.bottom - 1, right: m.model.right - 1 }));
  }

  private findCell(sheet: PreviewSheet, r: number, c: number): ExcelJS.Cell | undefined {
    const row = sheet.ws.findRow(r + 1);
    return row ? (row as unknown as { findCell(c: number): ExcelJS.Cell | undefined }).findCell(c + 1) : undefined;
  }

  readValues(sheet: PreviewSheet, b: CellBox): OfficeCellValue[][] {
    const out: OfficeCellValue[][] = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const row: OfficeCellValue[] = [];
      for (let c = b.left; c <= b.right; c++) {
        const cell = this.findCell(sheet, r, c);
        row.push(!cell || isMergedSlave(cell) ? '' : officeValue(cell.value, this.date1904));
      }
      out.push(row);
    }
    return out;
  }

  /** Range.valueTypes: what each cell holds, so that an error value and text that reads "#N/A" differ. */
  readValueTypes(sheet: PreviewSheet, b: CellBox): string[][] {
    const out: string[][] = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const row: string[] = [];
      for (let c = b.left; c <= b.right; c++) {
        const cell = this.findCell(sheet, r, c);
        let v: unknown = !cell || isMergedSlave(cell) ? null : cell.value;
        if (isFormulaValue(v)) v = v.result;
        const shown = officeValue(v as ExcelJS.CellValue, this.date1904);
        row.push(
          typeof v === 'object' && v !== null && 'error' in v
            ? 'Error'
            : shown === ''
              ? 'Empty'
              : typeof shown === 'number'
                ? 'Double'
                : typeof shown === 'boolean'
                  ? 'Boolean'
                  : 'String',
        );
      }
      out.push(row);
    }
    return out;
  }

  readFormats(sheet: PreviewSheet, b: CellBox): string[][] {
    const out: string[][] = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const row: string[] = [];
      for (let c = b.left; c <= b.right; c++) {
        const cell = this.findCell(sheet, r, c);
        const fmt = cell?.numFmt;
        row.push(fmt ? fmt : cell && cell.value instanceof Date ? DEFAULT_DATE_FORMAT : 'General');
      }
      out.push(row);
    }
    return out;
  }

  /** Range.text: what the cell shows; the preview renders numbers plainly and dates as yyyy-mm-dd. */
  readText(sheet: PreviewSheet, b: CellBox): string[][] {
    const values = this.readValues(sheet, b);
    const formats = this.readFormats(sheet, b);
    return values.map((row, i) =>
      row.map((v, j) => {
        if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
        if (typeof v === 'number' && /[ymd]/i.test(formats[i][j].replace(/"[^"]*"/g, ''))) {
          return new Date(EPOCH_1900 + Math.round((v + (this.date1904 ? DAYS_1900_TO_1904 : 0)) * MS_PER_DAY)).toISOString().slice(0, 10);
        }
        if (typeof v === 'number' && formats[i][j].includes('%')) return `${+(v * 100).toFixed(2)}%`;
        return String(v);
      }),
    );
  }

  readHyperlink(sheet: PreviewSheet, b: CellBox): { address?: string; documentReference?: string; textToDisplay?: string } | null {
    const cell = this.findCell(sheet, b.top, b.left);
    const v = cell?.value;
    if (!v || typeof v !== 'object' || !('hyperlink' in v)) return null;
    const target = String(v.hyperlink);
    const text = officeValue(v);
    return /^[^!]+![A-Za-z]+\d+(:[A-Za-z]+\d+)?$/.test(target) && !/^[a-z]+:/i.test(target)
      ? { documentReference: target, textToDisplay: String(text) }
      : { address: target, textToDisplay: String(text) };
  }

  /**
   * Range.values = …: what Excel does with a typed value. A leading apostrophe keeps the rest as text;
   * in a text-formatted (@) cell everything stays text; otherwise = + - @ start a formula and numeric
   * text becomes a number. The preview does not calculate: a formula written this way reads as #NAME?.
   */
  writeValues(sheet: PreviewSheet, b: CellBox, values: unknown[][]): void {
    this.checkCellsWritable(sheet);
    this.checkShape(b, values, 'values');
    for (let i = 0; i < values.length; i++) {
      for (let j = 0; j < values[i].length; j++) {
        const cell = sheet.ws.getCell(b.top + i + 1, b.left + j + 1);
        if (isMergedSlave(cell)) continue;
        cell.value = this.typed(values[i][j], cell.numFmt === '@');
      }
    }
  }

  private typed(v: unknown, textCell: boolean): ExcelJS.CellValue {
    if (v === null || v === undefined || v === '') return null;
    if (typeof v === 'number' || typeof v === 'boolean') return v;
    if (typeof v !== 'string') return String(v);
    if (v.startsWith("'")) return v.slice(1);
    if (textCell) return v;
    if (NUMERIC.test(v.trim())) return Number(v);
    if (/^[=+\-@]/.test(v) && v.length > 1) return { formula: v.startsWith('=') ? v.slice(1) : v, result: { error: '#NAME?' } } as ExcelJS.CellValue;
    return v;
  }

  writeFormats(sheet: PreviewSheet, b: CellBox, formats: unknown[][]): void {
    this.checkCellsWritable(sheet);
    this.checkShape(b, formats, 'numberFormat');
    for (let i = 0; i < formats.length; i++) {
      for (let j = 0; j < formats[i].length; j++) {
        const cell = sheet.ws.getCell(b.top + i + 1, b.left + j + 1);
        const f = String(formats[i][j]);
        cell.numFmt = f === 'General' ? (undefined as unknown as string) : f;
      }
    }
  }

  private checkShape(b: CellBox, grid: unknown[][], what: string): void {
    const rows = b.bottom - b.top + 1;
    const cols = b.right - b.left + 1;
    if (!Array.isArray(grid) || grid.length !== rows || grid.some((r) => !Array.isArray(r) || r.length !== cols)) {
      throw new PreviewRichApiError(
        PREVIEW_ERROR_CODES.invalidArgument,
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}).`,
      );
    }
  }

  eachCell(sheet: PreviewSheet, b: CellBox, fn: (cell: ExcelJS.Cell) => void): void {
    for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) fn(sheet.ws.getCell(r + 1, c + 1));
  }
}
