// Writing result sheets (县级汇总, 完成情况, 校验结果, or the catalog's definition sheets) to a new .xlsx,
// formatted for reading: bold frozen header, widths, number formats, status colours and links from
// 校验结果 to the cell in the source file. The package is written by the small writer in xlsxWriter.ts,
// so a run never loads ExcelJS; resultWorkbook() builds the same sheets with ExcelJS, the reference
// the writer is tested against.
import * as path from 'node:path';
import type ExcelJS from 'exceljs';
import { headerRowOf, STATUS_FILL, statusColumnsOf, statusLabel } from '../engine';
import type { CellRef, CellValue, ColumnFormat, CompletionStatus, Lang, ResultSheet } from '../engine/types';
import { chartPartsOf } from '../formats/chartPart';
import { writeFileWhole } from './outputs';
import { columnName, Styles, xlsxBytes, xlsxBytesInBackground, type CellStyle, type XlsxCell, type XlsxSheet, type XlsxWorkbook } from './xlsxWriter';

export const NUMBER_FORMATS: Record<ColumnFormat, string> = {
  text: '@',
  integer: '#,##0',
  number: '#,##0.##',
  decimal2: '0.00',
  percent: '0.00%',
  date: 'yyyy-mm-dd',
};

const HEADER_FILL = 'F2F2F2';
const LINK_COLOUR = 'FF0563C1';

/** Status label (either language) → its fill colour. */
const FILL_BY_LABEL = new Map<string, string>();
for (const status of Object.keys(STATUS_FILL) as CompletionStatus[]) {
  for (const lang of ['zh-CN', 'en'] as const) FILL_BY_LABEL.set(statusLabel(status, lang), STATUS_FILL[status]);
}

export interface WriteOptions {
  /**
   * The file (path relative to the written workbook) holding the sheet a row's link points at, or null
   * when it is not known; without it no hyperlink is written for that row.
   */
  linkFile?: (sheet: ResultSheet, row: number) => string | null;
  /** Language of the note a sheet gets when it has more links than Excel holds (default zh-CN). */
  lang?: Lang;
}

// ---------------------------------------------------------------------------------------------
// Excel's limits: what a cell and a sheet can hold

/** The most characters a cell holds; Excel refuses to open a file with a longer text. */
export const MAX_CELL_TEXT = 32_767;
/** The most hyperlinks a worksheet holds. */
export const MAX_LINKS_PER_SHEET = 65_530;

/** What was cut to fit Excel, for the warnings the command line prints. */
export interface FitReport {
  /** "校验结果!F7" for every cell whose text was cut to MAX_CELL_TEXT characters. */
  cutCells: string[];
  /** Per sheet name: the number of rows that lost their link to the cap. */
  linksLeftOut: Map<string, number>;
}

const LINK_NOTE: Record<Lang, (kept: number, lastRow: number) => string> = {
  'zh-CN': (kept, lastRow) =>
    `注：Excel 每张工作表最多容纳 ${kept.toLocaleString('en-US')} 个链接；第 ${lastRow.toLocaleString('en-US')} 行之后的问题没有链接，请按工作表和单元格列查找。`,
  en: (kept, lastRow) =>
    `Note: Excel holds at most ${kept.toLocaleString('en-US')} links per sheet; the issues after row ${lastRow.toLocaleString('en-US')} have no link: use the sheet and cell columns.`,
};

/** text cut to max UTF-16 units, never between the two halves of a surrogate pair. */
export function cutText(text: string, max = MAX_CELL_TEXT): string {
  if (text.length <= max) return text;
  const end = /[\ud800-\udbff]/.test(text[max - 1]) ? max - 1 : max;
  return text.slice(0, end);
}

/**
 * The sheets as Excel can hold them: texts longer than a cell holds are cut, and a sheet with more links
 * than Excel allows keeps the first MAX_LINKS_PER_SHEET and gets a note (after a blank row, outside the
 * table's filter) saying the rest have none. Both writers write what this returns.
 */
export function fitToExcel(sheets: ResultSheet[], lang: Lang = 'zh-CN', report: FitReport = { cutCells: [], linksLeftOut: new Map() }): ResultSheet[] {
  return sheets.map((sheet) => capLinks(cutLongTexts(sheet, report), lang, report));
}

