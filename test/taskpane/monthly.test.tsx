/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The monthly cycle in the pane, on the in-browser preview host with real .xlsx files: last period's
// result workbook picked once and kept in the workbook (上期机构明细) so the run compares with it; the
// 情况说明 typed in 校验结果 carried over by a re-run; a note typed in the pane written into 校验结果 and
// counted for readiness; a 机构名录 inserted with the definition sheets, filled from the last run.
import '@testing-library/jest-dom';
import { promises as fs } from 'node:fs';
import { TextDecoder as NodeTextDecoder } from 'node:util';
import { cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import { run as cli } from '../../src/cli/main';
import type { CellValue } from '../../src/engine/types';
import { createWorkbookHost } from '../../src/excel/workbookHost';
import type { WorkbookHost } from '../../src/excel/host';
import { openPreviewWorkbook, previewOf, type PreviewWorkbook } from '../../src/preview/workbookFile';
import { App } from '../../src/taskpane/App';
import { createEngineClient } from '../../src/taskpane/worker/engineClient';
import { addSheet, captureIo, scratchDir, writeWorkbook, type Row } from '../cli/helpers';

Object.assign(globalThis, { TextDecoder: NodeTextDecoder });
jest.setTimeout(120_000);
configure({ asyncUtilTimeout: 20_000 });

const tmp = scratchDir('pane-monthly');
afterAll(() => tmp.cleanup());

const TODAY = new Date(2024, 11, 5);
const HEADER = ['序号', '机构名称', '高血压患者数（人）', '高血压规范管理人数（人）', '白内障复明手术例数（例）'];
type Figures = [string, number, number, number | null];

/** 石门乡 in a month: [name, HTN, HTN_STD, CATARACT] rows under a title and the header. */
function shimen(month: number, rows: Figures[]): Row[] {
  return [[`石门乡2024年1-${month}月统计表`], HEADER, ...rows.map(([name, ...figures], k) => [k + 1, name, ...figures])];
}

const OCTOBER: Figures[] = [
  ['石门乡卫生院', 700, 500, 25],
  ['上庄村卫生室', 150, 100, null],
  ['下庄村卫生室', 250, 160, null],
  ['杨家坪村卫生室', 90, 60, null],
];
const NOVEMBER: Figures[] = [
  ['石门乡卫生院', 705, 505, 22], // 白内障 累计 25 → 22
  ['上庄村卫生室', 150, 100, null],
  ['下庄村卫生室', 252, 162, null],
];

/** Two 建档数 above 常住人口数: two warnings of one rule, at two facilities. */
const RECORDS_HEADER = ['机构名称', '常住人口数（人）', '居民健康档案建档数（份）'];
const RECORDS: Row[] = [RECORDS_HEADER, ['河口镇卫生院', 8000, 8200], ['东村卫生室', 2000, 2100], ['西村卫生室', 3000, 2500]];

function workbookOf(sheets: Record<string, Row[]>): PreviewWorkbook {
  const wb = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) addSheet(wb, name, rows);
  return previewOf(wb, 'county.xlsx');
}

const hostOf = (preview: PreviewWorkbook): WorkbookHost => createWorkbookHost(preview.excel, { capabilities: preview.capabilities });

function setup(preview: PreviewWorkbook) {
  const host = hostOf(preview);
  const user = userEvent.setup();
  render(<App engine={createEngineClient()} host={host} today={TODAY} />);
  return { host, user };
}

/** A sheet's values as the workbook now holds them, row by row (A1 first). */
function valuesOf(preview: PreviewWorkbook, name: string): CellValue[][] {
  const sheet = preview.book.live().find((s) => s.ws.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  const rows: CellValue[][] = [];
  sheet.ws.eachRow({ includeEmpty: true }, (row, r) => {
    rows[r - 1] = Array.from({ length: sheet.ws.columnCount }, (_, c) => {
      const v = row.getCell(c + 1).value;
      return v === undefined ? null : typeof v === 'object' && v !== null && 'text' in v ? (v as { text: string }).text : (v as CellValue);
    });
  });
  return rows;
}

/** 校验结果's rows as records by its header (row 1). */
function issueRows(preview: PreviewWorkbook): Record<string, CellValue>[] {
  const [header, ...rows] = valuesOf(preview, '校验结果');
  return rows.map((row) => Object.fromEntries(header.map((h, c) => [String(h), row[c]])));
}

async function runOnce(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('button', { name: '开始汇总' }));
  await screen.findByRole('heading', { name: '汇总结果' });
  await waitFor(() => expect(screen.getByRole('button', { name: '开始汇总' })).toBeEnabled());
}

