// The correction form (更正识别), by role: each column's indicator is searched in a list ordered by
// likeness to the column's header; the sheet's first rows are shown; 取消 closes it unchanged;
// 恢复自动识别 removes a saved correction; a sheet of notes is not offered the form.
import '@testing-library/jest-dom';
import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/taskpane/App';
import type { SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';
import { FakeHost } from './fakeHost';
import { createEngineClient } from '../../src/taskpane/worker/engineClient';

// Driving Fluent's Combobox in jsdom takes seconds a step (tens of seconds a test on a busy machine).
jest.setTimeout(300_000);
configure({ asyncUtilTimeout: 20_000 });
const TODAY = new Date(2024, 6, 15);

// 叶酸补服人数 is a township's own words for 增补叶酸人数: not read, but the closest indicator.
const shimen = (): SheetInput =>
  sheetOf('石门乡', [
    ['石门乡基本公共卫生服务统计表'],
    ['乡镇', '机构名称', '常住人口数', '高血压患者数', '叶酸补服人数'],
    ['石门乡', '石门乡卫生院', 12000, 900, 400],
    ['石门乡', '东村卫生室', 3000, 200, 80],
  ]);

async function openForm(sheets: SheetInput[] = [shimen()]) {
  const user = userEvent.setup();
  const host = new FakeHost(sheets);
  render(<App engine={createEngineClient()} host={host} today={TODAY} />);
  await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
  const button = screen.getByRole('button', { name: '更正识别：石门乡' });
  await user.click(button);
  const form = screen.getByRole('form', { name: '更正“石门乡”的识别结果' });
  return { user, host, form, button };
}

const optionNames = () => within(screen.getByRole('listbox')).getAllByRole('option').map((o) => o.textContent);

it('lists the indicators closest to the column’s header first, and narrows them to what is typed', async () => {
  const { user, form } = await openForm();
  const folic = within(form).getByRole('combobox', { name: 'E 列“叶酸补服人数”对应的指标' });
  expect(folic).toHaveValue('（不读取）');
  await user.click(folic);
  const names = optionNames();
  expect(names[0]).toBe('（不读取）');
  expect(names[1]).toMatch(/^增补叶酸人数（\w+）$/);
  expect(names.length).toBeGreaterThan(10);

  await user.clear(folic);
  await user.type(folic, '血压');
  await waitFor(() => expect(optionNames().length).toBeLessThan(names.length));
  expect(optionNames().length).toBeGreaterThan(0);
  for (const name of optionNames()) expect(name).toContain('血压');

  // By code, too; and nothing found is said, not an empty list.
  await user.clear(folic);
  await user.type(folic, 'zz');
  expect(await screen.findByRole('option', { name: '没有名称或代码包含此文字的指标' })).toHaveAttribute('aria-disabled', 'true');
  await user.clear(folic);
  await user.type(folic, '叶酸');
  await user.click(await screen.findByRole('option', { name: /^增补叶酸人数/ }));
  expect((folic as HTMLInputElement).value).toMatch(/^增补叶酸人数（\w+）$/);
});

it('shows the sheet’s first rows, the header row among them, to set the form by', async () => {
  const { form } = await openForm();
  const preview = within(form).getByRole('region', { name: /^“石门乡”的前 4 行/ });
  expect(preview).toHaveAttribute('tabindex', '0');
  const table = within(preview).getByRole('table', { name: '“石门乡”的前 4 行' });
  expect(within(table).getAllByRole('columnheader').map((c) => c.textContent)).toEqual(['A', 'B', 'C', 'D', 'E']);
  const header = within(table).getByRole('row', { name: /^2 乡镇 机构名称/ });
  expect(within(header).getByRole('cell', { name: '叶酸补服人数' })).toBeInTheDocument();
});

it('取消 closes the form without saving, back on 更正识别', async () => {
  const { user, host, form, button } = await openForm();
  await user.click(within(form).getByRole('combobox', { name: 'E 列“叶酸补服人数”对应的指标' }));
  await user.click(await screen.findByRole('option', { name: /^增补叶酸人数/ }));
  // Nothing saved yet: nothing to restore.
  expect(within(form).queryByRole('button', { name: '恢复自动识别' })).not.toBeInTheDocument();
  await user.click(within(form).getByRole('button', { name: '取消' }));
  expect(screen.queryByRole('form')).not.toBeInTheDocument();
  expect(button).toHaveFocus();
  expect(button).toHaveAttribute('aria-expanded', 'false');
  expect(host.savedOverrides).toEqual([]);
});

it('恢复自动识别 removes the sheet’s saved correction: it is read by its header again', async () => {
  const { user, host, form } = await openForm();
  await user.click(within(form).getByRole('combobox', { name: 'E 列“叶酸补服人数”对应的指标' }));
  await user.click(await screen.findByRole('option', { name: /^增补叶酸人数/ }));
  await user.click(within(form).getByRole('button', { name: '保存更正' }));
  expect(await screen.findByText('已按更正识别')).toBeInTheDocument();
  expect(host.savedOverrides.at(-1)).toHaveLength(1);

  await user.click(screen.getByRole('button', { name: '更正识别：石门乡' }));
  const again = screen.getByRole('form', { name: '更正“石门乡”的识别结果' });
  expect((within(again).getByRole('combobox', { name: /^E 列/ }) as HTMLInputElement).value).toMatch(/^增补叶酸人数（\w+）$/);
  await user.click(within(again).getByRole('button', { name: '恢复自动识别' }));
  await waitFor(() => expect(host.savedOverrides.at(-1)).toEqual([]));
  expect(await screen.findByText('已删除对“石门乡”的更正，按表头自动识别。')).toBeInTheDocument();
  await waitFor(() => expect(screen.queryByText('已按更正识别')).not.toBeInTheDocument());
  expect(screen.queryByRole('form')).not.toBeInTheDocument();
});

it('is offered for a sheet whose cells form a table, not for a sheet of notes', async () => {
  const notes = sheetOf('填报说明', [['填报说明'], ['1. 请按月填报。'], ['2. 数字不要带单位。']]);
  const grid = sheetOf('附表', [
    ['单位', '甲', '乙'],
    ['一', 1, 2],
    ['二', 3, 4],
  ]);
  render(<App engine={createEngineClient()} host={new FakeHost([notes, grid, shimen()])} today={TODAY} />);
  await screen.findByRole('checkbox', { name: '汇总“填报说明”' });
  expect(screen.queryByRole('button', { name: '更正识别：填报说明' })).not.toBeInTheDocument();
  expect(screen.getByRole('button', { name: '更正识别：附表' })).toBeInTheDocument();
  expect(screen.getByRole('button', { name: '更正识别：石门乡' })).toBeInTheDocument();
});
