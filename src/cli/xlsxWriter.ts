// A small SpreadsheetML writer: sheets of values with cell styles (number format, bold, fill, link
// font, wrapped header), column widths, frozen panes, an autofilter and hyperlinks — what the result
// workbooks need, written straight to an .xlsx package without loading ExcelJS. Strings always go to
// the shared-string table, so a text beginning with = + - @ stays text: nothing here writes a formula.
import type { CellValue } from '../engine/types';
import { zip, type ZipFile } from './zipWriter';

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

export interface XlsxSheet {
  name: string;
  /** Widths in Excel character units, and the style new cells of the column take. */
  columns: { width: number; style?: number }[];
  /** rows[r][c] is the cell at Excel row r+1, column c+1; null or missing for no cell. */
  rows: (XlsxCell | null | undefined)[][];
  freeze?: { rows: number; columns: number };
  /** The autofilter's range, e.g. "A1:H1". */
  autoFilter?: string;
  /** External links: cell address → target ("file.xlsx#'Sheet'!D7"). */
  hyperlinks?: { cell: string; target: string }[];
}

export interface XlsxWorkbook {
  sheets: XlsxSheet[];
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
  const safe = text.replace(NOT_IN_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`);
  return escapeXml(safe);
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

  xml(): string {
    const items: string[] = [];
    for (const text of this.index.keys()) {
      const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
      items.push(`<si><t${space}>${escapeText(text)}</t></si>`);
    }
    return `${XML_HEAD}<sst xmlns="${MAIN_NS}" count="${this.count}" uniqueCount="${this.index.size}">${items.join('')}</sst>`;
  }
}

function cellXml(ref: string, cell: XlsxCell, strings: SharedStrings): string {
  const s = cell.style ? ` s="${cell.style}"` : '';
  const v = cell.value;
  if (v === null || v === undefined) return s ? `<c r="${ref}"${s}/>` : '';
  switch (typeof v) {
    case 'string':
      return `<c r="${ref}"${s} t="s"><v>${strings.id(v)}</v></c>`;
    case 'number':
      return Number.isFinite(v) ? `<c r="${ref}"${s}><v>${v}</v></c>` : `<c r="${ref}"${s} t="e"><v>#NUM!</v></c>`;
    case 'boolean':
      return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
    default:
      if (v instanceof Date) {
        const serial = excelDate(v);
        return Number.isFinite(serial) ? `<c r="${ref}"${s}><v>${serial}</v></c>` : `<c r="${ref}"${s} t="e"><v>#VALUE!</v></c>`;
      }
      return `<c r="${ref}"${s} t="e"><v>${escapeXml(v.error)}</v></c>`;
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

function sheetXml(sheet: XlsxSheet, index: number, strings: SharedStrings): { xml: string; rels: string | null } {
  const out: string[] = [];
  let lastColumn = Math.max(0, sheet.columns.length - 1);
  const rowsXml: string[] = [];
  sheet.rows.forEach((row, r) => {
    const cells: string[] = [];
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (!cell) continue;
      const xml = cellXml(`${columnName(c)}${r + 1}`, cell, strings);
      if (xml) {
        cells.push(xml);
        if (c > lastColumn) lastColumn = c;
      }
    }
    if (cells.length > 0) rowsXml.push(`<row r="${r + 1}">${cells.join('')}</row>`);
  });
  const lastRow = Math.max(1, sheet.rows.length);

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
  // Rows are joined, not spread into push(): a spread of 125,000+ rows exceeds the call-argument limit.
  out.push('<sheetData>', rowsXml.join(''), '</sheetData>');
  if (sheet.autoFilter) out.push(`<autoFilter ref="${sheet.autoFilter}"/>`);

  const links = sheet.hyperlinks ?? [];
  let rels: string | null = null;
  if (links.length > 0) {
    out.push('<hyperlinks>');
    const relItems: string[] = [];
    links.forEach((link, k) => {
      out.push(`<hyperlink ref="${link.cell}" r:id="rId${k + 1}"/>`);
      relItems.push(
        `<Relationship Id="rId${k + 1}" Type="${REL_NS}/hyperlink" Target="${escapeXml(link.target)}" TargetMode="External"/>`,
      );
    });
    out.push('</hyperlinks>');
    rels = `${XML_HEAD}<Relationships xmlns="${PKG_REL_NS}">${relItems.join('')}</Relationships>`;
  }
  out.push('<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>');
  out.push('</worksheet>');
  return { xml: out.join(''), rels };
}

const isoSeconds = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

/** The workbook as .xlsx bytes. */
export function xlsxBytes(workbook: XlsxWorkbook): Buffer {
  const strings = new SharedStrings();
  const files: ZipFile[] = [];
  const sheetParts: ZipFile[] = [];
  const sheets = workbook.sheets;
  sheets.forEach((sheet, i) => {
    const { xml, rels } = sheetXml(sheet, i, strings);
    sheetParts.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data: xml });
    if (rels) sheetParts.push({ name: `xl/worksheets/_rels/sheet${i + 1}.xml.rels`, data: rels });
  });

  const contentTypes = [
    XML_HEAD,
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
    '<Default Extension="xml" ContentType="application/xml"/>',
    `<Override PartName="/xl/workbook.xml" ContentType="${CT_BASE}.sheet.main+xml"/>`,
    ...sheets.map((_s, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${CT_BASE}.worksheet+xml"/>`),
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
    { name: '[Content_Types].xml', data: contentTypes },
    { name: '_rels/.rels', data: rootRels },
    { name: 'docProps/core.xml', data: core },
    { name: 'docProps/app.xml', data: app },
    { name: 'xl/workbook.xml', data: workbookXml },
    { name: 'xl/_rels/workbook.xml.rels', data: workbookRels },
    { name: 'xl/styles.xml', data: workbook.styles.xml() },
    { name: 'xl/sharedStrings.xml', data: strings.xml() },
    ...sheetParts,
  );
  return zip(files, workbook.created ?? new Date());
}
