// A fast reader for the parts of an .xlsx the engine needs — cell values (formula results), number
// formats, merged areas, sheet names, order and hidden state — straight from the zip with node:zlib.
// ExcelJS builds a full document model and takes several times longer on a large county.
//
// Every part is checked before it is read (zip.ts: CRC-32, length, size caps) and read with a real XML
// tokenizer (xmlTokenizer.ts) to its end. What this reader finds damaged is an UnreadableWorkbookError
// naming the file and the part or cell, and is never handed to ExcelJS, which reads such files short.
// Only a package this reader does not handle (UnsupportedPackageError: an encrypted zip entry, a
// compression method other than deflate, an XML encoding other than UTF-8/16, no workbook relationship)
// goes to ExcelJS.
//
// Elements are matched by local name in the place the schema puts them (<x:row> in <x:sheetData> is a
// row, whatever the prefix; Strict and transitional namespaces alike); attributes without a prefix by
// name, r:id by its local name. Text in <t> and <v> is kept as written, with or without xml:space.
//
// Choices where Excel itself would ask to repair the file: a row or cell given twice or out of order,
// and a row or column beyond 1,048,576 × 16,384, are errors naming the sheet and cell (Excel's repair
// keeps one of the two, silently; a statistician should see that). Merged areas are clamped to the
// sheet's used range (rows and cells written), so a one-line <mergeCell> cannot span the whole grid.
import { isUtf8 } from 'node:buffer';
import type { CellValue, MergedArea, SheetInput } from '../engine/types';
import { UnreadableWorkbookError } from './errors';
import { PackageDamageError } from './packageDamage';
import { attrSpan, CLOSE, EOF, OPEN, XmlTokenizer } from './xmlTokenizer';
import { checkWholePackage, UnsupportedPackageError, ZipPackage } from './zip';

export { UnsupportedPackageError } from './zip';

/**
 * Excel's own grid, and caps a county never nears: a county of 60 townships × 200 rows × 30 columns is
 * about 0.4 M cells and 12 k distinct strings. 20 M cells (blanks between values counted, as the sheet
 * arrays hold them) keep a workbook's arrays under about 1 GB; 2 M shared strings under about 200 MB.
 */
export const SHEET_LIMITS = {
  rows: 1_048_576,
  columns: 16_384,
  cells: 20_000_000,
  sharedStrings: 2_000_000,
  /** A county has a sheet per township, a hundred or two at most. */
  sheets: 4096,
};

// --------------------------------------------------------------------------------------------
// Text of a part

const damagedXml = (part: string, at: string): PackageDamageError => new PackageDamageError({ kind: 'xml', part, at });

/** A part's bytes as text: UTF-8 (with or without BOM) or UTF-16 with its BOM, as OPC allows. */
function partText(bytes: Buffer, part: string): string {
  const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (utf16 && bytes.length % 2 !== 0) throw damagedXml(part, 'UTF-16 text of odd length');
  if (utf16 && bytes[0] === 0xff) return bytes.toString('utf16le', 2);
  if (utf16) return Buffer.from(bytes.subarray(2)).swap16().toString('utf16le');
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const declared = /^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']/.exec(bytes.toString('latin1', bom, Math.min(bytes.length, bom + 200)))?.[1];
  if (declared && !/^utf-?8$/i.test(declared)) throw new UnsupportedPackageError(`${part} declares encoding ${declared}`);
  if (!isUtf8(bytes)) throw damagedXml(part, 'not UTF-8 text');
  return bytes.toString('utf8', bom);
}

/** Reads the root element (which must be named root), visiting each child; the part must end with it. */
function readRoot(xml: string, part: string, root: string, visit: (x: XmlTokenizer) => void): void {
  const x = new XmlTokenizer(xml, part);
  if (x.next() !== OPEN || !x.is(root)) throw x.fail(`root element <${x.localName()}> where <${root}> belongs`);
  eachChild(x, visit);
  if (x.next() !== EOF) throw x.fail('content after the root element');
}

/** Calls visit on each child of the element just opened; visit reads the child through its end. */
function eachChild(x: XmlTokenizer, visit: (x: XmlTokenizer) => void): void {
  for (;;) {
    if (x.next() === CLOSE) return;
    visit(x);
  }
}

/**
 * The text of a string item or inline string just opened: its <t>, and the <t> of each run; phonetic
 * runs left out. A loop rather than eachChild: it runs once per shared string.
 */
