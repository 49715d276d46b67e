// Reading workbook files into the engine's SheetInput: cell values as Excel shows them (formula results,
// plain text for rich text and links, error values), number formats, merged areas and hidden state.
// A file is read by what its bytes are, whatever its name: .xlsx goes to the fast package reader
// (xlsxPackage.ts), with ExcelJS for whatever it does not handle; .xls, .et, .csv, .ods, .xlsb, HTML and
// SpreadsheetML 2003 go to SheetJS (otherFormats.ts).
// Files are only ever read: the bytes are loaded into memory once and the file is not reopened.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type ExcelJS from 'exceljs';
import type { CellValue, MergedArea, SheetInput } from '../engine/types';
import { sniffWorkbook, type WorkbookKind } from '../formats/sniff';
import { UnreadableWorkbookError, unreadableFromErrno } from './errors';

/** No workbook a county receives comes near this on disk; the package reader's own caps apply after. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;
import { readOtherFormat } from './otherFormats';
import { readXlsxPackage, UnsupportedPackageError } from './xlsxPackage';

const ZIP_EMPTY_MAGIC = [0x50, 0x4b, 0x05, 0x06];

// Parts of a sheet the engine never looks at: skipping them saves time on large workbooks.
const IGNORED_NODES = ['dataValidations', 'conditionalFormatting', 'extLst', 'pageSetup', 'printOptions', 'headerFooter', 'drawing', 'legacyDrawing', 'picture', 'tableParts', 'rowBreaks', 'colBreaks'];

const startsWith = (buf: Buffer, magic: number[]): boolean => buf.length >= magic.length && magic.every((b, i) => buf[i] === b);

/** Plain text of a rich-text value. */
function richText(value: { richText: { text: string }[] }): string {
  return value.richText.map((r) => r.text ?? '').join('');
}

/** An ExcelJS cell value (or a formula's cached result) as the engine's CellValue. */
function plain(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'number':
    case 'string':
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      return null;
  }
  if (value instanceof Date) return value;
  const v = value as Record<string, unknown>;
  if (typeof v.error === 'string') return { error: v.error };
  if (Array.isArray(v.richText)) return richText(v as { richText: { text: string }[] });
  if ('formula' in v || 'sharedFormula' in v || 'result' in v) {
    // A formula with no cached result (written by a program that never calculated it) reads as blank.
    return plain(v.result);
  }
  if ('hyperlink' in v || 'text' in v) return plain(v.text);
  return null;
}

interface ExcelJsMerge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function mergesOf(ws: ExcelJS.Worksheet): MergedArea[] {
  // ExcelJS keeps merges as Range objects keyed by their top-left address (1-based).
  const merges = (ws as unknown as { _merges?: Record<string, ExcelJsMerge> })._merges ?? {};
  return Object.values(merges).map((m) => ({ top: m.top - 1, left: m.left - 1, bottom: m.bottom - 1, right: m.right - 1 }));
}

function sheetOf(ws: ExcelJS.Worksheet, source: string): SheetInput {
  const values: CellValue[][] = [];
  const numberFormats: (string | null)[][] = [];
  const last = ws.rowCount;
  for (let r = 1; r <= last; r++) {
    const row = ws.findRow(r);
    const rowValues: CellValue[] = [];
    const rowFormats: (string | null)[] = [];
    if (row) {
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        const value = plain(cell.value);
        const format = cell.numFmt;
        for (let c = rowValues.length; c < col - 1; c++) {
          rowValues.push(null);
          rowFormats.push(null);
        }
        rowValues[col - 1] = value;
        rowFormats[col - 1] = format && format !== 'General' ? format : null;
      });
    }
    values.push(rowValues);
    numberFormats.push(rowFormats);
  }
  return {
    name: ws.name,
    source,
    values,
    numberFormats,
    merges: mergesOf(ws),
    hidden: ws.state === 'hidden' || ws.state === 'veryHidden',
    kind: 'worksheet',
  };
}

