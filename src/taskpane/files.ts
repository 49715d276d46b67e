// Reading files the user picked, in the browser: as bytes, or as the base64 .xlsx that 导入乡镇文件 hands to
// Excel, with its sheet names. A township file that is not .xlsx (.xls, WPS .et, .csv, .ods, .xlsb, HTML or SpreadsheetML 2003
// saved as .xls) is converted to .xlsx here first; an .xlsx has only its sheet list read, from its package
// (xlsxSheetNames.ts). SheetJS is loaded on the first import that needs it (a chunk of its own, never part
// of the pane's start-up bundle): another format, or an .xlsx whose package that reader cannot follow.
import type * as SheetJsModule from '@e965/xlsx';
import { isArchiveSheetName } from '../engine';
import type { CellValue, SheetInput } from '../engine';
import { WorkbookFormatError } from '../formats/reasons';
import { sheetsOfWorkbook } from '../formats/sheetInput';
import { readWithSheetJs, type SheetJs } from '../formats/sheetjs';
import { sniffWorkbook, type WorkbookKind } from '../formats/sniff';
import { xlsxSheetNames } from './xlsxSheetNames';

function read<T>(file: Blob, how: (r: FileReader) => void, take: (r: FileReader) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(take(reader));
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed'));
    how(reader);
  });
}

export function fileToArrayBuffer(file: Blob): Promise<ArrayBuffer> {
  return read(
    file,
    (r) => r.readAsArrayBuffer(file),
    (r) => r.result as ArrayBuffer,
  );
}

function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

let sheetJs: Promise<SheetJs> | null = null;

/** SheetJS with its code pages (old .xls files in GBK need them), fetched once, on first need. */
function loadSheetJs(): Promise<SheetJs> {
  sheetJs ??= Promise.all([
    import(/* webpackChunkName: "sheetjs" */ '@e965/xlsx'),
    import(/* webpackChunkName: "sheetjs" */ '@e965/xlsx/dist/cpexcel'),
  ]).then(([XLSX, cptable]) => {
    XLSX.set_cptable(cptable);
    return XLSX as SheetJs;
  });
  // A failed download may succeed on the next import.
  sheetJs.catch(() => (sheetJs = null));
  return sheetJs;
}

/** PNG, JPEG, GIF, BMP, TIFF and WebP by their first bytes: a photo of the report instead of the report. */
function isImage(b: Uint8Array): boolean {
  const at = (sig: number[], from = 0) => sig.every((x, i) => b[from + i] === x);
  return (
    at([0x89, 0x50, 0x4e, 0x47]) ||
    at([0xff, 0xd8, 0xff]) ||
    at([0x47, 0x49, 0x46, 0x38]) ||
    at([0x42, 0x4d]) ||
    at([0x49, 0x49, 0x2a, 0x00]) ||
    at([0x4d, 0x4d, 0x00, 0x2a]) ||
    (at([0x52, 0x49, 0x46, 0x46]) && at([0x57, 0x45, 0x42, 0x50], 8))
  );
}

export interface ImportableFile {
  name: string;
  base64: string;
  /** The file's sheet names, in order: what it would insert. */
  sheets: string[];
}

/**
 * An .xlsx's sheet names, from its workbook part alone (no cells read), so the pane can ask about a sheet
 * already in the workbook, and leave out definition sheets, before anything is inserted.
 * @throws WorkbookFormatError 'corrupt' when the package cannot be read.
 */
async function sheetNamesOf(bytes: Uint8Array, fileName: string): Promise<string[]> {
  const own = await xlsxSheetNames(bytes);
  if (own) return own;
  const XLSX = await loadSheetJs();
  try {
    return XLSX.read(bytes, { type: 'array', bookSheets: true }).SheetNames;
  } catch (e) {
    throw new WorkbookFormatError(fileName, 'corrupt', e instanceof Error ? e.message : String(e));
  }
}

/** The file read by SheetJS; a web page with no table in it is no spreadsheet, not a damaged one. */
function readConverted(XLSX: SheetJs, bytes: Uint8Array, name: string, kind: Exclude<WorkbookKind, 'xlsx' | 'empty' | 'encrypted' | 'unknown'>) {
  try {
    return readWithSheetJs(XLSX, bytes, name, kind);
  } catch (e) {
    if (kind === 'html' && e instanceof WorkbookFormatError && e.reason === 'corrupt') throw new WorkbookFormatError(name, 'not-xlsx', e.detail);
    throw e;
  }
}