function richText(x: XmlTokenizer): string {
  if (x.selfClosing) {
    x.next();
    return '';
  }
  const level = x.depth;
  let out = '';
  for (;;) {
    if (x.next() === CLOSE) {
      if (x.depth < level) break;
    } else if (x.is('t')) {
      out += x.readText();
    } else if (!x.is('r')) {
      x.skipElement();
    }
  }
  // Excel escapes some characters in strings as _xHHHH_.
  return out.includes('_x') ? out.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16))) : out;
}

// --------------------------------------------------------------------------------------------
// Workbook parts

interface Relationship {
  target: string;
  type: string;
}

function readRelationships(xml: string, part: string, base: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  readRoot(xml, part, 'Relationships', (x) => {
    if (x.is('Relationship') && x.attr('TargetMode') !== 'External') {
      const id = x.attr('Id');
      if (id === null) throw x.fail('relationship without Id');
      rels.set(id, { target: resolvePart(base, x.attr('Target') ?? ''), type: x.attr('Type') ?? '' });
    }
    x.skipElement();
  });
  return rels;
}

interface SheetEntry {
  name: string;
  relId: string;
  hidden: boolean;
}

function readWorkbookPart(xml: string, part: string): { date1904: boolean; sheets: SheetEntry[] } {
  let date1904 = false;
  const sheets: SheetEntry[] = [];
  readRoot(xml, part, 'workbook', (x) => {
    if (x.is('workbookPr')) {
      date1904 = x.attrIs('date1904', '1') || x.attrIs('date1904', 'true');
      x.skipElement();
    } else if (x.is('sheets')) {
      eachChild(x, (y) => {
        if (y.is('sheet')) {
          const name = y.attr('name');
          const relId = y.prefixedAttr('id');
          if (name === null || relId === null) throw y.fail('sheet without name or r:id');
          if (sheets.length === SHEET_LIMITS.sheets) throw new PackageDamageError({ kind: 'too-large', part, limit: 'sheets', max: SHEET_LIMITS.sheets });
          sheets.push({ name, relId, hidden: y.attrIs('state', 'hidden') || y.attrIs('state', 'veryHidden') });
        }
        y.skipElement();
      });
    } else {
      x.skipElement();
    }
  });
  return { date1904, sheets };
}

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

function readStyles(xml: string, part: string): Styles {
  const custom = new Map<number, string>();
  const ids: number[] = [];
  readRoot(xml, part, 'styleSheet', (x) => {
    if (x.is('numFmts')) {
      eachChild(x, (y) => {
        if (y.is('numFmt')) custom.set(y.attrInt('numFmtId'), y.attr('formatCode') ?? '');
        y.skipElement();
      });
    } else if (x.is('cellXfs')) {
      eachChild(x, (y) => {
        if (y.is('xf')) ids.push(Math.max(0, y.attrInt('numFmtId')));
        y.skipElement();
      });
    } else {
      x.skipElement();
    }
  });
  const formats = ids.map((id) => {
    const format = id === 0 ? null : (custom.get(id) ?? BUILT_IN_FORMATS[id] ?? null);
    return format === 'General' ? null : format;
  });
  return { formats, isDate: formats.map(isDateFormat) };
}

function readSharedStrings(xml: string, part: string): string[] {
  const out: string[] = [];
  readRoot(xml, part, 'sst', (x) => {
    if (!x.is('si')) return x.skipElement();
    if (out.length >= SHEET_LIMITS.sharedStrings) throw new PackageDamageError({ kind: 'too-large', part, limit: 'strings', max: SHEET_LIMITS.sharedStrings });
    out.push(richText(x));
  });
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

// --------------------------------------------------------------------------------------------
// Sheets

function excelDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000));
}

interface Context {
  strings: string[];
  styles: Styles;
  date1904: boolean;
  /** Cells (with blanks between values) held so far across the workbook. */
  cells: number;
}

function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** Where parseCellRef puts what it reads: one object for the whole run, since it runs once per cell. */
const cellAt = { col: 0, row: 0 };

/**
 * ref[from, to) "B7" → column 2, row 7 into cellAt (row 0 when the reference has no digits); false when it is not a
 * reference. Letters past XFD give a column past 16,384, digits past 1048576 a row past it.
 */
