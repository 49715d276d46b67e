// A small SpreadsheetML writer: sheets of values with cell styles (number format, bold, fill, link
// font, wrapped header), column widths, frozen panes, an autofilter and hyperlinks — what the result
// workbooks need, written straight to an .xlsx package without loading ExcelJS. Strings always go to
// the shared-string table, so a text beginning with = + - @ stays text: nothing here writes a formula.
import type { CellValue } from '../engine/types';
import { DRAWING_REL_TYPE, drawingPackage, type ChartPart } from '../formats/chartPart';
import { PartPacker, PIECE_BYTES, pieceBuffer, reusePieceBuffer, zipPacked } from './zipWriter';

export interface CellStyle {
  /** Excel number format code; General when absent. */
  numFmt?: string;
  bold?: boolean;
  /** Solid background, 'RRGGBB'. */
  fill?: string;
  /** Font colour, 'AARRGGBB'. */
  color?: string;
  underline?: boolean;
  /** Vertically centred, wrapped text (header cells). */
  wrap?: boolean;
}

export interface XlsxCell {
  value: CellValue;
  /** A style id from the workbook's Styles; 0 (General, plain) when absent. */
  style?: number;
}

/**
 * A row as two lists, column by column: values[c] (null or missing: no cell) with style id styles[c]
 * (0: plain). A sheet of many rows is written this way without an object per cell.
 */
export interface PackedRow {
  values: readonly (CellValue | undefined)[];
  styles: ArrayLike<number>;
}

export interface XlsxSheet {
  name: string;
  /** Widths in Excel character units, and the style new cells of the column take. */
  columns: { width: number; style?: number }[];
  /**
   * rows[r] is Excel row r+1: cells (rows[r][c] at column c+1; null or missing for no cell) or, for a
   * large sheet, a PackedRow.
   */
  rows: ((XlsxCell | null | undefined)[] | PackedRow)[];
  freeze?: { rows: number; columns: number };
  /** The autofilter's range, e.g. "A1:H1". */
  autoFilter?: string;
  /** External links: cell address → target ("file.xlsx#'Sheet'!D7"). */
  hyperlinks?: { cell: string; target: string }[];
  /** Native charts on the sheet (one drawing part holds them). */
  charts?: ChartPart[];
}

/** A sheet made only when it is written (and let go of after): a county's large sheets are not all held at once. */
export interface LaterSheet {
  name: string;
  make: () => XlsxSheet;
}

export interface XlsxWorkbook {
  sheets: (XlsxSheet | LaterSheet)[];
  styles: Styles;
  creator?: string;
  created?: Date;
}

/** Excel's built-in number format ids for the codes the result sheets use. */
const BUILT_IN_NUMBER_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '@': 49,
};

const FONT_BASE = '<sz val="11"/><name val="Calibri"/><family val="2"/>';

/** The workbook's cell styles (xl/styles.xml): each distinct CellStyle gets one id, 0 being plain. */
export class Styles {
  private readonly ids = new Map<string, number>();
  private readonly xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'];
  private readonly numFmts = new Map<string, number>();
  private readonly fonts = new Map<string, number>([['', 0]]);
  private readonly fills = new Map<string, number>();

  /** The id of style (the same id for the same style). */
  id(style: CellStyle): number {
    const key = `${style.numFmt ?? ''}|${style.bold ? 1 : 0}|${style.fill ?? ''}|${style.color ?? ''}|${style.underline ? 1 : 0}|${style.wrap ? 1 : 0}`;
    let id = this.ids.get(key);
    if (id !== undefined) return id;
    const numFmtId = this.numFmtId(style.numFmt ?? 'General');
    const fontId = this.fontId(style);
    const fillId = style.fill ? this.fillId(style.fill) : 0;
    const applied = [
      numFmtId !== 0 ? ' applyNumberFormat="1"' : '',
      fontId !== 0 ? ' applyFont="1"' : '',
      fillId !== 0 ? ' applyFill="1"' : '',
      style.wrap ? ' applyAlignment="1"' : '',
    ].join('');
    const open = `<xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="0" xfId="0"${applied}`;
    this.xfs.push(style.wrap ? `${open}><alignment vertical="center" wrapText="1"/></xf>` : `${open}/>`);
    id = this.xfs.length - 1;
    this.ids.set(key, id);
    return id;
  }

