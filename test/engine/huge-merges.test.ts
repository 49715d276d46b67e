// Merged areas as a reader may hand them: spanning the whole sheet (B2:XFD1048576, some 1.7e10 cells),
// or reaching far past it. Reading looks only at the cells the sheet has, so such a sheet reads at once
// and the same as its merge cut down to the table.
import { builtInDefinitions } from '../../src/engine/catalog';
import { consolidate } from '../../src/engine/consolidate';
import { readTownshipSheet } from '../../src/engine/reader';
import type { MergedArea } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

const XFD = 16383;
const LAST_ROW = 1048575;
const rows = [
  ['机构名称', '高血压患者数', '高血压规范管理人数'],
  ['甲卫生院', 120, 90],
  ['乙卫生室', 30, 20],
];

describe('merged areas far larger than the sheet', () => {
  it('a merge from B2 to the last cell of the sheet counts its figure once, as the same merge cut to the table', () => {
    const whole: MergedArea = { top: 1, left: 1, bottom: LAST_ROW, right: XFD };
    const cut: MergedArea = { top: 1, left: 1, bottom: 2, right: 2 };
    const read = (m: MergedArea) => readTownshipSheet(sheetOf('石门乡', rows, { merges: [m] }), builtInDefinitions(), { lang: 'zh-CN' });
    const huge = read(whole);
    const small = read(cut);
    expect(huge.facilities.map((f) => [f.name, f.values.HTN, f.values.HTN_STD])).toEqual([
      ['甲卫生院', 120, undefined],
      ['乙卫生室', undefined, undefined],
    ]);
    expect(huge.facilities.map((f) => f.values)).toEqual(small.facilities.map((f) => f.values));
    const merged = huge.issues.filter((i) => i.code === 'merged-figure');
    expect(merged.map((i) => [i.cell, i.params.area])).toEqual([['B2', 'B2:XFD1048576']]);
  });

  it.each([
    // B2 down 1e10 rows: 乙卫生室's 30 is inside it, counted once at B2.
    ['ten thousand million rows under the table', { top: 1, left: 1, bottom: 1e10, right: 1 }, 120],
    ['ten thousand million columns beside it', { top: 1, left: 1, bottom: 2, right: 1e10 }, 120],
    // From A1: the header itself is merged over everything, so the sheet holds no table.
    ['both, from A1', { top: 0, left: 0, bottom: 1e10, right: 1e10 }, undefined],
  ])('a merge of %s leaves a whole run intact', (_label, area, shimen) => {
    const sheets = [sheetOf('石门乡', rows, { merges: [area] }), sheetOf('白沙镇', rows)];
    const result = consolidate(sheets, { asOf: '2024-06-30' });
    expect(result.rollup.find((r) => r.name === '白沙镇')?.values.HTN).toBe(150);
    expect(result.rollup.find((r) => r.name === '石门乡')?.values.HTN).toBe(shimen);
  });
});