/** The file's format by its content; files that are no workbook at all are refused here. */
function classify(buf: Buffer, shownPath: string): WorkbookKind {
  const kind = sniffWorkbook(buf, shownPath);
  if (kind === 'empty') throw new UnreadableWorkbookError(shownPath, 'empty');
  if (kind === 'encrypted') throw new UnreadableWorkbookError(shownPath, 'encrypted');
  if (kind === 'unknown') throw new UnreadableWorkbookError(shownPath, 'not-xlsx');
  if (startsWith(buf, ZIP_EMPTY_MAGIC)) throw new UnreadableWorkbookError(shownPath, 'corrupt', 'empty zip');
  return kind;
}

/**
 * Reads a workbook held in memory; sourceName is the file name the sheets are said to come from (and,
 * for a .csv, the name of its one sheet).
 * @throws UnreadableWorkbookError when the bytes are not a readable workbook.
 */
export async function readWorkbookBuffer(buf: Buffer, sourceName: string): Promise<SheetInput[]> {
  const kind = classify(buf, sourceName);
  if (kind !== 'xlsx') return readOtherFormat(buf, sourceName, kind);
  try {
    return readXlsxPackage(buf, sourceName);
  } catch (e) {
    // Only what the fast reader does not handle goes to ExcelJS. A package it finds damaged is an
    // UnreadableWorkbookError already: ExcelJS would not check its parts and could read it short.
    if (!(e instanceof UnsupportedPackageError)) throw e;
  }
  return readWithExcelJs(buf, sourceName);
}

/**
 * Reads a workbook with ExcelJS's full document model: slower on large files, and the reference the
 * fast reader is tested against.
 * @throws UnreadableWorkbookError when the bytes are not a readable .xlsx.
 */
export async function readWithExcelJs(buf: Buffer, sourceName: string): Promise<SheetInput[]> {
  if (classify(buf, sourceName) !== 'xlsx') throw new UnreadableWorkbookError(sourceName, 'not-xlsx');
  // Loaded only here: most workbooks never need it, and loading it costs more than reading a county.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const workbook = new (require('exceljs') as typeof ExcelJS).Workbook();
  try {
    // ExcelJS declares its own Buffer type; a Node Buffer is what it reads.
    await workbook.xlsx.load(buf as unknown as ExcelJS.Buffer, { ignoreNodes: IGNORED_NODES });
  } catch (e) {
    throw new UnreadableWorkbookError(sourceName, 'corrupt', e instanceof Error ? e.message : String(e));
  }
  if (workbook.worksheets.length === 0) {
    throw new UnreadableWorkbookError(sourceName, 'corrupt', 'no worksheets');
  }
  // ExcelJS lists worksheets in tab order.
  return workbook.worksheets.map((ws) => sheetOf(ws, sourceName));
}

/**
 * Reads a workbook file (any format readWorkbookBuffer reads) without changing it. The sheets' source is
 * the file's name.
 * @throws UnreadableWorkbookError for a missing, empty, unknown, damaged, too large or password-protected file.
 */
export async function readWorkbookFile(filePath: string): Promise<SheetInput[]> {
  let buf: Buffer;
  try {
    // A file far larger than any county's workbook is refused before it is loaded into memory.
    const { size } = await fs.stat(filePath);
    if (size > MAX_FILE_BYTES) throw new UnreadableWorkbookError(filePath, 'too-large', `${size} bytes`);
    buf = await fs.readFile(filePath);
  } catch (e) {
    if (e instanceof UnreadableWorkbookError) throw e;
    throw unreadableFromErrno(filePath, e);
  }
  try {
    return await readWorkbookBuffer(buf, path.basename(filePath));
  } catch (e) {
    if (e instanceof UnreadableWorkbookError) throw new UnreadableWorkbookError(filePath, e.reason, e.detail, e.damage);
    throw e;
  }
}
