// What a township file really is, told from its bytes and never from its name: township offices save
// .xlsx as .xls and the other way round, and older information systems export HTML or SpreadsheetML 2003
// under a .xls name. Pure code over Uint8Array, for the command line and the browser alike.

export type WorkbookKind =
  | 'xlsx' // Office Open XML package: the fast reader's business
  | 'xlsb' // the same package with binary parts (xl/workbook.bin)
  | 'ods' // OpenDocument spreadsheet (a zip holding content.xml)
  | 'xls' // an OLE compound file: Excel 97–2003 BIFF8, BIFF5, WPS .et
  | 'biff' // a bare BIFF stream without the OLE wrapper (Excel 2–4 worksheets)
  | 'encrypted' // an OLE compound file holding EncryptedPackage: a password-protected .xlsx
  | 'spreadsheetml' // XML Spreadsheet 2003
  | 'html' // an HTML table saved as .xls
  | 'csv' // delimited text: .csv, tab-separated "Unicode text"
  | 'empty'
  | 'unknown';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const ZIP_EMPTY_MAGIC = [0x50, 0x4b, 0x05, 0x06];
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
// A password-protected .xlsx is an OLE compound file whose directory names this stream (UTF-16LE).
const ENCRYPTED_STREAM = utf16le('EncryptedPackage');

function utf16le(text: string): Uint8Array {
  const out = new Uint8Array(text.length * 2);
  for (let i = 0; i < text.length; i++) out[i * 2] = text.charCodeAt(i);
  return out;
}

const startsWith = (bytes: Uint8Array, magic: number[]): boolean => bytes.length >= magic.length && magic.every((b, i) => bytes[i] === b);

function indexOf(bytes: Uint8Array, needle: Uint8Array): number {
  const first = needle[0];
  outer: for (let i = bytes.indexOf(first); i !== -1 && i <= bytes.length - needle.length; i = bytes.indexOf(first, i + 1)) {
    for (let j = 1; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

export interface ZipEntry {
  name: string;
  /** Uncompressed size the central directory claims. */
  size: number;
}

/**
 * The entries a zip's central directory lists, or null when the directory cannot be found or read (a
 * truncated file): the caller then lets a full reader decide. Zip64 sizes are read as the 32-bit marker,
 * which the size cap treats as "large".
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The end record is 22 bytes plus a comment of at most 65535 bytes.
  const stop = Math.max(0, bytes.length - 22 - 0xffff);
  let end = -1;
  for (let i = bytes.length - 22; i >= stop; i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const names = new TextDecoder('utf-8');
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || view.getUint32(at, true) !== 0x02014b50) return null;
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > end) return null;
    entries.push({ name: names.decode(bytes.subarray(at + 46, at + 46 + nameLength)), size });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

function zipKind(bytes: Uint8Array): WorkbookKind {
  const entries = zipEntries(bytes);
  if (!entries) return 'xlsx';
  const names = new Set(entries.map((e) => e.name.replace(/^\//, '').toLowerCase()));
  if (names.has('xl/workbook.xml')) return 'xlsx';
  if (names.has('xl/workbook.bin')) return 'xlsb';
  if (names.has('content.xml') && !names.has('[content_types].xml')) return 'ods';
  // A package with its workbook at an unusual path, or no workbook at all: the .xlsx reader says which.
  return 'xlsx';
}

export interface DecodedText {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'gbk';
}

/**
 * Text as a Chinese Windows user saved it: a byte-order mark wins; otherwise valid UTF-8 is UTF-8 and
 * anything else is GBK (Excel's "CSV" on Chinese Windows, and most older systems' exports). GBK text is
 * almost never valid UTF-8, so the order decides rightly.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gbk').decode(bytes), encoding: 'gbk' };
  }
}

/** Control characters other than tab, CR, LF and form feed: a few in a text file, many in a binary one. */
function looksBinary(text: string): boolean {
  const head = text.slice(0, 4096);
  let control = 0;
  for (let i = 0; i < head.length; i++) {
    const c = head.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x0c) || c === 0xfffd) control++;
  }
  return control > Math.max(2, head.length / 100);
}

function textKind(text: string, fileName: string): WorkbookKind {
  if (looksBinary(text)) return 'unknown';
  const head = text.slice(0, 8192).toLowerCase();
  if (head.includes('urn:schemas-microsoft-com:office:spreadsheet') && /<(\w+:)?workbook\b/.test(head)) return 'spreadsheetml';
  if (/<(html|table|!doctype html)\b/.test(head)) return 'html';
  // A table has columns: delimited text, or a file named as such. Plain prose named .xlsx is not a table.
  const firstLines = head.split(/\r?\n/, 5).join('\n');
  if (/[,\t;]/.test(firstLines) || /\.(csv|tsv|txt)$/i.test(fileName)) return 'csv';
  return 'unknown';
}

/** The file's real format, from its content (the name only tells a one-column .csv from prose). */
export function sniffWorkbook(bytes: Uint8Array, fileName: string): WorkbookKind {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, CFB_MAGIC)) return indexOf(bytes, ENCRYPTED_STREAM) >= 0 ? 'encrypted' : 'xls';
  if (startsWith(bytes, ZIP_MAGIC)) return zipKind(bytes);
  // An empty zip: nothing inside to read; the .xlsx reader names it damaged.
  if (startsWith(bytes, ZIP_EMPTY_MAGIC)) return 'xlsx';
  // BOF record of a bare BIFF2/3/4/5 stream: 0x09 then 0x00, 0x02, 0x04 or 0x08, then its length.
  if (bytes.length >= 4 && bytes[0] === 0x09 && [0x00, 0x02, 0x04, 0x08].includes(bytes[1]) && bytes[3] === 0) return 'biff';
  return textKind(decodeText(textHead(bytes)).text, fileName);
}

/** The first 64 KB, cut before a UTF-8 sequence the cut would split (so valid UTF-8 stays valid). */
function textHead(bytes: Uint8Array): Uint8Array {
  const limit = 64 * 1024;
  if (bytes.length <= limit) return bytes;
  let end = limit;
  for (let back = 0; back < 3 && (bytes[end] & 0xc0) === 0x80; back++) end--;
  return bytes.subarray(0, end);
}
