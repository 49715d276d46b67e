import fc from 'fast-check';
import { columnLetter } from '../../src/engine/normalize';
import { readTownshipSheet } from '../../src/engine/reader';
import type { CellValue, CompiledIndicator, Definitions, MergedArea, SheetInput } from '../../src/engine/types';

function indicator(code: string, name: string, unit: string, kind: 'count' | 'rate', aliases: string[]): CompiledIndicator {
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
    max: kind === 'rate' ? 100 : 100000,
    numeratorExpr: null,
    denominatorExpr: null,
  };
}

const INDICATORS = [
  indicator('HTN', '高血压患者数', '人', 'count', ['高血压患者人数']),
  indicator('HTN_STD', '高血压规范管理人数', '人', 'count', []),
  indicator('HTN_RATE', '高血压患者规范管理率', '%', 'rate', ['高血压规范管理率']),
  indicator('DM', '2型糖尿病患者数', '例', 'count', ['糖尿病患者数']),
  indicator('FUND', '项目经费', '万元', 'count', []),
];
const DEFS: Definitions = { indicators: INDICATORS, rules: [], townshipTargets: {}, source: 'catalog', sheets: [] };

const cellValue: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.double({ noNaN: false }),
  fc.integer({ min: -1000, max: 100000 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('XX', '—', '无', ' ', '合计', '小计', '其中：', '填表人：', '注：', '序号', '机构名称', '乡镇', '高血压患者数', '93%', '１，２３４', "'12", '104人'),
  fc.boolean(),
  fc.date({ noInvalidDate: false }),
  fc.constantFrom<CellValue>({ error: '#DIV/0!' }, { error: '#N/A' }),
);

const merge: fc.Arbitrary<MergedArea> = fc
  .record({ top: fc.integer({ min: -2, max: 30 }), left: fc.integer({ min: -2, max: 12 }), h: fc.integer({ min: -1, max: 6 }), w: fc.integer({ min: -1, max: 6 }) })
  .map(({ top, left, h, w }) => ({ top, left, bottom: top + h, right: left + w }));

const anySheet: fc.Arbitrary<SheetInput> = fc.record({
  name: fc.oneof(fc.constantFrom('Sheet1', '石门乡', '表1', ''), fc.string({ maxLength: 8 })),
  source: fc.option(fc.constantFrom('a.xlsx', 'C:\\报表\\柳林乡.xlsx', ''), { nil: undefined }),
  values: fc.array(fc.array(cellValue, { maxLength: 10 }), { maxLength: 30 }),
  numberFormats: fc.option(fc.array(fc.array(fc.constantFrom<string | null>(null, 'General', '0.00%', 'yyyy-mm-dd', '[h]:mm', '"x"0'), { maxLength: 10 }), { maxLength: 30 }), { nil: undefined }),
  merges: fc.option(fc.array(merge, { maxLength: 6 }), { nil: undefined }),
  hidden: fc.option(fc.boolean(), { nil: undefined }),
  kind: fc.option(fc.constantFrom<'worksheet' | 'chart'>('worksheet', 'chart'), { nil: undefined }),
});

describe('readTownshipSheet on random input', () => {
  it('never throws, and every reading points at real cells', () => {
    fc.assert(
      fc.property(anySheet, fc.constantFrom<'zh-CN' | 'en'>('zh-CN', 'en'), (sheet, lang) => {
        const reading = readTownshipSheet(sheet, DEFS, { lang });
        for (const i of reading.issues) {
          expect(i.message.length).toBeGreaterThan(0);
          if (i.cell !== null) expect(i.cell).toMatch(/^[A-Z]+\d+$/);
        }
        for (const f of [...reading.facilities, ...reading.totals]) {
          for (const v of Object.values(f.values)) expect(Number.isFinite(v)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

// Structured sheets whose truth is known: which cells are numbers and which are not.
const goodValue = fc.oneof(
  fc.integer({ min: 0, max: 5000 }).map((n) => ({ cell: n as CellValue, value: n })),
  fc.integer({ min: 0, max: 5000 }).map((n) => ({ cell: String(n) as CellValue, value: n })),
  fc.integer({ min: 1000, max: 99999 }).map((n) => ({ cell: n.toLocaleString('en-US') as CellValue, value: n })),
  fc.integer({ min: 0, max: 99 }).map((n) => ({ cell: ` ${n} ` as CellValue, value: n })),
);
const badValue: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constantFrom<CellValue>('XX', 'x', '×', '—', '–', '-', '/', '无', '暂无', 'N/A', '未开展', 'abc', true, false),
  fc.constantFrom<CellValue>({ error: '#DIV/0!' }, { error: '#VALUE!' }),
  fc.date({ min: new Date(Date.UTC(2000, 0, 1)), max: new Date(Date.UTC(2030, 0, 1)), noInvalidDate: true }),
  // Text with no digit in it is never a number.
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }).filter((s) => s.trim() !== '' && !/[0-9０-９]/.test(s) && !/^\s*'\s*$/.test(s)),
);
type DataCell = { kind: 'good'; cell: CellValue; value: number } | { kind: 'bad'; cell: CellValue } | { kind: 'blank'; cell: CellValue };
const dataCell: fc.Arbitrary<DataCell> = fc.oneof(
  { weight: 5, arbitrary: goodValue.map((g) => ({ kind: 'good' as const, ...g })) },
  { weight: 3, arbitrary: badValue.map((cell) => ({ kind: 'bad' as const, cell })) },
  { weight: 1, arbitrary: fc.constantFrom<CellValue>(null, '', '  ').map((cell) => ({ kind: 'blank' as const, cell })) },
);
type Extra = 'blank' | 'total' | 'subtotal' | 'breakdown';
const tableRow = fc.oneof(
  { weight: 6, arbitrary: fc.array(dataCell, { minLength: 5, maxLength: 5 }).map((cells) => ({ kind: 'facility' as const, cells })) },
  { weight: 1, arbitrary: fc.constantFrom<Extra>('blank', 'total', 'subtotal', 'breakdown').map((kind) => ({ kind })) },
);
const HEADER_TEXTS: Record<string, string[]> = {
  HTN: ['高血压患者数（人）', 'HTN', '高血压患者人数', '高血压 患者数'],
  HTN_STD: ['高血压规范管理人数(人)', 'htn_std', '高血压规范管理人数【人】'],
  HTN_RATE: ['高血压患者规范管理率（%）', '高血压规范管理率', 'HTN_RATE'],
  DM: ['2型糖尿病患者数[例]', '糖尿病患者数', 'DM'],
  FUND: ['项目经费（万元）', '项目经费', 'FUND'],
};

const structured = fc.record({
  titleRows: fc.integer({ min: 0, max: 4 }),
  serial: fc.boolean(),
  facilityHeader: fc.constantFrom('机构名称', '单位名称', '医疗机构', '卫生室名称', '单位名称（盖章）'),
  headerPick: fc.array(fc.nat(3), { minLength: 5, maxLength: 5 }),
  order: fc.shuffledSubarray(['HTN', 'HTN_STD', 'HTN_RATE', 'DM', 'FUND'], { minLength: 1 }),
  rows: fc.array(tableRow, { minLength: 1, maxLength: 25 }),
  signoff: fc.boolean(),
  officeJs: fc.boolean(),
});

describe('readTownshipSheet on messy tables', () => {
  it('reports every non-blank, non-numeric cell of an indicator column at its address, and reads every number', () => {
    fc.assert(
      fc.property(structured, (spec) => {
        const values: CellValue[][] = [];
        const merges: MergedArea[] = [];
        for (let i = 0; i < spec.titleRows; i++) values.push(i === 1 ? ['填报单位：石门乡卫生院'] : [`2024年报表说明 ${i}`]);
        const lead = spec.serial ? ['序号', spec.facilityHeader] : [spec.facilityHeader];
        const codes = spec.order;
        values.push([...lead, ...codes.map((c, k) => HEADER_TEXTS[c][spec.headerPick[k] % HEADER_TEXTS[c].length])]);
        const first = lead.length;
        const truth = new Map<string, { code: string; cell: DataCell }>();
        const facilityRows: number[] = [];
        let n = 0;
        for (const row of spec.rows) {
          const r = values.length;
          if (row.kind === 'facility') {
            n++;
            const cells = codes.map((_, k) => row.cells[k]);
            values.push([...(spec.serial ? [n] : []), `第${n}村卫生室`, ...cells.map((c) => c.cell)]);
            cells.forEach((c, k) => truth.set(`${columnLetter(first + k)}${r + 1}`, { code: codes[k], cell: c }));
            facilityRows.push(r + 1);
          } else if (row.kind === 'blank') {
            values.push([]);
          } else {
            const label = row.kind === 'total' ? '合计' : row.kind === 'subtotal' ? '小计' : '其中：村卫生室';
            const figures = codes.map(() => 1);
            if (spec.serial) {
              values.push([label, spiltLabel(spec.officeJs, label), ...figures]);
              merges.push({ top: r, left: 0, bottom: r, right: 1 });
            } else {
              values.push([label, ...figures]);
            }
          }
        }
        if (spec.signoff) values.push(['填表人：张三', null, '联系电话：0000']);
        const sheet: SheetInput = { name: 'Sheet1', values, merges };

        const reading = readTownshipSheet(sheet, DEFS, { lang: 'zh-CN' });
        expect(reading.layout.status).toBe('table');
        expect(reading.facilities.map((f) => f.row)).toEqual(facilityRows);
        expect(reading.facilities.every((f) => f.township === '石门乡' || spec.titleRows < 2)).toBe(true);
        const issueAt = new Set(reading.issues.filter((i) => i.cell !== null).map((i) => `${i.cell}|${i.indicator}`));
        for (const f of reading.facilities) {
          for (const [address, { code, cell }] of truth) {
            if (Number(address.replace(/^[A-Z]+/, '')) !== f.row) continue;
            if (cell.kind === 'bad') {
              expect(issueAt.has(`${address}|${code}`)).toBe(true);
              expect(f.values[code]).toBeUndefined();
              expect(f.cells[code]).toBe(address);
            } else if (cell.kind === 'good') {
              expect(f.values[code]).toBe(cell.value);
              expect(f.cells[code]).toBe(address);
            } else {
              expect(f.values[code]).toBeUndefined();
              expect(f.cells[code]).toBeUndefined();
            }
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** The second cell of a total merged across 序号 and name: ExcelJS repeats the label, Office.js gives null. */
function spiltLabel(officeJs: boolean, label: string): CellValue {
  return officeJs ? null : label;
}
