import { analyzeSheet, detectLayout } from '../../src/engine/layout';
import type { CellValue, CompiledIndicator, Definitions, MergedArea, SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

type Row = (CellValue | undefined)[];

function indicator(
  code: string,
  name: string,
  unit: string,
  kind: 'count' | 'rate' = 'count',
  aliases: string[] = [],
): CompiledIndicator {
  return {
    code,
    name,
    aliases,
    unit,
    kind,
    numerator: null,
    denominator: null,
    factor: kind === 'rate' ? 100 : 1,
    target: null,
    direction: '>=',
    min: 0,
    max: kind === 'rate' ? 100 : null,
    numeratorExpr: null,
    denominatorExpr: null,
  };
}

const DEFS: Definitions = {
  indicators: [
    indicator('HTN', '高血压患者数', '人', 'count', ['高血压患者人数']),
    indicator('HTN_STD', '高血压规范管理人数', '人'),
    indicator('HTN_RATE', '高血压患者规范管理率', '%', 'rate', ['高血压规范管理率']),
    indicator('MAT', '孕产妇系统管理人数', '人'),
    indicator('CHILD_RATE', '0-6岁儿童健康管理率', '%', 'rate'),
    indicator('FUND', '项目经费', '万元'),
    indicator('HH', '签约户数', '户'),
  ],
  rules: [],
  townshipTargets: {},
  source: 'definitions-file',
  sheets: [],
};

const m = (top: number, left: number, bottom: number, right: number): MergedArea => ({ top, left, bottom, right });

/** What Office.js delivers for the same sheet: null everywhere inside a merged area but its top-left cell. */
function officeJs(sheet: SheetInput): SheetInput {
  const values = sheet.values.map((row) => row.slice());
  for (const a of sheet.merges ?? []) {
    for (let r = a.top; r <= a.bottom; r++) {
      for (let c = a.left; c <= a.right; c++) if (r !== a.top || c !== a.left) values[r][c] = null;
    }
  }
  return { ...sheet, values };
}

const reasons = (s: SheetInput) =>
  detectLayout(s, DEFS).excludedRows.map((e) => [e.row, e.reason] as [number, string]);
const facilityRows = (s: SheetInput) =>
  analyzeSheet(s, DEFS)
    .rows.filter((r) => r.kind === 'facility')
    .map((r) => r.row);

describe('detectLayout: header', () => {
  it('finds a one-row header on the first row and matches columns by name, code and alias', () => {
    const s = sheetOf('石门乡', [
      ['序号', '机构名称', '高血压患者人数', 'HTN_STD', '高血压患者规范管理率', '备注'],
      [1, '石门乡卫生院', 120, 80, 66.67, ''],
      [2, '东村卫生室', 30, 20, 66.67, null],
    ]);
    const layout = detectLayout(s, DEFS);
    expect(layout.status).toBe('table');
    expect(layout.headerRows).toEqual({ first: 0, last: 0 });
    expect(layout.serialColumn).toBe(0);
    expect(layout.facilityColumn).toBe(1);
    expect(layout.townshipColumn).toBeNull();
    expect(layout.columns).toEqual([
      { column: 2, letter: 'C', header: '高血压患者人数', indicator: 'HTN', matchedBy: 'alias' },
      { column: 3, letter: 'D', header: 'HTN_STD', indicator: 'HTN_STD', matchedBy: 'code' },
      { column: 4, letter: 'E', header: '高血压患者规范管理率', indicator: 'HTN_RATE', matchedBy: 'name' },
      { column: 5, letter: 'F', header: '备注', indicator: null, matchedBy: null },
    ]);
    expect([layout.firstDataRow, layout.lastDataRow, layout.facilityCount]).toEqual([1, 2, 2]);
    expect(layout.townships).toEqual(['石门乡']);
    expect(layout.overridden).toBe(false);
  });

  it('finds the header after title, 填报单位 and 截止日期 rows', () => {
    const s = sheetOf('石门乡', [
      ['2024年基本公共卫生服务项目进度表'],
      [],
      ['填报单位：石门乡卫生院', null, '截止日期：2024-06-30'],
      ['统计时间：2024年1-6月'],
      ['机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'],
      ['东村卫生室', 30, 20],
    ]);
    const layout = detectLayout(s, DEFS);
    expect(layout.headerRows).toEqual({ first: 4, last: 4 });
    expect(layout.columns.map((c) => c.indicator)).toEqual(['HTN', 'HTN_STD']);
    expect(layout.firstDataRow).toBe(5);
  });

  it('finds a header as low as the 20th row', () => {
    const rows: Row[] = [];
    for (let i = 0; i < 19; i++) rows.push([`说明第${i + 1}行`]);
    rows.push(['单位', '高血压患者数']);
    rows.push(['东村卫生室', 5]);
    expect(detectLayout(sheetOf('石门乡', rows), DEFS).headerRows).toEqual({ first: 19, last: 19 });
  });

  it.each([
    ['（人） full-width', '高血压患者数（人）', 'HTN'],
    ['(例) half-width', '高血压患者数(例)', 'HTN'],
    ['【万元】', '项目经费【万元】', 'FUND'],
    ['[户]', '签约户数[户]', 'HH'],
    ['a line break and spaces', '高血压\n患者数 （人）', 'HTN'],
    ['full-width letters in a code', 'ＨＴＮ＿ＳＴＤ', 'HTN_STD'],
  ])('matches a header with units in %s', (_label, header, code) => {
    const layout = detectLayout(sheetOf('石门乡', [['机构名称', header], ['东村卫生室', 1]]), DEFS);
    expect(layout.columns).toEqual([expect.objectContaining({ indicator: code })]);
  });

  // 序号 | 机构名称 | 孕产妇 (group)        | 0-6岁儿童 | 高血压患者数 (merged down)
  //      |          | 系统管理人数 | 其他   | 健康管理率 |
  const twoRowHeader = (): SheetInput =>
    sheetOf(
      '石门乡',
      [
        ['石门乡2024年报表', '石门乡2024年报表', '石门乡2024年报表', '石门乡2024年报表', '石门乡2024年报表', '石门乡2024年报表'],
        ['序号', '机构名称', '孕产妇', '孕产妇', '0-6岁儿童', '高血压患者数'],
        ['序号', '机构名称', '系统管理人数', '产后访视人数', '健康管理率', '高血压患者数'],
        [1, '东村卫生室', 12, 10, 93.5, 40],
        [2, '西村卫生室', 8, 8, 91, 35],
      ],
      { merges: [m(0, 0, 0, 5), m(1, 0, 2, 0), m(1, 1, 2, 1), m(1, 2, 1, 3), m(1, 5, 2, 5)] },
    );

  it('joins a merged group cell with each column under it, and reads a vertical merge once', () => {
    const layout = detectLayout(twoRowHeader(), DEFS);
    expect(layout.headerRows).toEqual({ first: 1, last: 2 });
    expect(layout.serialColumn).toBe(0);
    expect(layout.facilityColumn).toBe(1);
    expect(layout.columns).toEqual([
      { column: 2, letter: 'C', header: '孕产妇系统管理人数', indicator: 'MAT', matchedBy: 'name' },
      { column: 3, letter: 'D', header: '孕产妇产后访视人数', indicator: null, matchedBy: null },
      { column: 4, letter: 'E', header: '0-6岁儿童健康管理率', indicator: 'CHILD_RATE', matchedBy: 'name' },
      { column: 5, letter: 'F', header: '高血压患者数', indicator: 'HTN', matchedBy: 'name' },
    ]);
    expect(layout.firstDataRow).toBe(3);
  });

  it('reads the same two-row header from Office.js (nulls inside merges) as from ExcelJS (repeats)', () => {
    const excel = twoRowHeader();
    expect(detectLayout(officeJs(excel), DEFS)).toEqual(detectLayout(excel, DEFS));
  });

  it('reads a three-row header and falls back to the own text when the group is not part of the name', () => {
    const s = sheetOf(
      '石门乡',
      [
        ['机构名称', '慢病管理', '慢病管理', '慢病管理', '妇幼', '妇幼'],
        ['机构名称', '高血压', '高血压', '高血压', '孕产妇', '0-6岁儿童'],
        ['机构名称', '患者数', '规范管理人数', '高血压规范管理率', '系统管理人数', '健康管理率'],
        ['东村卫生室', 40, 30, 75, 3, 90],
      ],
      { merges: [m(0, 0, 2, 0), m(0, 1, 0, 3), m(0, 4, 0, 5), m(1, 1, 1, 3)] },
    );
    const layout = detectLayout(s, DEFS);
    expect(layout.headerRows).toEqual({ first: 0, last: 2 });
    expect(layout.facilityColumn).toBe(0);
    expect(layout.columns.map((c) => [c.letter, c.indicator, c.header])).toEqual([
      ['B', 'HTN', '高血压患者数'],
      ['C', 'HTN_STD', '高血压规范管理人数'],
      ['D', 'HTN_RATE', '高血压规范管理率'],
      ['E', 'MAT', '孕产妇系统管理人数'],
      ['F', 'CHILD_RATE', '0-6岁儿童健康管理率'],
    ]);
    expect(detectLayout(officeJs(s), DEFS)).toEqual(layout);
  });

  it.each([
    '机构名称',
    '单位名称',
    '机构',
    '单位',
    '医疗机构',
    '卫生室名称',
    '卫生院名称',
    '村卫生室',
    '名称',
    '单位名称（盖章）',
  ])('recognises the facility column headed %s even when it is not the first text column', (header) => {
    const s = sheetOf('石门乡', [
      ['负责人', header, '高血压患者数'],
      ['张三', '东村卫生室', 3],
    ]);
    expect(detectLayout(s, DEFS).facilityColumn).toBe(1);
  });

  it('takes the first text column that is not 序号 or 乡镇 when no column is named for facilities', () => {
    const s = sheetOf('石门乡', [
      ['序号', '乡镇', '村', '高血压患者数'],
      ['1', '石门乡', '东村', 3],
      ['2', '石门乡', '西村', 4],
    ]);
    const layout = detectLayout(s, DEFS);
    expect([layout.serialColumn, layout.townshipColumn, layout.facilityColumn]).toEqual([0, 1, 2]);
  });

  it.each(['乡镇', '乡镇（街道）', '街道', '乡镇名称', '所属乡镇'])('recognises the township column headed %s', (header) => {
    const s = sheetOf('Sheet1', [
      [header, '机构名称', '高血压患者数'],
      ['石门乡', '东村卫生室', 3],
    ]);
    const layout = detectLayout(s, DEFS);
    expect(layout.townshipColumn).toBe(0);
    expect(layout.townships).toEqual(['石门乡']);
  });
});

describe('detectLayout: rows', () => {
  const header: Row = ['序号', '机构名称', '高血压患者数', '高血压规范管理人数'];

  it.each<[string, Row[], number[], [number, string][]]>([
    [
      '合计 last in the name column',
      [header, [1, '东村', 3, 2], [2, '西村', 4, 3], [null, '合计', 7, 5]],
      [1, 2],
      [[3, 'total']],
    ],
    [
      '合计 first, in the 序号 column',
      [header, ['合计', null, 7, 5], [1, '东村', 3, 2], [2, '西村', 4, 3]],
      [2, 3],
      [[1, 'total']],
    ],
    ['"合 计" with a space', [header, [1, '东村', 3, 2], ['', '合 计', 3, 2]], [1], [[2, 'total']]],
    ['全乡合计', [header, [1, '东村', 3, 2], [null, '全乡合计', 3, 2]], [1], [[2, 'total']]],
    ['总计', [header, [1, '东村', 3, 2], [null, '总计', 3, 2]], [1], [[2, 'total']]],
    [
      'XX镇小计 then 合计',
      [header, [1, '东村', 3, 2], [null, '石门镇小计', 3, 2], [2, '西村', 4, 3], [null, '小计', 4, 3], [null, '合计', 7, 5]],
      [1, 3],
      [
        [2, 'total'],
        [4, 'total'],
        [5, 'total'],
      ],
    ],
    [
      '其中 breakdown rows under the total',
      [header, [1, '东村', 3, 2], [null, '合计', 3, 2], [null, '其中：村卫生室', 3, 2]],
      [1],
      [
        [2, 'total'],
        [3, 'breakdown'],
      ],
    ],
    [
      'blank rows in the middle of the table',
      [header, [1, '东村', 3, 2], [], [null, '  ', null, null], [2, '西村', 4, 3]],
      [1, 4],
      [
        [2, 'blank'],
        [3, 'blank'],
      ],
    ],
    [
      'sign-off and note rows after the table',
      [
        header,
        [1, '东村', 3, 2],
        ['填表人：张三', null, '审核人：李四'],
        ['单位负责人：王五'],
        [null, '联系电话：12345678'],
        ['填报日期：2024-07-05'],
        ['制表人：赵六'],
        ['注：1.本表按季度填报'],
        ['张三', '13800000000', null, null],
      ],
      [1],
      [
        [2, 'signoff'],
        [3, 'signoff'],
        [4, 'signoff'],
        [5, 'signoff'],
        [6, 'signoff'],
        [7, 'note'],
        [8, 'note'],
      ],
    ],
    ['备注 and 说明 rows', [header, [1, '东村', 3, 2], ['备注：无'], ['说明：数据来自系统']], [1], [[2, 'note'], [3, 'note']]],
    ['a column-number row "(1) (2) (3)"', [header, ['(1)', '(2)', '(3)', '(4)'], [1, '东村', 3, 2]], [2], [[1, 'column-numbers']]],
    ['a column-number row "甲 乙 1 2"', [header, ['甲', '乙', 1, 2], [1, '东村', 3, 2]], [2], [[1, 'column-numbers']]],
    ['a column-number row "1 2 3 4"', [header, [1, 2, 3, 4], [1, '东村', 3, 2]], [2], [[1, 'column-numbers']]],
    ['a template row with only its 序号', [header, [1, '东村', 3, 2], [2, null, null, null]], [1], [[2, 'blank']]],
  ])('%s', (_label, rows, facilities, excluded) => {
    const s = sheetOf('石门乡', rows);
    expect(facilityRows(s)).toEqual(facilities);
    expect(reasons(s)).toEqual(excluded);
  });

  it('reads a total merged across the 序号 and name columns the same from ExcelJS and Office.js', () => {
    const s = sheetOf('石门乡', [header, [1, '东村', 3, 2], [2, '西村', 4, 3], ['合计', '合计', 7, 5]], {
      merges: [m(3, 0, 3, 1)],
    });
    expect(facilityRows(s)).toEqual([1, 2]);
    expect(reasons(s)).toEqual([[3, 'total']]);
    expect(analyzeSheet(officeJs(s), DEFS).rows).toEqual(analyzeSheet(s, DEFS).rows);
  });

  it('says which facility rows each total covers', () => {
    const s = sheetOf('石门乡', [
      header,
      [null, '小计', 7, 5],
      [1, '东村', 3, 2],
      [2, '西村', 4, 3],
      [null, '小计', 1, 1],
      [3, '南村', 1, 1],
      [null, '合计', 8, 6],
    ]);
    const totals = analyzeSheet(s, DEFS).rows.filter((r) => r.kind === 'total');
    expect(totals.map((t) => [t.label, t.subtotal, t.covers])).toEqual([
      ['小计', true, [2, 3]],
      ['小计', true, [5]],
      ['合计', false, [2, 3, 5]],
    ]);
  });
});

describe('detectLayout: townships', () => {
  // 乡镇 merged over its villages and its 小计; a grand 总计 at the bottom.
  const list = (): SheetInput =>
    sheetOf(
      '汇总表',
      [
        ['乡镇', '机构名称', '高血压患者数'],
        ['石门乡', '东村', 3],
        ['石门乡', '西村', 4],
        ['石门乡', '小计', 7],
        ['城关镇', '南村', 5],
        ['城关镇', '合计', 5],
        ['总计', '总计', 12],
      ],
      { merges: [m(1, 0, 3, 0), m(4, 0, 5, 0), m(6, 0, 6, 1)] },
    );

  it('gives every row under a merged 乡镇 cell that township, the same from ExcelJS and Office.js', () => {
    const a = analyzeSheet(list(), DEFS);
    expect(a.layout.townships).toEqual(['石门乡', '城关镇']);
    expect(a.rows.map((r) => [r.row, r.kind, r.township, r.covers ?? null])).toEqual([
      [1, 'facility', '石门乡', null],
      [2, 'facility', '石门乡', null],
      [3, 'total', '石门乡', [1, 2]],
      [4, 'facility', '城关镇', null],
      [5, 'total', '城关镇', [4]],
      [6, 'total', '汇总表', [1, 2, 4]],
    ]);
    const office = analyzeSheet(officeJs(list()), DEFS);
    expect(office.layout).toEqual(a.layout);
    expect(office.rows).toEqual(a.rows);
  });

  it('carries a township down over blank 乡镇 cells when the merge itself is unknown', () => {
    const s = officeJs(list());
    delete s.merges;
    expect(analyzeSheet(s, DEFS).rows.filter((r) => r.kind === 'facility').map((r) => r.township)).toEqual([
      '石门乡',
      '石门乡',
      '城关镇',
    ]);
  });

  it('groups a sheet named for one township by its 乡镇 column', () => {
    const s = sheetOf('石门乡', [
      ['乡镇', '机构名称', '高血压患者数'],
      ['石门乡', '东村', 3],
      ['城关镇', '南村', 5],
    ]);
    expect(detectLayout(s, DEFS).townships).toEqual(['石门乡', '城关镇']);
  });

  it.each<[string, string, string | undefined, Row[], string]>([
    ['a sheet named for its township', '石门乡', undefined, [], '石门乡'],
    ['Sheet1 with a 填报单位 line', 'Sheet1', 'x.xlsx', [['填报单位：石门乡卫生院']], '石门乡'],
    ['表1 with 填报单位 in its own cell', '表1', undefined, [['填报单位：', '城关镇社区卫生服务中心']], '城关镇'],
    ['工作表1 with 填报单位 beside a date', '工作表1', undefined, [['填报单位：黄河镇人民政府  截止日期：2024-06-30']], '黄河镇'],
    ['Sheet 2 with no 填报单位: the file name', 'Sheet 2', 'C:\\报表\\柳林乡.xlsx', [['2024年报表']], '柳林乡'],
  ])('names the township from %s', (_label, name, source, above, expected) => {
    const s = sheetOf(name, [...above, ['机构名称', '高血压患者数'], ['东村', 3]], source ? { source } : {});
    expect(detectLayout(s, DEFS).townships).toEqual([expected]);
  });
});

describe('detectLayout: corrections and skipped sheets', () => {
  const rows: Row[] = [
    ['表头一', '机构', '高血压患者数', '某某人数'],
    ['1', '东村', 3, 2],
  ];

  it('lets the user set the header rows, facility column and column indicators', () => {
    const s = sheetOf('石门乡', [['title'], ...rows]);
    const layout = detectLayout(s, DEFS, {
      sheet: '石门乡',
      headerRows: { first: 1, last: 1 },
      facilityColumn: 0,
      columnIndicators: { C: null, D: 'HTN_STD' },
    });
    expect(layout.overridden).toBe(true);
    expect(layout.headerRows).toEqual({ first: 1, last: 1 });
    expect(layout.facilityColumn).toBe(0);
    expect(layout.columns.filter((c) => c.indicator !== null).map((c) => [c.letter, c.indicator, c.matchedBy])).toEqual([
      ['D', 'HTN_STD', 'override'],
    ]);
    expect(layout.columns.find((c) => c.letter === 'C')).toEqual(
      expect.objectContaining({ indicator: null, matchedBy: 'override' }),
    );
  });

  it('moves an indicator to the column the user names, away from the detected one', () => {
    const layout = detectLayout(sheetOf('石门乡', rows), DEFS, { sheet: '石门乡', columnIndicators: { D: 'HTN' } });
    expect(layout.columns.filter((c) => c.indicator === 'HTN').map((c) => c.letter)).toEqual(['D']);
  });

  it.each<[string, SheetInput, string]>([
    ['a chart sheet', { name: '图表1', values: [], kind: 'chart' }, 'chart'],
    ['a hidden sheet', sheetOf('石门乡', rows, { hidden: true }), 'hidden'],
    ['an empty sheet', sheetOf('Sheet3', [[], [null, '  ']]), 'empty'],
    ['a sheet with no values at all', { name: 'x', values: [] }, 'empty'],
    [
      'a 填报说明 sheet',
      sheetOf('填报说明', [['填报说明'], ['1. 高血压患者数指辖区内登记管理的患者'], ['2. 请于每月5日前报送']]),
      'no-table',
    ],
    ['a header with indicators but no facility column', sheetOf('x', [['高血压患者数', '签约户数'], [3, 4]]), 'no-table'],
  ])('skips %s', (_label, s, reason) => {
    const layout = detectLayout(s, DEFS);
    expect(layout.status).toBe('skipped');
    expect(layout.skipReason).toBe(reason);
    expect(layout.hidden).toBe(reason === 'hidden');
  });
});
