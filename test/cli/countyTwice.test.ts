// Real .xlsx files through the command line: the ways a county's figures came out wrong without a word —
// a rate fed from one side only, last month's 汇总 sheet counted again, a sheet Excel renamed on copy, a
// figure merged over two rows.
import { promises as fs } from 'node:fs';
import { run } from '../../src/cli/main';
import type { SummaryJson } from '../../src/engine';
import { addSheet, captureIo, scratchDir, writeWorkbook } from './helpers';

const tmp = scratchDir('county-twice');
afterAll(() => tmp.cleanup());

const H = ['序号', '机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'];

it('reads a county whose sheets would otherwise count twice or mix rows, and says what it left out', async () => {
  const input = await writeWorkbook(tmp.file('县报表.xlsx'), (wb) => {
    addSheet(wb, '汇总', [['序号', '单位名称', '高血压患者数（人）'], [1, '石门乡', 450], [2, '北岭乡', 999]]);
    addSheet(wb, '石门乡', [H, [1, '石门乡卫生院', 300, 200], [2, '上湾村卫生室', 100, null]]);
    addSheet(wb, '石门乡 (2)', [H, [1, '下湾村卫生室', 50, 40], [2, '下湾村分院', 50, 40]]).mergeCells('C2:C3');
    addSheet(wb, '北岭乡', [['序号', '机构名称', '高血压规范管理人数（人）'], [1, '北岭乡卫生院', 600]]);
  });
  const json = tmp.file('summary.json');
  expect(await run([input, '--as-of', '2024-11-30', '--json', json], captureIo())).toBe(0);
  const summary = JSON.parse(await fs.readFile(json, 'utf8')) as SummaryJson;

  const values = (name: string) => summary.rollup.find((r) => r.name === name)!.values;
  expect(summary.rollup.map((r) => r.name)).toEqual(['石门乡', '北岭乡', '全县合计']);
  // 石门乡: 300 + 100 + 50 (merged over two rows, counted once); the rate from the rows with both parts.
  expect(values('石门乡').HTN).toBe(450);
  expect(values('石门乡').HTN_RATE).toBeCloseTo(((200 + 40) / (300 + 50)) * 100, 9);
  expect(values('全县合计').HTN_STD).toBe(880);
  expect(values('全县合计').HTN_RATE).toBeCloseTo(((200 + 40) / (300 + 50)) * 100, 9);

  const at = (code: string) => summary.issues.filter((i) => i.code === code).map((i) => `${i.sheet}!${i.cell ?? ''}`);
  expect(at('summary-sheet')).toEqual(['汇总!']);
  // The merged row's own 规范管理人数 has no 患者数 of its own left: it stays out of the rate, and says so.
  expect(at('rate-part-missing')).toEqual(['石门乡!C3', '石门乡 (2)!D3']);
  expect(at('rate-column-missing')).toEqual(['北岭乡!']);
  expect(at('merged-figure')).toEqual(['石门乡 (2)!C2']);
});
