// One township's monthly table in every format a county office receives it: .xlsx (the reference, written
// by ExcelJS), .xls (BIFF8), .ods, .xlsb, SpreadsheetML 2003 and an HTML table both saved as .xls, a UTF-8
// .csv with a byte-order mark, a GBK .csv from Chinese Windows, and files whose name lies about their
// format. Written to test/fixtures/formats/<variant>/石门乡.<ext>: a .csv names its one sheet after the
// file, so every variant keeps the township's name. test/cli/formats.test.ts checks each one rolls up to
// the county figures of the .xlsx.
// Run: npx tsx scripts/make-formats.ts
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from '@e965/xlsx';
import ExcelJS from 'exceljs';

export const FORMATS_DIR = join(__dirname, '..', 'test', 'fixtures', 'formats');
export const TOWNSHIP = '石门乡';
const NOTES = '填报说明';

type Cell = null | number | string | { formula: string; result: number } | { error: '#DIV/0!' } | { date: [number, number, number] };

/** 合计 sums with formulas whose results are cached, as Excel saves them. */
const sum = (col: string, result: number): Cell => ({ formula: `SUM(${col}3:${col}5)`, result });

export const TABLE: Cell[][] = [
  [`${TOWNSHIP}2024年基本公共卫生服务统计表`],
  ['序号', '机构名称', '常住人口数（人）', '高血压患者数（人）', '高血压规范管理人数（人）', '高血压患者规范管理率（%）'],
  [1, `${TOWNSHIP}卫生院`, 8000, 700, 500, 71.43],
  [2, '东村卫生室', 2000, 150, 100, 66.67],
  [3, '西村卫生室', 3000, 250, 160, 64],
  [null, '合计', sum('C', 13000), sum('D', 1100), sum('E', 760), 69.09],
];
/** A hidden sheet of notes: a date, and an error value left over from a formula. */
export const NOTES_TABLE: Cell[][] = [
  ['填报日期', { date: [2024, 12, 3] }],
  ['上月比较', { error: '#DIV/0!' }],
];
const TITLE_MERGE = { s: { r: 0, c: 0 }, e: { r: 0, c: 5 } };

function excelSerial([y, m, d]: [number, number, number]): number {
  return Date.UTC(y, m - 1, d) / 86400000 + 25569;
}

function sheetJsCell(cell: Cell): XLSX.CellObject | null {
  if (cell === null) return null;
  if (typeof cell === 'number') return { t: 'n', v: cell };
  if (typeof cell === 'string') return { t: 's', v: cell };
  if ('formula' in cell) return { t: 'n', v: cell.result, f: cell.formula };
  if ('error' in cell) return { t: 'e', v: 0x07, w: cell.error };
  return { t: 'n', v: excelSerial(cell.date), z: 'yyyy-mm-dd' };
}

function sheetJsSheet(rows: Cell[][], merges: XLSX.Range[]): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {};
  rows.forEach((row, r) =>
    row.forEach((cell, c) => {
      const value = sheetJsCell(cell);
      if (value) ws[XLSX.utils.encode_cell({ r, c })] = value;
    }),
  );
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: rows.length - 1, c: Math.max(...rows.map((r) => r.length)) - 1 } });
  ws['!merges'] = merges;
  return ws;
}

/** The township sheet and, where the format keeps more than one sheet, the hidden notes. */
function sheetJsWorkbook(withNotes: boolean): XLSX.WorkBook {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, sheetJsSheet(TABLE, [TITLE_MERGE]), TOWNSHIP);
  if (withNotes) {
    XLSX.utils.book_append_sheet(wb, sheetJsSheet(NOTES_TABLE, []), NOTES);
    wb.Workbook = { Sheets: [{ name: TOWNSHIP, Hidden: 0 }, { name: NOTES, Hidden: 1 }] };
  }
  return wb;
}

