// The corpus of township workbooks as they really arrive (issue 4): titles over the header, merged
// two- and three-row headers, units in every bracket, totals anywhere, messy values, layouts across
// files, sheets that are not tables. Each case's expected results are written by hand next to it
// (test/fixtures/corpus/<case>.expected.json). Deterministic: the same bytes on every run.
// Run: npx tsx scripts/make-corpus.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';

export const CORPUS_DIR = join(__dirname, '..', 'test', 'fixtures', 'corpus');

/** Every file's zip entries and document properties carry this date, so the bytes never change. */
const FIXED_DATE = new Date(Date.UTC(2024, 6, 5, 9, 0, 0));

type Plain = null | number | string | boolean | Date;
/** A cell: a plain value, a formula with its cached result, an Excel error, or a value with a number format. */
type Cell =
  | Plain
  | { formula: string; result: number }
  | { error: '#DIV/0!' | '#N/A' | '#VALUE!' | '#REF!' }
  | { value: Plain | { formula: string; result: number }; numFmt: string };

interface SheetSpec {
  name: string;
  rows: Cell[][];
  /** A1 ranges, e.g. "A1:H1". */
  merges?: string[];
  hidden?: boolean;
  widths?: number[];
}

interface FileSpec {
  file: string;
  sheets: SheetSpec[];
}

const f = (formula: string, result: number): Cell => ({ formula, result });
const pct = (value: number): Cell => ({ value, numFmt: '0.00%' });
const blank = null;

// ---------------------------------------------------------------------------------------------------
// 01 — the header in row 5, after a title, 填报单位/截止日期 and 单位 lines; a 合计 row last, merged over
// 序号 and 机构名称, with SUM formulas that add up; sign-off and note rows after the table.
const headerAfterTitles: FileSpec = {
  file: '01-header-after-titles.xlsx',
  sheets: [
    {
      name: '城关镇',
      rows: [
        ['2024年上半年基本公共卫生服务项目进度统计表'],
        ['填报单位：城关镇卫生院', blank, blank, blank, blank, '截止日期：2024年6月30日'],
        ['单位：人、%'],
        [],
        [
          '序号', '机构名称', '高血压患者数（人）', '高血压规范管理人数（人）', '高血压患者规范管理率（%）',
          '2型糖尿病患者数(人)', '2型糖尿病规范管理人数(人)', '2型糖尿病患者规范管理率(%)',
        ],
        [1, '城关镇卫生院', 1200, 900, 75, 400, 300, 75],
        [2, '城关镇东街村卫生室', 150, 90, 60, 50, 30, 60],
        [3, '城关镇西街村卫生室', 100, 80, 80, 40, 32, 80],
        [4, '城关镇南关村卫生室', 50, 30, 60, 10, 9, 90],
        [
          '合计', blank, f('SUM(C6:C9)', 1500), f('SUM(D6:D9)', 1100), f('D10/C10*100', 1100 / 15),
          f('SUM(F6:F9)', 500), f('SUM(G6:G9)', 371), f('G10/F10*100', 74.2),
        ],
        [],
        ['填表人：王丽', blank, blank, '审核人：赵刚', blank, '负责人：刘建国'],
        ['联系电话：0371-6234567', blank, blank, '填报日期：2024年7月5日'],
        ['注：本表数据来源于基本公共卫生服务信息系统，截至6月30日。'],
      ],
      merges: ['A1:H1', 'A10:B10'],
      widths: [6, 22, 14, 14, 14, 14, 14, 14],
    },
  ],
};

