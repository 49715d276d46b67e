/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// 导入乡镇文件 through the real import path into the in-browser preview host: several files at once, each
// with its outcome (good ones imported when another fails); a township file's definition sheets left out;
// a sheet already in the workbook replaced, kept beside, or not imported, as the user chooses.
import '@testing-library/jest-dom';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TextDecoder as NodeTextDecoder } from 'node:util';
import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import { createWorkbookHost } from '../../src/excel/workbookHost';
import { previewOf } from '../../src/preview/workbookFile';
import { App } from '../../src/taskpane/App';
import { createEngineClient } from '../../src/taskpane/worker/engineClient';
import { FORMATS_DIR, TOWNSHIP } from '../../scripts/make-formats';

Object.assign(globalThis, { TextDecoder: NodeTextDecoder });
jest.setTimeout(90_000);
configure({ asyncUtilTimeout: 15_000 });

const LABEL = '选择要导入的乡镇文件（.xlsx、.xls、.et、.csv、.ods、.xlsb，可多选）';
const HEADER = ['机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'];

function countyWorkbook() {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('城关镇').addRows([HEADER, ['城关镇卫生院', 400, 300]]);
  wb.addWorksheet('龙泉乡').addRows([HEADER, ['龙泉乡卫生院', 100, 50]]);
  wb.addWorksheet('备注').addRows([['本月无特殊情况']]);
  const preview = previewOf(wb, 'county.xlsx');
  return createWorkbookHost(preview.excel, { capabilities: preview.capabilities });
}

/** A township's own .xlsx, as ExcelJS writes it. */
async function townshipFile(fileName: string, sheets: Record<string, (string | number)[][]>): Promise<File> {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) wb.addWorksheet(name).addRows(rows);
  return new File([new Uint8Array(await wb.xlsx.writeBuffer() as ArrayBuffer)], fileName);
}

// The first bytes of a PNG (signature and IHDR of a 1 × 1 picture): a photo of the report.
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
// An OLE compound file holding an EncryptedPackage stream: how Excel saves a workbook with a password.
function encryptedWorkbook(): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(2048);
  bytes.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
  bytes.set([...'EncryptedPackage'].flatMap((c) => [c.charCodeAt(0), 0]), 1024);
  return bytes;
}

function setup() {
  const host = countyWorkbook();
  const user = userEvent.setup();
  render(<App engine={createEngineClient()} host={host} today={new Date(2024, 11, 5)} />);
  return { host, user };
}

const outcomes = () => within(screen.getByRole('list', { name: '导入结果' })).getAllByRole('listitem').map((li) => li.textContent);

it('several files at once: each file’s outcome, the good ones imported though others fail, no library internals', async () => {
  const { host, user } = setup();
  await screen.findByRole('checkbox', { name: '汇总“城关镇”' });
  const files = [
    await townshipFile('官庄镇.xlsx', { 官庄镇: [HEADER, ['官庄镇卫生院', 80, 60]], 指标定义: [['指标编码', '指标名称'], ['X', '乱写的指标']] }),
    new File([PNG], '官庄镇报表照片.xls'),
    new File([], '空文件.xlsx'),
    new File([encryptedWorkbook()], '加密.xlsx'),
    new File([readFileSync(join(FORMATS_DIR, 'csv-gbk', `${TOWNSHIP}.csv`))], `${TOWNSHIP}.csv`),
    new File([Buffer.from('<html><body><p>not a table</p></body></html>')], '网页.htm'),
  ];
  await user.upload(screen.getByLabelText(LABEL), files);

  expect(await screen.findByText('导入完成：2 个文件已导入，4 个文件未导入。')).toBeInTheDocument();
  expect(outcomes()).toEqual([
    '官庄镇.xlsx：已导入 官庄镇',
    '官庄镇.xlsx：指标定义 是乡镇文件中的指标定义表，未导入（本县的定义以本工作簿为准）',
    '无法读取“官庄镇报表照片.xls”：这是一张图片（照片或扫描件），不是表格：请让乡镇发送 Excel 或 WPS 表格文件',
    '无法读取“空文件.xlsx”：文件为空（0 字节）',
    '无法读取“加密.xlsx”：工作簿设有打开密码，请在 Excel 中取消密码（文件 › 信息 › 保护工作簿）后另存再试',
    `${TOWNSHIP}.csv：已导入 ${TOWNSHIP}`,
    '无法读取“网页.htm”：不是 Excel 工作簿或表格文件（可读取 .xlsx、.xls、.et、.csv、.ods、.xlsb）',
  ]);
  for (const line of outcomes()) expect(line).not.toMatch(/[A-Za-z]{4,}Error|undefined|Cannot|Unexpected|zip|sheetjs/i);
  expect((await host.listSheets()).map((s) => s.name)).toEqual(['城关镇', '龙泉乡', '备注', '官庄镇', TOWNSHIP]);
  expect(await screen.findByText('4 个乡镇工作表，1 张未识别')).toBeInTheDocument();
});

