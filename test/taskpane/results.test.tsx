// The results a statistician reads after a run, by role: readiness, townships side by side (sortable by
// mouse and keyboard, the county on top), issues with their context, the ranking chart, 上报情况 and
// 乡镇反馈 with 复制.
import '@testing-library/jest-dom';
import { configure, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/taskpane/App';
import type { SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';
import { FakeHost } from './fakeHost';
import { createEngineClient } from '../../src/taskpane/worker/engineClient';

const HEADER = ['乡镇', '机构名称', '常住人口数', '居民健康档案建档数', '高血压患者数', '高血压规范管理人数', '增补叶酸人数'];
const shimen = (): SheetInput =>
  sheetOf('石门乡', [
    HEADER,
    ['石门乡', '石门乡卫生院', 12000, 10000, 900, 600, 400],
    ['石门乡', '洞口村卫生所', 3000, 2000, 200, 150, 'XX'],
  ]);
const hekou = (): SheetInput => sheetOf('河口镇', [HEADER, ['河口镇', '河口镇卫生院', 15000, 14000, 1000, 300, 100]]);
const baisha = (): SheetInput => sheetOf('白沙镇', [HEADER, ['白沙镇', '白沙镇卫生院', 8000, 7500, 500, 400, 60]]);
const targets = (): SheetInput => sheetOf('任务数', [['乡镇', '增补叶酸人数'], ['石门乡', 500], ['河口镇', 300], ['白沙镇', 100]]);
const roster = (): SheetInput =>
  sheetOf('机构名录', [['乡镇', '机构名称'], ['石门乡', '石门乡卫生院'], ['石门乡', '洞口村卫生所'], ['石门乡', '杨家坪村卫生室'], ['河口镇', '河口镇卫生院'], ['白沙镇', '白沙镇卫生院']]);

jest.setTimeout(120_000);
configure({ asyncUtilTimeout: 20_000 });
const TODAY = new Date(2024, 6, 15); // 统计截止日期 2024-06-30: 序时进度 50%

async function runPane(sheets = [shimen(), hekou(), baisha(), targets(), roster()]) {
  const user = userEvent.setup();
  const host = new FakeHost(sheets);
  render(<App engine={createEngineClient()} host={host} today={TODAY} />);
  await user.click(await screen.findByRole('button', { name: '开始汇总' }));
  await screen.findByRole('heading', { name: '汇总结果' });
  return { user, host };
}

const columnOf = (table: HTMLElement, row: number) =>
  within(table).getAllByRole('row').slice(1).map((r) => within(r).getAllByRole('cell')[row].textContent);

it('shows readiness at the top of the results, then the townships side by side, sortable with the county on top', async () => {
  const { user } = await runPane();
  const summary = screen.getByRole('region', { name: '汇总结果' });
  expect(within(summary).getByText('暂不能上报')).toBeInTheDocument();
  expect(within(summary).getByText(/还有错误 1 条、未写情况说明的警告 \d+ 条/)).toBeInTheDocument();

  const table = screen.getByRole('table', { name: '乡镇对比' });
  expect(screen.getByRole('region', { name: /乡镇对比（表格可左右滚动）/ })).toHaveAttribute('tabindex', '0');
  expect(columnOf(table, 0)).toEqual(['全县合计', '石门乡', '河口镇', '白沙镇']);
  const shimenRow = within(table).getByRole('row', { name: /^石门乡/ });
  // 400 of 500 at 50 % of the year: 序时进度内; the standard of 60 % for 规范管理率: 达标 (750 / 1100 = 68.18 %).
  expect(within(shimenRow).getByText('序时进度内')).toBeInTheDocument();
  expect(within(shimenRow).getByText('68.18%')).toBeInTheDocument();
  expect(within(within(table).getByRole('row', { name: /^河口镇/ })).getAllByText('未达标').length).toBeGreaterThan(0);

  const folic = within(table).getByRole('button', { name: /增补叶酸人数/ });
  await user.click(folic);
  expect(within(table).getByRole('columnheader', { name: /增补叶酸人数/ })).toHaveAttribute('aria-sort', 'descending');
  expect(columnOf(table, 0)).toEqual(['全县合计', '石门乡', '河口镇', '白沙镇']);
  // From the keyboard: Enter on the focused header turns the order round; the county stays on top.
  folic.focus();
  await user.keyboard('{Enter}');
  expect(within(table).getByRole('columnheader', { name: /增补叶酸人数/ })).toHaveAttribute('aria-sort', 'ascending');
  expect(columnOf(table, 0)).toEqual(['全县合计', '白沙镇', '河口镇', '石门乡']);
  await user.click(within(table).getByRole('button', { name: /乡镇/ }));
  expect(columnOf(table, 0)[0]).toBe('全县合计');
});

it('names the facility, the indicator and the value read with each issue, errors first within a sheet', async () => {
  await runPane();
  const issues = screen.getByRole('region', { name: '校验问题' });
  expect(within(issues).getByText('洞口村卫生所 · 增补叶酸人数 · “XX”')).toBeInTheDocument();
  const items = within(issues).getAllByRole('listitem').map((li) => li.textContent ?? '');
  const severities = items.map((t) => (t.startsWith('错误') ? 0 : t.startsWith('警告') ? 1 : 2));
  expect([...severities].sort()).toEqual(severities);
});

it('ranks townships on the indicator picked by 完成率, with the 序时进度 line', async () => {
  const { user } = await runPane();
  const section = screen.getByRole('region', { name: '乡镇排名' });
  await user.selectOptions(within(section).getByRole('combobox', { name: '指标' }), '增补叶酸人数');
  const chart = within(section).getByRole('img');
  expect(chart).toHaveAccessibleName(/^增补叶酸人数：3 个乡镇按完成率排名/);
  const bars = [...chart.querySelectorAll('g[data-township]')].map((g) => g.getAttribute('data-township'));
  // 白沙镇 60/100, 石门乡 400/500, 河口镇 100/300.
  expect(bars).toEqual(['石门乡', '白沙镇', '河口镇']);
  expect(chart).toHaveAccessibleName(/石门乡 80\.00%，白沙镇 60\.00%，河口镇 33\.33%/);
  expect(chart.querySelector('g[data-line="序时进度 50.00%"]')).not.toBeNull();
  expect(chart.querySelector('g[data-line="目标 100%"]')).not.toBeNull();
  await user.selectOptions(within(section).getByRole('combobox', { name: '指标' }), '高血压患者规范管理率');
  const rates = within(section).getByRole('img');
  expect(rates).toHaveAccessibleName(/^高血压患者规范管理率：3 个乡镇按完成率排名/);
  // A rate is measured against its standard: no 序时进度 line.
  expect(rates.querySelector('g[data-line^="序时进度"]')).toBeNull();
});

it('shows 上报情况 per township with the missing names, and the county rate first', async () => {
  await runPane();
  const table = screen.getByRole('table', { name: '上报情况' });
  const rows = within(table).getAllByRole('row').slice(1);
  expect(within(rows[0]).getAllByRole('cell').map((c) => c.textContent)).toEqual(['全县合计', '5', '4', '80.00%']);
  const shimenRow = rows.find((r) => r.textContent?.startsWith('石门乡'))!;
  expect(within(shimenRow).getByText('未报：杨家坪村卫生室')).toBeInTheDocument();
  expect(within(shimenRow).getAllByRole('cell').slice(1).map((c) => c.textContent)).toEqual(['3', '2', '66.67%']);
});

describe('乡镇反馈', () => {
  const original = Object.getOwnPropertyDescriptor(navigator, 'clipboard');
  afterEach(() => {
    if (original) Object.defineProperty(navigator, 'clipboard', original);
    else delete (navigator as { clipboard?: unknown }).clipboard;
  });

  it('shows each township’s text and copies it with 复制, saying so', async () => {
    const { user } = await runPane();
    const copied: string[] = [];
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: { writeText: async (t: string) => void copied.push(t) } });
    const panel = screen.getByRole('region', { name: '乡镇反馈' });
    await user.click(within(panel).getByRole('button', { name: /石门乡（\d+ 处）/ }));
    const text = within(panel).getByRole('textbox', { name: '石门乡' });
    expect((text as HTMLTextAreaElement).value).toMatch(/^石门乡：请核对以下/);
    expect((text as HTMLTextAreaElement).value).toContain('洞口村卫生所');
    await user.click(within(panel).getByRole('button', { name: '复制给石门乡的反馈' }));
    expect(copied).toEqual([(text as HTMLTextAreaElement).value]);
    expect(within(panel).getByRole('status')).toHaveTextContent('已复制');
  });

  it('without the clipboard API, selects the text and copies it the old way', async () => {
    const { user } = await runPane();
    Object.defineProperty(navigator, 'clipboard', { configurable: true, value: undefined });
    const exec = jest.fn(() => true);
    (document as { execCommand?: unknown }).execCommand = exec;
    const panel = screen.getByRole('region', { name: '乡镇反馈' });
    await user.click(within(panel).getByRole('button', { name: /石门乡（\d+ 处）/ }));
    await user.click(within(panel).getByRole('button', { name: '复制给石门乡的反馈' }));
    expect(exec).toHaveBeenCalledWith('copy');
    const text = within(panel).getByRole('textbox', { name: '石门乡' }) as HTMLTextAreaElement;
    expect(text.selectionEnd - text.selectionStart).toBe(text.value.length);
    expect(within(panel).getByRole('status')).toHaveTextContent('已复制');
    exec.mockReturnValue(false);
    await user.click(within(panel).getByRole('button', { name: '复制给石门乡的反馈' }));
    expect(within(panel).getByRole('status')).toHaveTextContent('无法自动复制');
  });
});