// 02 — merged group headers: 孕产妇 / 0-6岁儿童 / 高血压 over their own texts, 常住人口数 merged down both
// header rows, a 甲 乙 1 2 … numbering row, and 合计 first in the 序号 column. A second sheet has a
// three-row header (慢性病管理 › 高血压 › 患者数), a (1) (2) … row and 总计 last in the name column.
const mergedHeaders: FileSpec = {
  file: '02-merged-headers.xlsx',
  sheets: [
    {
      name: '青山镇',
      rows: [
        ['青山镇2024年1-6月妇幼及慢病管理情况'],
        ['填报单位（盖章）：青山镇中心卫生院', blank, blank, blank, blank, blank, '截止日期：2024-06-30'],
        ['序号', '单位名称', '常住人口数（人）', '孕产妇', blank, '0-6岁儿童', blank, '高血压', blank],
        [blank, blank, blank, '活产数（人）', '系统管理人数（人）', '人数（人）', '健康管理人数（人）', '患者数（人）', '规范管理人数（人）'],
        ['甲', '乙', 1, 2, 3, 4, 5, 6, 7],
        [
          '合计', blank, f('SUM(C7:C10)', 21000), f('SUM(D7:D10)', 144), f('SUM(E7:E10)', 132),
          f('SUM(F7:F10)', 950), f('SUM(G7:G10)', 838), f('SUM(H7:H10)', 1200), f('SUM(I7:I10)', 780),
        ],
        [1, '青山镇中心卫生院', 15000, 120, 110, 800, 720, 900, 620],
        [2, '青山镇石桥村卫生室', 2200, 10, 9, 60, 50, 120, 70],
        [3, '青山镇河湾村卫生室', 1800, 8, 8, 40, 38, 80, 50],
        [4, '青山镇松林村卫生室', 2000, 6, 5, 50, 30, 100, 40],
        [],
        ['填表人：孙敏', blank, blank, '审核人：周涛'],
      ],
      merges: ['A1:I1', 'A3:A4', 'B3:B4', 'C3:C4', 'D3:E3', 'F3:G3', 'H3:I3'],
      widths: [6, 22, 12, 12, 12, 12, 12, 12, 12],
    },
    {
      name: '白沙镇',
      rows: [
        ['白沙镇慢性病患者健康管理月报（2024年6月）'],
        ['填报单位：白沙镇卫生院'],
        ['序号', '机构名称', '慢性病管理', blank, blank, blank],
        [blank, blank, '高血压', blank, '2型糖尿病', blank],
        [blank, blank, '患者数(人)', '规范管理人数(人)', '患者数(人)', '规范管理人数(人)'],
        ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)'],
        [1, '白沙镇卫生院', 700, 500, 260, 200],
        [2, '白沙镇东湖村卫生室', 90, 60, 30, 20],
        [3, '白沙镇渡口村卫生室', 60, 42, 20, 12],
        [blank, '总计', f('SUM(C7:C9)', 850), f('SUM(D7:D9)', 602), f('SUM(E7:E9)', 310), f('SUM(F7:F9)', 232)],
        ['审核人：郑伟', blank, '填报日期：2024年7月3日'],
      ],
      merges: ['A1:F1', 'A3:A5', 'B3:B5', 'C3:F3', 'C4:D4', 'E4:F4'],
      widths: [6, 22, 12, 14, 12, 14],
    },
  ],
};

// 03 — units in every bracket style and the facility column under 医疗机构 / 卫生室名称; a blank cell
// stays missing and a column left wholly blank is missing, not 0; two columns that are no indicator (辖区户数, 备注) are listed, not read.
const unitsAndFacilityHeaders: FileSpec = {
  file: '03-units-and-facility-headers.xlsx',
  sheets: [
    {
      name: '柳河乡',
      rows: [
        [
          '序号', '医疗机构', '白内障复明手术例数(例)', '医疗总费用【万元】', '药品费用【万元】', '检查费用（万元）',
          '常住人口数（人）', '家庭医生签约人数[户]', '家庭医生签约率(%)', '辖区户数[户]', '备注',
        ],
        [1, '柳河乡卫生院', 12, 356.8, 120.5, 60.2, 18000, 6500, 36.11, 5400, '含分院'],
        [2, '柳河乡杨庄村卫生室', 0, 12.3, 6.1, 1.2, 2400, 900, 37.5, 700, blank],
        [3, '柳河乡李寨村卫生室', blank, 8.6, 4.4, 0.9, 1600, 480, 30, 460, '新任村医'],
      ],
      widths: [6, 22, 14, 14, 14, 14, 14, 14, 14, 12, 12],
    },
    {
      name: '龙泉乡',
      rows: [
        ['卫生室名称', '白内障复明手术例数（例）', '医疗总费用【万元】', '检查费用【万元】'],
        ['龙泉乡卫生院', 8, 210.4, blank],
        ['龙泉乡高庄村卫生室', blank, 9.6, blank],
        ['龙泉乡前营村卫生室', 1, 7, blank],
      ],
      widths: [22, 14, 14, 14],
    },
  ],
};

