// 统计截止日期 as people write it, and as township sheets print it. The engine itself takes only
// YYYY-MM-DD (parseAsOf); the pane and the CLI accept what a statistician types (2024年11月30日,
// 2024-11 meaning the month's end, 20241130, full-width digits) and read the date a township printed
// in its title rows (截止日期：2012年11月30日, 2012年1-11月), so both agree on what a date means.
import { toHalfWidth } from './normalize';
import { parseAsOf } from './timeProgress';
import type { CellValue, SheetInput } from './types';

const pad2 = (n: number): string => String(n).padStart(2, '0');
const lastDay = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** A real day as YYYY-MM-DD, or null (2023-02-29, month 13). */
function day(year: number, month: number, d: number): string | null {
  if (year < 1900 || month < 1 || month > 12 || d < 1 || d > lastDay(year, month)) return null;
  return parseAsOf(`${year}-${pad2(month)}-${pad2(d)}`);
}

const FULL = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/;
const MONTH = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:底|末|份)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * The date a user typed, as YYYY-MM-DD, or null when it is not a real day in an accepted form:
 * 2024-11-30, 2024/11/30, 2024.11.30, 2024年11月30日, 20241130, and a month alone (2024-11,
 * 2024年11月, 2024年11月底) meaning that month's last day. Full-width digits and signs are read as
 * half-width.
 */
export function readAsOfText(text: string): string | null {
  const s = toHalfWidth(text).trim();
  let m = FULL.exec(s) ?? COMPACT.exec(s);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = MONTH.exec(s);
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? day(year, month, lastDay(year, month)) : null;
  }
  return null;
}

export type AsOfDoubt = { kind: 'future' } | { kind: 'before-data'; year: number };

/**
 * Why a valid date deserves a second look: it is after today (in the user's calendar), or before the
 * year the township sheets report on. Null when neither.
 */
export function asOfDoubt(asOf: string, today: Date, dataYear: number | null): AsOfDoubt | null {
  const now = `${today.getFullYear()}-${pad2(today.getMonth() + 1)}-${pad2(today.getDate())}`;
  if (asOf > now) return { kind: 'future' };
  if (dataYear !== null && Number(asOf.slice(0, 4)) < dataYear) return { kind: 'before-data', year: dataYear };
  return null;
}

// 截止日期：2012年11月30日 / 统计截止时间:2012-11-30 / 截至2012年11月30日
const PRINTED_DAY = /(?:截[止至](?:日期|时间)?|统计日期|报告日期)\s*[:：]?\s*(\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?)/;
// 2012年1-11月 / 2012年1至11月 / 2012年度1—11月
const PRINTED_RANGE = /(\d{4})\s*年度?\s*(?:1|一)\s*月?\s*[-—–~～至到]\s*(\d{1,2})\s*月/;
/** Rows above a table that may carry its title and date. */
const TITLE_ROWS = 6;

/** The as-of date one cell prints, or null. */
function printedIn(text: string): string | null {
  const s = toHalfWidth(text).replace(/\s+/g, '');
  const d = PRINTED_DAY.exec(s);
  if (d) return readAsOfText(d[1]);
  const r = PRINTED_RANGE.exec(s);
  if (r) {
    const year = Number(r[1]);
    const month = Number(r[2]);
    return month >= 1 && month <= 12 ? day(year, month, lastDay(year, month)) : null;
  }
  return null;
}

/** The as-of date a sheet prints in its first rows (the first one found), or null. */
export function printedAsOf(values: readonly (readonly CellValue[])[]): string | null {
  for (const row of values.slice(0, TITLE_ROWS)) {
    for (const cell of row) {
      if (typeof cell !== 'string') continue;
      const found = printedIn(cell);
      if (found) return found;
    }
  }
  return null;
}

/**
 * The as-of date the township sheets print, when every sheet that prints one prints the same; null when
 * none does or they disagree (then the usual default, the end of last month, applies). `year` is the
 * latest year printed, the year of the data, even when the dates disagree.
 */
export function asOfFromSheets(sheets: readonly Pick<SheetInput, 'values'>[]): { date: string | null; year: number | null } {
  const found = new Set<string>();
  for (const s of sheets) {
    const d = printedAsOf(s.values);
    if (d) found.add(d);
  }
  const years = [...found].map((d) => Number(d.slice(0, 4)));
  return { date: found.size === 1 ? [...found][0] : null, year: years.length ? Math.max(...years) : null };
}