describe('an issue clicked', () => {
  const itemOf = (button: HTMLElement) => button.closest('li') as HTMLElement;

  it('says beside that issue that its cell is selected in Excel, not at the top of the pane', async () => {
    const { user, host } = await runPane();
    const issues = screen.getByRole('region', { name: '校验问题' });
    const button = within(issues).getByRole('button', { name: /洞口村卫生所 · 增补叶酸人数 · “XX”/ });
    await user.click(button);
    const ref = host.selected[0];
    expect(ref.sheet).toBe('石门乡');
    const said = `已在 Excel 中选中 石门乡!${ref.cell}`;
    expect(await within(itemOf(button)).findByRole('status')).toHaveTextContent(said);
    // Said once, beside the item, and read out with the button by a screen reader.
    expect(screen.getAllByText(said)).toHaveLength(1);
    expect(button).toHaveAccessibleDescription(said);
    expect(screen.queryByText(`转到 石门乡!${ref.cell}`)).not.toBeInTheDocument();
  });

  it('says beside the issue why its cell could not be selected, and only there', async () => {
    const { user, host } = await runPane();
    const issues = screen.getByRole('region', { name: '校验问题' });
    const buttons = within(issues).getAllByRole('button', { name: /^(错误|警告)/ });
    await user.click(buttons[0]);
    await within(itemOf(buttons[0])).findByText(/^已在 Excel 中选中/);
    host.failNext.selectCell = new Error('The sheet 石门乡 was deleted');
    await user.click(buttons[1]);
    const alert = await within(itemOf(buttons[1])).findByRole('alert');
    expect(alert).toHaveTextContent(/^未能选中 \S+!\w+：The sheet 石门乡 was deleted$/);
    expect(screen.getAllByRole('alert')).toEqual([alert]);
    // The earlier item's confirmation is gone: only the last click has an outcome shown.
    expect(within(itemOf(buttons[0])).queryByText(/^已在 Excel 中选中/)).not.toBeInTheDocument();
  });
});