  private numFmtId(code: string): number {
    const builtIn = BUILT_IN_NUMBER_FORMATS[code];
    if (builtIn !== undefined) return builtIn;
    let id = this.numFmts.get(code);
    if (id === undefined) {
      id = 164 + this.numFmts.size;
      this.numFmts.set(code, id);
    }
    return id;
  }

  private fontId(style: CellStyle): number {
    const key = `${style.bold ? '<b/>' : ''}${style.underline ? '<u/>' : ''}${style.color ? `<color rgb="${style.color}"/>` : ''}`;
    let id = this.fonts.get(key);
    if (id === undefined) {
      id = this.fonts.size;
      this.fonts.set(key, id);
    }
    return id;
  }

  private fillId(rgb: string): number {
    let id = this.fills.get(rgb);
    if (id === undefined) {
      id = 2 + this.fills.size; // 0 none and 1 gray125 are required first
      this.fills.set(rgb, id);
    }
    return id;
  }

  xml(): string {
    const numFmts = [...this.numFmts].map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`);
    const fonts = [...this.fonts.keys()].map((k) => `<font>${k}${FONT_BASE}</font>`);
    const fills = [
      '<fill><patternFill patternType="none"/></fill>',
      '<fill><patternFill patternType="gray125"/></fill>',
      ...[...this.fills.keys()].map((rgb) => `<fill><patternFill patternType="solid"><fgColor rgb="FF${rgb}"/><bgColor indexed="64"/></patternFill></fill>`),
    ];
    return [
      XML_HEAD,
      `<styleSheet xmlns="${MAIN_NS}">`,
      numFmts.length ? `<numFmts count="${numFmts.length}">${numFmts.join('')}</numFmts>` : '',
      `<fonts count="${fonts.length}">${fonts.join('')}</fonts>`,
      `<fills count="${fills.length}">${fills.join('')}</fills>`,
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>',
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
      `<cellXfs count="${this.xfs.length}">${this.xfs.join('')}</cellXfs>`,
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
      '<dxfs count="0"/><tableStyles count="0"/>',
      '</styleSheet>',
    ].join('');
  }
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const CT_BASE = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

const XML_SPECIAL = /[&<>"]/g;
const HAS_XML_SPECIAL = /[&<>"]/;
const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Text for XML content or a double-quoted attribute. */
export function escapeXml(text: string): string {
  return HAS_XML_SPECIAL.test(text) ? text.replace(XML_SPECIAL, (c) => XML_ENTITY[c]) : text;
}

// Characters XML 1.0 cannot hold (C0 controls but tab/newline/return, lone surrogates, U+FFFE/FFFF),
// and a literal "_xHHHH_" that Excel would otherwise read as an escape.
// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|_(?=x[0-9A-Fa-f]{4}_)/g;

/** A string as SpreadsheetML text: characters XML cannot carry written as Excel's _xHHHH_ escapes. */
export function escapeText(text: string): string {
  return escapeXml(mayNeedEscapes(text) ? text.replace(NOT_IN_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`) : text);
}

/**
 * False when text holds none of the characters NOT_IN_XML looks for (controls, surrogates, U+FFFE/FFFF,
 * "_"): one look at each character spares the pattern on nearly every text.
 */
function mayNeedEscapes(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 95 || (c >= 0xd800 && c <= 0xdfff) || c >= 0xfffe) return true;
  }
  return false;
}

const letters: string[] = [];
/** 0-based column index → "A", "B", …, "AA". */
export function columnName(c: number): string {
  let name = letters[c];
  if (name === undefined) {
    name = '';
    for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    letters[c] = name;
  }
  return name;
}

/** Excel's serial date (1900 system) for d, as ExcelJS writes it. */
const excelDate = (d: Date): number => 25569 + d.getTime() / 86_400_000;