// 04 — one list sheet holding three townships: 乡镇 merged over its rows, a 小计 per township (one of
// them is left out), 总计 last merged over 乡镇/序号/机构名称.
const listManyTownships: FileSpec = {
  file: '04-list-many-townships.xlsx',
  sheets: [
    {
      name: '各乡镇上报',
      rows: [
        ['2024年上半年各乡镇老年人健康管理情况'],
        [
          '乡镇', '序号', '机构名称', '辖区常住人口数（人）', '65岁及以上老年人数（人）',
          '65岁及以上老年人健康管理人数（人）', '65岁及以上老年人健康管理率（%）',
        ],
        ['马坊乡', 1, '马坊乡卫生院', 15000, 1800, 1300, 72.22],
        [blank, 2, '马坊乡北村卫生室', 3000, 400, 240, 60],
        [blank, 3, '马坊乡南村卫生室', 2600, 300, 270, 90],
        [blank, blank, '小计', f('SUM(D3:D5)', 20600), f('SUM(E3:E5)', 2500), f('SUM(F3:F5)', 1810), f('F6/E6*100', 72.4)],
        ['石门乡', 1, '石门乡卫生院', 17000, 2000, 1500, 75],
        [blank, 2, '石门乡东岭村卫生室', 3800, 500, 300, 60],
        [blank, 3, '石门乡西岭村卫生室', 2100, 250, 200, 80],
        [blank, blank, '小计', f('SUM(D7:D9)', 22900), f('SUM(E7:E9)', 2750), f('SUM(F7:F9)', 2000), f('F10/E10*100', 8000 / 110)],
        ['新华街道', 1, '新华街道社区卫生服务中心', 26000, 3000, 2400, 80],
        [blank, 2, '新华街道东风社区卫生服务站', 5000, 600, 360, 60],
        [
          '总计', blank, blank, f('SUM(D3:D5,D7:D9,D11:D12)', 74500), f('SUM(E3:E5,E7:E9,E11:E12)', 8850),
          f('SUM(F3:F5,F7:F9,F11:F12)', 6570), f('F13/E13*100', (6570 / 8850) * 100),
        ],
        [],
        ['制表人：县卫健局基层卫生股', blank, blank, '制表日期：2024年7月8日'],
      ],
      merges: ['A1:G1', 'A3:A6', 'A7:A10', 'A11:A12', 'A13:C13'],
      widths: [12, 6, 26, 14, 14, 16, 16],
    },
  ],
};