function cutLongTexts(sheet: ResultSheet, report: FitReport): ResultSheet {
  let rows: CellValue[][] | null = null;
  // Loops, not forEach: this looks at every cell of every sheet.
  for (let r = 0; r < sheet.rows.length; r++) {
    const values = sheet.rows[r];
    for (let c = 0; c < values.length; c++) {
      const value = values[c];
      if (typeof value !== 'string' || value.length <= MAX_CELL_TEXT) continue;
      rows ??= sheet.rows.slice();
      if (rows[r] === values) rows[r] = values.slice();
      rows[r][c] = cutText(value);
      report.cutCells.push(`${sheet.name}!${columnName(c)}${r + 2 + headerRowOf(sheet)}`);
    }
  }
  return rows ? { ...sheet, rows } : sheet;
}

function capLinks(sheet: ResultSheet, lang: Lang, report: FitReport): ResultSheet {
  const links = sheet.links;
  if (!links) return sheet;
  let kept = 0;
  let cutAt = -1;
  for (let r = 0; r < links.length; r++) {
    if (links[r] === null || links[r] === undefined) continue;
    if (kept === MAX_LINKS_PER_SHEET) {
      cutAt = r;
      break;
    }
    kept++;
  }
  if (cutAt < 0) return sheet;
  const capped = links.slice(0, cutAt);
  let left = 0;
  for (let r = cutAt; r < links.length; r++) {
    capped.push(null);
    if (links[r]) left++;
  }
  report.linksLeftOut.set(sheet.name, left);
  // The last linked row is Excel row cutAt + 1 (the header is row 1), one more under a title row.
  const rows = sheet.rows.slice();
  rows.push([], [LINK_NOTE[lang](MAX_LINKS_PER_SHEET, cutAt + 1 + headerRowOf(sheet))]);
  return { ...sheet, rows, links: capped };
}

const quoteSheet = (name: string): string => `'${name.replace(/'/g, "''")}'`;

/**
 * "石门乡.xlsx#'石门乡'" for each file and sheet, made once: 校验结果 of an error-heavy county links tens
 * of thousands of rows into a few files and sheets.
 */
const linkBases = new Map<string, Map<string, string>>();

/** "石门乡.xlsx#'石门乡'!D7": opens the source file at the cell. Backslashes become slashes for Excel. */
export function linkTarget(file: string, ref: CellRef): string {
  let bySheet = linkBases.get(file);
  if (bySheet === undefined) {
    if (linkBases.size >= 1024) linkBases.clear();
    bySheet = new Map();
    linkBases.set(file, bySheet);
  }
  let base = bySheet.get(ref.sheet);
  if (base === undefined) {
    base = `${file.split(path.sep).join('/')}#${quoteSheet(ref.sheet)}!`;
    if (bySheet.size < 4096) bySheet.set(ref.sheet, base);
  }
  const colon = ref.cell.indexOf(':');
  return base + (colon < 0 ? ref.cell : ref.cell.slice(0, colon));
}

function solid(argb: string): ExcelJS.Fill {
  return { type: 'pattern', pattern: 'solid', fgColor: { argb: `FF${argb}` } };
}