async function referenceXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.created = wb.modified = new Date(Date.UTC(2024, 11, 3));
  const add = (name: string, rows: Cell[][]) => {
    const ws = wb.addWorksheet(name);
    rows.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (cell === null) return;
        const target = ws.getCell(r + 1, c + 1);
        if (typeof cell === 'object' && 'date' in cell) {
          target.value = new Date(Date.UTC(cell.date[0], cell.date[1] - 1, cell.date[2]));
          target.numFmt = 'yyyy-mm-dd';
        } else target.value = cell;
      }),
    );
    return ws;
  };
  add(TOWNSHIP, TABLE).mergeCells('A1:F1');
  add(NOTES, NOTES_TABLE).state = 'hidden';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** GBK bytes, from the reverse of the platform's own GBK decoder (no encoding library needed). */
export function encodeGbk(text: string): Buffer {
  const decoder = new TextDecoder('gbk');
  const table = new Map<string, number[]>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const out: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) out.push(ch.charCodeAt(0));
    else {
      const bytes = table.get(ch);
      if (!bytes) throw new Error(`no GBK code for ${ch}`);
      out.push(...bytes);
    }
  }
  return Buffer.from(out);
}

/** The table as Excel's "CSV" saves it: the cached results, not the formulas; the rate as typed with "%". */
function csvText(ratePercent: boolean): string {
  const rows = TABLE.map((row, r) =>
    row.map((cell, c) => {
      if (cell === null) return '';
      if (typeof cell === 'object') return 'result' in cell ? String(cell.result) : '';
      if (ratePercent && r >= 2 && c === 5 && typeof cell === 'number') return `${cell}%`;
      const text = String(cell);
      return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
    }),
  );
  return rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
}

/** As older information systems write it: Excel's HTML namespace, a GB2312 page, a merged title row. */
function htmlExport(): string {
  const td = (cell: Cell, c: number, r: number): string => {
    if (r === 0) return `<td colspan="6" align="center"><b>${String(cell)}</b></td>`;
    if (cell === null) return '<td></td>';
    if (typeof cell === 'object') return 'result' in cell ? `<td x:num>${cell.result}</td>` : '<td></td>';
    return typeof cell === 'number' ? `<td x:num>${cell}</td>` : `<td>${cell}</td>`;
  };
  const rows = TABLE.map((row, r) => `<tr>${row.map((cell, c) => td(cell, c, r)).join('')}</tr>`);
  return [
    '<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">',
    '<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>报表导出</title></head>',
    '<body><table border="1">',
    ...rows,
    '</table></body></html>',
    '',
  ].join('\r\n');
}

export async function buildFormats(): Promise<Map<string, Buffer>> {
  const binary = (bookType: XLSX.BookType) => Buffer.from(XLSX.write(sheetJsWorkbook(true), { type: 'buffer', bookType, compression: true }) as Buffer);
  const xlsx = await referenceXlsx();
  const xls = binary('biff8');
  const files = new Map<string, Buffer>([
    [`xlsx/${TOWNSHIP}.xlsx`, xlsx],
    [`xls/${TOWNSHIP}.xls`, xls],
    [`ods/${TOWNSHIP}.ods`, binary('ods')],
    [`xlsb/${TOWNSHIP}.xlsb`, binary('xlsb')],
    [`spreadsheetml/${TOWNSHIP}.xls`, binary('xlml')],
    // An older system's export: an HTML table in GB2312 under a .xls name; its one sheet is named after the file.
    [`html/${TOWNSHIP}.xls`, encodeGbk(htmlExport())],
    [`csv-utf8-bom/${TOWNSHIP}.csv`, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csvText(false), 'utf8')])],
    [`csv-gbk/${TOWNSHIP}.csv`, encodeGbk(csvText(true))],
    // A name that lies: read by content, not by name.
    [`xlsx-named-xls/${TOWNSHIP}.xls`, xlsx],
    [`xls-named-xlsx/${TOWNSHIP}.xlsx`, xls],
  ]);
  return files;
}

if (require.main === module) {
  void (async () => {
    rmSync(FORMATS_DIR, { recursive: true, force: true });
    for (const [name, bytes] of await buildFormats()) {
      const file = join(FORMATS_DIR, name);
      mkdirSync(join(file, '..'), { recursive: true });
      writeFileSync(file, bytes);
      process.stdout.write(`${name}  ${bytes.length} bytes\n`);
    }
  })();
}