function parseCellRef(ref: string, from: number, to: number): boolean {
  let i = from;
  let col = 0;
  for (; i < to; i++) {
    const c = ref.charCodeAt(i) | 0x20;
    if (c < 97 || c > 122) break;
    if (col <= SHEET_LIMITS.columns) col = col * 26 + (c - 96);
  }
  if (i === from) return false;
  let row = 0;
  const digitsFrom = i;
  for (; i < to; i++) {
    const d = ref.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (row <= SHEET_LIMITS.rows) row = row * 10 + d;
  }
  if (i > digitsFrom && row === 0) return false;
  cellAt.col = col;
  cellAt.row = row;
  return true;
}

/** One sheet part read into rows of values and formats, its merged areas clamped to the cells read. */
class SheetReader {
  readonly values: CellValue[][] = [];
  readonly numberFormats: (string | null)[][] = [];
  readonly merges: MergedArea[] = [];
  private row = 0;
  /** The sheet's used range as Excel keeps it: every row and cell written, styled blanks included. */
  private lastColumn = 0;

  constructor(
    private readonly x: XmlTokenizer,
    private readonly sheet: string,
    private readonly ctx: Context,
  ) {}

  private grow(cells: number): void {
    this.ctx.cells += cells;
    if (this.ctx.cells > SHEET_LIMITS.cells) throw new PackageDamageError({ kind: 'too-large', part: this.x.part, limit: 'cells', max: SHEET_LIMITS.cells });
  }

  private beyond(ref: string): PackageDamageError {
    return new PackageDamageError({ kind: 'beyond-excel', sheet: this.sheet, ref });
  }

  readonly visitWorksheet = (x: XmlTokenizer): void => {
    if (x.is('sheetData')) eachChild(x, this.visitRow);
    else if (x.is('mergeCells')) eachChild(x, this.visitMerge);
    else x.skipElement();
  };

  private readonly visitRow = (x: XmlTokenizer): void => {
    if (!x.is('row')) return x.skipElement();
    let r = x.attrInt('r');
    if (r === -1) r = this.row + 1;
    else if (!(r >= 1)) throw x.fail(`row number "${x.attr('r')}"`);
    if (r > SHEET_LIMITS.rows) throw this.beyond(`${x.attr('r')}:${x.attr('r')}`);
    if (r <= this.row) throw new PackageDamageError({ kind: 'duplicate', sheet: this.sheet, ref: `${r}:${r}` });
    this.row = r;
    this.grow(r - this.values.length);
    while (this.values.length < r) {
      this.values.push([]);
      this.numberFormats.push([]);
    }
    this.column = 0;
    eachChild(x, this.visitCell);
  };

  private column = 0;

  private readonly visitCell = (x: XmlTokenizer): void => {
    if (!x.is('c')) return x.skipElement();
    const col = this.cellColumn(x);
    const t = x.attr('t');
    let s = x.attrInt('s');
    if (s === -1) s = 0;
    else if (Number.isNaN(s)) throw x.fail('style index');
    let raw: string | null = null;
    let inline: string | null = null;
    // A number or shared-string index read in place, without a string (NaN: none, or read as raw).
    let decimal = NaN;
    const numeric = t === null || t === 'n' || t === 's';
    // Inline rather than eachChild: this runs once per cell, and a closure per cell shows in the profile.
    while (x.next() !== CLOSE) {
      if (x.is('v')) {
        decimal = numeric ? x.readDecimal() : NaN;
        raw = decimal === decimal ? null : x.readText();
      } else if (x.is('is')) inline = richText(x);
      else x.skipElement();
    }
    const value = decimal === decimal && raw === null ? this.decimalValue(t, decimal, s) : this.cellValue(t, raw, inline, s);
    if (value === null) return;
    const rowValues = this.values[this.row - 1];
    const rowFormats = this.numberFormats[this.row - 1];
    if (col > rowValues.length) this.grow(col - rowValues.length);
    while (rowValues.length < col - 1) {
      rowValues.push(null);
      rowFormats.push(null);
    }
    rowValues[col - 1] = value;
    rowFormats[col - 1] = this.ctx.styles.formats[s] ?? null;
  };