class SharedStrings {
  private readonly index = new Map<string, number>();
  private count = 0;

  id(text: string): number {
    this.count++;
    let id = this.index.get(text);
    if (id === undefined) {
      id = this.index.size;
      this.index.set(text, id);
    }
    return id;
  }

  /** xl/sharedStrings.xml, written as bytes into out: a county with many issues has tens of thousands of texts. */
  write(out: ByteSink): void {
    out.text(`${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${this.index.size}">`);
    for (const text of this.index.keys()) {
      out.text(/^\s|\s$/.test(text) ? '<si><t xml:space="preserve">' : '<si><t>');
      out.text(escapeText(text));
      out.text('</t></si>');
    }
    out.text('</sst>');
  }
}

/**
 * A UTF-8 buffer a part's XML is written into, handed to the part's packer a piece (PIECE_BYTES) at a
 * time: a county's detail sheet is 12,000 rows of 30-odd cells, and a string or array per cell (or a
 * rope of appended strings, or the whole sheet's bytes at once) costs more in memory and garbage
 * collection than the writing itself.
 */
class ByteSink {
  private buf: Buffer;
  private pos = 0;

  constructor(private readonly part: PartPacker) {
    this.buf = pieceBuffer();
  }

  /** Room for n more bytes: a full piece goes to the packer and a new one starts. */
  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    if (this.pos > 0) this.hand(false);
    this.buf = n <= PIECE_BYTES ? pieceBuffer() : Buffer.allocUnsafe(n);
    this.pos = 0;
  }

  /** What is written goes to the packer; the buffer is written again once its bytes are compressed. */
  private hand(last: boolean): void {
    const buf = this.buf;
    this.part.add(buf.subarray(0, this.pos), last, () => reusePieceBuffer(buf));
  }

  /** text as UTF-8 (ASCII, which nearly all of a sheet is, byte by byte). */
  text(text: string): void {
    const n = text.length;
    this.room(n * 3);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x80) {
        pos += buf.write(text.slice(i), pos, 'utf8');
        break;
      }
      buf[pos++] = c;
    }
    this.pos = pos;
  }

  /** A whole number from 0 to 2^53 in decimal digits. */
  whole(n: number): void {
    this.room(16);
    const buf = this.buf;
    let digits = 1;
    for (let m = n; m >= 10; m = Math.floor(m / 10)) digits++;
    let pos = this.pos + digits;
    this.pos = pos;
    let m = n;
    do {
      const q = Math.floor(m / 10);
      buf[--pos] = 48 + (m - q * 10);
      m = q;
    } while (m > 0);
  }

  /** A finite number as JavaScript writes it ("12", "-0.5", "1e-7"), which Excel reads back the same. */
  number(v: number): void {
    if (Number.isInteger(v) && v >= 0 && v <= Number.MAX_SAFE_INTEGER) this.whole(v);
    else this.text(String(v));
  }

  /** The part ends with what is written so far. */
  end(): void {
    this.hand(true);
  }
}

/** ` s="7"` for each style id, made once: the same few are written hundreds of thousands of times. */
const styleAttrs: string[] = [''];
function styleAttr(style: number | undefined): string {
  if (!style) return '';
  let attr = styleAttrs[style];
  if (attr === undefined) {
    attr = ` s="${style}"`;
    styleAttrs[style] = attr;
  }
  return attr;
}

/** `<c r="B` for each column, made once. */
const cellOpens: string[] = [];
function cellOpen(column: number): string {
  let open = cellOpens[column];
  if (open === undefined) {
    open = `<c r="${columnName(column)}`;
    cellOpens[column] = open;
  }
  return open;
}

/** `" s="7"><v>` (a number's) and `" s="7" t="s"><v>` (a shared string's) for each style id, made once. */
const numberHeads: string[] = [];
const stringHeads: string[] = [];
function numberHead(style: number): string {
  return (numberHeads[style] ??= `"${styleAttr(style)}><v>`);
}
function stringHead(style: number): string {
  return (stringHeads[style] ??= `"${styleAttr(style)} t="s"><v>`);
}