describe('a township sheet already in the workbook', () => {
  const again = () => townshipFile('龙泉乡.xlsx', { 龙泉乡: [HEADER, ['龙泉乡卫生院', 120, 70]] });

  async function importAgain() {
    const { host, user } = setup();
    await screen.findByRole('checkbox', { name: '汇总“龙泉乡”' });
    await user.upload(screen.getByLabelText(LABEL), await again());
    const dialog = await screen.findByRole('alertdialog', { name: '工作簿中已有“龙泉乡”' });
    expect(dialog).toHaveTextContent('两份都汇总会把数字算两遍');
    // In jsdom Tabster's modalizer leaves aria-hidden on the surface it opens (no focus events settle it);
    // the dialog's buttons are reached by role in Chromium, in test/e2e/pane.test.ts.
    return { host, user, dialog };
  }

  it('替换: the new sheet takes the old one’s place and name; no second copy is summed', async () => {
    const { host, user, dialog } = await importAgain();
    await user.click(within(dialog).getByRole('button', { name: '替换', hidden: true }));
    expect(await screen.findByText('龙泉乡.xlsx：已替换 龙泉乡')).toBeInTheDocument();
    await waitFor(async () => expect((await host.listSheets()).map((s) => s.name)).toEqual(['城关镇', '龙泉乡', '备注']));
    const longquan = (await host.readSheets()).find((s) => s.name === '龙泉乡')!;
    expect(longquan.values[1]).toEqual(['龙泉乡卫生院', 120, 70]);
  });

  it('保留两份: both are kept, as Excel names them, and the pane says to untick one', async () => {
    const { host, user, dialog } = await importAgain();
    await user.click(within(dialog).getByRole('button', { name: '保留两份', hidden: true }));
    expect(await screen.findByText('龙泉乡.xlsx：已导入 龙泉乡 (2)（与原有工作表并存，请取消勾选其中一份）')).toBeInTheDocument();
    expect((await host.listSheets()).map((s) => s.name)).toEqual(['城关镇', '龙泉乡', '备注', '龙泉乡 (2)']);
  });

  it('取消: nothing of that file is inserted', async () => {
    const { host, user, dialog } = await importAgain();
    await user.click(within(dialog).getByRole('button', { name: '取消', hidden: true }));
    expect(await screen.findByText('龙泉乡.xlsx：已取消导入')).toBeInTheDocument();
    expect((await host.listSheets()).map((s) => s.name)).toEqual(['城关镇', '龙泉乡', '备注']);
    const longquan = (await host.readSheets()).find((s) => s.name === '龙泉乡')!;
    expect(longquan.values[1]).toEqual(['龙泉乡卫生院', 100, 50]);
  });
});

it('a file of nothing but definition sheets is not inserted, and the pane says why', async () => {
  const { host, user } = setup();
  await screen.findByRole('checkbox', { name: '汇总“城关镇”' });
  await user.upload(screen.getByLabelText(LABEL), await townshipFile('定义.xlsx', { 指标定义: [['指标编码', '指标名称']], 校验规则: [['规则']], 任务数: [['乡镇']] }));
  expect(await screen.findByText('定义.xlsx：指标定义、校验规则、任务数 是乡镇文件中的指标定义表，未导入（本县的定义以本工作簿为准）')).toBeInTheDocument();
  expect((await host.listSheets()).map((s) => s.name)).toEqual(['城关镇', '龙泉乡', '备注']);
});