/** The list item of the issue whose text contains these words. */
function issueItem(words: string | RegExp): HTMLElement {
  const items = screen.getAllByRole('listitem').filter((li) => (typeof words === 'string' ? li.textContent?.includes(words) : words.test(li.textContent ?? '')));
  expect(items).toHaveLength(1);
  return items[0];
}

/** What the 上期结果 section says is in use. */
const inUse = (section: HTMLElement): HTMLElement => within(section).getByText(/^(正在使用|未选择上期结果)/);

let octoberResult: File;

beforeAll(async () => {
  // Last month's result workbook, as this tool's command line writes it from last month's township file.
  const october = await writeWorkbook(tmp.file('石门乡-10月.xlsx'), (wb) => addSheet(wb, '石门乡', shimen(10, OCTOBER)));
  const out = tmp.file('10月结果.xlsx');
  expect(await cli([october, '--as-of', '2024-10-31', '--out', out], captureIo())).toBe(0);
  octoberResult = new File([new Uint8Array(await fs.readFile(out))], '10月结果.xlsx');
});

describe('上期结果工作簿', () => {
  it('is kept in the workbook as 上期机构明细, the run compares with it, it survives reopening, and it can be removed', async () => {
    const preview = workbookOf({ 石门乡: shimen(11, NOVEMBER) });
    const { host, user } = setup(preview);
    const section = await screen.findByRole('region', { name: '上期结果' });
    expect(inUse(section)).toHaveTextContent('未选择上期结果：不与上期比较。');

    await user.upload(within(section).getByLabelText('选择上期结果工作簿（本工具生成的 .xlsx）'), octoberResult);
    await waitFor(() => expect(inUse(section)).toHaveTextContent('正在使用：“10月结果.xlsx”的机构明细（统计截止日期 2024-10-31），4 个机构'));
    expect(await screen.findByText('已把“10月结果.xlsx”的机构明细（4 个机构）保存为“上期机构明细”，下次汇总时与之比较。')).toBeInTheDocument();
    expect((await host.listSheets()).map((s) => [s.name, s.createdByAddin])).toEqual([
      ['石门乡', false],
      ['上期机构明细', true],
    ]);
    // Never a township report: the sources still list 石门乡 alone.
    expect(screen.queryByRole('checkbox', { name: '汇总“上期机构明细”' })).not.toBeInTheDocument();

    await runOnce(user);
    expect(issueItem('本期 22 比上期 25 少')).toHaveTextContent('石门乡卫生院');
    expect(issueItem('“杨家坪村卫生室”上期有数据，本期没有')).toBeInTheDocument();
    const reporting = screen.getByRole('table', { name: '上报情况' });
    expect(within(reporting).getAllByRole('row')[1]).toHaveTextContent(/全县合计\s*4\s*3\s*75/);
    expect(issueRows(preview).filter((r) => r['代码'] === 'decreased-since-last')).toHaveLength(1);

    // Closed and opened again (the preview's download and open): last period is still there and used.
    cleanup();
    const reopened = await openPreviewWorkbook(await preview.save(), 'county.xlsx');
    const again = setup(reopened);
    const kept = await screen.findByRole('region', { name: '上期结果' });
    await waitFor(() => expect(inUse(kept)).toHaveTextContent('正在使用：“10月结果.xlsx”的机构明细（统计截止日期 2024-10-31），4 个机构'));
    await runOnce(again.user);
    expect(issueItem('本期 22 比上期 25 少')).toBeInTheDocument();

    await again.user.click(within(kept).getByRole('button', { name: '移除上期结果' }));
    await waitFor(() => expect(inUse(kept)).toHaveTextContent('未选择上期结果：不与上期比较。'));
    expect((await again.host.listSheets()).map((s) => s.name)).not.toContain('上期机构明细');
    await runOnce(again.user);
    expect(screen.queryByText(/本期 22 比上期 25 少/)).not.toBeInTheDocument();
  });

  it('a file that is not a result workbook of this tool is refused in words, and nothing is kept', async () => {
    const preview = workbookOf({ 石门乡: shimen(11, NOVEMBER) });
    const { host, user } = setup(preview);
    const section = await screen.findByRole('region', { name: '上期结果' });
    const township = await fs.readFile(tmp.file('石门乡-10月.xlsx'));
    await user.upload(within(section).getByLabelText('选择上期结果工作簿（本工具生成的 .xlsx）'), new File([new Uint8Array(township)], '石门乡-10月.xlsx'));
    expect(
      await screen.findByText('“石门乡-10月.xlsx”不是本工具生成的汇总结果工作簿：其中没有“机构明细”工作表。请选择上期汇总后保存的结果工作簿。'),
    ).toBeInTheDocument();
    await user.upload(within(section).getByLabelText('选择上期结果工作簿（本工具生成的 .xlsx）'), new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31])], '通知.xlsx'));
    expect(await screen.findByText(/无法读取“通知.xlsx”：不是 Excel 工作簿或表格文件/)).toBeInTheDocument();
    expect(inUse(section)).toHaveTextContent('未选择上期结果：不与上期比较。');
    expect((await host.listSheets()).map((s) => s.name)).toEqual(['石门乡']);
  });
});

