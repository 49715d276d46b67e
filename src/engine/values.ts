// Reading one cell as a number in its indicator's unit: what counts as a number, what is blank (missing,
// never zero), and what is an error to report at its cell. Nothing here turns bad input into a silent 0.
import { toHalfWidth } from './normalize';
import type { CellValue } from './types';

export type ValueReading =
  | { kind: 'blank' }
  | { kind: 'number'; value: number; note?: { code: 'unit-in-cell'; text: string } }
  | {
      kind: 'invalid';
      code: 'not-a-number' | 'placeholder' | 'error-value' | 'date-in-number' | 'boolean-in-number';
      text: string;
    };

const BLANK: ValueReading = { kind: 'blank' };

/** What a number format says about its number: nothing, a percent display, or a date/time. */
export const FORMAT_PLAIN = 0;
export const FORMAT_PERCENT = 1;
export const FORMAT_DATE = 2;

const formatCache = new Map<string, number>();

/** Classifies an Excel number format ("0.00%", "yyyy-mm-dd", "General"…). Cached: sheets reuse few formats. */
export function formatKind(numberFormat: string | null | undefined): number {
  if (numberFormat === null || numberFormat === undefined || numberFormat === 'General' || numberFormat === '') {
    return FORMAT_PLAIN;
  }
  let kind = formatCache.get(numberFormat);
  if (kind === undefined) {
    kind = classifyFormat(numberFormat);
    if (formatCache.size > 2000) formatCache.clear();
    formatCache.set(numberFormat, kind);
  }
  return kind;
}

function classifyFormat(format: string): number {
  // Only the first section (positive numbers) decides; literals, escapes, colours and locales say nothing.
  const section = format.split(';')[0]
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/[_*]./g, '')
    .replace(/\[[^\]]*\]/g, (m) => (/^\[(?:h+|m+|s+)\]$/i.test(m) ? 'h' : ''));
  if (/[ymdhs]/i.test(section.replace(/general/gi, ''))) return FORMAT_DATE;
  if (section.includes('%')) return FORMAT_PERCENT;
  return FORMAT_PLAIN;
}

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
// Thousands groups with commas or spaces: "1,234", "1 234 567.5".
const GROUPED_NUMBER = /^[+-]?\d{1,3}(?:(?:,\d{3})+|(?: \d{3})+)(?:\.\d+)?$/;
const NON_ASCII = /[^\x20-\x7e]/;
const ODD_SPACES = /[\u00a0\u2000-\u200b\u202f\u205f]/g;
const MINUS_SIGNS = /[\u2212\u2012\ufe63]/g;
const EXCEL_ERROR = /^#(?:DIV\/0!|N\/A|VALUE!|REF!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)$/i;
// Placeholders statisticians type for "no figure": XX, ×, dashes, slashes, 无, 暂无, N/A…
const PLACEHOLDER =
  /^(?:[X×*]+|[-—–_~/\\.…·?]+|N\/?A|NULL|NONE|NIL|无|暂无|空|缺|不详|未知|略|待定|未填|未报|未统计|不适用)$/;
// A number followed by a unit typed in the cell: "104人", "3.5 万元".
const NUMBER_WITH_SUFFIX = /^([+-]?[\d.,]+(?: \d{3})*)\s*([^\d\s.,+-][^\d]*)$/;
// Units that count things: one such unit typed in a column of another still reads the same number.
const COUNT_UNITS = new Set([
  '人', '例', '户', '名', '个', '次', '人次', '家', '所', '份', '剂', '剂次', '张', '床', '位', '对', '台', '辆', '间', '天',
]);

/**
 * Reads a cell as a number in the indicator's unit.
 *
 * Percent handling: a percent text ("93.18%") or a percent-formatted number (0.9318 shown as 93.18%)
 * reads as 93.18 in a % column, 931.8 in a ‰ column and 0.9318 in a unitless ratio column. A percent
 * text in a column with any other unit (人, 万元…) is not a number of that unit: invalid. A
 * percent-formatted number in such a column keeps Excel's stored value (the format is display only).
 */
export function readNumber(value: CellValue, numberFormat: string | null | undefined, unit: string): ValueReading {
  if (value === null || value === undefined) return BLANK;
  switch (typeof value) {
    case 'number':
      return readNumeric(value, formatKind(numberFormat), unit);
    case 'string':
      return readText(value, unit);
    case 'boolean':
      return { kind: 'invalid', code: 'boolean-in-number', text: value ? 'TRUE' : 'FALSE' };
    case 'object':
      if (value instanceof Date) return { kind: 'invalid', code: 'date-in-number', text: dateText(value) };
      if ('error' in value) return { kind: 'invalid', code: 'error-value', text: String(value.error) };
      return { kind: 'invalid', code: 'not-a-number', text: safeText(value) };
    default:
      return { kind: 'invalid', code: 'not-a-number', text: safeText(value) };
  }
}

