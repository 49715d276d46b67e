/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The pane against an in-memory workbook host, by role: run, issues to cells, language, exclusion,
// corrections, import, definitions, errors and the default date.
import '@testing-library/jest-dom';
import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import { TextDecoder as NodeTextDecoder } from 'node:util';
import { App } from '../../src/taskpane/App';
import type { SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';
import { FakeHost } from './fakeHost';
import { createEngineClient } from '../../src/taskpane/worker/engineClient';

const HEADER = ['乡镇', '机构名称', '常住人口数', '居民健康档案建档数', '高血压患者数', '高血压规范管理人数', '备注'];

const shimen = (): SheetInput =>
  sheetOf('石门乡', [
    ['石门乡基本公共卫生服务统计表'],
    HEADER,
    ['石门乡', '石门乡卫生院', 12000, 10000, 900, 600],
    ['石门乡', '东村卫生室', 3000, 'XX', 200, 150],
  ]);
const hekou = (): SheetInput =>
  sheetOf('河口镇', [HEADER.slice(0, 6), ['河口镇', '河口镇卫生院', 15000, 14000, 1000, 300]]);

// SheetJS (reading an imported file's sheet names) needs the browser's TextDecoder; jsdom lacks it.
Object.assign(globalThis, { TextDecoder: NodeTextDecoder });

// Fluent UI renders slowly in jsdom on a shared machine; the default 5 s is too tight.
jest.setTimeout(300_000);
// The dry run answers from the engine's worker (here its in-thread stand-in) a few tasks later; on a
// shared, loaded machine that takes longer than Testing Library's default second.
configure({ asyncUtilTimeout: 15_000 });

// 15 July 2024: the default 统计截止日期 is 2024-06-30, six months of the year.
const TODAY = new Date(2024, 6, 15);

function setup(host = new FakeHost([shimen(), hekou()])) {
  const user = userEvent.setup();
  render(<App engine={createEngineClient()} host={host} today={TODAY} />);
  return { host, user };
}

const runButton = () => screen.findByRole('button', { name: '开始汇总' });

/** The language menu in the pane's corner: open it, pick the language. */
async function chooseLanguage(user: ReturnType<typeof userEvent.setup>, name: '中文' | 'English') {
  await user.click(screen.getByRole('button', { name: /^(界面语言|Language)：?:? ?/ }));
  await user.click(await screen.findByRole('menuitemradio', { name }));
}

async function runRollup(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await runButton());
  await screen.findByRole('heading', { name: '汇总结果' });
}

