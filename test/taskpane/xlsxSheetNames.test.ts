/**
 * @jest-environment node
 */
// The pane lists an .xlsx's sheets from its package, without SheetJS: names as Excel, ExcelJS and
// other writers store them (escaped characters, a workbook part elsewhere, stored or deflated), and
// null, for SheetJS to try, where the package is not one it follows.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import XLSX from '@e965/xlsx';
import { xlsxSheetNames } from '../../src/taskpane/xlsxSheetNames';

const NAMES = ['石门乡', 'A&B <乡>', '"引号" 和 \'单引\' 乡', '汇总 (2)'];

async function excelJsFile(): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const name of NAMES) wb.addWorksheet(name).addRow([1]);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

it('reads the names ExcelJS wrote, in order, as SheetJS does', async () => {
  const bytes = await excelJsFile();
  expect(await xlsxSheetNames(bytes)).toEqual(NAMES);
  expect(await xlsxSheetNames(bytes)).toEqual(XLSX.read(bytes, { type: 'array', bookSheets: true }).SheetNames);
});

it('follows _rels/.rels to a workbook part elsewhere, stored uncompressed', async () => {
  const zip = await JSZip.loadAsync(await excelJsFile());
  const workbook = await zip.file('xl/workbook.xml')!.async('string');
  zip.remove('xl/workbook.xml');
  zip.file('xl/book-part.xml', workbook.replace('<sheets>', '<x:sheets xmlns:x="urn:x">').replace('</sheets>', '</x:sheets>'));
  const rels = await zip.file('_rels/.rels')!.async('string');
  zip.file('_rels/.rels', rels.replace(/Target="\/?xl\/workbook\.xml"/, 'Target="/xl/book-part.xml"'));
  const bytes = await zip.generateAsync({ type: 'uint8array', compression: 'STORE' });
  expect(await xlsxSheetNames(bytes)).toEqual(NAMES);
});

it('gives null, never a guess, for what is not an .xlsx package it can follow', async () => {
  expect(await xlsxSheetNames(new TextEncoder().encode('not a zip at all'))).toBeNull();
  const zip = new JSZip();
  zip.file('hello.txt', 'no workbook here');
  expect(await xlsxSheetNames(await zip.generateAsync({ type: 'uint8array' }))).toBeNull();
  const bytes = await excelJsFile();
  expect(await xlsxSheetNames(bytes.subarray(0, bytes.length - 30))).toBeNull();
});