// 05 — values as townships type them: separators, full-width digits and ％, a leading apostrophe,
// units typed in cells, placeholders, an error value, a boolean, a date, blanks, percent text and
// percent formats; a blank row in the middle. A second sheet mixes 0.95 and 96.5 in one % column.
const messyValues: FileSpec = {
  file: '05-messy-values.xlsx',
  sheets: [
    {
      name: '桃源镇',
      rows: [
        ['桃源镇2024年1-6月公共卫生服务报表'],
        [
          '序号', '机构名称', '常住人口数（人）', '居民健康档案建档数（人）', '居民健康档案建档率（%）',
          '白内障复明手术例数（例）', '增补叶酸人数（人）', '医疗总费用（万元）',
        ],
        [1, '桃源镇卫生院', '12,345', 11000, '89.11%', 10, '1 234', 512.5],
        [2, '桃源镇上河村卫生室', '１，２３４', "'1000", pct(0.8104), '3例', '104人', 20.5],
        [3, '桃源镇下河村卫生室', '1500', 1300, '86.67％', 'XX', '—', { error: '#DIV/0!' }],
        [4, '桃源镇王庄村卫生室', 1800, 1500, 83.33, '无', true, new Date(Date.UTC(2024, 5, 1))],
        [5, '桃源镇张湾村卫生室', 900, 810, 90, '/', '暂无', '×'],
        [],
        [6, '桃源镇柏树村卫生室', 1100, 990, 90, '-', 'X', blank],
        [7, '桃源镇石桥村卫生室', 1000, 950, 95, 2, 80, 18.2],
        [],
        ['填报人：陈红', blank, blank, '联系电话：13803710000'],
        ['注：“—”“无”表示本期无数据。'],
      ],
      merges: ['A1:H1'],
      widths: [6, 22, 14, 16, 16, 16, 14, 14],
    },
    {
      name: '东关街道',
      rows: [
        ['机构名称', '白内障复明手术例数（例）', '免疫规划疫苗接种率（%）'],
        ['东关街道社区卫生服务中心', 5, 96.5],
        ['东关街道和平社区卫生服务站', 0, 0.95],
        ['东关街道解放社区卫生服务站', 1, 97],
        ['东关街道胜利社区卫生服务站', 0, 0.92],
        ['东关街道建设社区卫生服务站', 0, 98.2],
      ],
      widths: [28, 16, 16],
    },
  ],
};

// 06 — 合计 first in the name column with one figure typed wrong, a 其中 breakdown row, a rate printed
// wrong against its own numerator and denominator, and a row pasted twice.
const totalsRatesDuplicates: FileSpec = {
  file: '06-totals-rates-duplicates.xlsx',
  sheets: [
    {
      name: '石门乡',
      rows: [
        ['石门乡高血压患者健康管理情况统计表'],
        ['填报单位：石门乡卫生院', blank, blank, blank, '截止日期：2024年6月30日'],
        ['序号', '机构名称', '高血压患者数（人）', '高血压规范管理人数（人）', '高血压患者规范管理率（%）', '高血压血压控制人数（人）'],
        [blank, '合计', 2750, f('D5+D7+D8+D9+D10', 1740), 63.27, f('F5+F7+F8+F9+F10', 1180)],
        [1, '石门乡卫生院', 1500, 1000, 66.67, 700],
        [blank, '其中：家庭医生团队管理', 800, 600, 75, 400],
        [2, '石门乡东岭村卫生室', 400, 240, 60, 150],
        [3, '石门乡西岭村卫生室', 300, 160, 35.33, 100],
        [4, '石门乡东岭村卫生室', 400, 240, 60, 150],
        [5, '石门乡南岭村卫生室', 200, 100, 50, 80],
        ['填表人：李娜', blank, '审核人：王强', blank, '填报日期：2024年7月4日'],
      ],
      merges: ['A1:F1'],
      widths: [6, 26, 14, 16, 16, 16],
    },
  ],
};

