/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// 导入乡镇文件 with the township files that are not .xlsx: an .xls and a GBK .csv go through the pane's
// real import path (SheetJS loaded on demand, converted to .xlsx, Workbook.insertWorksheetsFromBase64) into
// the in-browser preview host, and their sheets arrive with their names and figures. A file that is no
// workbook is refused by name, and nothing is inserted.
import '@testing-library/jest-dom';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDecoder as NodeTextDecoder } from 'node:util';
import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import { createWorkbookHost } from '../../src/excel/workbookHost';
import { previewOf } from '../../src/preview/workbookFile';
import { App } from '../../src/taskpane/App';
import { createEngineClient } from '../../src/taskpane/worker/engineClient';
import { FORMATS_DIR, TOWNSHIP } from '../../scripts/make-formats';

// The pane renders and runs the engine: on a busy machine a run takes seconds, not milliseconds.
jest.setTimeout(60_000);
configure({ asyncUtilTimeout: 15_000 });

// Browsers have TextDecoder (with GBK); jsdom does not expose it, Node's is the same WHATWG decoder.
Object.assign(globalThis, { TextDecoder: NodeTextDecoder });

const LABEL = '选择要导入的乡镇文件（.xlsx、.xls、.et、.csv、.ods、.xlsb，可多选）';
const fixture = (variant: string, name: string) => new File([readFileSync(join(FORMATS_DIR, variant, name))], name);

function countyWorkbook() {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('城关镇');
  ws.addRows([
    ['序号', '机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'],
    [1, '城关镇卫生院', 400, 300],
  ]);
  const preview = previewOf(wb, 'county.xlsx');
  return { preview, host: createWorkbookHost(preview.excel, { capabilities: preview.capabilities }) };
}

it('imports an .xls and a GBK .csv: their sheets are inserted with their names and figures', async () => {
  const { preview, host } = countyWorkbook();
  const user = userEvent.setup();
  render(<App engine={createEngineClient()} host={host} today={new Date(2024, 11, 5)} />);
  expect(await screen.findByRole('checkbox', { name: '汇总“城关镇”' })).toBeChecked();

  await user.upload(screen.getByLabelText(LABEL), fixture('xls', `${TOWNSHIP}.xls`));
  expect(await screen.findByText(`${TOWNSHIP}.xls：已导入 ${TOWNSHIP}、填报说明`, {}, { timeout: 5000 })).toBeInTheDocument();
  expect(await screen.findByRole('checkbox', { name: `汇总“${TOWNSHIP}”` })).toBeChecked();

  // The .csv names its sheet after the file: the pane asks, and kept beside it Excel renames the clash.
  await user.upload(screen.getByLabelText(LABEL), fixture('csv-gbk', `${TOWNSHIP}.csv`));
  const dialog = await screen.findByRole('alertdialog', { name: `工作簿中已有“${TOWNSHIP}”` });
  await user.click(within(dialog).getByRole('button', { name: '保留两份', hidden: true }));
  expect(await screen.findByText(`${TOWNSHIP}.csv：已导入 ${TOWNSHIP} (2)（与原有工作表并存，请取消勾选其中一份）`, {}, { timeout: 5000 })).toBeInTheDocument();

  const sheets = await host.readSheets();
  expect(sheets.map((s) => [s.name, s.hidden === true])).toEqual([
    ['城关镇', false],
    [TOWNSHIP, false],
    ['填报说明', true],
    [`${TOWNSHIP} (2)`, false],
  ]);
  const fromXls = sheets[1];
  expect(fromXls.values[1][1]).toBe('机构名称');
  expect(fromXls.values[5].slice(1, 5)).toEqual(['合计', 13000, 1100, 760]);
  expect(fromXls.merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 5 }]);
  const notes = sheets[2];
  expect(notes.values[0][1]).toEqual(new Date(Date.UTC(2024, 11, 3)));
  expect(notes.values[1][1]).toEqual({ error: '#DIV/0!' });
  // GBK decoded; "71.43%" kept as the fraction under a percent format.
  const fromCsv = sheets[3];
  expect(fromCsv.values[2].slice(0, 5)).toEqual([1, `${TOWNSHIP}卫生院`, 8000, 700, 500]);
  expect(fromCsv.values[2][5]).toBeCloseTo(0.7143, 12);
  expect(fromCsv.numberFormats?.[2][5]).toBe('0.00%');
  expect(preview.book.live().map((s) => s.ws.name)).toEqual(['城关镇', TOWNSHIP, '填报说明', `${TOWNSHIP} (2)`]);
});

it('refuses a file that is no workbook, naming it, and inserts nothing', async () => {
  const { preview, host } = countyWorkbook();
  const user = userEvent.setup();
  render(<App engine={createEngineClient()} host={host} today={new Date(2024, 11, 5)} />);
  await screen.findByRole('checkbox', { name: '汇总“城关镇”' });
  const pdf = new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x34, 0x0a, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0x80, 0x81])], '通知.xls');
  await user.upload(screen.getByLabelText(LABEL), pdf);
  expect(await screen.findByText('导入完成：0 个文件已导入，1 个文件未导入。')).toBeInTheDocument();
  expect(screen.getByRole('listitem')).toHaveTextContent('无法读取“通知.xls”：不是 Excel 工作簿或表格文件');
  expect(preview.book.live().map((s) => s.ws.name)).toEqual(['城关镇']);
});
