// Text normalisation shared by header matching, definition references and name grouping.

/** Full-width ASCII (！…～), the ideographic space and full-width brackets → half-width. */
export function toHalfWidth(text: string): string {
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

const TRAILING_UNIT = /(?:\([^()]*\)|\[[^[\]]*\])$/;

/**
 * The key a header, an indicator code, name or alias is matched by: trimmed, half-width, trailing
 * bracketed units removed ("（人）", "(例)", "【万元】", "[户]"), inner whitespace and line breaks
 * removed, Latin letters upper-cased.
 */
export function headerKey(text: string): string {
  let s = toHalfWidth(text).replace(/\s+/g, '');
  // A header may carry more than one trailing bracket: "建档率(%)(2024)" is rare, "(人)" common.
  while (TRAILING_UNIT.test(s)) {
    const stripped = s.replace(TRAILING_UNIT, '');
    if (stripped === '') break;
    s = stripped;
  }
  return s.toUpperCase();
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
