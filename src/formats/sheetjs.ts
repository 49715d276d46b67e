// Reading the township files that are not .xlsx (.xls, WPS .et, .csv, .ods, .xlsb, HTML and SpreadsheetML
// 2003 saved as .xls) with SheetJS CE, guarded: a size cap before anything is unpacked, and every failure
// of the library named as a WorkbookFormatError for that file. The library is handed in, so the pane can
// load it on demand and the command line with require().
import type * as SheetJsModule from '@e965/xlsx';
import { WorkbookFormatError } from './reasons';
import { decodeText, sniffWorkbook, zipEntries, type WorkbookKind } from './sniff';

export type SheetJs = typeof SheetJsModule;
export type SheetJsWorkbook = SheetJsModule.WorkBook;

/** A township report is a few hundred KB; 64 MB is far past any real one and well within memory. */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
/** What a zip (.ods, .xlsb) may claim to unpack to, all parts together. */
export const MAX_UNPACKED_BYTES = 512 * 1024 * 1024;
/** Excel's own sheet size: rows past it are not read. */
const MAX_ROWS = 1_048_576;

/** The kinds this module reads; .xlsx goes to the fast reader, the rest are refused. */
export const OTHER_KINDS: readonly WorkbookKind[] = ['xls', 'biff', 'xlsb', 'ods', 'spreadsheetml', 'html', 'csv'];

/** "石门乡 2024年11月.csv" → "石门乡 2024年11月": a valid Excel sheet name (≤ 31 characters, none of []:*?/\). */
export function sheetNameFromFile(fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
  const clean = base.replace(/[[\]:*?/\\]/g, '_').replace(/^'+|'+$/g, '').trim();
  return [...clean].slice(0, 31).join('') || 'Sheet1';
}

function checkSize(bytes: Uint8Array, kind: WorkbookKind, fileName: string): void {
  if (bytes.length > MAX_FILE_BYTES) throw new WorkbookFormatError(fileName, 'too-large', `${bytes.length} bytes`);
  if (kind !== 'xlsb' && kind !== 'ods') return;
  const entries = zipEntries(bytes);
  if (!entries) throw new WorkbookFormatError(fileName, 'corrupt', 'zip directory unreadable');
  const unpacked = entries.reduce((n, e) => n + e.size, 0);
  if (unpacked > MAX_UNPACKED_BYTES || entries.some((e) => e.size === 0xffffffff)) {
    throw new WorkbookFormatError(fileName, 'too-large', `unpacks to ${unpacked} bytes`);
  }
}

function failureOf(e: unknown, fileName: string): WorkbookFormatError {
  const message = e instanceof Error ? e.message : String(e);
  if (/password/i.test(message)) return new WorkbookFormatError(fileName, 'encrypted', message);
  return new WorkbookFormatError(fileName, 'corrupt', message);
}

/** A one-sheet text format names its sheet after the file, as Excel does when it opens one. */
function nameSingleSheet(wb: SheetJsWorkbook, fileName: string): void {
  if (wb.SheetNames.length !== 1) return;
  const name = sheetNameFromFile(fileName);
  const old = wb.SheetNames[0];
  if (old === name) return;
  wb.Sheets[name] = wb.Sheets[old];
  delete wb.Sheets[old];
  wb.SheetNames[0] = name;
  if (wb.Workbook?.Sheets?.[0]) wb.Workbook.Sheets[0].name = name;
}

/**
 * Text SheetJS read as a percentage ("71.43%" typed in a .csv or an HTML table) gets the percent format
 * Excel gives it, so 0.7143 is still seen, and written back, as the 71.43% it was.
 */
function keepTypedPercents(wb: SheetJsWorkbook): void {
  for (const name of wb.SheetNames) {
    for (const row of (wb.Sheets[name]['!data'] ?? []) as (SheetJsModule.CellObject[] | undefined)[]) {
      for (const cell of row ?? []) {
        if (!cell || cell.t !== 'n' || cell.z !== undefined || typeof cell.w !== 'string') continue;
        const percent = /^\s*-?[\d,]*(?:\.(\d+))?\s*%\s*$/.exec(cell.w);
        if (percent) cell.z = percent[1] ? `0.${'0'.repeat(percent[1].length)}%` : '0%';
      }
    }
  }
}

/**
 * Reads one file of an OTHER_KINDS kind into a SheetJS workbook (dense sheets, number formats kept,
 * formula cells as their cached results, dates left as serial numbers with their formats).
 * @throws WorkbookFormatError 'too-large', 'encrypted' or 'corrupt' (naming fileName).
 */
export function readWithSheetJs(XLSX: SheetJs, bytes: Uint8Array, fileName: string, kind: WorkbookKind): SheetJsWorkbook {
  checkSize(bytes, kind, fileName);
  const options: SheetJsModule.ParsingOptions = {
    dense: true,
    cellNF: true,
    cellDates: false,
    cellFormula: false,
    cellHTML: false,
    cellStyles: false,
    bookVBA: false,
    sheetRows: MAX_ROWS,
    WTF: false,
  };
  const text = kind === 'csv' || kind === 'html' || kind === 'spreadsheetml';
  let wb: SheetJsWorkbook;
  try {
    wb = text ? XLSX.read(decodeText(bytes).text, { ...options, type: 'string' }) : XLSX.read(bytes, { ...options, type: 'array' });
  } catch (e) {
    throw failureOf(e, fileName);
  }
  if (!wb || !Array.isArray(wb.SheetNames) || wb.SheetNames.length === 0) {
    throw new WorkbookFormatError(fileName, 'corrupt', 'no worksheets');
  }
  if (kind === 'csv' || kind === 'html') {
    nameSingleSheet(wb, fileName);
    keepTypedPercents(wb);
  }
  return wb;
}

/** Sniffs and reads in one step; .xlsx, encrypted, empty and unknown files are refused here. */
export function readOtherWorkbook(XLSX: SheetJs, bytes: Uint8Array, fileName: string): SheetJsWorkbook {
  const kind = sniffWorkbook(bytes, fileName);
  if (kind === 'empty') throw new WorkbookFormatError(fileName, 'empty');
  if (kind === 'encrypted') throw new WorkbookFormatError(fileName, 'encrypted');
  if (!OTHER_KINDS.includes(kind)) throw new WorkbookFormatError(fileName, 'not-xlsx', kind);
  return readWithSheetJs(XLSX, bytes, fileName, kind);
}