function addSheet(workbook: ExcelJS.Workbook, sheet: ResultSheet, options: WriteOptions): void {
  const ws = workbook.addWorksheet(sheet.name, {
    views: [{ state: 'frozen', xSplit: sheet.freeze.columns, ySplit: sheet.freeze.rows }],
  });
  ws.columns = sheet.columns.map((c) => ({ width: c.width, style: { numFmt: NUMBER_FORMATS[c.format] } }));
  // A title row, when there is one, puts the header on row 2 and every data row one lower.
  const first = headerRowOf(sheet) + 1;
  if (sheet.title !== undefined) {
    const title = ws.getCell(1, 1);
    title.value = sheet.title;
    title.numFmt = NUMBER_FORMATS.text;
    title.font = { bold: true };
  }

  const header = ws.getRow(first);
  sheet.columns.forEach((c, i) => {
    const cell = header.getCell(i + 1);
    cell.value = c.header;
    cell.numFmt = NUMBER_FORMATS.text;
    cell.font = { bold: true };
    cell.fill = solid(HEADER_FILL);
    cell.alignment = { vertical: 'middle', wrapText: true };
  });

  const bold = new Set(sheet.boldRows ?? []);
  sheet.rows.forEach((values, r) => {
    const row = ws.getRow(r + first + 1);
    values.forEach((value, c) => {
      if (value === null) return;
      const cell = row.getCell(c + 1);
      // A string is always written as a string: ExcelJS never turns "=…" text into a formula.
      cell.value = typeof value === 'object' && !(value instanceof Date) ? value.error : value;
      const format = sheet.columns[c]?.format ?? 'text';
      // '#,##0.##' would show a whole number as "1,830.": whole numbers in a 'number' column drop the point.
      cell.numFmt = format === 'number' && Number.isInteger(value) ? NUMBER_FORMATS.integer : NUMBER_FORMATS[format];
      if (bold.has(r)) cell.font = { bold: true };
    });
    for (const at of statusColumnsOf(sheet)) {
      const label = values[at];
      const fill = typeof label === 'string' ? FILL_BY_LABEL.get(label) : undefined;
      if (fill) row.getCell(at + 1).fill = solid(fill);
    }
    const ref = sheet.links?.[r] ?? null;
    const file = ref ? (options.linkFile?.(sheet, r) ?? null) : null;
    if (ref && file) {
      const at = values.indexOf(ref.cell);
      const cell = row.getCell((at >= 0 ? at : values.length - 1) + 1);
      cell.value = { text: String(cell.value ?? ref.cell), hyperlink: linkTarget(file, ref) };
      cell.font = { color: { argb: LINK_COLOUR }, underline: true, bold: bold.has(r) };
    }
  });
  if (sheet.rows.length > 0) {
    ws.autoFilter = { from: { row: first, column: 1 }, to: { row: first, column: sheet.columns.length } };
  }
}

/** ExcelJS, loaded only when asked for: it takes longer to load than a whole run takes without it. */
function loadExcelJs(): typeof ExcelJS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('exceljs') as typeof ExcelJS;
}

/**
 * The result sheets as an ExcelJS workbook, in the order given: the same cells and formatting that
 * writeResultWorkbook writes, built with ExcelJS's document model (tests compare the two).
 */
export function resultWorkbook(sheets: ResultSheet[], options: WriteOptions = {}): ExcelJS.Workbook {
  const workbook = new (loadExcelJs().Workbook)();
  workbook.creator = 'indicator-rollup';
  workbook.created = new Date();
  for (const sheet of fitToExcel(sheets, options.lang)) addSheet(workbook, sheet, options);
  return workbook;
}

/**
 * Writes result sheets to a new workbook at filePath (replacing a file of that name; never one being read).
 * The file appears whole or not at all: it is written beside the target, then renamed.
 * @returns what had to be cut to fit Excel's limits.
 * @throws OutputError when the file cannot be written.
 */
export async function writeResultWorkbook(sheets: ResultSheet[], filePath: string, options: WriteOptions = {}): Promise<FitReport> {
  const report: FitReport = { cutCells: [], linksLeftOut: new Map() };
  await writeFileWhole(filePath, await xlsxBytesInBackground(writerWorkbook(sheets, options, report)));
  return report;
}

export { writeFileWhole };

// ---------------------------------------------------------------------------------------------
// The .xlsx bytes, without ExcelJS

/** The style ids one sheet's cells use, made once per combination. */
class SheetStyles {
  private readonly cache = new Map<string, number>();
  constructor(private readonly styles: Styles) {}

  get(numFmt: string, bold: boolean, extra: 'fill' | 'link' | null = null, fill = ''): number {
    const key = `${numFmt}|${bold ? 1 : 0}|${extra ?? ''}|${fill}`;
    let id = this.cache.get(key);
    if (id === undefined) {
      const style: CellStyle = { numFmt, bold };
      if (extra === 'fill') style.fill = fill;
      if (extra === 'link') Object.assign(style, { color: LINK_COLOUR, underline: true });
      id = this.styles.id(style);
      this.cache.set(key, id);
    }
    return id;
  }
}