describe('上期乡镇文件', () => {
  const HEKOU_HEADER = ['机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'];
  const csvOf = (rows: (string | number)[][]): File => new File([rows.map((r) => r.join(',')).join('\r\n')], '河口镇-10月.csv', { type: 'text/csv' });

  it('several township files of last period, in two formats, are read with this workbook’s definitions and kept as 上期机构明细', async () => {
    const preview = workbookOf({
      石门乡: shimen(11, NOVEMBER),
      河口镇: [['河口镇2024年1-11月统计表'], HEKOU_HEADER, ['河口镇卫生院', 410, 300]],
    });
    const { host, user } = setup(preview);
    const section = await screen.findByRole('region', { name: '上期结果' });
    await waitFor(() => expect(screen.getByRole('checkbox', { name: '汇总“河口镇”' })).toBeInTheDocument());
    const shimenOctober = new File([new Uint8Array(await fs.readFile(tmp.file('石门乡-10月.xlsx')))], '石门乡-10月.xlsx');
    const hekouOctober = csvOf([['河口镇2024年1-10月统计表'], HEKOU_HEADER, ['河口镇卫生院', 400, 290], ['东村卫生室', 120, 80]]);

    await user.upload(within(section).getByLabelText('选择上期各乡镇的报表文件（.xlsx、.xls、.et、.csv、.ods、.xlsb，可多选）'), [shimenOctober, hekouOctober]);
    // The month before this period (2024-11-30, printed by the sheets): 4 facilities of 石门乡, 2 of 河口镇.
    await waitFor(() => expect(inUse(section)).toHaveTextContent('正在使用：“石门乡-10月.xlsx、河口镇-10月.csv”的机构明细（统计截止日期 2024-10-31），6 个机构'));
    expect(
      await screen.findByText('已读取上期乡镇文件“石门乡-10月.xlsx、河口镇-10月.csv”：6 个机构（统计截止日期 2024-10-31），保存为“上期机构明细”，下次汇总时与之比较。'),
    ).toBeInTheDocument();
    expect((await host.listSheets()).map((s) => [s.name, s.createdByAddin])).toEqual([
      ['石门乡', false],
      ['河口镇', false],
      ['上期机构明细', true],
    ]);
    const kept = valuesOf(preview, '上期机构明细');
    expect(kept[0][0]).toBe('上期结果：石门乡-10月.xlsx、河口镇-10月.csv');
    expect(kept.slice(2).map((row) => [row[0], row[1]])).toContainEqual(['河口镇', '东村卫生室']);

    await runOnce(user);
    expect(issueItem('本期 22 比上期 25 少')).toHaveTextContent('石门乡卫生院');
    expect(issueItem('“杨家坪村卫生室”上期有数据，本期没有')).toBeInTheDocument();
    expect(issueItem('“东村卫生室”上期有数据，本期没有')).toBeInTheDocument();
  });

  it('files in which no facility can be read are refused in words, and what was kept stays', async () => {
    const preview = workbookOf({ 石门乡: shimen(11, NOVEMBER) });
    const { host, user } = setup(preview);
    const section = await screen.findByRole('region', { name: '上期结果' });
    await user.upload(within(section).getByLabelText('选择上期结果工作簿（本工具生成的 .xlsx）'), octoberResult);
    await waitFor(() => expect(inUse(section)).toHaveTextContent('4 个机构'));

    const notice = new File(['关于召开统计工作会议的通知\r\n时间,12月10日\r\n'], '通知.csv', { type: 'text/csv' });
    await user.upload(within(section).getByLabelText('选择上期各乡镇的报表文件（.xlsx、.xls、.et、.csv、.ods、.xlsb，可多选）'), notice);
    expect(
      await screen.findByText('在“通知.csv”中没有读到任何机构：没有可识别的表头（机构名称和指标名称）。请选择上期各乡镇报来的统计表，或上期汇总后保存的结果工作簿。'),
    ).toBeInTheDocument();
    expect(inUse(section)).toHaveTextContent('正在使用：“10月结果.xlsx”的机构明细（统计截止日期 2024-10-31），4 个机构');
    expect((await host.listSheets()).map((s) => s.name)).toEqual(['石门乡', '上期机构明细']);
  });
});