/**
 * Writes one cell with value v and style id style, with its reference (ExcelJS, unlike Excel, cannot
 * read a cell without one). A cell with neither value nor style is not written. The common cells, a
 * number or a text, are written from a few pieces made once per column and style.
 */
function writeCell(out: ByteSink, v: CellValue | undefined, style: number | undefined, column: number, rowNumber: number, strings: SharedStrings): void {
  const s = styleAttr(style);
  if ((v === null || v === undefined) && s === '') return;
  out.text(cellOpen(column));
  out.whole(rowNumber);
  if (typeof v === 'number' && Number.isFinite(v)) {
    out.text(numberHead(style ?? 0));
    out.number(v);
    out.text('</v></c>');
    return;
  }
  if (typeof v === 'string') {
    out.text(stringHead(style ?? 0));
    out.whole(strings.id(v));
    out.text('</v></c>');
    return;
  }
  out.text('"');
  out.text(s);
  if (v === null || v === undefined) {
    out.text('/>');
    return;
  }
  switch (typeof v) {
    case 'number':
      out.text(' t="e"><v>#NUM!');
      break;
    case 'boolean':
      out.text(v ? ' t="b"><v>1' : ' t="b"><v>0');
      break;
    default:
      if (v instanceof Date) {
        const serial = excelDate(v);
        if (Number.isFinite(serial)) {
          out.text('><v>');
          out.number(serial);
        } else out.text(' t="e"><v>#VALUE!');
      } else {
        out.text(' t="e"><v>');
        out.text(escapeXml(v.error));
      }
  }
  out.text('</v></c>');
}

const isPacked = (row: XlsxSheet['rows'][number]): row is PackedRow => !Array.isArray(row);

/** The last column (0-based) of row holding a cell that writes something; -1 for none. */
function lastCellOf(row: XlsxSheet['rows'][number]): number {
  if (isPacked(row)) {
    for (let c = row.values.length - 1; c >= 0; c--) {
      const v = row.values[c];
      if (v !== null && v !== undefined) return c;
    }
    return -1;
  }
  for (let c = row.length - 1; c >= 0; c--) {
    const cell = row[c];
    if (cell && (cell.style || (cell.value !== null && cell.value !== undefined))) return c;
  }
  return -1;
}

/** The <row> elements of a sheet, written into out. */
function writeRows(out: ByteSink, rows: XlsxSheet['rows'], strings: SharedStrings): void {
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (lastCellOf(row) < 0) continue;
    const rowNumber = r + 1;
    out.text('<row r="');
    out.whole(rowNumber);
    out.text('">');
    if (isPacked(row)) {
      const { values, styles } = row;
      for (let c = 0; c < values.length; c++) {
        const v = values[c];
        if (v !== null && v !== undefined) writeCell(out, v, styles[c], c, rowNumber, strings);
      }
    } else {
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (cell) writeCell(out, cell.value, cell.style, c, rowNumber, strings);
      }
    }
    out.text('</row>');
  }
}

function paneXml(freeze: { rows: number; columns: number } | undefined): string {
  const x = freeze?.columns ?? 0;
  const y = freeze?.rows ?? 0;
  if (x === 0 && y === 0) return '';
  const active = x > 0 && y > 0 ? 'bottomRight' : y > 0 ? 'bottomLeft' : 'topRight';
  const split = `${x > 0 ? ` xSplit="${x}"` : ''}${y > 0 ? ` ySplit="${y}"` : ''}`;
  const topLeft = `${columnName(x)}${y + 1}`;
  return `<pane${split} topLeftCell="${topLeft}" activePane="${active}" state="frozen"/><selection pane="${active}" activeCell="${topLeft}" sqref="${topLeft}"/>`;
}

/** The widest row's last column (0-based) holding a cell that writes something. */
function lastColumnOf(rows: XlsxSheet['rows']): number {
  let last = 0;
  for (const row of rows) last = Math.max(last, lastCellOf(row));
  return last;
}

