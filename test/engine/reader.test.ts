import { builtInDefinitions } from '../../src/engine/catalog';
import { readTownshipSheet } from '../../src/engine/reader';
import type { CellValue, CompiledIndicator, Definitions, Issue, MergedArea, SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

function indicator(code: string, name: string, unit: string, kind: 'count' | 'rate', max: number | null): CompiledIndicator {
  return {
    code,
    name,
    aliases: [],
    unit,
    kind,
    numerator: kind === 'rate' ? '[HTN_STD]' : null,
    denominator: kind === 'rate' ? '[HTN]' : null,
    factor: kind === 'rate' ? 100 : 1,
    target: null,
    direction: '>=',
    min: 0,
    max,
    numeratorExpr: kind === 'rate' ? { type: 'ref', name: 'HTN_STD', code: 'HTN_STD' } : null,
    denominatorExpr: kind === 'rate' ? { type: 'ref', name: 'HTN', code: 'HTN' } : null,
  };
}

const DEFS: Definitions = {
  indicators: [
    indicator('HTN', '高血压患者数', '人', 'count', 5000),
    indicator('HTN_STD', '高血压规范管理人数', '人', 'count', 5000),
    indicator('HTN_RATE', '高血压患者规范管理率', '%', 'rate', 100),
    indicator('FUND', '项目经费', '万元', 'count', null),
  ],
  rules: [],
  townshipTargets: {},
  source: 'definitions-file',
  sheets: [],
};

const m = (top: number, left: number, bottom: number, right: number): MergedArea => ({ top, left, bottom, right });
const zh = { lang: 'zh-CN' as const };
const brief = (issues: Issue[]) => issues.map((i) => [i.severity, i.code, i.cell, i.indicator]);

describe('readTownshipSheet', () => {
  // A report as it arrives: title, 填报单位, a two-row header with units, a 合计 on top, a blank row,
  // messy values, sign-off lines.
  const messy = (): SheetInput =>
    sheetOf(
      'Sheet1',
      [
        ['2024年上半年基本公共卫生服务统计表'],
        ['填报单位：石门乡卫生院', null, null, '截止日期：2024-06-30'],
        ['序号', '机构名称', '高血压', '高血压', '高血压患者规范管理率（%）', '项目经费【万元】', '备注'],
        ['序号', '机构名称', '患者数（人）', '规范管理人数(人)', '高血压患者规范管理率（%）', '项目经费【万元】', '备注'],
        ['合计', '合计', 230, 150, 65.22, 12.5, null],
        [1, '石门乡卫生院', '1,200', 100, '93.18%', '3.5万元', '—'],
        [2, '东村卫生室', 'XX', 30, 0.9, 4, null],
        [],
        [3, '西村卫生室', { error: '#DIV/0!' }, -5, 60, ' ', null],
        [4, '南村卫生室', '１，２３４', 6000, 120, new Date(Date.UTC(2024, 0, 5)), null],
        ['填表人：张三', null, '审核人：李四'],
      ],
      { merges: [m(2, 0, 3, 0), m(2, 1, 3, 1), m(2, 2, 2, 3), m(2, 4, 3, 4), m(2, 5, 3, 5), m(2, 6, 3, 6), m(4, 0, 4, 1)] },
    );

  it('reads facility rows in each indicator unit and leaves out what is not a number', () => {
    const reading = readTownshipSheet(messy(), DEFS, zh);
    expect(reading.layout.headerRows).toEqual({ first: 2, last: 3 });
    expect(reading.facilities.map((f) => [f.row, f.township, f.name, f.values])).toEqual([
      [6, '石门乡', '石门乡卫生院', { HTN: 1200, HTN_STD: 100, HTN_RATE: 93.18, FUND: 3.5 }],
      [7, '石门乡', '东村卫生室', { HTN_STD: 30, HTN_RATE: 0.9, FUND: 4 }],
      [9, '石门乡', '西村卫生室', { HTN_RATE: 60 }],
      [10, '石门乡', '南村卫生室', { HTN: 1234, HTN_STD: 6000, HTN_RATE: 120 }],
    ]);
    expect(reading.facilities[2].cells).toEqual({ HTN: 'C9', HTN_STD: 'D9', HTN_RATE: 'E9' });
    expect(reading.facilities[0].nameCell).toBe('B6');
    expect(reading.facilities[3].cells.FUND).toBe('F10');
  });

  it('keeps the 合计 row apart, with the rows it covers', () => {
    const { totals } = readTownshipSheet(messy(), DEFS, zh);
    expect(totals).toEqual([
      {
        sheet: 'Sheet1',
        row: 5,
        township: '石门乡',
        name: '合计',
        label: '合计',
        values: { HTN: 230, HTN_STD: 150, HTN_RATE: 65.22, FUND: 12.5 },
        cells: { HTN: 'C5', HTN_STD: 'D5', HTN_RATE: 'E5', FUND: 'F5' },
        nameCell: 'B5',
        covers: [6, 7, 9, 10],
      },
    ]);
  });

  it('puts an issue at every cell it could not read as it stands', () => {
    const reading = readTownshipSheet(messy(), DEFS, zh);
    const cellIssues = reading.issues.filter((i) => !['sheet-read', 'unmatched-column'].includes(i.code));
    expect(brief(cellIssues)).toEqual([
      ['warning', 'unit-in-cell', 'F6', 'FUND'],
      ['error', 'placeholder', 'C7', 'HTN'],
      ['error', 'error-value', 'C9', 'HTN'],
      ['error', 'negative-count', 'D9', 'HTN_STD'],
      ['warning', 'out-of-range', 'D10', 'HTN_STD'],
      ['warning', 'out-of-range', 'E10', 'HTN_RATE'],
      ['error', 'date-in-number', 'F10', 'FUND'],
      ['warning', 'mixed-percent-scale', 'E7', 'HTN_RATE'],
    ]);
    const byCode = Object.fromEntries(cellIssues.map((i) => [i.code, i]));
    expect(byCode.placeholder.message).toBe('占位符“XX”不是数值，请填写实际数字；未计入汇总');
    expect(byCode.placeholder.sheet).toBe('Sheet1');
    expect(byCode['error-value'].params.text).toBe('#DIV/0!');
    expect(byCode['unit-in-cell'].params).toEqual({ text: '3.5万元', value: 3.5 });
    expect(byCode['date-in-number'].params.text).toBe('2024-01-05');
    expect(byCode['mixed-percent-scale'].params.cells).toBe('E7');
  });

  it('lists unmatched columns at their header cell and says what was read', () => {
    const reading = readTownshipSheet(messy(), DEFS, zh);
    const unmatched = reading.issues.filter((i) => i.code === 'unmatched-column');
    expect(unmatched.map((i) => [i.severity, i.cell, i.params.header])).toEqual([['info', 'G3', '备注']]);
    const read = reading.issues.filter((i) => i.code === 'sheet-read');
    expect(read).toHaveLength(1);
    expect(read[0].severity).toBe('info');
    expect(read[0].message).toBe('读取 4 个机构（石门乡），表头第 3–4 行，数据第 6–10 行');
    expect(read[0].params).toEqual(expect.objectContaining({ totals: 1, matched: 4, unmatched: 1 }));
  });

  it('reads the same from Office.js (null inside merged areas) as from ExcelJS', () => {
    const excel = messy();
    const values = excel.values.map((row) => row.slice());
    for (const a of excel.merges ?? []) {
      for (let r = a.top; r <= a.bottom; r++) {
        for (let c = a.left; c <= a.right; c++) if (r !== a.top || c !== a.left) values[r][c] = null;
      }
    }
    expect(readTownshipSheet({ ...excel, values }, DEFS, zh)).toEqual(readTownshipSheet(excel, DEFS, zh));
  });

  it('reads percent-formatted numbers as percents and names the odd cells of a mixed column', () => {
    const fmt = (f: string | null, n: number) => Array.from({ length: n }, () => f);
    const s = sheetOf(
      '石门乡',
      [
        ['机构名称', '高血压患者规范管理率'],
        ['甲村', 0.9318],
        ['乙村', 0.85],
        ['丙村', 0.8],
        ['丁村', 0.75],
        ['戊村', 0.7],
      ],
      {
        numberFormats: [fmt(null, 2), fmt('0.00%', 2), fmt('0.00%', 2), fmt(null, 2), fmt('0.00%', 2), fmt(null, 2)],
      },
    );
    const reading = readTownshipSheet(s, DEFS, zh);
    expect(reading.facilities.map((f) => f.values.HTN_RATE)).toEqual([93.18, 85, 0.8, 75, 0.7]);
    const mixed = reading.issues.filter((i) => i.code === 'mixed-percent-scale');
    expect(mixed.map((i) => [i.cell, i.params.cells])).toEqual([['B4', 'B4, B6']]);
  });

  it('groups rows by a 乡镇 column merged over its villages', () => {
    const s = sheetOf(
      '全县',
      [
        ['乡镇', '机构名称', '高血压患者数'],
        ['石门乡', '东村', 3],
        [null, '西村', 4],
        [null, '小计', 7],
        ['城关镇', '南村', 5],
      ],
      { merges: [m(1, 0, 3, 0)] },
    );
    const reading = readTownshipSheet(s, DEFS, zh);
    expect(reading.facilities.map((f) => [f.township, f.name])).toEqual([
      ['石门乡', '东村'],
      ['石门乡', '西村'],
      ['城关镇', '南村'],
    ]);
    expect(reading.totals.map((t) => [t.township, t.label, t.covers])).toEqual([['石门乡', '小计', [2, 3]]]);
    expect(reading.layout.townships).toEqual(['石门乡', '城关镇']);
  });

  it('counts a figure merged over several rows once, at its top-left cell, and says so', () => {
    const excel = sheetOf(
      '石门乡',
      [
        ['机构名称', '高血压患者数', '高血压规范管理人数'],
        ['石门乡卫生院', 120, 90],
        ['石门乡卫生院分院', 120, 90], // HTN merged over B2:B3, as ExcelJS repeats it
        ['东村卫生室', 30, 20],
        ['合计', 150, 110],
      ],
      { merges: [m(1, 1, 2, 1)] },
    );
    const officeValues = excel.values.map((row) => row.slice());
    officeValues[2][1] = null; // Office.js gives only the top-left value
    for (const s of [excel, { ...excel, values: officeValues }]) {
      const reading = readTownshipSheet(s, DEFS, zh);
      expect(reading.facilities.map((f) => f.values.HTN)).toEqual([120, undefined, 30]);
      expect(reading.facilities.reduce((sum, f) => sum + (f.values.HTN ?? 0), 0)).toBe(reading.totals[0].values.HTN);
      const merged = reading.issues.filter((i) => i.code === 'merged-figure');
      expect(merged.map((i) => [i.severity, i.cell, i.indicator, i.params.area])).toEqual([['warning', 'B2', 'HTN', 'B2:B3']]);
      expect(merged[0].message).toBe('数值单元格 B2:B3 是合并单元格，只按一个数计入（第 2 行），请核实是否应分行填报');
    }
  });

  it('leaves merged cells outside the figure columns alone', () => {
    const s = sheetOf('石门乡', [['机构名称', '备注', '高血压患者数'], ['东村', '同上', 3], ['西村', '同上', 4]], { merges: [m(1, 1, 2, 1)] });
    const reading = readTownshipSheet(s, DEFS, zh);
    expect(reading.facilities.map((f) => f.values.HTN)).toEqual([3, 4]);
    expect(reading.issues.filter((i) => i.code === 'merged-figure')).toEqual([]);
  });

  it('warns where a second table on the sheet starts, since it is not read', () => {
    const s = sheetOf('两表乡', [
      ['机构名称', '高血压患者数', '高血压规范管理人数'],
      ['两表乡卫生院', 300, 200],
      [],
      ['表2 糖尿病管理情况'],
      ['机构名称', '2型糖尿病患者数', '2型糖尿病规范管理人数'],
      ['两表乡卫生院', 100, 70],
    ]);
    const reading = readTownshipSheet(s, builtInDefinitions(), zh);
    expect(reading.facilities.map((f) => [f.name, f.values.HTN])).toEqual([['两表乡卫生院', 300]]);
    const found = reading.issues.filter((i) => i.code === 'other-table-not-read');
    expect(found.map((i) => [i.severity, i.cell, i.message])).toEqual([
      ['warning', 'A4', '第 4 行起是另一张表（“表2 糖尿病管理情况”），未读取；请把它移到单独的工作表后再汇总'],
    ]);
  });

  it('names a facility row without a name after its row, and keeps its figures', () => {
    const s = sheetOf('石门乡', [['机构名称', '高血压患者数'], ['东村', 3], [null, 4]]);
    const reading = readTownshipSheet(s, DEFS, { lang: 'en' });
    expect(reading.facilities.map((f) => [f.name, f.values.HTN])).toEqual([
      ['东村', 3],
      ['Row 3', 4],
    ]);
  });

  it('warns when a header is found but no facility rows follow', () => {
    const reading = readTownshipSheet(sheetOf('石门乡', [['机构名称', '高血压患者数'], ['合计', 0]]), DEFS, zh);
    expect(brief(reading.issues.filter((i) => i.code === 'no-facility-rows'))).toEqual([
      ['warning', 'no-facility-rows', 'A1', null],
    ]);
    expect(reading.totals).toHaveLength(1);
    expect(reading.facilities).toHaveLength(0);
  });

  it.each<[string, SheetInput, string, string]>([
    ['a hidden sheet', sheetOf('石门乡', [['机构名称', '高血压患者数'], ['东村', 3]], { hidden: true }), 'sheet-hidden', '隐藏的工作表，已跳过'],
    ['a notes sheet', sheetOf('填报说明', [['请于每月5日前报送']]), 'sheet-skipped', '工作表未识别出报表（没有可对应指标的表头或机构名称列），已跳过'],
    ['an empty sheet', sheetOf('Sheet2', []), 'sheet-skipped', '工作表未识别出报表（空工作表），已跳过'],
    ['a chart sheet', { name: '图表', values: [], kind: 'chart' }, 'sheet-skipped', '工作表未识别出报表（图表工作表），已跳过'],
  ])('skips %s with one info line', (_label, s, code, message) => {
    const reading = readTownshipSheet(s, DEFS, zh);
    expect(reading.facilities).toEqual([]);
    expect(reading.issues).toEqual([expect.objectContaining({ severity: 'info', code, sheet: s.name, message })]);
  });

  it('applies the user correction of a column', () => {
    const s = sheetOf('石门乡', [['机构名称', '患者总数'], ['东村', 3]]);
    expect(readTownshipSheet(s, DEFS, zh).layout.skipReason).toBe('no-indicator');
    const corrected = readTownshipSheet(s, DEFS, { lang: 'zh-CN', override: { sheet: '石门乡', columnIndicators: { B: 'HTN' } } });
    expect(corrected.facilities[0].values).toEqual({ HTN: 3 });
    expect(corrected.layout.overridden).toBe(true);
  });

  it('reads a big clean sheet: every facility, every value', () => {
    const rows: CellValue[][] = [['序号', '机构名称', '高血压患者数', '高血压规范管理人数', '高血压患者规范管理率']];
    for (let i = 1; i <= 500; i++) rows.push([i, `村卫生室${i}`, i * 2, i, 50]);
    const reading = readTownshipSheet(sheetOf('石门乡', rows), DEFS, zh);
    expect(reading.facilities).toHaveLength(500);
    expect(reading.facilities.reduce((s, f) => s + f.values.HTN, 0)).toBe(500 * 501);
    expect(reading.issues.map((i) => i.code)).toEqual(['sheet-read']);
  });
});
