// An .xlsx's sheet names read straight from its package — the zip's directory, the workbook part named
// by _rels/.rels, its <sheet name="…"> elements — so that 导入乡镇文件 of an .xlsx does not download
// SheetJS only to list them. The part is inflated by the browser's own DecompressionStream. Anything
// unusual (zip64, an encryption flag, no DecompressionStream) gives null: the caller then asks SheetJS.
const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record sits in the last 22 bytes plus a comment of at most 65,535. */
const EOCD_SEARCH = 22 + 0xffff;
/** A workbook part larger than this is not a sheet list worth reading here. */
const MAX_PART_BYTES = 16 * 1024 * 1024;

interface Entry {
  method: number;
  flags: number;
  compressed: number;
  size: number;
  offset: number;
}

function directory(bytes: Uint8Array): Map<string, Entry> | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - EOCD_SEARCH); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  if (count === 0xffff || at === 0xffffffff) return null;
  const decoder = new TextDecoder();
  const entries = new Map<string, Entry>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL) return null;
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    const name = decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength));
    entries.set(name.replace(/\\/g, '/').toLowerCase(), {
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      compressed: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      offset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array | null> {
  if (typeof DecompressionStream !== 'function') return null;
  const stream = new DecompressionStream('deflate-raw');
  const writer = stream.writable.getWriter();
  void writer.write(data as Uint8Array<ArrayBuffer>).catch(() => undefined);
  void writer.close().catch(() => undefined);
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.length;
    if (total > MAX_PART_BYTES) return null;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

async function partText(bytes: Uint8Array, entries: Map<string, Entry>, path: string): Promise<string | null> {
  const entry = entries.get(path.toLowerCase());
  if (!entry || entry.flags & 1 || entry.size > MAX_PART_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (entry.offset + 30 > bytes.length || view.getUint32(entry.offset, true) !== LOCAL) return null;
  const start = entry.offset + 30 + view.getUint16(entry.offset + 26, true) + view.getUint16(entry.offset + 28, true);
  const data = bytes.subarray(start, start + entry.compressed);
  const raw = entry.method === 0 ? data : entry.method === 8 ? await inflateRaw(data) : null;
  return raw ? new TextDecoder().decode(raw) : null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e] ?? whole;
  });
}

/** The attribute's value in one start tag, unescaped; null when absent. */
function attribute(tag: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(["'])([\\s\\S]*?)\\1`).exec(tag);
  return m ? unescapeXml(m[2]) : null;
}

/** The workbook part: as _rels/.rels names it, else where Excel puts it. */
async function workbookPath(bytes: Uint8Array, entries: Map<string, Entry>): Promise<string> {
  const rels = await partText(bytes, entries, '_rels/.rels');
  for (const tag of rels?.match(/<(?:\w+:)?Relationship\b[^>]*>/g) ?? []) {
    if (/\/officeDocument$/.test(attribute(tag, 'Type') ?? '')) return (attribute(tag, 'Target') ?? '').replace(/^\//, '');
  }
  return 'xl/workbook.xml';
}

/** The sheet names of an .xlsx, in order; null when this reader cannot tell (the caller falls back). */
export async function xlsxSheetNames(bytes: Uint8Array): Promise<string[] | null> {
  try {
    const entries = directory(bytes);
    if (!entries) return null;
    const xml = await partText(bytes, entries, await workbookPath(bytes, entries));
    if (xml === null) return null;
    const list = /<(?:\w+:)?sheets\b[^>]*>([\s\S]*?)<\/(?:\w+:)?sheets>/.exec(xml);
    if (!list) return null;
    const names = (list[1].match(/<(?:\w+:)?sheet\b[^>]*>/g) ?? []).map((tag) => attribute(tag, 'name'));
    return names.length > 0 && names.every((n): n is string => n !== null && n !== '') ? names : null;
  } catch {
    return null;
  }
}