/**
 * A sheet's XML written into xml, its relationships (hyperlinks, then its drawing) into the part relsPart()
 * opens (only when it has any). drawingTarget: the sheet's drawing part (its charts), when it has one.
 */
function writeSheetXml(sheet: XlsxSheet, index: number, strings: SharedStrings, xml: ByteSink, relsPart: () => ByteSink, drawingTarget: string | null = null): void {
  const lastColumn = Math.max(0, sheet.columns.length - 1, lastColumnOf(sheet.rows));
  const lastRow = Math.max(1, sheet.rows.length);

  const out: string[] = [];
  out.push(XML_HEAD, `<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`);
  out.push(`<dimension ref="A1:${columnName(lastColumn)}${lastRow}"/>`);
  out.push(`<sheetViews><sheetView${index === 0 ? ' tabSelected="1"' : ''} workbookViewId="0">${paneXml(sheet.freeze)}</sheetView></sheetViews>`);
  out.push('<sheetFormatPr defaultRowHeight="15"/>');
  if (sheet.columns.length > 0) {
    out.push('<cols>');
    sheet.columns.forEach((col, c) => {
      const style = col.style ? ` style="${col.style}"` : '';
      out.push(`<col min="${c + 1}" max="${c + 1}" width="${col.width}"${style} customWidth="1"/>`);
    });
    out.push('</cols>');
  }
  out.push('<sheetData>');
  xml.text(out.join(''));
  writeRows(xml, sheet.rows, strings);

  const tail: string[] = ['</sheetData>'];
  if (sheet.autoFilter) tail.push(`<autoFilter ref="${sheet.autoFilter}"/>`);
  xml.text(tail.join(''));
  // Links straight into the bytes too: the issues of a county can have tens of thousands.
  const links = sheet.hyperlinks ?? [];
  const relItems = links.length > 0 || drawingTarget !== null ? relsPart() : null;
  relItems?.text(`${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">`);
  if (relItems && links.length > 0) {
    xml.text('<hyperlinks>');
    for (let k = 0; k < links.length; k++) {
      const link = links[k];
      xml.text('<hyperlink ref="');
      xml.text(link.cell);
      xml.text('" r:id="rId');
      xml.whole(k + 1);
      xml.text('"/>');
      relItems.text('<Relationship Id="rId');
      relItems.whole(k + 1);
      relItems.text(`" Type="${REL_NS}/hyperlink" Target="`);
      relItems.text(escapeXml(link.target));
      relItems.text('" TargetMode="External"/>');
    }
    xml.text('</hyperlinks>');
  }
  xml.text('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  if (relItems && drawingTarget !== null) {
    const id = `rId${links.length + 1}`;
    xml.text(`<drawing r:id="${id}"/>`);
    relItems.text(`<Relationship Id="${id}" Type="${DRAWING_REL_TYPE}" Target="${drawingTarget}"/>`);
  }
  if (relItems) {
    relItems.text('</Relationships>');
    relItems.end();
  }
  xml.text('</worksheet>');
  xml.end();
}

const isoSeconds = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

/** The workbook as .xlsx bytes. */
export function xlsxBytes(workbook: XlsxWorkbook): Buffer {
  return zipPacked(xlsxParts(workbook, false).map((part) => part.packed()), workbook.created ?? new Date());
}

/**
 * The workbook as .xlsx bytes, its parts compressed on Node's worker threads beside the writing of the
 * XML: the same bytes as xlsxBytes.
 */
export async function xlsxBytesInBackground(workbook: XlsxWorkbook): Promise<Buffer> {
  return zipPacked(await Promise.all(xlsxParts(workbook, true).map((part) => part.packedLater())), workbook.created ?? new Date());
}

