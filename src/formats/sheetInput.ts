// A workbook SheetJS read, handed to the engine in the shape the .xlsx readers give: formula cells as
// their cached results, numbers under a date format as Date (UTC, as ExcelJS and the fast reader give
// them), errors as { error }, rich text as plain text, number formats, merges, hidden state. Pure: the
// command line (otherFormats.ts) and the pane (files.ts) share it.
import type { CellValue, MergedArea, SheetInput } from '../engine/types';
import type { SheetJsWorkbook } from './sheetjs';

type SheetJsCell = { t?: string; v?: unknown; w?: string; z?: string | number };
type SheetJsSheet = { '!data'?: (SheetJsCell[] | undefined)[]; '!merges'?: { s: { r: number; c: number }; e: { r: number; c: number } }[]; '!type'?: string };

// BIFF error codes, for a cell whose text SheetJS did not keep.
const ERROR_TEXT: Record<number, string> = { 0x00: '#NULL!', 0x07: '#DIV/0!', 0x0f: '#VALUE!', 0x17: '#REF!', 0x1d: '#NAME?', 0x24: '#NUM!', 0x2a: '#N/A', 0x2b: '#GETTING_DATA' };

/** Same test as ExcelJS and the fast reader: date/time letters outside quotes and brackets. */
function isDateFormat(format: string | null): boolean {
  if (!format) return false;
  return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}

function formatOf(cell: SheetJsCell): string | null {
  return typeof cell.z === 'string' && cell.z !== 'General' ? cell.z : null;
}

function valueOf(cell: SheetJsCell, format: string | null, date1904: boolean): CellValue {
  const v = cell.v;
  switch (cell.t) {
    case 'n':
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      return isDateFormat(format) ? excelDate(v, date1904) : v;
    case 's':
      return typeof v === 'string' ? v : v === undefined || v === null ? null : String(v);
    case 'b':
      return Boolean(v);
    case 'e':
      return { error: cell.w && cell.w.startsWith('#') ? cell.w : (ERROR_TEXT[Number(v)] ?? '#VALUE!') };
    case 'd':
      // A date SheetJS parsed itself is in local time; the engine's dates are UTC-at-midnight like Excel's.
      return v instanceof Date && !Number.isNaN(v.getTime())
        ? new Date(Date.UTC(v.getFullYear(), v.getMonth(), v.getDate(), v.getHours(), v.getMinutes(), v.getSeconds()))
        : null;
    default:
      return null;
  }
}

function sheetOf(ws: SheetJsSheet, name: string, hidden: boolean, date1904: boolean, source: string): SheetInput {
  if (ws['!type'] === 'chart') return { name, source, values: [], numberFormats: [], merges: [], hidden, kind: 'chart' };
  const values: CellValue[][] = [];
  const numberFormats: (string | null)[][] = [];
  for (const row of ws['!data'] ?? []) {
    const rowValues: CellValue[] = [];
    const rowFormats: (string | null)[] = [];
    for (let c = 0; c < (row?.length ?? 0); c++) {
      const cell = row?.[c];
      const format = cell ? formatOf(cell) : null;
      rowValues.push(cell ? valueOf(cell, format, date1904) : null);
      rowFormats.push(format);
    }
    values.push(rowValues);
    numberFormats.push(rowFormats);
  }
  const merges: MergedArea[] = (ws['!merges'] ?? []).map((m) => ({ top: m.s.r, left: m.s.c, bottom: m.e.r, right: m.e.c }));
  return { name, source, values, numberFormats, merges, hidden, kind: 'worksheet' };
}

/** Every sheet of a SheetJS workbook, in tab order, as the engine's SheetInput. */
export function sheetsOfWorkbook(wb: SheetJsWorkbook, source: string): SheetInput[] {
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  return wb.SheetNames.map((name, i) => {
    const hidden = Boolean(wb.Workbook?.Sheets?.[i]?.Hidden);
    return sheetOf(wb.Sheets[name] as unknown as SheetJsSheet, name, hidden, date1904, source);
  });
}
