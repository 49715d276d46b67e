// A fast reader for the parts of an .xlsx the engine needs — cell values (formula results), number
// formats, merged areas, sheet names, order and hidden state — straight from the zip with node:zlib.
// ExcelJS builds a full document model and takes several times longer on a large county; readWorkbook.ts
// falls back to ExcelJS whenever this reader meets something it does not handle.
import { inflateRawSync } from 'node:zlib';
import type { CellValue, MergedArea, SheetInput } from '../engine/types';

/** This reader cannot read the package; the caller falls back to ExcelJS (which may still read it). */
export class UnsupportedPackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

// --------------------------------------------------------------------------------------------
// Zip

interface ZipEntry {
  method: number;
  compressedSize: number;
  localOffset: number;
}

function zipEntries(buf: Buffer): Map<string, ZipEntry> {
  const from = Math.max(0, buf.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = buf.length - 22; i >= from; i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new UnsupportedPackageError('no end of central directory');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || at === 0xffffffff) throw new UnsupportedPackageError('zip64');
  const entries = new Map<string, ZipEntry>();
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== 0x02014b50) throw new UnsupportedPackageError('bad central directory');
    const flags = buf.readUInt16LE(at + 8);
    if (flags & 1) throw new UnsupportedPackageError('encrypted zip entry');
    const nameLength = buf.readUInt16LE(at + 28);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    entries.set(name.replace(/\\/g, '/'), {
      method: buf.readUInt16LE(at + 10),
      compressedSize: buf.readUInt32LE(at + 20),
      localOffset: buf.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
  }
  return entries;
}

function entryText(buf: Buffer, entries: Map<string, ZipEntry>, name: string): string | null {
  const e = entries.get(name);
  if (!e) return null;
  const local = e.localOffset;
  if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50) throw new UnsupportedPackageError('bad local header');
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  const data = buf.subarray(start, start + e.compressedSize);
  if (data.length !== e.compressedSize) throw new UnsupportedPackageError('truncated entry');
  if (e.method === 0) return data.toString('utf8');
  if (e.method === 8) return inflateRawSync(data).toString('utf8');
  throw new UnsupportedPackageError(`compression method ${e.method}`);
}

// --------------------------------------------------------------------------------------------
// XML, the little of it an .xlsx uses

const ENTITY = /&(?:#x([0-9a-fA-F]+)|#(\d+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_m, hex: string | undefined, dec: string | undefined, name: string | undefined) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(parseInt(dec, 10)) : NAMED[name!],
  );
}

const ATTRIBUTE = /([\w:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(ATTRIBUTE)) out[m[1]] = decode(m[2] ?? m[3]);
  return out;
}