function readNumeric(value: number, format: number, unit: string): ValueReading {
  if (!Number.isFinite(value)) return { kind: 'invalid', code: 'not-a-number', text: String(value) };
  if (format === FORMAT_DATE) return { kind: 'invalid', code: 'date-in-number', text: serialText(value) };
  if (format === FORMAT_PERCENT) {
    const u = unitKey(unit);
    if (u === '%') return { kind: 'number', value: clean(value * 100) };
    if (u === '‰') return { kind: 'number', value: clean(value * 1000) };
  }
  return { kind: 'number', value };
}

function readText(raw: string, unit: string): ValueReading {
  let text = raw.trim();
  if (text === '') return BLANK;
  const first = text.charCodeAt(0);
  if (first === 0x27 || first === 0x2018 || first === 0x2019) {
    text = text.slice(1).trim();
    if (text === '') return BLANK;
  }
  if (PLAIN_NUMBER.test(text)) return { kind: 'number', value: Number(text) };

  let s = text;
  if (NON_ASCII.test(s)) {
    s = toHalfWidth(s).replace(ODD_SPACES, ' ').replace(MINUS_SIGNS, '-').replace(/\s+/g, ' ').trim();
    if (PLAIN_NUMBER.test(s)) return { kind: 'number', value: Number(s) };
  }
  const grouped = parseGrouped(s);
  if (grouped !== null) return { kind: 'number', value: grouped };

  const last = s.charAt(s.length - 1);
  if (last === '%' || last === '‰') {
    const n = parseGrouped(s.slice(0, -1).trim()) ?? plain(s.slice(0, -1).trim());
    if (n !== null) {
      const scaled = scalePercent(n, last === '%' ? 100 : 1000, unitKey(unit));
      if (scaled !== null) return { kind: 'number', value: scaled };
      return { kind: 'invalid', code: 'not-a-number', text: raw.trim() };
    }
  }

  const upper = s.replace(/\s+/g, '').toUpperCase();
  if (EXCEL_ERROR.test(upper)) return { kind: 'invalid', code: 'error-value', text: upper };
  if (PLACEHOLDER.test(upper)) return { kind: 'invalid', code: 'placeholder', text: raw.trim() };

  const m = NUMBER_WITH_SUFFIX.exec(s);
  if (m) {
    const n = plain(m[1]) ?? parseGrouped(m[1]);
    if (n !== null && unitAccepts(unitKey(unit), unitKey(m[2]))) {
      return { kind: 'number', value: n, note: { code: 'unit-in-cell', text: raw.trim() } };
    }
  }
  return { kind: 'invalid', code: 'not-a-number', text: raw.trim() };
}

function plain(s: string): number | null {
  return PLAIN_NUMBER.test(s) ? Number(s) : null;
}

function parseGrouped(s: string): number | null {
  if (!GROUPED_NUMBER.test(s)) return null;
  return Number(s.replace(/[, ]/g, ''));
}

/** n is a count of 1/per (per = 100 for %, 1000 for ‰); returns it in the column's unit, or null if it has none. */
function scalePercent(n: number, per: number, unit: string): number | null {
  if (unit === '%') return per === 100 ? n : clean(n / 10);
  if (unit === '‰') return per === 1000 ? n : clean(n * 10);
  if (unit === '') return clean(n / per);
  return null;
}

function unitKey(unit: string): string {
  return toHalfWidth(unit).replace(/[\s()[\]]/g, '');
}

function unitAccepts(columnUnit: string, typed: string): boolean {
  if (typed === columnUnit) return true;
  return COUNT_UNITS.has(typed) && (columnUnit === '' || COUNT_UNITS.has(columnUnit));
}

/** Removes binary noise from scaling: 0.9318 × 100 is 93.17999999999999 in floating point. */
function clean(x: number): number {
  return Number(x.toPrecision(15));
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function dateText(d: Date): string {
  const t = d.getTime();
  if (Number.isNaN(t)) return 'Invalid Date';
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const mi = d.getUTCMinutes();
  return h === 0 && mi === 0 ? day : `${day} ${pad(h)}:${pad(mi)}`;
}

/** An Excel date serial (1900 system) as the date it shows. */
function serialText(serial: number): string {
  if (serial < 0 || serial > 2958465) return String(serial);
  if (serial < 1) {
    const minutes = Math.round(serial * 1440);
    return `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
  }
  return dateText(new Date(Math.round((serial - 25569) * 86400000)));
}

function safeText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return '?';
  }
}