describe('情况说明', () => {
  it('typed in 校验结果, it lands on the same issue after a re-run, though the township inserted a row', async () => {
    const preview = workbookOf({ 河口镇: RECORDS });
    const { user } = setup(preview);
    await runOnce(user);
    expect(screen.getByRole('group', { name: '暂不能上报' })).toBeInTheDocument();
    const before = issueRows(preview);
    const east = before.findIndex((r) => r['机构'] === '东村卫生室' && r['级别'] === '警告');
    expect(east).toBeGreaterThanOrEqual(0);
    // The statistician types the reason into 校验结果 (row 2 is the first issue); the township sends a row more.
    const sheet = preview.book.live().find((s) => s.ws.name === '校验结果')!.ws;
    const noteColumn = valuesOf(preview, '校验结果')[0].indexOf('情况说明') + 1;
    sheet.getCell(east + 2, noteColumn).value = '东村新建小区入住，人口未更新';
    preview.book.live().find((s) => s.ws.name === '河口镇')!.ws.insertRow(2, ['新增村卫生室', 1000, 900]);

    await runOnce(user);
    const after = issueRows(preview);
    const noted = after.filter((r) => r['情况说明'] !== null);
    expect(noted.map((r) => [r['机构'], r['单元格'], r['情况说明']])).toEqual([['东村卫生室', 'C4', '东村新建小区入住，人口未更新']]);
    expect(issueItem('情况说明：东村新建小区入住，人口未更新')).toHaveTextContent('东村卫生室');
  });

  it('typed in the pane, it counts for readiness at once, is kept in the workbook, and the next run writes it into 校验结果', async () => {
    const preview = workbookOf({ 河口镇: RECORDS });
    const { host, user } = setup(preview);
    await runOnce(user);
    const readiness = () => screen.getByRole('group', { name: /可以上报|暂不能上报/ });
    expect(readiness()).toHaveTextContent('未写情况说明的警告 2 条');

    const east = issueItem(/东村卫生室.*建档数不超过常住人口数/);
    await user.click(within(east).getByRole('button', { name: '写情况说明' }));
    await user.click(within(east).getByRole('textbox', { name: '情况说明' }));
    await user.paste('东村新建小区入住');
    await user.click(within(east).getByRole('button', { name: '保存说明' }));
    expect(await within(east).findByText('情况说明：东村新建小区入住')).toBeInTheDocument();
    expect(readiness()).toHaveTextContent('未写情况说明的警告 1 条');
    expect(await host.loadNotes()).toEqual([expect.objectContaining({ facility: '东村卫生室', sheet: '河口镇', cell: 'C3', code: 'rule-failed', note: '东村新建小区入住' })]);
    // Not yet in 校验结果: the next run writes it.
    expect(issueRows(preview).some((r) => r['情况说明'] !== null)).toBe(false);

    const west = issueItem(/河口镇卫生院.*建档数不超过常住人口数/);
    await user.click(within(west).getByRole('button', { name: '写情况说明' }));
    await user.click(within(west).getByRole('textbox', { name: '情况说明' }));
    await user.paste('含外来务工人员建档');
    await user.click(within(west).getByRole('button', { name: '保存说明' }));
    await waitFor(() => expect(readiness()).toHaveAccessibleName('可以上报'));

    await runOnce(user);
    expect(issueRows(preview).filter((r) => r['情况说明'] !== null).map((r) => [r['机构'], r['情况说明']])).toEqual([
      ['河口镇卫生院', '含外来务工人员建档'],
      ['东村卫生室', '东村新建小区入住'],
    ]);
    expect(readiness()).toHaveAccessibleName('可以上报');
    // Written into 校验结果, where the user may go on to edit them: the workbook's setting is empty again.
    expect(await host.loadNotes()).toEqual([]);
  });
});

