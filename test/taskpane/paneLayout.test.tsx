// The pane's layout and input flow, by role: the language menu, 数据来源 folded into a summary, unread
// columns with a suggested indicator confirmed in one click, and 统计截止日期 as people write it.
import '@testing-library/jest-dom';
import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/taskpane/App';
import type { SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';
import { FakeHost } from './fakeHost';
import { createEngineClient } from '../../src/taskpane/worker/engineClient';

jest.setTimeout(90_000);
configure({ asyncUtilTimeout: 15_000 });

const TODAY = new Date(2024, 6, 15);
const HEADER = ['乡镇', '机构名称', '常住人口数', '居民健康档案建档数', '高血压患者数', '高血压规范管理人数'];

const township = (name: string, title: string[] = []): SheetInput =>
  sheetOf(name, [...title.map((x) => [x]), HEADER, [name, `${name}卫生院`, 12000, 10000, 900, 600]]);

function setup(sheets: SheetInput[]) {
  const user = userEvent.setup();
  const host = new FakeHost(sheets);
  render(<App engine={createEngineClient()} host={host} today={TODAY} />);
  return { host, user };
}

describe('header', () => {
  it('has no visible title; the language is switched from a small menu', async () => {
    const { user } = setup([township('石门乡')]);
    await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
    // The add-in's name is a heading for screen readers only.
    expect(screen.getByRole('heading', { level: 1, name: '县级卫生统计汇总' }).className).toBe(screen.getByRole('status').className);
    expect(screen.queryByRole('radio', { name: 'English' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '界面语言：中文' }));
    const english = await screen.findByRole('menuitemradio', { name: 'English' });
    expect(screen.getByRole('menuitemradio', { name: '中文' })).toHaveAttribute('aria-checked', 'true');
    await user.click(english);
    expect(await screen.findByRole('heading', { name: 'Sources' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Language: English' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run rollup' })).toBeInTheDocument();
  });
});

describe('数据来源', () => {
  it('many sheets fold into one line, with the unrecognised ones counted; the list opens on demand', async () => {
    const names = ['石门乡', '河口镇', '龙泉乡', '值夏镇', '官庄镇', '东门街道'];
    const { user } = setup([...names.map((n) => township(n)), sheetOf('说明', [['本工作簿为各乡镇上报的月报。']])]);
    expect(await screen.findByText('6 个乡镇工作表，1 张未识别')).toBeInTheDocument();
    expect(screen.queryByRole('checkbox', { name: '汇总“石门乡”' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: '展开数据来源' }));
    expect(screen.getByRole('checkbox', { name: '汇总“东门街道”' })).toBeChecked();
    await user.click(screen.getByRole('button', { name: '收起数据来源' }));
    expect(screen.queryByRole('checkbox', { name: '汇总“东门街道”' })).not.toBeInTheDocument();
  });

  it('a few sheets stay open under their summary', async () => {
    setup([township('石门乡'), township('河口镇')]);
    expect(await screen.findByText('2 个乡镇工作表')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: '汇总“河口镇”' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '收起数据来源' })).toHaveAttribute('aria-expanded', 'true');
  });
});

