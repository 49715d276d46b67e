// 序时进度: how much of the year has gone by at the as-of date, in whole months.
import { InvalidDateError } from './errors';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one (month is 1-based here).
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function parts(asOf: string): { year: number; month: number; day: number } {
  const m = ISO_DATE.exec(asOf.trim());
  if (!m) throw new InvalidDateError(asOf);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new InvalidDateError(asOf);
  }
  return { year, month, day };
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/**
 * Validates a YYYY-MM-DD date (a real calendar day) and returns it.
 * @throws InvalidDateError for anything else ("2023-02-29", "2024/01/31", "").
 */
export function parseAsOf(text: string): string {
  const { year, month, day } = parts(text);
  return `${year}-${pad2(month)}-${pad2(day)}`;
}

/**
 * Whole months of the year elapsed at asOf; a month counts once its last day is reached
 * (2012-11-30 → 11, 2021-06-08 → 5, 2024-02-29 → 2, 2024-01-15 → 0).
 * @throws InvalidDateError
 */
export function monthsElapsed(asOf: string): number {
  const { year, month, day } = parts(asOf);
  return day === daysInMonth(year, month) ? month : month - 1;
}

/** monthsElapsed ÷ 12, a fraction of the year. @throws InvalidDateError */
export function timeProgress(asOf: string): number {
  return monthsElapsed(asOf) / 12;
}

/** The last day of the month before today's, in the user's local calendar: the usual 统计截止日期. */
export function defaultAsOf(today: Date): string {
  const end = new Date(today.getFullYear(), today.getMonth(), 0);
  return `${end.getFullYear()}-${pad2(end.getMonth() + 1)}-${pad2(end.getDate())}`;
}
