// Conversions between what Office.js hands over (Range.values, numberFormat, merged-area addresses) and
// the engine's SheetInput, and from ResultSheet cells to values Excel keeps exactly as written.
import type { CellValue, ColumnFormat, MergedArea, ResultSheet } from '../engine/types';
import { FORMAT_DATE, formatKind } from '../engine/values';

export type OfficeValue = number | string | boolean;

/** Error values as Range.values reports them (as their text); Range.valueTypes tells them from text. */
export const ERROR_VALUES = new Set([
  '#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!',
  '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!', '#EXTERNAL!', '#PYTHON!',
]);

const MS_PER_DAY = 86400000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
/** Serial 0 of the 1904 date system (Excel for Mac's old default): 1904-01-01. */
const EPOCH_1904 = Date.UTC(1904, 0, 1);

export interface CellReading {
  /** The workbook uses the 1904 date system: serial numbers count from 1904-01-01. */
  date1904?: boolean;
  /** Range.valueTypes of the cell, where loaded: only "Error" makes error text an error value. */
  valueType?: string;
}

/**
 * One cell of Range.values as the engine's CellValue: "" is blank, error values are errors (text that
 * merely reads "#N/A" stays text when valueTypes says so), and a serial number under a date format is
 * that date (UTC midnight, as ExcelJS gives the CLI), so both adapters hand the engine the same cell.
 */
export function cellFromOffice(v: unknown, numberFormat?: string | null, reading: CellReading = {}): CellValue {
  if (v === '' || v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return null;
    if (formatKind(numberFormat) !== FORMAT_DATE) return v;
    return new Date((reading.date1904 ? EPOCH_1904 : EPOCH_1900) + Math.round(v * MS_PER_DAY));
  }
  if (typeof v === 'boolean') return v;
  const s = String(v);
  if (!ERROR_VALUES.has(s)) return s;
  return reading.valueType === undefined || reading.valueType === 'Error' ? { error: s } : s;
}

/** valueTypes: rows of Range.valueTypes by row index, for the rows that hold error-looking text. */
export function rowsFromOffice(
  values: unknown[][],
  formats?: (string | null)[][],
  options: { date1904?: boolean; valueTypes?: ReadonlyMap<number, string[]> } = {},
): CellValue[][] {
  return values.map((row, r) =>
    row.map((v, c) => cellFromOffice(v, formats?.[r]?.[c], { date1904: options.date1904, valueType: options.valueTypes?.get(r)?.[c] })),
  );
}

/** Whether a row holds text that could be an error value (its valueTypes are then needed). */
export function mayHoldErrors(row: unknown[]): boolean {
  return row.some((v) => typeof v === 'string' && ERROR_VALUES.has(v));
}

function columnIndexOf(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * RangeAreas.address ("Sheet1!A1:B2, Sheet1!D4:E5": Excel joins areas with a comma and a space; sheet
 * names quoted when needed, possibly holding commas) → merged areas, 0-based inclusive. Single cells are
 * not merges and are left out.
 */
export function mergesFromAddress(address: string): MergedArea[] {
  const out: MergedArea[] = [];
  const re = /(?:'(?:[^']|'')*'|[^,'!]*)!\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?|\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?/g;
  for (const m of address.matchAll(re)) {
    const [c1, r1, c2, r2] = m[1] ? [m[1], m[2], m[3], m[4]] : [m[5], m[6], m[7], m[8]];
    if (!c1 || !r1) continue;
    const top = Number(r1) - 1;
    const left = columnIndexOf(c1);
    const bottom = r2 ? Number(r2) - 1 : top;
    const right = c2 ? columnIndexOf(c2) : left;
    if (bottom > top || right > left) out.push({ top, left, bottom, right });
  }
  return out;
}

/**
 * Number formats of result columns, as the CLI's result workbook has them; "@" keeps text columns text
 * whatever their content looks like.
 */
export const COLUMN_NUMBER_FORMATS: Record<ColumnFormat, string> = {
  text: '@',
  integer: '#,##0',
  number: '#,##0.##',
  decimal2: '0.00',
  percent: '0.00%',
  date: 'yyyy-mm-dd',
};

/**
 * A result cell as a value for Range.values. Text that Excel would take for a formula or strip
 * (= + - @, a leading apostrophe) gets an apostrophe in front: Excel stores the rest as text, exactly.
 */
export function cellToOffice(v: CellValue): OfficeValue {
  if (v === null) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v;
  if (v instanceof Date) return (v.getTime() - EPOCH_1900) / MS_PER_DAY;
  if (typeof v === 'object') return v.error;
  return /^[=+\-@']/.test(v) ? `'${v}` : v;
}

/** Excel's column width in points for a width in characters (7 px a character plus 5 px, 0.75 pt a px). */
export function charactersToPoints(chars: number): number {
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

/** The column of 校验结果 that shows each row's cell: where every linked row holds its link's address. */
export function linkColumn(sheet: ResultSheet): number | null {
  const links = sheet.links;
  if (!links || !links.some(Boolean)) return null;
  for (let c = 0; c < sheet.columns.length; c++) {
    if (links.every((l, i) => l === null || sheet.rows[i]?.[c] === l.cell)) return c;
  }
  return 0;
}

/** A reference Excel follows inside the workbook: 'Sheet'!D7 (the first cell of a row address). */
export function documentReference(sheet: string, cell: string): string {
  const first = cell.split(':')[0].replace(/\$/g, '');
  return `'${sheet.replace(/'/g, "''")}'!${first}`;
}

export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export const jsonBytes = (value: unknown): number => utf8Length(JSON.stringify(value) ?? '');

/** A cell's number format: a whole number in a 'number' column drops the point ("1,830", not "1,830."). */
export function cellNumberFormat(format: ColumnFormat, value: CellValue): string {
  return format === 'number' && typeof value === 'number' && Number.isInteger(value) ? COLUMN_NUMBER_FORMATS.integer : COLUMN_NUMBER_FORMATS[format];
}