describe('task pane', () => {
  it('defaults 统计截止日期 to the end of last month and shows 序时进度', async () => {
    setup();
    const date = await screen.findByLabelText('统计截止日期');
    expect(date).toHaveValue('2024-06-30');
    expect(screen.getByText('序时进度 6/12（50.00%）')).toBeInTheDocument();
  });

  it('lists the sheets a dry run found, with townships, facilities and columns', async () => {
    setup();
    const shimenBox = await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
    expect(shimenBox).toBeChecked();
    expect(screen.getByRole('checkbox', { name: '汇总“河口镇”' })).toBeChecked();
    expect(screen.getByText('2 个机构，石门乡')).toBeInTheDocument();
    expect(screen.getByText('表头第 2 行 · 机构列 B · 对应指标 4 列，未对应 1 列')).toBeInTheDocument();
    expect(screen.getByText('指标定义来自：内置指标目录')).toBeInTheDocument();
  });

  it('shows, per sheet, the rows and columns it detected: header, facility and township columns, data rows, rows left out, columns', async () => {
    const qiaotou = sheetOf('桥头镇', [
      ['桥头镇基本公共卫生服务统计表'],
      ['填报单位：桥头镇卫生院'],
      ['序号', '机构名称', '辖区常住人口（人）', '居民健康档案建档数（份）', '备注'],
      [1, '桥头镇卫生院', 8000, 7000],
      [2, '西村卫生室', 2000, 1500],
      ['合计', null, 10000, 8500],
      ['填表人：张三'],
    ]);
    const { user } = setup(new FakeHost([qiaotou]));
    const show = await screen.findByRole('button', { name: '识别详情：桥头镇' });
    expect(show).toHaveAttribute('aria-expanded', 'false');
    await user.click(show);
    expect(show).toHaveAttribute('aria-expanded', 'true');
    const details = screen.getByLabelText('“桥头镇”的识别详情');
    const value = (label: string) => within(details).getByText(label, { selector: 'dt' }).nextElementSibling;
    expect(value('表头')).toHaveTextContent('第 3 行');
    expect(value('机构列')).toHaveTextContent('B');
    expect(value('乡镇列')).toHaveTextContent('无（乡镇取自工作表名）');
    expect(value('数据行')).toHaveTextContent('第 4–5 行');
    expect(value('未计入的行')).toHaveTextContent(/第 6 行“合计”（合计行）.*第 7 行“填表人：张三”（签字行）/);
    // A header in other words says which indicator it was taken for; one that is the indicator's name does not.
    const columns = within(value('对应指标的列') as HTMLElement).getAllByRole('listitem').map((li) => li.textContent);
    expect(columns).toEqual(['C 辖区常住人口（人） → 常住人口数', 'D 居民健康档案建档数（份）']);
    expect(value('未对应的列')).toHaveTextContent('E 备注');
    await chooseLanguage(user, 'English');
    expect(screen.getByRole('button', { name: 'What was read: 桥头镇' })).toHaveAttribute('aria-expanded', 'true');
    expect(within(details).getByText('Rows left out', { selector: 'dt' }).nextElementSibling).toHaveTextContent('row 6 “合计” (total), row 7 “填表人：张三” (sign-off)');
  });

  it('a sheet with facilities but no column taken for an indicator can be put right in the pane', async () => {
    const odd = sheetOf('柳林乡', [
      ['机构名称', '甲项人数', '乙项人数'],
      ['柳林乡卫生院', 900, 600],
      ['北村卫生室', 200, 150],
    ]);
    const { host, user } = setup(new FakeHost([odd]));
    const box = await screen.findByRole('checkbox', { name: '汇总“柳林乡”' });
    expect(box).not.toBeChecked();
    expect(box).toBeDisabled();
    expect(screen.getByText(/^未汇总：有机构名称列，但没有一列对应到指标/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '更正识别：柳林乡' }));
    const form = screen.getByRole('form', { name: '更正“柳林乡”的识别结果' });
    await user.click(within(form).getByRole('combobox', { name: 'B 列“甲项人数”对应的指标' }));
    await user.click(await screen.findByRole('option', { name: /（HTN）$/ }));
    await user.click(within(form).getByRole('button', { name: '保存更正' }));
    await waitFor(() => expect(host.savedOverrides).toHaveLength(1));
    expect(host.savedOverrides[0][0].columnIndicators).toEqual({ B: 'HTN' });
    await waitFor(() => expect(screen.getByRole('checkbox', { name: '汇总“柳林乡”' })).toBeChecked());
    expect(screen.getByText('2 个机构，柳林乡')).toBeInTheDocument();
  });

  it('a sheet that is not a table has its box off and greyed, with the reason', async () => {
    const notes = sheetOf('填报说明', [['填报说明'], ['1. 请按月填报。'], ['2. 数字不要带单位。']]);
    setup(new FakeHost([notes, shimen()]));
    const box = await screen.findByRole('checkbox', { name: '汇总“填报说明”' });
    expect(box).not.toBeChecked();
    expect(box).toBeDisabled();
    expect(screen.getByText('未汇总：没有可对应指标的表头或机构名称列')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: '汇总“石门乡”' })).toBeEnabled();
    expect(screen.getByText('取消勾选的工作表和所作的更正都保存在本工作簿中，下次汇总仍然有效。')).toBeInTheDocument();
  });

  it('runs: progress, summary, result sheets written, issues by sheet and the completion table', async () => {
    const { host, user } = setup();
    await user.click(await runButton());
    expect(await screen.findByRole('heading', { name: '汇总结果' })).toBeInTheDocument();
    const summary = screen.getByRole('region', { name: '汇总结果' });
    const count = (label: string) => within(summary).getByText(label).nextElementSibling?.textContent;
    expect(count('乡镇')).toBe('2');
    expect(count('机构')).toBe('3');
    expect(count('错误')).toBe('1');
    expect(count('警告')).toBe('0');
    expect(count('进度滞后或未达标的指标')).toBe('2');
    expect(host.written).toHaveLength(1);
    expect(host.written[0].map((s) => s.name)).toEqual(['县级汇总', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
    expect(screen.getByText('已写入结果表：县级汇总、完成情况、校验结果、乡镇对比、机构明细、上报情况')).toBeInTheDocument();

    const issues = screen.getByRole('region', { name: '校验问题' });
    expect(within(issues).getByRole('button', { name: /石门乡（1 个错误）/ })).toHaveAttribute('aria-expanded', 'true');
    expect(within(issues).getByText('占位符“XX”不是数值，请填写实际数字；未计入汇总')).toBeInTheDocument();

    const table = screen.getByRole('table', { name: '完成情况：全县合计' });
    const htn = within(table).getByRole('row', { name: /高血压患者规范管理率/ });
    expect(within(htn).getByText('未达标')).toBeInTheDocument();
    expect(within(htn).getByText('实际 50%')).toBeInTheDocument();
    expect(within(htn).getByText('目标 60%')).toBeInTheDocument();
    expect(within(htn).getByText('来源：国家标准（内置）')).toBeInTheDocument();
    expect(within(htn).getByRole('cell', { name: '83.33%' })).toBeInTheDocument();
    expect(within(table).getByRole('columnheader', { name: '完成率' })).toBeInTheDocument();
  });

  it('shows a progress bar while the sheets are read, and the run button waits', async () => {
    const host = new FakeHost([shimen(), hekou()]);
    const { user } = setup(host);
    await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = host.readSheets.bind(host);
    host.readSheets = async (onProgress) => {
      onProgress?.({ sheet: '石门乡', done: 1, total: 2 });
      await gate;
      return read(onProgress);
    };
    await user.click(await runButton());
    const bar = await screen.findByRole('progressbar', { name: '正在汇总…' });
    expect(bar).toHaveAttribute('aria-valuenow', '0.5');
    expect(screen.getByText('正在读取 石门乡（1/2 行）')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '正在汇总…' })).toBeDisabled();
    release();
    expect(await screen.findByRole('heading', { name: '汇总结果' })).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('clicking an issue selects its cell in the workbook', async () => {
    const { host, user } = setup();
    await runRollup(user);
    await user.click(screen.getByRole('button', { name: /D4.*占位符“XX”/ }));
    expect(host.selected).toEqual([{ sheet: '石门乡', cell: 'D4' }]);
    expect(await screen.findByText('已在 Excel 中选中 石门乡!D4')).toBeInTheDocument();
    await chooseLanguage(user, 'English');
    expect(screen.getByText('Selected 石门乡!D4 in Excel')).toBeInTheDocument();
  });

  it('the completion table narrows to one township', async () => {
    const { user } = setup();
    await runRollup(user);
    await user.selectOptions(screen.getByRole('combobox', { name: '范围' }), '河口镇');
    const table = screen.getByRole('table', { name: '完成情况：河口镇' });
    expect(within(table).getByRole('row', { name: /居民健康档案建档率/ })).toHaveTextContent('实际 93.33%');
  });

  it('switches to English, results included, without running again', async () => {
    const { host, user } = setup();
    await runRollup(user);
    await chooseLanguage(user, 'English');
    expect(screen.getByRole('button', { name: 'Run rollup' })).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Summary' })).toBeInTheDocument();
    expect(screen.getByText('Placeholder "XX" is not a number; enter the real figure. Left out of every sum')).toBeInTheDocument();
    expect(screen.getAllByText('Not met').length).toBeGreaterThan(0);
    expect(screen.getByRole('button', { name: '石门乡 (1 error)' })).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByLabelText('Statistics as of')).toHaveValue('2024-06-30');
    expect(host.written).toHaveLength(1);
    await user.click(screen.getByRole('button', { name: 'Run rollup' }));
    await waitFor(() => expect(host.written).toHaveLength(2));
    expect(host.written[1].map((s) => s.name)).toEqual(['County rollup', 'Completion', 'Validation', 'Townships', 'Facilities', 'Reporting']);
  });

  it('an excluded sheet is left out of the run', async () => {
    const { host, user } = setup();
    await user.click(await screen.findByRole('checkbox', { name: '汇总“河口镇”' }));
    expect(screen.getByRole('checkbox', { name: '汇总“河口镇”' })).not.toBeChecked();
    expect(await screen.findByText('未汇总：已取消汇总')).toBeInTheDocument();
    await chooseLanguage(user, 'English');
    expect(screen.getByText('Not included: excluded by you')).toBeInTheDocument();
    await chooseLanguage(user, '中文');
    await runRollup(user);
    const summary = screen.getByRole('region', { name: '汇总结果' });
    expect(within(summary).getByText('乡镇').nextElementSibling).toHaveTextContent('1');
    const rollup = host.written[0][0];
    expect(rollup.rows.map((r) => r[0])).not.toContain('河口镇');
  });

  it('excluding and including a sheet is kept in the workbook for the next run', async () => {
    const { host, user } = setup();
    await user.click(await screen.findByRole('checkbox', { name: '汇总“河口镇”' }));
    await waitFor(() => expect(host.savedExcluded).toEqual([['河口镇']]));
    await user.click(screen.getByRole('checkbox', { name: '汇总“石门乡”' }));
    await waitFor(() => expect(host.savedExcluded.at(-1)?.sort()).toEqual(['河口镇', '石门乡']));
    await user.click(screen.getByRole('checkbox', { name: '汇总“石门乡”' }));
    await waitFor(() => expect(host.savedExcluded.at(-1)).toEqual(['河口镇']));
    expect(host.excludedSheets).toEqual(['河口镇']);
  });

  it('a sheet left out last time comes up unchecked and stays out of the run', async () => {
    const host = new FakeHost([shimen(), hekou()]);
    host.excludedSheets = ['河口镇'];
    const { user } = setup(host);
    expect(await screen.findByRole('checkbox', { name: '汇总“河口镇”' })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: '汇总“石门乡”' })).toBeChecked();
    expect(screen.getByText('未汇总：已取消汇总')).toBeInTheDocument();
    await runRollup(user);
    expect(host.written[0][0].rows.map((r) => r[0])).not.toContain('河口镇');
    expect(host.written[0][0].rows.map((r) => r[0])).toContain('石门乡');
  });

  it('a sheet left out is not read; taken back in, it is read and its table shown', async () => {
    const host = new FakeHost([shimen(), hekou()]);
    host.excludedSheets = ['河口镇'];
    const { user } = setup(host);
    const box = await screen.findByRole('checkbox', { name: '汇总“河口镇”' });
    expect(screen.queryByText(/个机构，河口镇/)).not.toBeInTheDocument();
    const reads = host.reads;
    await user.click(box);
    await waitFor(() => expect(host.reads).toBe(reads + 1));
    expect(await screen.findByText(/个机构，河口镇/)).toBeInTheDocument();
    await runRollup(user);
    expect(host.written[0][0].rows.map((r) => r[0])).toContain('河口镇');
  });

  it('when the workbook cannot keep the choice, the box goes back and the pane says why', async () => {
    const { HostError } = await import('../../src/excel/errors');
    const host = new FakeHost([shimen(), hekou()]);
    const { user } = setup(host);
    const box = await screen.findByRole('checkbox', { name: '汇总“河口镇”' });
    host.failNext.saveExcludedSheets = new HostError('protected', 'AccessDenied', new Error('The workbook is protected'));
    await user.click(box);
    expect(await screen.findByRole('alert')).toHaveTextContent('工作簿或工作表受保护');
    expect(screen.getByRole('checkbox', { name: '汇总“河口镇”' })).toBeChecked();
    expect(host.excludedSheets).toEqual([]);
  });

  it('a different 统计截止日期 drives 序时进度; an invalid one blocks the run', async () => {
    const { user } = setup();
    const date = await screen.findByLabelText('统计截止日期');
    await user.clear(date);
    await user.type(date, '2024-03-31');
    expect(screen.getByText('序时进度 3/12（25.00%）')).toBeInTheDocument();
    await user.clear(date);
    expect(await runButton()).toBeDisabled();
    expect(screen.getByText('请输入有效日期，如 2024-11-30、2024年11月30日、2024年11月（即月末）或 20241130')).toBeInTheDocument();
    await user.type(date, '2024/2/30');
    expect(await runButton()).toBeDisabled();
    await user.clear(date);
    // Written the way it is on a Chinese form, it is taken and shown back in the one form the pane uses.
    await user.type(date, '2024年9月30日');
    expect(screen.getByText('序时进度 9/12（75.00%）')).toBeInTheDocument();
    expect(await runButton()).toBeEnabled();
    await user.tab();
    expect(date).toHaveValue('2024-09-30');
  });

  it('a host error is shown with its details behind 更多信息, and nothing is written', async () => {
    const host = new FakeHost([shimen(), hekou()]);
    const failure = Object.assign(new Error('Excel is in cell-edit mode'), { name: 'CellEditModeError' });
    host.failNext.writeResults = failure;
    const { user } = setup(host);
    await user.click(await runButton());
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Excel is in cell-edit mode');
    expect(within(alert).queryByText('CellEditModeError: Excel is in cell-edit mode')).not.toBeInTheDocument();
    await user.click(within(alert).getByRole('button', { name: '更多信息' }));
    expect(within(alert).getByText('CellEditModeError: Excel is in cell-edit mode')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: '汇总结果' })).not.toBeInTheDocument();
    expect(await runButton()).toBeEnabled();
  });

  it('broken definition sheets: the problems at their cells, before any run', async () => {
    const definitions = sheetOf('指标定义', [
      ['指标代码', '指标名称', '分子', '分母', '单位'],
      ['X1', '测试率', '[NOPE]', '[POP]', '%'],
    ]);
    const { user } = setup(new FakeHost([shimen(), definitions]));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('指标定义表有误');
    await user.click(within(alert).getByRole('button', { name: '更多信息' }));
    expect(within(alert).getByText(/^指标定义!C2: /)).toBeInTheDocument();
  });

  it('a user error thrown while selecting a cell is shown, not swallowed', async () => {
    const host = new FakeHost([shimen()]);
    const { user } = setup(host);
    await runRollup(user);
    host.failNext.selectCell = new Error('The sheet 石门乡 was deleted');
    await user.click(screen.getByRole('button', { name: /D4.*占位符/ }));
    expect(await screen.findByRole('alert')).toHaveTextContent('未能选中 石门乡!D4：The sheet 石门乡 was deleted');
  });

  it('imports township files as base64 and reads the workbook again', async () => {
    const host = new FakeHost([shimen()], {}, [hekou()]);
    const { user } = setup(host);
    await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
    const readsBefore = host.reads;
    const book = new ExcelJS.Workbook();
    book.addWorksheet('河口镇').addRows([HEADER.slice(0, 6)]);
    const bytes = new Uint8Array((await book.xlsx.writeBuffer()) as ArrayBuffer);
    const file = new File([bytes], 'hekou.xlsx', { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    await user.upload(screen.getByLabelText('选择要导入的乡镇文件（.xlsx、.xls、.et、.csv、.ods、.xlsb，可多选）'), file);
    expect(await screen.findByText('hekou.xlsx：已导入 河口镇')).toBeInTheDocument();
    expect(host.imported).toEqual([[{ name: 'hekou.xlsx', base64: Buffer.from(bytes).toString('base64'), sheets: ['河口镇'] }]]);
    expect(host.reads).toBe(readsBefore + 1);
    expect(await screen.findByRole('checkbox', { name: '汇总“河口镇”' })).toBeChecked();
  });

  it('says so where Excel cannot import files', async () => {
    setup(new FakeHost([shimen()], { insertWorksheetsFromBase64: false }));
    expect(await screen.findByRole('button', { name: '导入乡镇文件' })).toBeDisabled();
    expect(screen.getByText(/不支持导入文件（需要 ExcelApi 1\.13）/)).toBeInTheDocument();
  });

  it('inserts the built-in catalog as editable sheets, with a 机构名录 to fill in', async () => {
    const { host, user } = setup();
    await user.click(await screen.findByRole('button', { name: '插入指标定义表' }));
    await waitFor(() => expect(host.written).toHaveLength(1));
    expect(host.written[0].map((s) => s.name)).toEqual(['指标定义', '校验规则', '任务数', '机构名录']);
    expect(await screen.findByText(/已插入可编辑的指标定义表：指标定义、校验规则、任务数、机构名录/)).toBeInTheDocument();
  });

  it('a corrected column is saved in the workbook and read that way', async () => {
    const { host, user } = setup();
    await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
    const correct = screen.getByRole('button', { name: '更正识别：石门乡' });
    await user.click(correct);
    expect(correct).toHaveAttribute('aria-expanded', 'true');
    const form = screen.getByRole('form', { name: '更正“石门乡”的识别结果' });
    expect(within(form).getByRole('spinbutton', { name: '表头起始行' })).toHaveValue(2);
    expect(within(form).getByRole('combobox', { name: '机构名称列' })).toHaveValue('1');
    await user.click(within(form).getByRole('combobox', { name: 'G 列“备注”对应的指标' }));
    await user.click(await screen.findByRole('option', { name: /（HTN_CTRL）$/ }));
    await user.click(within(form).getByRole('button', { name: '保存更正' }));
    await waitFor(() => expect(host.savedOverrides).toHaveLength(1));
    expect(host.savedOverrides[0]).toEqual([
      { sheet: '石门乡', headerRows: { first: 1, last: 1 }, facilityColumn: 1, columnIndicators: { G: 'HTN_CTRL' } },
    ]);
    expect(await screen.findByText('表头第 2 行 · 机构列 B · 对应指标 5 列')).toBeInTheDocument();
    expect(screen.getByText('已按更正识别')).toBeInTheDocument();
  });

  it('in the preview: open and download buttons and the preview note', async () => {
    const openWorkbook = jest.fn(async () => undefined);
    const downloadWorkbook = jest.fn(async () => undefined);
    const user = userEvent.setup();
    render(<App engine={createEngineClient()} host={new FakeHost([shimen()])} today={TODAY} preview={{ workbookName: 'sample-county.xlsx', openWorkbook, downloadWorkbook }} />);
    expect(await screen.findByText(/这是浏览器中的预览/)).toBeInTheDocument();
    expect(screen.getByText('当前工作簿：sample-county.xlsx')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '下载工作簿' }));
    expect(downloadWorkbook).toHaveBeenCalledTimes(1);
    const file = new File([new Uint8Array([1])], 'other.xlsx');
    await user.upload(screen.getByLabelText('打开工作簿', { selector: 'input' }), file);
    expect(openWorkbook).toHaveBeenCalledWith(file);
  });

  it('outside the preview there is no download button', async () => {
    setup();
    await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
    expect(screen.queryByRole('button', { name: '下载工作簿' })).not.toBeInTheDocument();
  });
});

