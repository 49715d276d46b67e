// Text normalisation shared by header matching, definition references and name grouping.

/** Full-width ASCII (！…～), the ideographic space and full-width brackets → half-width. */
export function toHalfWidth(text: string): string {
  // Most text has nothing to change: one look at each character, and the text itself is returned.
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3000 && (c === 0x3000 || c === 0x3010 || c === 0x3011 || c === 0x3014 || c === 0x3015 || (c >= 0xff01 && c <= 0xff5e))) break;
  }
  if (i === text.length) return text;
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCodePoint(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else if (ch === '【' || ch === '〔' || ch === '［') out += '[';
    else if (ch === '】' || ch === '〕' || ch === '］') out += ']';
    else out += ch;
  }
  return out;
}

const TRAILING_BRACKET = /(?:\(([^()]*)\)|\[([^[\]]*)\])$/;

/**
 * The key a header, an indicator code, name or alias is matched by: trimmed, half-width, trailing
 * bracketed units removed ("（人）", "(例)", "【万元】", "[户]"), inner whitespace and line breaks
 * removed, Latin letters upper-cased. A bracket naming a period ("（本月）", "(累计)") is not a unit and
 * stays: see headerPeriod.
 */
export function headerKey(text: string): string {
  let s = toHalfWidth(text).replace(/\s+/g, '');
  // A header may carry more than one trailing bracket: "建档率(%)(2024)" is rare, "(人)" common.
  for (;;) {
    const m = TRAILING_BRACKET.exec(s);
    if (!m || m.index === 0 || periodWord((m[1] ?? m[2]).toUpperCase()) !== null) break;
    s = s.slice(0, m.index);
  }
  return s.toUpperCase();
}

/**
 * Which figures a header's period words say a column holds: the year to date (累计, 本年累计, 1-11月,
 * 截至11月底, 年初至今…), one month or quarter (本月, 当月, 本期…), or another period (上年同期, 上月…).
 */
export type HeaderPeriod = 'to-date' | 'month' | 'other';

const N = '(?:\\d{1,2}|[一二三四五六七八九十]{1,3})';
const YEAR = '(?:\\d{2,4}年度?)?';
const RANGE = `${YEAR}(?:1|一)月?[-—–~～至到](?:${YEAR})?${N}月(?:份|底|末)?(?:累计|合计)?(?:数)?`;
const TO_DATE_WORDS = new RegExp(
  `^(?:(?:本年度?|今年|全年|年)?累计(?:数|值)?|本年度?|今年|年初至今|年初至本月(?:底|末)?|YTD|截[至止](?:目前|本月(?:底|末)?|${YEAR}${N}月(?:份)?(?:底|末)?)|${RANGE}|(?:实际)?完成数?)$`,
);
const MONTH_WORDS = new RegExp(`^(?:本月|当月|本期|当期|本季度?|当季度?|本月份|${YEAR}${N}月份?)(?:数|值|新增)?$`);
const OTHER_WORDS = /^(?:上月|上期|上季度?|上年|去年|上年同期|去年同期|同期|同比|环比|增减|增减数|增减率|增长率|比上月增减)(?:数|值)?$/;

/** A period word as a header key (half-width, upper-case, no spaces) → what it says, else null. */
export function periodWord(key: string): HeaderPeriod | null {
  if (key === '' || key.length > 16) return null;
  if (TO_DATE_WORDS.test(key)) return 'to-date';
  if (MONTH_WORDS.test(key)) return 'month';
  if (OTHER_WORDS.test(key)) return 'other';
  return null;
}

const PERIOD_PREFIX = new RegExp(
  `^(?:${RANGE}|截[至止](?:目前|本月(?:底|末)?|${YEAR}${N}月份?(?:底|末)?)|年初至今|年初至本月(?:底|末)?|本年度?累计|全年累计|本年度?|今年|累计|本月|当月|本期)`,
);
const PERIOD_SUFFIX = /(?:本年度?累计|年累计|累计数?|本月数?|当月数?|本期数?|上年同期|去年同期|同期)$/;

const periodCache = new Map<string, { key: string; period: HeaderPeriod } | null>();

/**
 * A header key with its period words taken off, prefixes (1-11月, 截至11月底, 本年累计, 年初至今…),
 * suffixes (…累计, …本月) and bracketed ((本月), (累计)), and units between them: "1-11月高血压患者数" →
 * 高血压患者数 to date; "高血压患者数(人)本月" → 高血压患者数 for one month. Null when the key names no
 * period. Where words disagree, another period wins over a month, a month over the year to date.
 */
export function headerPeriod(key: string): { key: string; period: HeaderPeriod } | null {
  let cached = periodCache.get(key);
  if (cached !== undefined) return cached;
  let s = key;
  let period: HeaderPeriod | null = null;
  const note = (p: HeaderPeriod | null): void => {
    if (p === 'other' || period === 'other') period = 'other';
    else if (p === 'month' || period === 'month') period = 'month';
    else if (p !== null) period = p;
  };
  for (let guard = 0; guard < 8 && s !== ''; guard++) {
    const b = TRAILING_BRACKET.exec(s);
    if (b && b.index > 0) {
      note(periodWord(b[1] ?? b[2]));
      s = s.slice(0, b.index);
      continue;
    }
    const suffix = PERIOD_SUFFIX.exec(s);
    if (suffix && suffix.index > 0) {
      note(periodWord(suffix[0]) ?? 'other');
      s = s.slice(0, suffix.index);
      continue;
    }
    const prefix = PERIOD_PREFIX.exec(s);
    if (prefix && prefix[0].length < s.length) {
      note(periodWord(prefix[0]) ?? 'to-date');
      s = s.slice(prefix[0].length).replace(/^[:,、-]/, '');
      continue;
    }
    break;
  }
  cached = period === null || s === '' ? null : { key: s, period };
  if (periodCache.size > 5000) periodCache.clear();
  periodCache.set(key, cached);
  return cached;
}

/** The unit in a header's trailing bracket, if any: "高血压患者数（人）" → "人". */
export function headerUnit(text: string): string | null {
  const m = toHalfWidth(text).replace(/\s+/g, '').match(/[([]([^()[\]]*)[)\]]$/);
  return m ? m[1] : null;
}

/** A facility or township name for grouping: trimmed, half-width, whitespace collapsed. */
export function nameKey(text: string): string {
  return toHalfWidth(text).replace(/\s+/g, ' ').trim();
}

/** Column index (0-based) → letters: 0 → "A", 27 → "AB". */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Letters → column index (0-based): "A" → 0. */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 0-based row and column → "D7". */
export function cellAddress(row: number, column: number): string {
  return `${columnLetter(column)}${row + 1}`;
}

/** "D7" → { row: 6, column: 3 }. */
export function parseAddress(address: string): { row: number; column: number } {
  const m = /^\$?([A-Za-z]+)\$?(\d+)$/.exec(address.trim());
  if (!m) throw new RangeError(`Not an A1 address: ${address}`);
  return { row: Number(m[2]) - 1, column: columnIndex(m[1]) };
}