// 07 — one township (柏林镇) split over two files, and a generic "Sheet1" whose township is only in its
// 填报单位 line.
const splitA: FileSpec = {
  file: '07-split-township-a.xlsx',
  sheets: [
    {
      name: '柏林镇',
      rows: [
        ['机构名称', '常住人口数（人）', '0-6岁儿童数（人）', '0-6岁儿童健康管理人数（人）'],
        ['柏林镇卫生院', 16000, 1200, 1100],
        ['柏林镇前进村卫生室', 2500, 200, 170],
        ['柏林镇红旗村卫生室', 2000, 150, 120],
      ],
      widths: [22, 14, 14, 18],
    },
  ],
};
const splitB: FileSpec = {
  file: '07-split-township-b.xlsx',
  sheets: [
    {
      name: '柏林镇',
      rows: [
        ['机构名称', '常住人口数（人）', '0-6岁儿童数（人）', '0-6岁儿童健康管理人数（人）'],
        ['柏林镇光明村卫生室', 1800, 130, 100],
        ['柏林镇胜利村卫生室', 1700, 120, 84],
      ],
      widths: [22, 14, 14, 18],
    },
    {
      name: 'Sheet1',
      rows: [
        ['填报单位（盖章）：马坊乡卫生院'],
        ['截止日期：2024年6月30日'],
        ['机构名称', '常住人口数', '0-6岁儿童数', '0-6岁儿童健康管理人数'],
        ['马坊乡卫生院', 15000, 1000, 950],
        ['马坊乡北村卫生室', 3000, 210, 180],
      ],
      widths: [22, 14, 14, 18],
    },
  ],
};

// 08 — a sheet named for one township (城关镇) whose 乡镇（街道） column also lists 东关街道.
const sheetWithTownshipColumn: FileSpec = {
  file: '08-sheet-with-township-column.xlsx',
  sheets: [
    {
      name: '城关镇',
      rows: [
        ['城关镇卫生院代报：免疫规划疫苗接种情况'],
        ['乡镇（街道）', '机构名称', '免疫规划疫苗应种剂次（剂次）', '免疫规划疫苗实种剂次（剂次）', '免疫规划疫苗接种率（%）'],
        ['城关镇', '城关镇卫生院', 2000, 1960, 98],
        ['城关镇', '城关镇北关村卫生室', 300, 270, 90],
        ['东关街道', '东关街道社区卫生服务中心', 1500, 1380, 92],
        ['东关街道', '东关街道和平社区卫生服务站', 200, 150, 75],
      ],
      merges: ['A1:E1'],
      widths: [14, 26, 16, 16, 14],
    },
  ],
};

// 09 — sheets that are not tables: instructions, notes, an empty sheet, and a hidden sheet that does
// hold an old table (it must not be counted). One real data sheet.
const nonTableSheets: FileSpec = {
  file: '09-non-table-sheets.xlsx',
  sheets: [
    {
      name: '填报说明',
      rows: [
        ['填报说明'],
        ['1. 本表由各乡镇卫生院（社区卫生服务中心）汇总辖区村卫生室数据后填报。'],
        ['2. 数据截止日期为每月最后一天，次月5日前报送县卫健局基层卫生股。'],
        ['3. 比率类指标保留两位小数，人数类指标填写整数，无数据请留空，不要填“—”或“无”。'],
        ['联系人：县卫健局基层卫生股 张科长'],
      ],
      widths: [80],
    },
    {
      name: '新华街道',
      rows: [
        ['机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'],
        ['新华街道社区卫生服务中心', 2200, 1500],
        ['新华街道东风社区卫生服务站', 300, 210],
      ],
      widths: [28, 14, 16],
    },
    { name: '空表', rows: [] },
    {
      name: '备注',
      rows: [['备注：第二季度起新增家庭医生签约指标。'], ['如有疑问请致电 0371-6234500。']],
      widths: [60],
    },
    {
      name: '旧数据',
      hidden: true,
      rows: [
        ['机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'],
        ['新华街道社区卫生服务中心', 9999, 8888],
      ],
    },
  ],
};

// 10 — rates rolled up from summed numerators and denominators where the average of rates differs
// by far (a large and a tiny facility in each township).
const rateRollup: FileSpec = {
  file: '10-rate-rollup.xlsx',
  sheets: [
    {
      name: '红星乡',
      rows: [
        ['机构名称', '2型糖尿病患者数（人）', '2型糖尿病规范管理人数（人）', '2型糖尿病血糖控制人数（人）'],
        ['红星乡卫生院', 1000, 900, 500],
        ['红星乡小王庄村卫生室', 10, 1, 0],
      ],
      widths: [22, 16, 18, 18],
    },
    {
      name: '永安镇',
      rows: [
        ['机构名称', '2型糖尿病患者数（人）', '2型糖尿病规范管理人数（人）', '2型糖尿病血糖控制人数（人）'],
        ['永安镇卫生院', 50, 10, 5],
        ['永安镇刘庄村卫生室', 950, 855, 400],
      ],
      widths: [22, 16, 18, 18],
    },
  ],
};