describe('keyboard', () => {
  it('the whole run works from the keyboard: from the date, Tab to 开始汇总 and Enter; Enter on an issue goes to its cell', async () => {
    const { host, user } = setup();
    await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
    // Tab from the date to 开始汇总 is checked in Chromium (test/e2e): in jsdom the Fluent menu's focus
    // manager (Tabster) sends a Tab past the document's last control to the body.
    const run = screen.getByRole('button', { name: '开始汇总' });
    expect(screen.getByLabelText('统计截止日期').compareDocumentPosition(run) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    run.focus();
    expect(run).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: '汇总结果' })).toBeInTheDocument();
    // An issue is a real button: focused, Enter takes Excel to its cell.
    const issue = screen.getByRole('button', { name: /D4.*占位符“XX”/ });
    issue.focus();
    expect(issue).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(host.selected).toEqual([{ sheet: '石门乡', cell: 'D4' }]);
  });

  it('a sheet is ticked and unticked with the space bar', async () => {
    const { host, user } = setup();
    const box = await screen.findByRole('checkbox', { name: '汇总“河口镇”' });
    box.focus();
    await user.keyboard(' ');
    expect(box).not.toBeChecked();
    await waitFor(() => expect(host.excludedSheets).toEqual(['河口镇']));
  });
});