  /** The cell's column from its r attribute (or the one after the last), checked against its row and Excel's grid. */
  private cellColumn(x: XmlTokenizer): number {
    let col = this.column + 1;
    // Read in place (no string per cell) when it can be; the string is made only for a message.
    const inPlace = x.attrInPlace('r');
    const ref = inPlace ? null : x.attr('r');
    if (inPlace || ref !== null) {
      const ok = inPlace ? parseCellRef(attrSpan.text, attrSpan.start, attrSpan.end) : parseCellRef(ref!, 0, ref!.length);
      if (!ok) throw x.fail(`cell reference "${x.attr('r')}"`);
      if (cellAt.col > SHEET_LIMITS.columns || cellAt.row > SHEET_LIMITS.rows) throw this.beyond(x.attr('r') as string);
      if (cellAt.row !== 0 && cellAt.row !== this.row) throw x.fail(`cell ${x.attr('r')} inside row ${this.row}`);
      col = cellAt.col;
    }
    if (col > SHEET_LIMITS.columns) throw this.beyond(`${columnLetters(col)}${this.row}`);
    if (col <= this.column) throw new PackageDamageError({ kind: 'duplicate', sheet: this.sheet, ref: `${columnLetters(col)}${this.row}` });
    this.column = col;
    if (col > this.lastColumn) this.lastColumn = col;
    return col;
  }

  /** A number or string cell whose <v> readDecimal() read: the same value cellValue() gives for its text. */
  private decimalValue(t: string | null, n: number, style: number): CellValue {
    if (t === 's') {
      const s = this.ctx.strings[n];
      if (s === undefined) throw this.x.fail(`shared string "${this.x.lastDecimalText()}" not in the shared strings`);
      return s;
    }
    return this.ctx.styles.isDate[style] ? excelDate(n, this.ctx.date1904) : n;
  }

  private cellValue(t: string | null, raw: string | null, inline: string | null, style: number): CellValue {
    if (t === 'inlineStr') return inline;
    if (raw === null) return null;
    switch (t) {
      case 's': {
        // A fractional, negative or out-of-range index finds no string (an empty one reads as NaN).
        const s = raw.length > 0 ? this.ctx.strings[+raw] : undefined;
        if (s === undefined) throw this.x.fail(`shared string "${raw}" not in the shared strings`);
        return s;
      }
      case 'str':
        return raw;
      case 'b':
        return raw === '1' || raw === 'true';
      case 'e':
        return { error: raw };
      case 'd': {
        const d = new Date(raw);
        return Number.isNaN(d.getTime()) ? raw : d;
      }
      case null:
      case 'n': {
        if (raw.trim() === '') return null;
        const n = Number(raw);
        if (!Number.isFinite(n)) throw this.x.fail(`"${raw}" is not a number`);
        return this.ctx.styles.isDate[style] ? excelDate(n, this.ctx.date1904) : n;
      }
      default:
        throw this.x.fail(`cell type "${t}"`);
    }
  }

  private readonly visitMerge = (x: XmlTokenizer): void => {
    if (x.is('mergeCell')) {
      // Each merged area is an object held until the sheet is read: counted as a cell.
      this.grow(1);
      const ref = x.attr('ref') ?? '';
      const ends = ref.split(':');
      const first = ends[0];
      const last = ends[ends.length - 1];
      const a = ends.length <= 2 && parseCellRef(first, 0, first.length) && cellAt.row > 0 ? { ...cellAt } : null;
      const b = a && parseCellRef(last, 0, last.length) && cellAt.row > 0 ? { ...cellAt } : null;
      if (!a || !b) throw x.fail(`merged area "${ref}"`);
      this.merges.push({
        top: Math.min(a.row, b.row) - 1,
        left: Math.min(a.col, b.col) - 1,
        bottom: Math.max(a.row, b.row) - 1,
        right: Math.max(a.col, b.col) - 1,
      });
    }
    x.skipElement();
  };

  /**
   * Merged areas within the sheet's used range (the rows and cells it writes): past them an area covers
   * only cells that do not exist, and B2:XFD1048576 would have the engine loop over 17 G of them.
   */
  clampedMerges(): MergedArea[] {
    const lastRow = this.row - 1;
    const width = this.lastColumn;
    const out: MergedArea[] = [];
    for (const m of this.merges) {
      if (m.top > lastRow || m.left >= width) continue;
      out.push({ top: m.top, left: m.left, bottom: Math.min(m.bottom, lastRow), right: Math.min(m.right, width - 1) });
    }
    return out;
  }
}

