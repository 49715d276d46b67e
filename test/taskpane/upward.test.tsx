/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// One level up and back down, in the pane on the in-browser preview host, checked against the command
// line on the same .xlsx files: counties' result workbooks imported as units give the city the CLI's
// roll-up; 单位名称 is kept in the workbook; 导出 writes the DHIS2 CSV columns to a sheet the add-in owns
// and, in the preview, downloads the CLI's .json and .csv; 下载反馈 gives the CLI's --feedback files in one .zip.
import '@testing-library/jest-dom';
import { promises as fs } from 'node:fs';
import { DecompressionStream as NodeDecompressionStream } from 'node:stream/web';
import { TextDecoder as NodeTextDecoder, TextEncoder as NodeTextEncoder } from 'node:util';
import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { run as cli } from '../../src/cli/main';
import { createWorkbookHost } from '../../src/excel/workbookHost';
import { feedbackArchive } from '../../src/preview/feedbackArchive';
import { previewOf, type PreviewWorkbook } from '../../src/preview/workbookFile';
import { App } from '../../src/taskpane/App';
import { createEngineClient } from '../../src/taskpane/worker/engineClient';
import { addSheet, captureIo, HEADER, readBack, scratchDir, soundTownship, writeWorkbook, type Row } from '../cli/helpers';

Object.assign(globalThis, { TextDecoder: NodeTextDecoder, TextEncoder: NodeTextEncoder, DecompressionStream: NodeDecompressionStream });
jest.setTimeout(120_000);
configure({ asyncUtilTimeout: 30_000 });

// SheetJS is for other formats: importing .xlsx files must not load it only to list their sheets.
const mockSheetJs = { loads: 0 };
jest.mock('@e965/xlsx', () => {
  mockSheetJs.loads++;
  return jest.requireActual('@e965/xlsx');
});

const LABEL = '选择要导入的乡镇文件（.xlsx、.xls、.et、.csv、.ods、.xlsb，可多选）';
const AS_OF = ['--as-of', '2024-11-30'];
const TODAY = new Date(2024, 11, 5);
const tmp = scratchDir('pane-upward');
afterAll(() => tmp.cleanup());

/** 青山县's township reports: 大坪村卫生室 gives its 患者数 but not its 规范管理人数 (an error). */
const QINGSHAN: Record<string, Row[]> = {
  城关镇: soundTownship('城关镇'),
  石门乡: [HEADER, [1, '石门乡卫生院', 8000, 700, 500, 71.43], [2, '大坪村卫生室', 2000, 150, 'XX', null], [3, '小河村卫生室', 3000, 250, 160, 64]],
};
let qingshan: string;
let qingshanResult: string;
let lvshuiResult: string;

beforeAll(async () => {
  qingshan = await writeWorkbook(tmp.file('青山县报表.xlsx'), (wb) => {
    for (const [name, rows] of Object.entries(QINGSHAN)) addSheet(wb, name, rows);
  });
  const lvshui = await writeWorkbook(tmp.file('绿水县报表.xlsx'), (wb) => {
    addSheet(wb, '白沙镇', [HEADER, [1, '白沙镇卫生院', 20000, 3000, 1200, 40], [2, '南村卫生室', 1000, 100, 90, 90]]);
  });
  qingshanResult = tmp.file('青山县-汇总结果.xlsx');
  lvshuiResult = tmp.file('绿水县-汇总结果.xlsx');
  expect(await cli([qingshan, ...AS_OF, '--unit-name', '青山县', '--out', qingshanResult], captureIo())).toBe(0);
  expect(await cli([lvshui, ...AS_OF, '--unit-name', '绿水县', '--out', lvshuiResult], captureIo())).toBe(0);
});

async function fileOf(path: string): Promise<File> {
  return new File([new Uint8Array(await fs.readFile(path))], path.split('/').pop()!);
}

/** A workbook in the preview host, and the pane on it. */
function pane(wb: ExcelJS.Workbook, preview?: Parameters<typeof App>[0]['preview']) {
  const book = previewOf(wb, 'book.xlsx');
  const host = createWorkbookHost(book.excel, { capabilities: book.capabilities });
  const user = userEvent.setup();
  render(<App engine={createEngineClient()} host={host} today={TODAY} preview={preview} />);
  return { book, host, user };
}

/** Each row's cells from column A on, blanks as null, trailing blanks dropped. */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const rows: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, r) => {
    const cells = Array.from(((row.values as unknown[]) ?? []).slice(1), (v) => (v === '' || v === undefined ? null : v));
    while (cells.length && cells[cells.length - 1] === null) cells.pop();
    rows[r - 1] = cells;
  });
  return Array.from(rows, (r) => r ?? []);
}