describe('host errors in the pane', () => {
  it.each([
    ['payload-too-large', 'RequestPayloadSizeLimitExceeded', '工作表数据过大'],
    ['protected', 'AccessDenied', '工作簿或工作表受保护，无法写入结果表'],
    ['sheet-deleted', 'ItemNotFound', '运行期间有工作表被删除或改名。请重新运行。'],
  ] as const)('%s while running is said plainly in the pane', async (kind, code, said) => {
    const { HostError } = await import('../../src/excel/errors');
    const host = new FakeHost([shimen()]);
    host.failNext.readSheets = new HostError(kind, code, Object.assign(new Error(code), { code }));
    const user = userEvent.setup();
    render(<App engine={createEngineClient()} host={host} today={TODAY} />);
    // The first read (on opening) fails: the pane says so, and reading again recovers.
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(said);
    await user.click(screen.getByRole('button', { name: '重新读取' }));
    expect(await screen.findByRole('checkbox', { name: '汇总“石门乡”' })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('a HostError shows its own message in the pane’s language, the host’s error behind 更多信息', async () => {
    const { HostError } = await import('../../src/excel/errors');
    const host = new FakeHost([shimen()]);
    const inner = Object.assign(new Error('The operation cannot be performed in cell-edit mode'), { code: 'InvalidOperationInCellEditMode' });
    host.failNext.writeResults = new HostError('cell-edit-mode', 'InvalidOperationInCellEditMode', inner);
    const user = userEvent.setup();
    render(<App engine={createEngineClient()} host={host} today={TODAY} />);
    await user.click(await screen.findByRole('button', { name: '开始汇总' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Excel 正在编辑单元格。请按 Enter 或 Esc 结束编辑，然后重试。');
    await user.click(within(alert).getByRole('button', { name: '更多信息' }));
    expect(within(alert).getByText('code: InvalidOperationInCellEditMode')).toBeInTheDocument();
    expect(within(alert).getByText('Error: The operation cannot be performed in cell-edit mode')).toBeInTheDocument();
    await chooseLanguage(user, 'English');
    expect(screen.getByRole('alert')).toHaveTextContent('Excel is editing a cell.');
  });
});