/**
 * A township file as Excel can insert it: an .xlsx as it is, any other format read by its content and
 * written again as .xlsx (sheet names, values, number formats, merges and hidden sheets kept).
 * @throws WorkbookFormatError for an empty, password-protected, unknown, damaged or oversized file.
 */
export async function fileForImport(file: File): Promise<ImportableFile> {
  const bytes = new Uint8Array(await fileToArrayBuffer(file));
  const kind = sniffWorkbook(bytes, file.name);
  if (kind === 'unknown' && isImage(bytes)) throw new WorkbookFormatError(file.name, 'image');
  switch (kind) {
    case 'xlsx':
      return { name: file.name, base64: bytesToBase64(bytes), sheets: await sheetNamesOf(bytes, file.name) };
    case 'empty':
    case 'encrypted':
      throw new WorkbookFormatError(file.name, kind);
    case 'unknown':
      throw new WorkbookFormatError(file.name, 'not-xlsx');
    default:
      break;
  }
  const XLSX = await loadSheetJs();
  const workbook = readConverted(XLSX, bytes, file.name, kind);
  try {
    return { name: file.name, base64: XLSX.write(workbook, { type: 'base64', bookType: 'xlsx', compression: true }) as string, sheets: workbook.SheetNames };
  } catch (e) {
    throw new WorkbookFormatError(file.name, 'corrupt', e instanceof Error ? e.message : String(e));
  }
}

/** A result workbook's 机构明细, as the engine reads a sheet: its cells' values (numbers, text, true/false). */
function sheetInputOf(XLSX: SheetJs, sheet: SheetJsModule.WorkSheet, name: string): SheetInput {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null, blankrows: true });
  const values: CellValue[][] = rows.map((row) =>
    row.map((v) => (typeof v === 'number' ? (Number.isFinite(v) ? v : null) : typeof v === 'string' || typeof v === 'boolean' ? v : null)),
  );
  return { name, values };
}

/** A file picked under 上期结果: its 机构明细 when it is a result workbook, else all its sheets as township reports. */
export type LastPeriodFile = { archive: SheetInput } | { sheets: SheetInput[] };

/**
 * Last period's file (any format 导入乡镇文件 reads): a result workbook's 机构明细 (only that sheet of an
 * .xlsx is unpacked), or, when it has none, every sheet as the engine reads a township file, named by
 * the file as their source.
 * @throws WorkbookFormatError for an empty, password-protected, unknown, damaged or oversized file.
 */
export async function lastPeriodFromFile(file: File): Promise<LastPeriodFile> {
  const bytes = new Uint8Array(await fileToArrayBuffer(file));
  const kind = sniffWorkbook(bytes, file.name);
  if (kind === 'unknown' && isImage(bytes)) throw new WorkbookFormatError(file.name, 'image');
  if (kind === 'empty' || kind === 'encrypted') throw new WorkbookFormatError(file.name, kind);
  if (kind === 'unknown') throw new WorkbookFormatError(file.name, 'not-xlsx');
  const XLSX = await loadSheetJs();
  let workbook: SheetJsModule.WorkBook;
  if (kind === 'xlsx') {
    const name = (await sheetNamesOf(bytes, file.name)).find(isArchiveSheetName);
    try {
      workbook =
        name === undefined
          ? readWithSheetJs(XLSX, bytes, file.name, kind)
          : XLSX.read(bytes, { type: 'array', dense: true, sheets: [name], cellFormula: false, cellHTML: false, cellStyles: false });
    } catch (e) {
      throw e instanceof WorkbookFormatError ? e : new WorkbookFormatError(file.name, 'corrupt', e instanceof Error ? e.message : String(e));
    }
  } else {
    workbook = readConverted(XLSX, bytes, file.name, kind);
  }
  const name = workbook.SheetNames.find(isArchiveSheetName);
  if (name !== undefined && workbook.Sheets[name]) return { archive: sheetInputOf(XLSX, workbook.Sheets[name], name) };
  return { sheets: sheetsOfWorkbook(workbook, file.name) };
}