// 11 — township sheets as they really arrive (acceptance findings): 本月 | 累计 under merged indicator
// headers, period words around headers (1-11月, 本年累计, 截至11月底), a sheet named with its month, 其中 in a
// header part under a group, a numbered sheet name, 以下空白 under the table, a units row under the header,
// an English sheet with Subtotal / Grand total / Prepared by / Tel / Date / Note rows, chart data by
// month, and a staff list with a facility column but no indicator.
const asTheyArrive: FileSpec = {
  file: '11-sheets-as-they-arrive.xlsx',
  sheets: [
    {
      name: '累计镇',
      rows: [
        ['累计镇2024年1-11月高血压患者管理情况'],
        ['机构名称', '高血压患者数（人）', blank, '高血压规范管理人数（人）', blank, '高血压患者规范管理率（%）'],
        [blank, '本月', '累计', '当月', '本年累计', '累计'],
        ['累计镇卫生院', 12, 400, 9, 300, 75],
        ['累计镇东村卫生室', 3, 100, 2, 60, 60],
        ['合计', f('SUM(B4:B5)', 15), f('SUM(C4:C5)', 500), f('SUM(D4:D5)', 11), f('SUM(E4:E5)', 360), f('E6/C6*100', 72)],
      ],
      merges: ['A1:F1', 'A2:A3', 'B2:C2', 'D2:E2'],
      widths: [20, 10, 10, 10, 10, 14],
    },
    {
      name: '期间镇（11月）',
      rows: [
        ['机构名称', '1-11月高血压患者数（人）', '本年累计高血压规范管理人数（人）', '截至11月底居民健康档案建档数', '常住人口数（人）'],
        ['期间镇卫生院', 300, 210, 5000, 6000],
        ['期间镇西村卫生室', 100, 70, 1500, 2000],
      ],
      widths: [20, 16, 20, 20, 12],
    },
    {
      name: '1.平安镇',
      rows: [
        ['序号', '机构名称', '高血压', blank, blank, '2型糖尿病', blank],
        [blank, blank, '患者数（人）', '其中：规范管理人数（人）', '规范管理率（%）', '患者数（人）', '其中：规范管理人数（人）'],
        [1, '平安镇卫生院', 400, 300, 75, 100, 70],
        [2, '平安镇一村卫生室', 100, 60, 60, 50, 30],
        ['以下空白'],
        ['填表人：李明', blank, blank, '填报日期：2024年12月2日'],
      ],
      merges: ['A1:A2', 'B1:B2', 'C1:E1', 'F1:G1', 'A5:G5'],
      widths: [6, 20, 12, 14, 12, 12, 14],
    },
    {
      name: '单位行镇',
      rows: [
        ['序号', '机构名称', '高血压患者数', '高血压规范管理人数', '高血压患者规范管理率'],
        [blank, '计量单位', '人', '人', '%'],
        ['甲', '乙', 1, 2, 3],
        [1, '单位行镇卫生院', 300, 210, 70],
        [2, '单位行镇北村卫生室', 50, 30, 60],
        ['合计', blank, f('SUM(C4:C5)', 350), f('SUM(D4:D5)', 240), f('D6/C6*100', 68.57)],
      ],
      merges: ['A6:B6'],
      widths: [6, 20, 12, 16, 18],
    },
    {
      name: 'Report',
      rows: [
        ['County public health report, January to November 2024'],
        ['Township', 'No.', 'Facility name', 'HTN (persons)', 'HTN_STD (persons)'],
        ['Riverside', 1, 'Riverside Health Center', 500, 300],
        [blank, 2, 'Riverside Village Clinic', 100, 70],
        [blank, blank, 'Subtotal', f('SUM(D3:D4)', 600), f('SUM(E3:E4)', 370)],
        ['Hillside', 1, 'Hillside Health Center', 400, 200],
        [blank, blank, 'Subtotal', f('SUM(D6)', 400), f('SUM(E6)', 200)],
        ['Grand total', blank, blank, f('D5+D7', 1000), f('E5+E7', 570)],
        ['Prepared by: Li', blank, blank, 'Checked by: Wang'],
        ['Tel: 0371-6234567', blank, blank, 'Date: 2024-12-01'],
        ['Note: figures to 30 November 2024.'],
      ],
      merges: ['A1:E1', 'A3:A5', 'A6:A7', 'A8:C8'],
      widths: [12, 6, 26, 14, 18],
    },
    {
      name: '图表数据',
      rows: [
        ['月份', '高血压患者规范管理率（%）', '2型糖尿病患者规范管理率（%）'],
        ['1月', 60.2, 58],
        ['2月', 61, 59.5],
        ['11月', 72, 66.7],
      ],
      widths: [8, 16, 16],
    },
    {
      name: '人员名单',
      rows: [
        ['序号', '机构名称', '姓名', '职务'],
        [1, '累计镇卫生院', '王芳', '公卫医生'],
        [2, '期间镇卫生院', '刘强', '公卫医生'],
      ],
      widths: [6, 20, 10, 10],
    },
  ],
};

