// Helpers for command-line tests: a scratch folder per test file, captured output, and workbooks
// written with ExcelJS the way a township would send them.
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import type { CliIo } from '../../src/cli/main';

export function scratchDir(prefix: string): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `rollup-${prefix}-`));
  return { dir, file: (name) => path.join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CapturedIo extends CliIo {
  out: () => string;
  err: () => string;
}

export function captureIo(today = new Date(2024, 11, 5)): CapturedIo {
  let out = '';
  let err = '';
  return {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (err += t) },
    today,
    out: () => out,
    err: () => err,
  };
}

export type Row = (ExcelJS.CellValue | undefined)[];

/** A township sheet: title, header, facility rows, 合计 — rows as given, A1 first. */
export function addSheet(workbook: ExcelJS.Workbook, name: string, rows: Row[], options: Partial<ExcelJS.AddWorksheetOptions> = {}): ExcelJS.Worksheet {
  const ws = workbook.addWorksheet(name, options);
  rows.forEach((row, r) => {
    row.forEach((value, c) => {
      if (value !== undefined && value !== null) ws.getCell(r + 1, c + 1).value = value;
    });
  });
  return ws;
}

export const HEADER = ['序号', '机构名称', '常住人口数（人）', '高血压患者数（人）', '高血压规范管理人数（人）', '高血压患者规范管理率（%）'];

/** A small township with sound figures: 卫生院 and two 村卫生室, and a 合计 that adds up. */
export function soundTownship(name: string): Row[] {
  return [
    [`${name}2024年基本公共卫生服务统计表`],
    HEADER,
    [1, `${name}卫生院`, 8000, 700, 500, 71.43],
    [2, '东村卫生室', 2000, 150, 100, 66.67],
    [3, '西村卫生室', 3000, 250, 160, 64],
    [undefined, '合计', 13000, 1100, 760, 69.09],
  ];
}

export async function writeWorkbook(file: string, build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  await workbook.xlsx.writeFile(file);
  return file;
}

export async function readBack(file: string): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return workbook;
}