function xlsxSheet(sheet: ResultSheet, styles: Styles, options: WriteOptions): XlsxSheet {
  const cellStyles = new SheetStyles(styles);
  const formats = sheet.columns.map((c) => NUMBER_FORMATS[c.format]);
  const header: XlsxCell[] = sheet.columns.map((c) => ({
    value: c.header,
    style: styles.id({ numFmt: NUMBER_FORMATS.text, bold: true, fill: HEADER_FILL, wrap: true }),
  }));
  const first = headerRowOf(sheet) + 1;
  const rows: XlsxSheet['rows'] = sheet.title === undefined ? [header] : [[{ value: sheet.title, style: styles.id({ numFmt: NUMBER_FORMATS.text, bold: true }) }], header];
  const hyperlinks: { cell: string; target: string }[] = [];
  const bold = new Set(sheet.boldRows ?? []);
  // Each column's style ids (plain or bold; whole numbers in a 'number' column drop the point, since
  // '#,##0.##' would show 1830 as "1,830."), looked up once per column rather than once per cell: the
  // detail sheet has hundreds of thousands of cells.
  const widest = sheet.rows.reduce((n, values) => Math.max(n, values.length), 0);
  const known = new Int32Array(widest * 4).fill(-1);
  const styleAt = (c: number, isBold: boolean, isWhole: boolean): number => {
    const slot = c * 4 + (isBold ? 2 : 0) + (isWhole ? 1 : 0);
    let id = known[slot];
    if (id < 0) {
      const numFmt = isWhole && sheet.columns[c]?.format === 'number' ? NUMBER_FORMATS.integer : (formats[c] ?? NUMBER_FORMATS.text);
      id = cellStyles.get(numFmt, isBold);
      known[slot] = id;
    }
    return id;
  };
  const statusColumns = statusColumnsOf(sheet);
  // Rows as values and style ids (packed): no object per cell.
  for (let r = 0; r < sheet.rows.length; r++) {
    let values: CellValue[] = sheet.rows[r];
    const isBold = bold.has(r);
    const rowStyles = new Array<number>(values.length).fill(0);
    for (let c = 0; c < values.length; c++) {
      const value = values[c];
      if (value !== null && value !== undefined) rowStyles[c] = styleAt(c, isBold, Number.isInteger(value));
    }
    for (const at of statusColumns) {
      const label = values[at];
      const fill = typeof label === 'string' ? FILL_BY_LABEL.get(label) : undefined;
      if (fill && values[at] !== null && values[at] !== undefined) {
        const format = formats[at] ?? NUMBER_FORMATS.text;
        rowStyles[at] = cellStyles.get(format, isBold, 'fill', fill);
      }
    }
    const ref = sheet.links?.[r] ?? null;
    const file = ref ? (options.linkFile?.(sheet, r) ?? null) : null;
    if (ref && file) {
      const at = values.indexOf(ref.cell);
      const c = at >= 0 ? at : values.length - 1;
      const current = values[c] ?? null;
      const shown = current === null ? ref.cell : typeof current === 'object' && !(current instanceof Date) ? current.error : current;
      // A linked cell shows its text (the cell address), as a link does in Excel. The sheet's own row stays as it is.
      values = values.slice();
      values[c] = String(shown);
      rowStyles[c] = cellStyles.get(formats[c] ?? NUMBER_FORMATS.text, isBold, 'link');
      hyperlinks.push({ cell: `${columnName(c)}${r + first + 1}`, target: linkTarget(file, ref) });
    }
    rows.push({ values, styles: rowStyles });
  }
  return {
    name: sheet.name,
    columns: sheet.columns.map((c) => ({ width: c.width, style: styles.id({ numFmt: NUMBER_FORMATS[c.format] }) })),
    rows,
    freeze: sheet.freeze,
    ...(sheet.rows.length > 0 ? { autoFilter: `A${first}:${columnName(Math.max(0, sheet.columns.length - 1))}${first}` } : {}),
    hyperlinks,
    ...(sheet.charts?.length ? { charts: chartPartsOf(sheet) } : {}),
  };
}

/** The result sheets as the writer's workbook, in the order given; report collects what was cut to fit Excel. */
function writerWorkbook(sheets: ResultSheet[], options: WriteOptions, report?: FitReport): XlsxWorkbook {
  const styles = new Styles();
  const xlsxSheets = fitToExcel(sheets, options.lang, report).map((s) => ({ name: s.name, make: () => xlsxSheet(s, styles, options) }));
  return { sheets: xlsxSheets, styles, creator: 'indicator-rollup', created: new Date() };
}

/** The result sheets as .xlsx bytes, in the order given; report collects what was cut to fit Excel. */
export function resultWorkbookBytes(sheets: ResultSheet[], options: WriteOptions = {}, report?: FitReport): Buffer {
  return xlsxBytes(writerWorkbook(sheets, options, report));
}
