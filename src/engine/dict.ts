// Dictionaries keyed by user text — townships, facilities, indicator codes, names: objects without a
// prototype, so a township called "__proto__" or an indicator coded "constructor" is a key like any
// other and can neither hide a value nor change every other object of the program.

/** An empty dictionary keyed by user text. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A dictionary with the own entries of each of from, later ones winning. */
export function dictOf<T>(...from: (Readonly<Record<string, T>> | undefined)[]): Record<string, T> {
  const out = dict<T>();
  for (const source of from) if (source) for (const key of Object.keys(source)) out[key] = source[key];
  return out;
}

/** A fixed table (a constant of the code) whose lookups by user text never reach Object.prototype. */
export function lookupTable<T>(entries: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return Object.freeze(dictOf(entries));
}

/**
 * A template for many dictionaries with the same keys (the reader's rows): laid out flat, with every
 * key its own property — "__proto__" included. Only ever copied — `Object.setPrototypeOf({ ...template }, null)`,
 * which keeps the engine's fast object layout (an Object.create(null) object is a hash table, and filling
 * one per row made reading a county twice as slow) — never handed out.
 */
export function templateOf<T>(keys: Readonly<Record<string, T>>): Readonly<Record<string, T>> {
  return JSON.parse(JSON.stringify(keys)) as Record<string, T>;
}