function readSheet(xml: string, part: string, sheet: string, ctx: Context): Pick<SheetInput, 'values' | 'numberFormats' | 'merges'> {
  const x = new XmlTokenizer(xml, part);
  const reader = new SheetReader(x, sheet, ctx);
  if (x.next() !== OPEN || !x.is('worksheet')) throw x.fail(`root element <${x.localName()}> where <worksheet> belongs`);
  eachChild(x, reader.visitWorksheet);
  if (x.next() !== EOF) throw x.fail('content after the root element');
  return { values: reader.values, numberFormats: reader.numberFormats, merges: reader.clampedMerges() };
}

// --------------------------------------------------------------------------------------------
// The package

function readPackage(buf: Buffer, source: string): SheetInput[] {
  const zip = new ZipPackage(buf);
  const text = (name: string): string | null => {
    const bytes = zip.bytes(name);
    return bytes === null ? null : partText(bytes, name);
  };
  // A part a relationship names must be there: read without it, the rest would read differently.
  const referenced = (name: string, from: string): string => {
    const xml = text(name);
    if (xml === null) throw damagedXml(from, `names ${name}, which is not in the package`);
    return xml;
  };

  // Stage 1: the workbook part, found through the package relationships.
  const packageRels = readRelationships(text('_rels/.rels') ?? '<Relationships/>', '_rels/.rels', '');
  const named = [...packageRels.values()].find((r) => r.type.endsWith('/officeDocument'))?.target;
  if (named === undefined && !zip.has('xl/workbook.xml')) throw new UnsupportedPackageError('no workbook part');
  const workbookPath = named ?? 'xl/workbook.xml';
  const workbook = readWorkbookPart(referenced(workbookPath, '_rels/.rels'), workbookPath);

  // Stage 2: its relationships, shared strings and styles.
  const base = workbookPath.slice(0, workbookPath.lastIndexOf('/') + 1);
  const relsPath = `${base}_rels/${workbookPath.slice(base.length)}.rels`;
  const rels = readRelationships(text(relsPath) ?? '<Relationships/>', relsPath, base);
  const partOfType = (suffix: string): string | null => [...rels.values()].find((r) => r.type.endsWith(suffix))?.target ?? null;
  const stringsPart = partOfType('/sharedStrings');
  const stylesPart = partOfType('/styles');
  const ctx: Context = {
    strings: stringsPart ? readSharedStrings(referenced(stringsPart, relsPath), stringsPart) : [],
    styles: stylesPart ? readStyles(referenced(stylesPart, relsPath), stylesPart) : { formats: [], isDate: [] },
    date1904: workbook.date1904,
    cells: 0,
  };

  // Stage 3: each sheet in tab order.
  const sheets: SheetInput[] = [];
  for (const entry of workbook.sheets) {
    const rel = rels.get(entry.relId);
    if (!rel) throw damagedXml(relsPath, `no relationship ${entry.relId} for sheet ${entry.name}`);
    if (rel.type.endsWith('/chartsheet')) {
      sheets.push({ name: entry.name, source, values: [], hidden: entry.hidden, kind: 'chart' });
      continue;
    }
    if (!rel.type.endsWith('/worksheet')) continue;
    const xml = referenced(rel.target, relsPath);
    sheets.push({ name: entry.name, source, ...readSheet(xml, rel.target, entry.name, ctx), hidden: entry.hidden, kind: 'worksheet' });
  }
  if (sheets.length === 0) throw new UnsupportedPackageError('no sheets');
  return sheets;
}

/**
 * Reads the sheets of an .xlsx package held in memory; source is the file name the sheets come from.
 * @throws UnreadableWorkbookError ('corrupt' or 'too-large', with the damage named) for a damaged package.
 * @throws UnsupportedPackageError when the package is not one this reader handles (read it with ExcelJS);
 * by then every part has passed its checks, under the smaller total ExcelJS is given.
 */
export function readXlsxPackage(buf: Buffer, source: string): SheetInput[] {
  try {
    try {
      return readPackage(buf, source);
    } catch (e) {
      if (e instanceof UnsupportedPackageError) checkWholePackage(buf);
      throw e;
    }
  } catch (e) {
    if (e instanceof PackageDamageError) {
      throw new UnreadableWorkbookError(source, e.damage.kind === 'too-large' ? 'too-large' : 'corrupt', e.message, e.damage);
    }
    throw e;
  }
}
