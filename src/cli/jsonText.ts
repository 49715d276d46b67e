// JSON text written in pieces: the summary of an error-heavy county is tens of megabytes of JSON, and
// held as one string (two bytes a character for Chinese text) and then as bytes it is the largest thing
// a run holds. The pieces joined are exactly JSON.stringify(value, null, 2).

/** Pieces are gathered up to about this many characters before they are handed on. */
const PIECE_CHARS = 256 * 1024;

/** JSON.stringify(value, null, 2) as consecutive pieces of text (none of them empty). */
export function* jsonTextPieces(value: unknown): Generator<string> {
  let pending: string[] = [];
  let length = 0;
  const top = prepared(value, '');
  if (unwritable(top)) return;
  for (const text of pieces(top, '', 2)) {
    pending.push(text);
    length += text.length;
    if (length >= PIECE_CHARS) {
      yield pending.join('');
      pending = [];
      length = 0;
    }
  }
  if (length > 0) yield pending.join('');
}

/** Array items written by one JSON.stringify at a time. */
const BATCH = 512;

const hasToJSON = (v: unknown): boolean => v !== null && typeof v === 'object' && typeof (v as { toJSON?: unknown }).toJSON === 'function';

/**
 * items (none with a toJSON) as JSON.stringify writes them in an array whose "[" is at indent: each
 * item, joined by ",\n" and the items' indent. JSON.stringify writes them itself, at that depth: the
 * items are put as deep in arrays as indent says, and the text around them is cut off.
 */
function itemsText(items: unknown[], indent: string): string {
  const levels = indent.length / 2;
  let wrapped: unknown = items;
  let before = '';
  let after = '';
  for (let k = 0; k < levels; k++) {
    wrapped = [wrapped];
    before += `[\n${'  '.repeat(k + 1)}`;
    after = `\n${'  '.repeat(k)}]${after}`;
  }
  const text = JSON.stringify(wrapped, null, 2);
  return text.slice(before.length + `[\n${indent}  `.length, text.length - after.length - `\n${indent}]`.length);
}

/** value as JSON.stringify sees it under key: what its toJSON gives, where it has one. */
function prepared(value: unknown, key: string): unknown {
  const toJSON = value !== null && typeof value === 'object' ? (value as { toJSON?: unknown }).toJSON : undefined;
  return typeof toJSON === 'function' ? (toJSON as (k: string) => unknown).call(value, key) : value;
}

/** What JSON.stringify leaves out of an object and writes as null in an array. */
const unwritable = (v: unknown): boolean => v === undefined || typeof v === 'function' || typeof v === 'symbol';

/**
 * value (already prepared) at indent as JSON.stringify(value, null, 2) writes it there: objects and
 * arrays depth levels deep are opened here, a member at a time; anything below is JSON.stringify's own
 * text with its line breaks indented (a JSON string holds no line break of its own).
 */
function* pieces(value: unknown, indent: string, depth: number): Generator<string> {
  if (value === null || typeof value !== 'object' || depth === 0) {
    const text = JSON.stringify(value, null, 2);
    yield indent === '' ? text : text.replace(/\n/g, `\n${indent}`);
    return;
  }
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) {
      yield '[]';
      return;
    }
    yield `[\n${inner}`;
    for (let start = 0; start < value.length; start += BATCH) {
      if (start > 0) yield `,\n${inner}`;
      const batch = value.slice(start, start + BATCH);
      if (depth === 1 && !batch.some(hasToJSON)) yield itemsText(batch, indent);
      else {
        for (let i = 0; i < batch.length; i++) {
          if (i > 0) yield `,\n${inner}`;
          const item = prepared(batch[i], String(start + i));
          if (unwritable(item)) yield 'null';
          else yield* pieces(item, inner, depth - 1);
        }
      }
    }
    yield `\n${indent}]`;
    return;
  }
  let first = true;
  for (const key of Object.keys(value)) {
    const member = prepared((value as Record<string, unknown>)[key], key);
    if (unwritable(member)) continue;
    yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
    first = false;
    yield* pieces(member, inner, depth - 1);
  }
  yield first ? '{}' : `\n${indent}}`;
}
