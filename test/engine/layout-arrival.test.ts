// Township sheets as they really arrive (issue 4, acceptance findings): 本月/累计 sub-columns, period
// words around headers, units rows, 其中 in headers, English totals and sign-offs, 以下空白, chart data,
// sheet names with a period or a numbering, and a second table stacked under the first.
import { builtInDefinitions } from '../../src/engine/catalog';
import { analyzeSheet } from '../../src/engine/layout';
import { headerKey, headerPeriod, periodWord } from '../../src/engine/normalize';
import type { CellValue, MergedArea, SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

const DEFS = builtInDefinitions();
const m = (top: number, left: number, bottom: number, right: number): MergedArea => ({ top, left, bottom, right });

/** Column letter → indicator, for the columns that have one. */
function indicators(sheet: SheetInput): Record<string, string> {
  const out: Record<string, string> = {};
  for (const c of analyzeSheet(sheet, DEFS).layout.columns) if (c.indicator !== null) out[c.letter] = c.indicator;
  return out;
}

/** Office.js shape: null inside merged areas but the top-left cell. */
function officeJs(sheet: SheetInput): SheetInput {
  const values = sheet.values.map((row) => row.slice());
  for (const a of sheet.merges ?? []) {
    for (let r = a.top; r <= a.bottom; r++) {
      for (let c = a.left; c <= a.right; c++) if ((r !== a.top || c !== a.left) && c < values[r].length) values[r][c] = null;
    }
  }
  return { ...sheet, values };
}

describe('period words in headers', () => {
  it('knows the year to date, one month and other periods', () => {
    for (const w of ['累计', '本年累计', '年累计', '累计数', '1-11月', '1—11月', '2024年1-11月', '截至11月底', '年初至今', '本年']) {
      expect([w, periodWord(headerKey(w))]).toEqual([w, 'to-date']);
    }
    for (const w of ['本月', '当月', '本期', '11月', '本季度']) expect([w, periodWord(headerKey(w))]).toEqual([w, 'month']);
    for (const w of ['上年同期', '去年同期', '同比', '上月']) expect([w, periodWord(headerKey(w))]).toEqual([w, 'other']);
    for (const w of ['人', '%', '万元', '高血压患者数', '']) expect([w, periodWord(headerKey(w))]).toEqual([w, null]);
  });

  it('takes period prefixes, suffixes and brackets off a header key, units between them too', () => {
    const p = (t: string) => headerPeriod(headerKey(t));
    expect(p('1-11月高血压患者数（人）')).toEqual({ key: '高血压患者数', period: 'to-date' });
    expect(p('1—11月高血压患者数')).toEqual({ key: '高血压患者数', period: 'to-date' });
    expect(p('截至11月底居民健康档案建档数')).toEqual({ key: '居民健康档案建档数', period: 'to-date' });
    expect(p('本年累计高血压规范管理人数')).toEqual({ key: '高血压规范管理人数', period: 'to-date' });
    expect(p('年初至今2型糖尿病患者数')).toEqual({ key: '2型糖尿病患者数', period: 'to-date' });
    expect(p('高血压患者数（人）累计')).toEqual({ key: '高血压患者数', period: 'to-date' });
    expect(p('高血压患者数（人）本月')).toEqual({ key: '高血压患者数', period: 'month' });
    expect(p('高血压患者数（本月）（人）')).toEqual({ key: '高血压患者数', period: 'month' });
    expect(p('高血压患者数上年同期')).toEqual({ key: '高血压患者数', period: 'other' });
    expect(p('高血压患者数（人）')).toBeNull();
    expect(p('累计')).toBeNull();
  });

  it('keeps a bracketed period in the header key (it is not a unit) and still drops units', () => {
    expect(headerKey('高血压患者数（本月）')).toBe('高血压患者数(本月)');
    expect(headerKey('高血压患者数（累计）（人）')).toBe('高血压患者数(累计)');
    expect(headerKey('建档率（%）')).toBe('建档率');
  });
});

describe('本月 | 累计 under a merged indicator header', () => {
  const rows: CellValue[][] = [
    ['机构名称', '高血压患者数（人）', '高血压患者数（人）', '高血压规范管理人数（人）', '高血压规范管理人数（人）'],
    ['机构名称', '本月', '累计', '当月', '本年累计'],
    ['累计镇卫生院', 10, 300, 8, 200],
    ['累计镇甲村卫生室', 2, 50, 1, 30],
  ];
  const sheet = sheetOf('累计镇', rows, { merges: [m(0, 0, 1, 0), m(0, 1, 0, 2), m(0, 3, 0, 4)] });

  it('takes both rows as the header and reads the 累计 columns, listing the 本月 ones as not read', () => {
    for (const s of [sheet, officeJs(sheet)]) {
      const a = analyzeSheet(s, DEFS);
      expect(a.layout.headerRows).toEqual({ first: 0, last: 1 });
      expect(a.layout.facilityColumn).toBe(0);
      expect(indicators(s)).toEqual({ C: 'HTN', E: 'HTN_STD' });
      const unmatched = a.layout.columns.filter((c) => c.indicator === null);
      expect(unmatched.map((c) => [c.letter, c.header])).toEqual([
        ['B', '高血压患者数（人）本月'],
        ['D', '高血压规范管理人数（人）当月'],
      ]);
      expect(a.rows.map((r) => r.name)).toEqual(['累计镇卫生院', '累计镇甲村卫生室']);
    }
  });

  it('reads nothing of a sheet holding only 本月 columns, and says it found a table with no indicator', () => {
    const s = sheetOf('本月镇', [
      ['机构名称', '高血压患者数（人）'],
      [null, '本月'],
      ['本月镇卫生院', 10],
    ]);
    const a = analyzeSheet(s, DEFS);
    expect(a.layout.status).toBe('skipped');
    expect(a.layout.skipReason).toBe('no-indicator');
  });
});

describe('period prefixes in one-row headers', () => {
  it('matches 1-11月…, 截至11月底…, 本年累计…, 1—11月…, 年初至今… to their indicators', () => {
    const s = sheetOf('期间镇', [
      ['机构名称', '1-11月高血压患者数（人）', '本年累计高血压规范管理人数（人）', '截至11月底居民健康档案建档数', '1—11月2型糖尿病患者数', '年初至今2型糖尿病规范管理人数'],
      ['期间镇卫生院', 300, 200, 5000, 90, 60],
    ]);
    expect(indicators(s)).toEqual({ B: 'HTN', C: 'HTN_STD', D: 'REC', E: 'DM', F: 'DM_STD' });
  });

  it('does not read a column of one month or of last year as the indicator', () => {
    const s = sheetOf('期间镇', [
      ['机构名称', '本月高血压患者数', '高血压患者数上年同期', '1-11月高血压患者数'],
      ['期间镇卫生院', 10, 280, 300],
    ]);
    expect(indicators(s)).toEqual({ D: 'HTN' });
  });

  it('skips a sheet with a facility column and headers but no indicator as no-indicator, a notes sheet as no-table', () => {
    const roster = sheetOf('人员', [['机构名称', '姓名', '职称'], ['河东镇卫生院', '张三', '主治医师']]);
    expect(analyzeSheet(roster, DEFS).layout.skipReason).toBe('no-indicator');
    const notes = sheetOf('说明', [['填报说明'], ['1. 数据截至每月最后一天。']]);
    expect(analyzeSheet(notes, DEFS).layout.skipReason).toBe('no-table');
  });
});

describe('其中 in a header part', () => {
  it('joins 高血压 over 其中：规范管理人数 as 高血压规范管理人数', () => {
    const s = sheetOf(
      '平安镇',
      [
        ['序号', '机构名称', '高血压', null, null, '2型糖尿病', null],
        [null, null, '患者数（人）', '其中：规范管理人数（人）', '规范管理率（%）', '患者数（人）', '其中规范管理人数（人）'],
        [1, '平安镇卫生院', 400, 300, 75, 100, 70],
      ],
      { merges: [m(0, 0, 1, 0), m(0, 1, 1, 1), m(0, 2, 0, 4), m(0, 5, 0, 6)] },
    );
    expect(indicators(s)).toEqual({ C: 'HTN', D: 'HTN_STD', E: 'HTN_RATE', F: 'DM', G: 'DM_STD' });
    const d = analyzeSheet(s, DEFS).layout.columns.find((c) => c.letter === 'D');
    expect(d?.header).toBe('高血压规范管理人数（人）');
  });
});

describe('a units row under the header', () => {
  it.each([
    ['bracketed', ['（人）', '（人）', '（%）']],
    ['bare', ['人', '人', '%']],
  ])('is part of the header (%s units)', (_kind, units) => {
    const s = sheetOf('单位行镇', [
      ['机构名称', '高血压患者数', '高血压规范管理人数', '高血压患者规范管理率'],
      [null, ...units],
      [null, 1, 2, 3],
      ['单位行镇卫生院', 300, 200, 66.67],
      ['单位行镇甲村卫生室', 50, 30, 60],
    ]);
    const a = analyzeSheet(s, DEFS);
    expect(a.layout.headerRows).toEqual({ first: 0, last: 1 });
    expect(indicators(s)).toEqual({ B: 'HTN', C: 'HTN_STD', D: 'HTN_RATE' });
    expect(a.layout.excludedRows).toEqual([{ row: 2, reason: 'column-numbers', label: '1' }]);
    expect(a.rows.map((r) => r.row)).toEqual([3, 4]);
  });
});

describe('English total, sign-off and note rows', () => {
  it('are never facilities or townships', () => {
    const s = sheetOf(
      'Report',
      [
        ['Township', 'No.', 'Facility name', 'HTN (persons)', 'HTN_STD (persons)'],
        ['Riverside', 1, 'Riverside Health Center', 500, 300],
        ['Riverside', 2, 'Riverside Village Clinic', 100, 70],
        ['Riverside', null, 'Subtotal', 600, 370],
        ['Hillside', 1, 'Hillside Health Center', 400, 200],
        ['Hillside', null, 'Sub-total', 400, 200],
        ['Grand total', null, null, 1000, 570],
        ['Total', null, null, 1000, 570],
        ['Sum', null, null, 1000, 570],
        ['Prepared by: Li', null, null, 'Checked by: Wang'],
        ['Reviewed by Zhao'],
        ['Approved by'],
        ['Contact: Li, Tel 0371-6234567'],
        ['Tel: 0371-6234567'],
        ['Date: 2024-12-01'],
        ['Note: figures to 30 November.'],
      ],
      { merges: [m(6, 0, 6, 2), m(7, 0, 7, 2)] },
    );
    const a = analyzeSheet(s, DEFS);
    expect(a.rows.filter((r) => r.kind === 'facility').map((r) => r.name)).toEqual([
      'Riverside Health Center',
      'Riverside Village Clinic',
      'Hillside Health Center',
    ]);
    expect(a.layout.townships).toEqual(['Riverside', 'Hillside']);
    const reasons = a.layout.excludedRows.map((x) => [x.row + 1, x.reason]);
    expect(reasons).toEqual([
      [4, 'total'], [6, 'total'], [7, 'total'], [8, 'total'], [9, 'total'],
      [10, 'signoff'], [11, 'signoff'], [12, 'signoff'], [13, 'signoff'], [14, 'signoff'], [15, 'signoff'], [16, 'note'],
    ]);
    const totals = a.rows.filter((r) => r.kind === 'total');
    expect(totals.map((t) => [t.label, t.subtotal])).toEqual([
      ['Subtotal', true], ['Sub-total', true], ['Grand total', false], ['Total', false], ['Sum', false],
    ]);
  });

  it('leaves facilities whose names only begin like those words', () => {
    const s = sheetOf('Report', [
      ['Facility name', 'HTN'],
      ['Summit Clinic', 1],
      ['Totalville Health Center', 2],
      ['Datong Clinic', 3],
      ['Telford Clinic', 4],
      ['Noteworthy Clinic', 5],
      ['Contactville Clinic', 6],
    ]);
    expect(analyzeSheet(s, DEFS).rows.map((r) => r.kind)).toEqual(Array(6).fill('facility'));
  });
});

describe('以下空白 rows', () => {
  it.each(['以下空白', '以下无数据', '空白'])('%s is a note, not a facility', (label) => {
    const s = sheetOf('河东镇', [
      ['序号', '机构名称', '高血压患者数'],
      [1, '河东镇卫生院', 300],
      [label, label, null],
      [null, '填表人：张三'],
    ], { merges: [m(2, 0, 2, 1)] });
    const a = analyzeSheet(s, DEFS);
    expect(a.rows.map((r) => r.name)).toEqual(['河东镇卫生院']);
    expect(a.layout.excludedRows.map((x) => [x.row, x.reason, x.label])).toEqual([
      [2, 'note', label],
      [3, 'signoff', '填表人：张三'],
    ]);
  });
});

describe('a chart data sheet', () => {
  it('never takes a 月份/日期/年份 column as the facility column, and skips the sheet', () => {
    for (const head of ['月份', '日期', '年份', '季度', '月']) {
      const s = sheetOf('图表数据', [
        [head, '高血压患者规范管理率（%）', '2型糖尿病患者规范管理率（%）'],
        ['1月', 60.2, 58],
        ['2月', 61, 59.5],
      ]);
      const a = analyzeSheet(s, DEFS);
      expect([head, a.layout.status, a.layout.skipReason]).toEqual([head, 'skipped', 'no-table']);
    }
  });

  it('does not list a guessed facility column among the unmatched columns', () => {
    const s = sheetOf('河东镇', [
      ['服务点', '高血压患者数', '备注'],
      ['河东镇新村卫生室', 60, null],
      ['河东镇北村卫生室', 80, '新建'],
    ]);
    const a = analyzeSheet(s, DEFS).layout;
    expect(a.facilityColumn).toBe(0);
    expect(a.columns.map((c) => [c.letter, c.header, c.indicator])).toEqual([
      ['B', '高血压患者数', 'HTN'],
      ['C', '备注', null],
    ]);
  });
});

describe('sheet names with a period or a numbering', () => {
  const township = (name: string) =>
    analyzeSheet(sheetOf(name, [['机构名称', '高血压患者数'], ['新村卫生室', 60]]), DEFS).rows[0].township;

  it.each([
    ['河东镇（11月）', '河东镇'],
    ['河东镇(2024年11月)', '河东镇'],
    ['河东镇（1-11月）', '河东镇'],
    ['河东镇（11月） (2)', '河东镇'],
    ['1.河西乡', '河西乡'],
    ['01-河西乡', '河西乡'],
    ['1、河西乡', '河西乡'],
    ['河西乡11月', '河西乡'],
    ['河西乡2024年11月', '河西乡'],
    ['2024年11月河西乡', '河西乡'],
    ['石门乡 (2)', '石门乡'],
    ['河东镇（东片）', '河东镇(东片)'],
    ['城关镇', '城关镇'],
  ])('%s → %s', (name, want) => {
    expect(township(name)).toBe(want);
  });

  it('falls back to the 填报单位 line for a sheet named only for its month', () => {
    const s = sheetOf('11月', [['填报单位：河东镇卫生院'], ['机构名称', '高血压患者数'], ['新村卫生室', 60]]);
    expect(analyzeSheet(s, DEFS).rows[0].township).toBe('河东镇');
  });
});

describe('two tables stacked on one sheet', () => {
  const rows: CellValue[][] = [
    ['表1 高血压管理情况'],
    ['机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'],
    ['两表乡卫生院', 300, 200],
    ['两表乡甲村卫生室', 50, 30],
    [],
    ['表2 糖尿病管理情况'],
    ['机构名称', '2型糖尿病患者数（人）', '2型糖尿病规范管理人数（人）'],
    ['两表乡卫生院', 100, 70],
    ['两表乡甲村卫生室', 20, 12],
  ];

  it('reads the first table only and says where the second starts', () => {
    const a = analyzeSheet(sheetOf('两表乡', rows), DEFS);
    expect(a.layout.headerRows).toEqual({ first: 1, last: 1 });
    expect(a.rows.map((r) => [r.row, r.name])).toEqual([
      [2, '两表乡卫生院'],
      [3, '两表乡甲村卫生室'],
    ]);
    expect(a.layout.lastDataRow).toBe(3);
    expect(a.otherTable).toEqual({ row: 5, headerRow: 6, header: '机构名称' });
    expect(a.layout.excludedRows.map((x) => x.row)).toEqual([4]);
  });

  it('stops at a header row even with no title above it, and not at a data row holding text', () => {
    const a = analyzeSheet(sheetOf('两表乡', [rows[1], rows[2], ['两表乡乙村卫生室', 'XX', 5], rows[6], rows[7]]), DEFS);
    expect(a.rows.map((r) => r.row)).toEqual([1, 2]);
    expect(a.otherTable).toEqual({ row: 3, headerRow: 3, header: '机构名称' });
    expect(analyzeSheet(sheetOf('两表乡', rows.slice(0, 4)), DEFS).otherTable).toBeNull();
  });
});

describe('a bare unit under a group header', () => {
  it('still joins when the two words together name the indicator', () => {
    const defs = builtInDefinitions();
    const named = { ...defs, indicators: [...defs.indicators, { ...defs.indicators[0], code: 'OPD', name: '门诊人次', aliases: [] }] };
    const s = sheetOf('河东镇', [
      ['机构名称', '门诊', '高血压患者数'],
      [null, '人次', '人'],
      ['河东镇卫生院', 1200, 300],
    ]);
    const cols = analyzeSheet(s, named).layout.columns.map((c) => [c.letter, c.indicator, c.header]);
    expect(cols).toEqual([
      ['B', 'OPD', '门诊人次'],
      ['C', 'HTN', '高血压患者数'],
    ]);
  });
});