export const CORPUS_FILES: FileSpec[] = [
  headerAfterTitles,
  mergedHeaders,
  unitsAndFacilityHeaders,
  listManyTownships,
  messyValues,
  totalsRatesDuplicates,
  splitA,
  splitB,
  sheetWithTownshipColumn,
  nonTableSheets,
  rateRollup,
  asTheyArrive,
];

function writeCell(cell: ExcelJS.Cell, spec: Cell): void {
  if (spec !== null && typeof spec === 'object' && !(spec instanceof Date) && 'numFmt' in spec) {
    cell.value = spec.value as ExcelJS.CellValue;
    cell.numFmt = spec.numFmt;
    return;
  }
  cell.value = spec as ExcelJS.CellValue;
  if (spec instanceof Date) cell.numFmt = 'yyyy-mm-dd';
}

/** One file's bytes: built with ExcelJS, then re-packed with fixed entry dates. */
export async function buildFile(spec: FileSpec): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '县卫健局基层卫生股';
  wb.lastModifiedBy = '县卫健局基层卫生股';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  for (const s of spec.sheets) {
    const ws = wb.addWorksheet(s.name, s.hidden ? { state: 'hidden' } : {});
    s.rows.forEach((row, r) => {
      row.forEach((value, c) => {
        if (value === null) return;
        writeCell(ws.getCell(r + 1, c + 1), value);
      });
    });
    for (const range of s.merges ?? []) ws.mergeCells(range);
    (s.widths ?? []).forEach((w, c) => {
      ws.getColumn(c + 1).width = w;
    });
  }
  const raw = Buffer.from(await wb.xlsx.writeBuffer());
  const zip = await JSZip.loadAsync(raw);
  const out = new JSZip();
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name];
    if (entry.dir) continue;
    out.file(name, await entry.async('nodebuffer'), { date: FIXED_DATE, createFolders: false });
  }
  return out.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', platform: 'UNIX' });
}

/** Every corpus file by name. */
export async function buildCorpus(): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const spec of CORPUS_FILES) files.set(spec.file, await buildFile(spec));
  return files;
}

async function main(): Promise<void> {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const files = await buildCorpus();
  for (const [name, bytes] of files) writeFileSync(join(CORPUS_DIR, name), bytes);
  console.log(`${files.size} workbooks written to ${CORPUS_DIR}`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