/** The text of every <t> in a string item or inline string, phonetic runs (<rPh>) left out. */
function runText(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  for (const m of body.matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)) out += m[1] ?? '';
  // Excel escapes some characters in strings as _xHHHH_.
  return decode(out).replace(/_x([0-9A-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

// --------------------------------------------------------------------------------------------
// Workbook parts

/** Excel's built-in number formats, with the zh-CN ones for the locale-dependent ids. */
const BUILT_IN_FORMATS: Record<number, string> = {
  1: '0', 2: '0.00', 3: '#,##0', 4: '#,##0.00', 9: '0%', 10: '0.00%', 11: '0.00E+00', 12: '# ?/?', 13: '# ??/??',
  14: 'mm-dd-yy', 15: 'd-mmm-yy', 16: 'd-mmm', 17: 'mmm-yy', 18: 'h:mm AM/PM', 19: 'h:mm:ss AM/PM', 20: 'h:mm', 21: 'h:mm:ss',
  22: 'm/d/yy "h":mm', 27: 'yyyy"年"m"月"', 28: 'm"月"d"日"', 29: 'm"月"d"日"', 30: 'm-d-yy', 31: 'yyyy"年"m"月"d"日"',
  32: 'h"时"mm"分"', 33: 'h"时"mm"分"ss"秒"', 34: '上午/下午 h"时"mm"分"', 35: '上午/下午 h"时"mm"分"ss"秒"', 36: 'yyyy"年"m"月"',
  37: '#,##0 ;(#,##0)', 38: '#,##0 ;[Red](#,##0)', 39: '#,##0.00 ;(#,##0.00)', 40: '#,##0.00 ;[Red](#,##0.00)', 45: 'mm:ss',
  46: '[h]:mm:ss', 47: 'mmss.0', 48: '##0.0E+0', 49: '@', 50: 'yyyy"年"m"月"', 51: 'm"月"d"日"', 52: 'yyyy"年"m"月"',
  53: 'm"月"d"日"', 54: 'm"月"d"日"', 55: '上午/下午 h"时"mm"分"', 56: '上午/下午 h"时"mm"分"ss"秒"', 57: 'yyyy"年"m"月"',
  58: 'm"月"d"日"',
};

/** Same test as ExcelJS: date/time letters outside quotes and brackets. */
function isDateFormat(format: string | null): boolean {
  if (!format) return false;
  return /[ymdhMsb]+/.test(format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

interface Styles {
  /** cellXfs index → number format (null: General). */
  formats: (string | null)[];
  isDate: boolean[];
}

function readStyles(xml: string | null): Styles {
  const custom = new Map<number, string>();
  const formats: (string | null)[] = [];
  if (xml) {
    for (const m of xml.matchAll(/<numFmt\b[^>]*>/g)) {
      const a = attributes(m[0]);
      custom.set(Number(a.numFmtId), a.formatCode ?? '');
    }
    const xfs = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(xml)?.[1] ?? '';
    for (const m of xfs.matchAll(/<xf\b[^>]*>/g)) {
      const id = Number(attributes(m[0]).numFmtId ?? 0);
      const format = id === 0 ? null : (custom.get(id) ?? BUILT_IN_FORMATS[id] ?? null);
      formats.push(format === 'General' ? null : format);
    }
  }
  return { formats, isDate: formats.map(isDateFormat) };
}

function readSharedStrings(xml: string | null): string[] {
  if (!xml) return [];
  const out: string[] = [];
  for (const m of xml.matchAll(/<si\b[^>]*?(?:\/>|>([\s\S]*?)<\/si>)/g)) out.push(m[1] ? runText(m[1]) : '');
  return out;
}

/** "../worksheets/sheet1.xml" relative to "xl/" → "xl/worksheets/sheet1.xml". */
function resolvePart(base: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = `${base}${target}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function columnNumber(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return n;
}

function rowNumber(ref: string): number {
  const m = /\d+$/.exec(ref);
  return m ? Number(m[0]) : 0;
}

function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}

interface Context {
  strings: string[];
  styles: Styles;
  date1904: boolean;
}

const ROW = /<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g;
const CELL = /<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g;
const V = /<v\b[^>]*>([\s\S]*?)<\/v>/;

function cellValue(t: string | undefined, inner: string, styleIndex: number, ctx: Context): CellValue {
  if (t === 'inlineStr') {
    const is = /<is\b[^>]*>([\s\S]*?)<\/is>/.exec(inner);
    return is ? runText(is[1]) : null;
  }
  const v = V.exec(inner);
  if (!v) return null;
  const raw = v[1];
  switch (t) {
    case 's': {
      const s = ctx.strings[Number(raw)];
      if (s === undefined) throw new UnsupportedPackageError('shared string out of range');
      return s;
    }
    case 'str':
      return decode(raw);
    case 'b':
      return raw === '1' || raw === 'true';
    case 'e':
      return { error: decode(raw) };
    case 'd': {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? decode(raw) : d;
    }
    default: {
      const n = Number(raw);
      if (raw.trim() === '' || Number.isNaN(n)) throw new UnsupportedPackageError(`not a number: ${raw}`);
      return ctx.styles.isDate[styleIndex] ? excelDate(n, ctx.date1904) : n;
    }
  }
}

function readSheet(xml: string, ctx: Context): { values: CellValue[][]; numberFormats: (string | null)[][]; merges: MergedArea[] } {
  const values: CellValue[][] = [];
  const numberFormats: (string | null)[][] = [];
  const dataStart = xml.indexOf('<sheetData');
  const dataEnd = xml.indexOf('</sheetData>');
  const data = dataStart >= 0 && dataEnd > dataStart ? xml.slice(dataStart, dataEnd) : '';
  let rowCount = 0;
  for (const rm of data.matchAll(ROW)) {
    const rAttr = /\br="(\d+)"/.exec(rm[1]);
    const r = rAttr ? Number(rAttr[1]) : rowCount + 1;
    rowCount = r;
    while (values.length < r) {
      values.push([]);
      numberFormats.push([]);
    }
    const rowValues = values[r - 1];
    const rowFormats = numberFormats[r - 1];
    const body = rm[2];
    if (!body) continue;
    let col = 0;
    for (const cm of body.matchAll(CELL)) {
      const a = cm[1];
      const ref = /\br="([A-Za-z]+\d*)"/.exec(a);
      col = ref ? columnNumber(ref[1]) : col + 1;
      if (ref && rowNumber(ref[1]) !== 0 && rowNumber(ref[1]) !== r) throw new UnsupportedPackageError('cell outside its row');
      const t = /\bt="([^"]*)"/.exec(a)?.[1];
      const s = Number(/\bs="(\d+)"/.exec(a)?.[1] ?? 0);
      const value = cm[2] ? cellValue(t, cm[2], s, ctx) : null;
      if (value === null) continue;
      while (rowValues.length < col - 1) {
        rowValues.push(null);
        rowFormats.push(null);
      }
      rowValues[col - 1] = value;
      rowFormats[col - 1] = ctx.styles.formats[s] ?? null;
    }
  }
  const merges: MergedArea[] = [];
  for (const m of xml.matchAll(/<mergeCell\b[^>]*\bref="([A-Za-z]+)(\d+)(?::([A-Za-z]+)(\d+))?"/g)) {
    const left = columnNumber(m[1]) - 1;
    const top = Number(m[2]) - 1;
    merges.push({ top, left, bottom: m[4] ? Number(m[4]) - 1 : top, right: m[3] ? columnNumber(m[3]) - 1 : left });
  }
  return { values, numberFormats, merges };
}

/**
 * Reads the sheets of an .xlsx package held in memory.
 * @throws UnsupportedPackageError when the package is not one this reader handles (read it with ExcelJS).
 */
export function readXlsxPackage(buf: Buffer, source: string): SheetInput[] {
  const entries = zipEntries(buf);
  const text = (name: string): string | null => entryText(buf, entries, name);
  const workbookPath = resolvePart('', /Target="([^"]*officeDocument[^"]*|[^"]*workbook\.xml)"/.exec(text('_rels/.rels') ?? '')?.[1] ?? 'xl/workbook.xml');
  const workbook = text(workbookPath);
  if (!workbook) throw new UnsupportedPackageError('no workbook part');
  const base = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
  const relsPath = `${base}_rels/${workbookPath.slice(base.length)}.rels`;
  const rels = new Map<string, { target: string; type: string }>();
  for (const m of (text(relsPath) ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const a = attributes(m[0]);
    if (a.TargetMode === 'External') continue;
    rels.set(a.Id, { target: resolvePart(base, a.Target ?? ''), type: a.Type ?? '' });
  }
  const partOfType = (suffix: string): string | null => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? null;
  const stringsPart = partOfType('/sharedStrings');
  const stylesPart = partOfType('/styles');
  const ctx: Context = {
    strings: readSharedStrings(stringsPart ? text(stringsPart) : null),
    styles: readStyles(stylesPart ? text(stylesPart) : null),
    date1904: /<workbookPr\b[^>]*\bdate1904="(?:1|true)"/.test(workbook),
  };

  const sheets: SheetInput[] = [];
  const sheetsXml = /<sheets\b[^>]*>([\s\S]*?)<\/sheets>/.exec(workbook)?.[1] ?? '';
  for (const m of sheetsXml.matchAll(/<sheet\b[^>]*>/g)) {
    const a = attributes(m[0]);
    const rel = rels.get(a['r:id'] ?? Object.entries(a).find(([k]) => k.endsWith(':id'))?.[1] ?? '');
    if (!rel) throw new UnsupportedPackageError(`sheet ${a.name} has no part`);
    const hidden = a.state === 'hidden' || a.state === 'veryHidden';
    if (rel.type.endsWith('/chartsheet')) {
      sheets.push({ name: a.name, source, values: [], hidden, kind: 'chart' });
      continue;
    }
    if (!rel.type.endsWith('/worksheet')) continue;
    const xml = text(rel.target);
    if (xml === null) throw new UnsupportedPackageError(`missing part ${rel.target}`);
    sheets.push({ name: a.name, source, ...readSheet(xml, ctx), hidden, kind: 'worksheet' });
  }
  if (sheets.length === 0) throw new UnsupportedPackageError('no sheets');
  return sheets;
}
