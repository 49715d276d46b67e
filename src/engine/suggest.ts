// Which indicator an unread column most likely holds, by how alike its header and the indicator's
// name (or an alias) are: a header a township wrote in its own words (叶酸补服人数) is offered the
// indicator it means (增补叶酸人数) for the user to confirm; nothing is read on a guess.
import { headerKey } from './normalize';
import type { IndicatorDefinition } from './types';

/** Below this likeness a "suggestion" is noise (备注 → 常住人口数). */
export const SUGGESTION_THRESHOLD = 0.5;

function bigrams(key: string): string[] {
  const chars = [...key];
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Dice's coefficient over multisets: 2·|A∩B| / (|A|+|B|). */
function dice(a: string[], b: string[]): number {
  if (a.length + b.length === 0) return 0;
  const left = new Map<string, number>();
  for (const x of a) left.set(x, (left.get(x) ?? 0) + 1);
  let common = 0;
  for (const x of b) {
    const n = left.get(x) ?? 0;
    if (n > 0) {
      common++;
      left.set(x, n - 1);
    }
  }
  return (2 * common) / (a.length + b.length);
}

/**
 * How alike two headers are, 0 to 1, by their match keys (units, widths and spaces aside): the
 * characters they share, and the pairs of characters in order, weighed equally. Word order matters
 * little in Chinese headers (叶酸补服 / 补服叶酸), so shared characters weigh as much as shared pairs.
 */
export function headerSimilarity(a: string, b: string): number {
  const ka = headerKey(a);
  const kb = headerKey(b);
  if (!ka || !kb) return 0;
  if (ka === kb) return 1;
  return (dice([...ka], [...kb]) + dice(bigrams(ka), bigrams(kb))) / 2;
}

export interface Suggestion {
  code: string;
  name: string;
  score: number;
}

/**
 * Indicators ranked by likeness to a header (best of its name and aliases), best first; ties keep the
 * definitions' order. `taken` (indicators other columns already hold) are left out.
 */
export function rankIndicators(header: string, indicators: readonly Pick<IndicatorDefinition, 'code' | 'name' | 'aliases'>[], taken: ReadonlySet<string> = new Set()): Suggestion[] {
  return indicators
    .filter((i) => !taken.has(i.code))
    .map((i, order) => ({
      code: i.code,
      name: i.name,
      score: Math.max(headerSimilarity(header, i.name), ...i.aliases.map((a) => headerSimilarity(header, a))),
      order,
    }))
    .sort((x, y) => y.score - x.score || x.order - y.order)
    .map(({ code, name, score }) => ({ code, name, score }));
}

/** The closest indicator to a header, or null when none is alike enough to offer. */
export function suggestIndicator(header: string, indicators: readonly Pick<IndicatorDefinition, 'code' | 'name' | 'aliases'>[], taken?: ReadonlySet<string>): Suggestion | null {
  const best = rankIndicators(header, indicators, taken)[0];
  return best && best.score >= SUGGESTION_THRESHOLD ? best : null;
}