/** The package's parts in order, each compressed (in the background or not) as it is written. */
function xlsxParts(workbook: XlsxWorkbook, background: boolean): PartPacker[] {
  const part = (name: string, data?: string): PartPacker => {
    const packer = new PartPacker(name, background);
    if (data !== undefined) packer.add(Buffer.from(data, 'utf8'), true);
    return packer;
  };
  const strings = new SharedStrings();
  const files: PartPacker[] = [];
  const sheetParts: PartPacker[] = [];
  const sheets = workbook.sheets;
  const drawingParts: PartPacker[] = [];
  const drawingOverrides: string[] = [];
  let drawings = 0;
  let charts = 0;
  sheets.forEach((later, i) => {
    const sheet = 'make' in later ? later.make() : later;
    let drawingTarget: string | null = null;
    if (sheet.charts?.length) {
      const drawing = drawingPackage(sheet.charts, ++drawings, charts + 1);
      charts += sheet.charts.length;
      for (const file of drawing.files) drawingParts.push(part(file.name, file.data));
      drawingOverrides.push(...drawing.overrides);
      drawingTarget = drawing.sheetTarget;
    }
    const xml = part(`xl/worksheets/sheet${i + 1}.xml`);
    let rels: PartPacker | null = null;
    writeSheetXml(sheet, i, strings, new ByteSink(xml), () => new ByteSink((rels = part(`xl/worksheets/_rels/sheet${i + 1}.xml.rels`))), drawingTarget);
    sheetParts.push(xml);
    if (rels) sheetParts.push(rels);
  });
  sheetParts.push(...drawingParts);
  const sharedStrings = part('xl/sharedStrings.xml');
  const sharedStringsXml = new ByteSink(sharedStrings);
  strings.write(sharedStringsXml);
  sharedStringsXml.end();

  const contentTypes = [
    XML_HEAD,
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
    '<Default Extension="xml" ContentType="application/xml"/>',
    `<Override PartName="/xl/workbook.xml" ContentType="${CT_BASE}.sheet.main+xml"/>`,
    ...sheets.map((_s, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT_BASE}.worksheet+xml"/>`),
    ...drawingOverrides,
    `<Override PartName="/xl/styles.xml" ContentType="${CT_BASE}.styles+xml"/>`,
    `<Override PartName="/xl/sharedStrings.xml" ContentType="${CT_BASE}.sharedStrings+xml"/>`,
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>',
    '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>',
    '</Types>',
  ].join('');
  const rootRels = [
    XML_HEAD,
    `<Relationships xmlns="${PKG_REL_NS}">`,
    `<Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/>`,
    `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>`,
    `<Relationship Id="rId3" Type="${REL_NS}/extended-properties" Target="docProps/app.xml"/>`,
    '</Relationships>',
  ].join('');
  const workbookXml = [
    XML_HEAD,
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`,
    '<bookViews><workbookView activeTab="0"/></bookViews>',
    '<sheets>',
    ...sheets.map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 3}"/>`),
    '</sheets>',
    '<calcPr calcId="191029"/>',
    '</workbook>',
  ].join('');
  const workbookRels = [
    XML_HEAD,
    `<Relationships xmlns="${PKG_REL_NS}">`,
    `<Relationship Id="rId1" Type="${REL_NS}/styles" Target="styles.xml"/>`,
    `<Relationship Id="rId2" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`,
    ...sheets.map((_s, i) => `<Relationship Id="rId${i + 3}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`),
    '</Relationships>',
  ].join('');
  const created = isoSeconds(workbook.created ?? new Date());
  const core = [
    XML_HEAD,
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    workbook.creator ? `<dc:creator>${escapeXml(workbook.creator)}</dc:creator>` : '',
    `<dcterms:created xsi:type="dcterms:W3CDTF">${created}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${created}</dcterms:modified>`,
    '</cp:coreProperties>',
  ].join('');
  const app = [
    XML_HEAD,
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">',
    `<Application>${escapeXml(workbook.creator ?? 'Microsoft Excel')}</Application>`,
    '</Properties>',
  ].join('');

  files.push(
    part('[Content_Types].xml', contentTypes),
    part('_rels/.rels', rootRels),
    part('docProps/core.xml', core),
    part('docProps/app.xml', app),
    part('xl/workbook.xml', workbookXml),
    part('xl/_rels/workbook.xml.rels', workbookRels),
    part('xl/styles.xml', workbook.styles.xml()),
    sharedStrings,
    ...sheetParts,
  );
  return files;
}