const sheetOf = (book: PreviewWorkbook, name: string): ExcelJS.Worksheet => {
  const sheet = book.book.byName(name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet.ws;
};

const runButton = () => screen.getByRole('button', { name: '开始汇总' });
const runAndWait = async (user: ReturnType<typeof userEvent.setup>) => {
  await waitFor(() => expect(runButton()).toBeEnabled());
  await user.click(runButton());
  await screen.findByRole('heading', { name: '汇总结果' });
};

describe('a city imports its counties’ result workbooks', () => {
  it('rolls each up as one unit, and its 县级汇总 is the CLI’s on the same files; 单位名称 is kept in the workbook', async () => {
    const cityOut = tmp.file('临江市-汇总结果.xlsx');
    expect(await cli([qingshanResult, lvshuiResult, ...AS_OF, '--unit-name', '临江市', '--out', cityOut], captureIo())).toBe(0);

    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRows([['临江市各县区汇总结果']]);
    const { book, host, user } = pane(wb);
    await screen.findByRole('checkbox', { name: '汇总“说明”' });
    await user.upload(screen.getByLabelText(LABEL), [await fileOf(qingshanResult), await fileOf(lvshuiResult)]);
    expect(await screen.findByText('青山县-汇总结果.xlsx：已导入 青山县 县级汇总、青山县 校验结果')).toBeInTheDocument();
    expect(screen.getByText('绿水县-汇总结果.xlsx：已导入 绿水县 县级汇总、绿水县 校验结果')).toBeInTheDocument();
    expect(mockSheetJs.loads).toBe(0);
    // Before any run, the pane says what it will roll up: each county, its file, and what its own 校验结果 still holds.
    const units = await screen.findByRole('list', { name: '汇总单位' });
    expect(within(units).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '青山县（青山县-汇总结果.xlsx）：其校验结果仍有错误 1 条、警告 0 条',
      '绿水县（绿水县-汇总结果.xlsx）：其校验结果仍有错误 0 条、警告 0 条',
    ]);

    await user.type(screen.getByRole('textbox', { name: '单位名称' }), '临江市');
    expect(screen.getByText('合计行：临江市合计')).toBeInTheDocument();
    await user.tab();
    await runAndWait(user);
    expect(await host.loadUnitName()).toBe('临江市');

    const expected = await readBack(cityOut);
    expect(rowsOf(sheetOf(book, '县级汇总'))).toEqual(rowsOf(expected.getWorksheet('县级汇总')!));
    expect(rowsOf(sheetOf(book, '县级汇总')).at(-1)?.[0]).toBe('临江市合计');
    // The units are counties: the side-by-side sheet and the pane's table say so.
    expect(rowsOf(sheetOf(book, '县区对比'))).toEqual(rowsOf(expected.getWorksheet('县区对比')!));
    expect(screen.getByRole('heading', { name: '县区对比' })).toBeInTheDocument();
    // The counts name the units too: 2 县区, not 2 乡镇.
    expect(screen.getByText('县区', { selector: 'dt' }).nextElementSibling).toHaveTextContent('2');
    // In Excel (no preview) 导出 writes its sheet; there is nothing to download.
    expect(screen.getByRole('button', { name: '写入“导出”工作表' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '下载 DHIS2 JSON' })).toBeNull();
    expect(screen.queryByRole('button', { name: '下载反馈（.zip）' })).toBeNull();
    expect(within(screen.getByRole('table', { name: '县区对比' })).getByRole('button', { name: /^县/ })).toBeInTheDocument();
    // The level words elsewhere too: the announcement counts 县, the 完成情况 scope is 全市 and its table the city's total.
    const status = screen.getAllByRole('status').find((s) => s.textContent?.startsWith('汇总完成'));
    expect(status).toHaveTextContent(/^汇总完成：2 个县，/);
    const scope = screen.getByRole('combobox', { name: '范围' });
    expect(within(scope).getAllByRole('option').map((o) => o.textContent)).toEqual(['全市', '青山县', '绿水县']);
    expect(screen.getByRole('table', { name: '完成情况：临江市合计' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: '县排名' })).toBeInTheDocument();
    expect(screen.queryByText(/乡镇/, { selector: 'h2, option, th, [role="status"]' })).toBeNull();
  });

  it('refuses a county’s results beside township sheets, with the engine’s words for it', async () => {
    const wb = new ExcelJS.Workbook();
    addSheet(wb, '城关镇', QINGSHAN.城关镇);
    const { user } = pane(wb);
    await screen.findByRole('checkbox', { name: '汇总“城关镇”' });
    await user.upload(screen.getByLabelText(LABEL), [await fileOf(qingshanResult)]);
    expect(await screen.findByText(/青山县-汇总结果\.xlsx 是本工具写出的汇总结果（各按一个单位汇总），本工作簿 是下一级的报表，二者不能一起汇总/)).toBeInTheDocument();
  });
});