describe('columns not read', () => {
  const zhixia = () =>
    sheetOf('值夏镇', [
      ['乡镇', '机构名称', '常住人口数', '叶酸补服人数', '高血压病人数', '联系电话', '负责人', '填表人'],
      ['值夏镇', '值夏镇卫生院', 8000, 120, 300, '0791-1234567', '张三', '李四'],
      ['值夏镇', '洞口村卫生所', 2000, 40, 80, '', '王五', '李四'],
    ]);

  it('a sheet mostly not read says so on its card, with the closest indicator, taken in one click', async () => {
    const { host, user } = setup([township('石门乡'), zhixia()]);
    const warning = await screen.findByText(/值夏镇：\d+ 列中有 \d+ 列未读取/);
    expect(warning).toHaveTextContent('值夏镇：6 列中有 5 列未读取');
    expect(screen.getByText('D 列“叶酸补服人数”可能是“增补叶酸人数”')).toBeInTheDocument();
    expect(screen.getByText('F 列“联系电话”没有相近的指标')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'F 列采用“常住人口数”' })).not.toBeInTheDocument();
    expect(screen.getByText('2 个乡镇工作表，1 张有未读取的列')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'D 列采用“增补叶酸人数”' }));
    await waitFor(() => expect(host.savedOverrides.at(-1)).toEqual([{ sheet: '值夏镇', columnIndicators: { D: 'FOLIC' } }]));
    // Read again with the correction: D is now an indicator's column.
    expect(await screen.findByText('表头第 1 行 · 机构列 B · 对应指标 2 列，未对应 4 列')).toBeInTheDocument();
  });

  it('a sheet with most columns read has no warning', async () => {
    setup([township('石门乡')]);
    await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
    expect(screen.queryByText(/列未读取/)).not.toBeInTheDocument();
  });
});

describe('统计截止日期', () => {
  const dateField = () => screen.findByLabelText('统计截止日期');

  it.each([
    ['2024年5月', '2024-05-31', '序时进度 5/12（41.67%）'],
    ['2024-05', '2024-05-31', '序时进度 5/12（41.67%）'],
    ['20240430', '2024-04-30', '序时进度 4/12（33.33%）'],
    ['２０２４年３月３１日', '2024-03-31', '序时进度 3/12（25.00%）'],
  ])('takes %s as %s', async (typed, iso, progress) => {
    const { user } = setup([township('石门乡')]);
    const date = await dateField();
    await user.clear(date);
    await user.type(date, typed);
    expect(screen.getByText(progress)).toBeInTheDocument();
    await user.tab();
    expect(date).toHaveValue(iso);
    expect(screen.getByRole('button', { name: '开始汇总' })).toBeEnabled();
  });

  it('warns of a date after today, and of one before the year of the reports, but lets it run', async () => {
    const { user } = setup([township('石门乡', ['2024年1-6月基本公共卫生服务统计表'])]);
    const date = await dateField();
    await waitFor(() => expect(date).toHaveValue('2024-06-30'));
    await user.clear(date);
    await user.type(date, '2024-08-31');
    expect(screen.getByText('2024-08-31 晚于今天，请确认统计截止日期。')).toBeInTheDocument();
    await user.clear(date);
    await user.type(date, '2023-12-31');
    expect(screen.getByText('2023-12-31 早于报表中的年份（2024 年），请确认统计截止日期。')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '开始汇总' })).toBeEnabled();
  });

  it('defaults to the date the township sheets print when they agree', async () => {
    setup([township('石门乡', ['石门乡统计表', '截止日期：2012年11月30日']), township('河口镇', ['2012年1-11月河口镇统计表'])]);
    const date = await dateField();
    await waitFor(() => expect(date).toHaveValue('2012-11-30'));
    expect(screen.getByText('序时进度 11/12（91.67%） · 取自乡镇报表中的截止日期 2012-11-30')).toBeInTheDocument();
  });

  it('keeps the end of last month when the sheets disagree', async () => {
    setup([township('石门乡', ['截止日期：2012年11月30日']), township('河口镇', ['2012年1-10月河口镇统计表'])]);
    await screen.findByRole('checkbox', { name: '汇总“河口镇”' });
    expect(await dateField()).toHaveValue('2024-06-30');
    expect(screen.getByText('序时进度 6/12（50.00%）')).toBeInTheDocument();
  });
});

// The footer is checked for what matters, being in sight at 350 × 700, in Chromium (test/e2e/pane.test.ts).
it('开始汇总 and the date sit together in the footer, after the sources', async () => {
  setup([township('石门乡')]);
  const run = await screen.findByRole('button', { name: '开始汇总' });
  const footer = run.closest('footer')!;
  expect(within(footer).getByLabelText('统计截止日期')).toBeInTheDocument();
  expect(screen.getByRole('heading', { name: '数据来源' }).compareDocumentPosition(footer) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
});