describe('机构名录', () => {
  it('is inserted with the definition sheets, filled from the last run, and read by the next run', async () => {
    const preview = workbookOf({ 石门乡: shimen(11, NOVEMBER) });
    const { user } = setup(preview);
    await runOnce(user);
    expect(screen.getByRole('table', { name: '上报情况' })).toBeInTheDocument();
    expect(screen.getByText('没有机构名录，也没有上期结果：只统计已报机构，不能计算上报率。')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '插入指标定义表' }));
    expect(await screen.findByText(/已插入可编辑的指标定义表：指标定义、校验规则、任务数、机构名录。/)).toBeInTheDocument();
    expect(valuesOf(preview, '机构名录')).toEqual([
      ['乡镇', '机构名称', '机构代码', '别名'],
      ['石门乡', '石门乡卫生院', null, null],
      ['石门乡', '上庄村卫生室', null, null],
      ['石门乡', '下庄村卫生室', null, null],
    ]);
    // The user's to edit: a facility that did not report this month is added.
    preview.book.live().find((s) => s.ws.name === '机构名录')!.ws.addRow(['石门乡', '杨家坪村卫生室', '430104', '杨家坪卫生室']);

    await runOnce(user);
    expect(issueItem('机构名录中石门乡的“杨家坪村卫生室”本期未报送')).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: '上报情况' })).getAllByRole('row')[1]).toHaveTextContent(/全县合计\s*4\s*3\s*75/);
  });

  it('without a run to fill it, the roster has a header and an example row the run does not read', async () => {
    const preview = workbookOf({ 石门乡: shimen(11, NOVEMBER) });
    const { user } = setup(preview);
    await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
    await user.click(screen.getByRole('button', { name: '插入指标定义表' }));
    await screen.findByText(/已插入可编辑的指标定义表：.*机构名录/);
    expect(valuesOf(preview, '机构名录')).toEqual([
      ['乡镇', '机构名称', '机构代码', '别名'],
      ['（示例）龙泉乡', '龙泉乡卫生院', null, '龙泉卫生院'],
    ]);
    await runOnce(user);
    // Nothing listed yet: no facility is 名录外, and nothing is expected.
    expect(screen.queryByText(/龙泉乡卫生院|不在机构名录/)).not.toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: '上报情况' })).getAllByRole('row')[1]).toHaveTextContent(/全县合计\s*—\s*3\s*—/);
  });
});