describe('导出 and 下载反馈 after a county’s run', () => {
  async function countyPane() {
    const wb = new ExcelJS.Workbook();
    for (const [name, rows] of Object.entries(QINGSHAN)) addSheet(wb, name, rows);
    // A sheet of the user's own that happens to be named 导出: never written over.
    wb.addWorksheet('导出').addRows([['我的导出记录']]);
    const downloads: { name: string; data: Uint8Array | string }[] = [];
    const preview = {
      workbookName: '青山县报表.xlsx',
      openWorkbook: async () => undefined,
      downloadWorkbook: async () => undefined,
      downloadFile: (data: Uint8Array | string, name: string) => void downloads.push({ name, data }),
      feedbackArchive,
    };
    return { ...pane(wb, preview), downloads };
  }

  it('writes the DHIS2 CSV columns to a sheet of its own, and downloads the CLI’s .json and .csv', async () => {
    const json = tmp.file('dhis2.json');
    const csv = tmp.file('dhis2.csv');
    expect(await cli([qingshan, ...AS_OF, '--export', json, '--export', csv], captureIo())).toBe(0);
    const { book, user, downloads } = await countyPane();
    await screen.findByRole('checkbox', { name: '汇总“城关镇”' });
    await runAndWait(user);

    await user.click(screen.getByRole('button', { name: '写入“导出”工作表' }));
    expect(await screen.findByText(/^已写入“导出\(2\)”工作表：\d+ 个数值，1 个有错误的单元格未导出/)).toBeInTheDocument();
    expect(rowsOf(sheetOf(book, '导出'))).toEqual([['我的导出记录']]);
    // The CLI's comment starts with the file the sheet came from; the pane's sheets are the workbook's own.
    const withoutFile = (line: string) => line.replace(/,[^,]*?!([^,!]*![^,!]*),false$/, ',$1,false');
    const csvLines = (await fs.readFile(csv, 'utf8')).trimEnd().split('\r\n').map(withoutFile);
    const sheetLines = rowsOf(sheetOf(book, '导出(2)')).map((r) => Array.from({ length: 10 }, (_, i) => r[i] ?? '').join(','));
    expect(sheetLines).toEqual(csvLines);

    await user.click(screen.getByRole('button', { name: '下载 DHIS2 CSV' }));
    await user.click(screen.getByRole('button', { name: '下载 DHIS2 JSON' }));
    await waitFor(() => expect(downloads.map((d) => d.name)).toEqual(['dhis2-202411.csv', 'dhis2-202411.json']));
    expect(String(downloads[0].data).trimEnd().split('\r\n')).toEqual(csvLines);
    const cliSet = JSON.parse(await fs.readFile(json, 'utf8')) as { dataValues: { comment: string }[] };
    const paneSet = JSON.parse(String(downloads[1].data)) as { dataValues: { comment: string }[] };
    expect(paneSet.dataValues).toEqual(cliSet.dataValues.map((v) => ({ ...v, comment: v.comment.split('!').slice(-2).join('!') })));
  });

  it('下载反馈: one .zip holding, per township, the .xlsx and .txt the CLI’s --feedback writes', async () => {
    const folder = tmp.file('反馈');
    expect(await cli([qingshan, ...AS_OF, '--feedback', folder], captureIo())).toBe(0);
    const cliFiles = (await fs.readdir(folder)).sort();
    const { user, downloads } = await countyPane();
    await screen.findByRole('checkbox', { name: '汇总“城关镇”' });
    await runAndWait(user);

    await user.click(screen.getByRole('button', { name: '下载反馈（.zip）' }));
    await waitFor(() => expect(downloads.map((d) => d.name)).toEqual(['乡镇反馈-202411.zip']));
    const zip = await JSZip.loadAsync(downloads[0].data as Uint8Array);
    expect(Object.keys(zip.files).sort()).toEqual(cliFiles);
    for (const name of cliFiles.filter((f) => f.endsWith('.txt'))) {
      expect(await zip.file(name)!.async('string')).toBe(await fs.readFile(`${folder}/${name}`, 'utf8'));
    }
    for (const name of cliFiles.filter((f) => f.endsWith('.xlsx'))) {
      const ours = new ExcelJS.Workbook();
      await ours.xlsx.load((await zip.file(name)!.async('uint8array')) as unknown as ArrayBuffer);
      const theirs = await readBack(`${folder}/${name}`);
      expect(ours.worksheets.map((s) => s.name)).toEqual(theirs.worksheets.map((s) => s.name));
      // Column 2 (文件) names the CLI's input file; the pane's sheets are the workbook's own.
      const noFile = (rows: unknown[][]) => rows.map((r, i) => (i === 0 ? r : [r[0], null, ...r.slice(2)]));
      for (const s of theirs.worksheets) expect(noFile(rowsOf(ours.getWorksheet(s.name)!))).toEqual(noFile(rowsOf(s)));
      expect(ours.worksheets.some((s) => s.state === 'veryHidden')).toBe(false);
    }
  });
});
