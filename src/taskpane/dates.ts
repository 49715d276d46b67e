// 统计截止日期 as typed: the ISO form the engine takes (2024-06-30), and the ways a statistician writes a
// date in China (2024/6/30, 2024.6.30, 2024年6月30日). The field always shows the ISO form, whatever the
// browser's or Windows' own date format, so a zh-CN pane never shows 06/30/2024.
import { parseAsOf } from '../engine';

const WRITTEN = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;

/** The date as YYYY-MM-DD, or null when it is not a real calendar day in one of the accepted forms. */
export function normalizeDate(text: string): string | null {
  const m = WRITTEN.exec(text.trim().replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0)));
  if (!m) return null;
  try {
    return parseAsOf(`${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`);
  } catch {
    return null;
  }
}