it('in the preview, the workbook bar shows the cell an issue selected', async () => {
  const user = userEvent.setup();
  const host = new FakeHost([shimen(), hekou(), baisha(), targets(), roster()]);
  const selection = () => {
    const at = host.selected.at(-1);
    return at ? `${at.sheet}!${at.cell}` : null;
  };
  const preview = { workbookName: 'county.xlsx', openWorkbook: async () => undefined, downloadWorkbook: async () => undefined, selection };
  render(<App engine={createEngineClient()} host={host} today={TODAY} preview={preview} />);
  await user.click(await screen.findByRole('button', { name: '开始汇总' }));
  const issues = await screen.findByRole('region', { name: '校验问题' });
  await user.click(within(issues).getByRole('button', { name: /洞口村卫生所 · 增补叶酸人数 · “XX”/ }));
  const ref = host.selected[0];
  expect(await screen.findByText(`选中的单元格：${ref.sheet}!${ref.cell}`)).toBeInTheDocument();
});

describe('status chips', () => {
  /** A property a chip is given by its classes' rules: a Fluent token (jsdom leaves var() unresolved). */
  const declared = (chip: HTMLElement, property: 'background-color' | 'border-top-color') => {
    const values: string[] = [];
    for (const sheet of [...document.styleSheets]) {
      for (const rule of [...sheet.cssRules]) {
        if (!(rule instanceof CSSStyleRule)) continue;
        const value = rule.style.getPropertyValue(property);
        const classes = rule.selectorText.match(/^(\.[\w-]+)+$/)?.[0].split('.').filter(Boolean);
        if (value && classes && classes.every((c) => chip.classList.contains(c))) values.push(value);
      }
    }
    // The last rule wins, as Griffel orders them.
    return values[values.length - 1] ?? '';
  };
  const background = (chip: HTMLElement) => declared(chip, 'background-color');
  const chipsIn = (table: HTMLElement, word: string) => within(table).getAllByText(word);

  it('shows a status the same way in 完成情况 and 乡镇对比, coloured by the status, in Fluent tokens', async () => {
    const { user } = await runPane();
    const townships = screen.getByRole('table', { name: '乡镇对比' });
    await user.selectOptions(screen.getByRole('combobox', { name: '范围' }), '河口镇');
    const unmet = chipsIn(screen.getByRole('table', { name: '完成情况：河口镇' }), '未达标')[0];
    const unmetThere = chipsIn(townships, '未达标')[0];
    // The same chip: the same element with the same colour and border (the 乡镇对比 one has a margin more).
    expect(unmet.tagName).toBe(unmetThere.tagName);
    expect(declared(unmet, 'border-top-color')).toBe(declared(unmetThere, 'border-top-color'));
    expect(background(unmet)).toBe(background(unmetThere));
    expect(background(unmet)).toMatch(/^var\(--colorPaletteRed/);
    const onTrack = chipsIn(townships, '序时进度内')[0];
    expect(background(onTrack)).toMatch(/^var\(--colorPaletteBlue/);
    expect(background(chipsIn(townships, '达标')[0])).toMatch(/^var\(--colorPaletteGreen/);
  });
});
