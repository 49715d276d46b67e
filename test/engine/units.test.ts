// One level up in the engine: result sheets read back as units, rolled up from their totals with every
// rate recomputed from Σ分子/Σ分母; the words of each level; the title row.
import { buildResultSheets, builtInDefinitions, consolidate, headerRowOf, MixedLevelsError, periodText, totalRowName, unitNameOfTotal } from '../../src/engine';
import type { RateParts, SheetInput } from '../../src/engine/types';
import { readUnitResults, rollUpUnits, type UnitReading } from '../../src/engine/units';
import { sheetOf } from '../helpers/sheet';

const AS_OF = '2024-11-30';
const HEADER = ['机构名称', '高血压患者数', '高血压规范管理人数'];

/** A county's result sheets, as this tool writes them, given as inputs under the file's name. */
function resultOf(sheets: SheetInput[], source: string, unitName?: string): SheetInput[] {
  const run = consolidate(sheets, { asOf: AS_OF, ...(unitName ? { unitName } : {}) });
  return buildResultSheets(run, 'zh-CN').map((s) => {
    const header = s.columns.map((c) => c.header);
    return sheetOf(s.name, [...(s.title === undefined ? [] : [[s.title]]), header, ...s.rows], { source });
  });
}

const shimen = sheetOf('石门乡', [HEADER, ['石门乡卫生院', 300, 200], ['上湾村卫生室', 100, 90]]);
const baisha = sheetOf('白沙镇', [HEADER, ['白沙镇卫生院', 1000, 300]]);
const longquan = sheetOf('龙泉乡', [HEADER, ['龙泉乡卫生院', 50, 50], ['北村卫生室', 80, '—']]);

describe('the words of each level', () => {
  it.each([
    ['township', undefined, 'zh-CN', '全县合计'],
    ['county', undefined, 'zh-CN', '全市合计'],
    ['city', undefined, 'en', 'Province total'],
    ['county', '临江市', 'zh-CN', '临江市合计'],
    ['township', 'Qingshan', 'en', 'Qingshan total'],
  ] as const)('%s units, unit name %s, %s: %s', (level, name, lang, want) => {
    expect(totalRowName(level, name, lang)).toBe(want);
  });

  it('reads the unit name back from the total row; a default total names no unit', () => {
    expect(unitNameOfTotal('青山县合计')).toBe('青山县');
    expect(unitNameOfTotal('Qingshan total')).toBe('Qingshan');
    expect(unitNameOfTotal('全县合计')).toBeNull();
    expect(unitNameOfTotal('County total')).toBeNull();
  });

  it('names the months the year-to-date figures cover', () => {
    expect(periodText('2024-11-30', 'zh-CN')).toBe('2024年1-11月');
    expect(periodText('2024-01-31', 'zh-CN')).toBe('2024年1月');
    expect(periodText('2024-11-30', 'en')).toBe('Jan–Nov 2024');
  });
});

describe('title row', () => {
  it('only with a unit name: the header moves to the second row and the freeze counts the title', () => {
    const plain = buildResultSheets(consolidate([shimen], { asOf: AS_OF, lang: 'en' }), 'en');
    const titled = buildResultSheets(consolidate([shimen], { asOf: AS_OF, lang: 'en', unitName: '青山县', runDate: '2024-12-05' }), 'en');
    expect(plain.every((s) => s.title === undefined && headerRowOf(s) === 0)).toBe(true);
    expect(titled.map((s) => [s.title, headerRowOf(s), s.freeze.rows])).toEqual(plain.map((s) => [`青山县, Jan–Nov 2024: ${s.name} (made 2024-12-05)`, 1, s.freeze.rows + 1]));
    expect(titled[0].rows.at(-1)![0]).toBe('青山县 total');
  });
});

describe('result workbooks read as units', () => {
  const qingshan = resultOf([shimen, longquan], '青山县-汇总结果.xlsx', '青山县');
  const lvshui = resultOf([baisha], 'lvshui.xlsx');

  it('one unit each, named by its total row, else by its file; its own rows and issues not read again', () => {
    const { indicators } = builtInDefinitions();
    const read = readUnitResults([...qingshan, ...lvshui], indicators, 'zh-CN');
    expect(read.level).toBe('county');
    expect(read.units.map((u) => [u.summary.name, u.facilities, u.values.HTN, u.summary.errors])).toEqual([
      ['青山县', 4, 530, 1],
      ['lvshui', 1, 1000, 0],
    ]);
    // 北村卫生室's 80 patients have no 规范管理人数: the rate's 分母 is 450, not 530.
    expect(read.units[0].parts.HTN_RATE).toEqual({ numerator: 340, denominator: 450 });
    expect(read.units[1].parts.HTN_RATE).toEqual({ numerator: 300, denominator: 1000 });
  });

  it('a unit imported under its own name (青山县 县级汇总) is read as one, as its sheets say which they are', () => {
    const { indicators } = builtInDefinitions();
    // As the pane inserts them: only 县级汇总 and 校验结果, named after the unit, with the file as source.
    const renamed = qingshan
      .filter((s) => s.name === '县级汇总' || s.name === '校验结果')
      .map((s): SheetInput => ({ ...s, name: `青山县 ${s.name}`, unitSheet: s.name === '县级汇总' ? 'rollup' : 'issues' }));
    const read = readUnitResults(renamed, indicators, 'zh-CN');
    expect(read.units.map((u) => [u.summary.name, u.summary.sheet, u.values.HTN, u.summary.errors])).toEqual([['青山县', '青山县 县级汇总', 530, 1]]);
    const city = consolidate([sheetOf('说明', [['临江市']]), ...renamed], { asOf: AS_OF });
    expect(city.rollup.map((r) => [r.name, r.values.HTN])).toEqual([['青山县', 530], ['全市合计', 530]]);
    expect(city.sheets.filter((l) => l.skipReason === 'result').map((l) => l.sheet)).toEqual(['青山县 县级汇总', '青山县 校验结果']);
  });

  it('rolls up to what the townships give rolled up together, where averaging the rates would not', () => {
    const together = consolidate([shimen, longquan, baisha], { asOf: AS_OF });
    const city = consolidate([...qingshan, ...lvshui], { asOf: AS_OF });
    expect(city.unitLevel).toBe('county');
    expect(city.rollup.map((r) => [r.level, r.name])).toEqual([['township', '青山县'], ['township', 'lvshui'], ['county', '全市合计']]);
    const total = city.rollup[2].values;
    const direct = together.rollup.at(-1)!.values;
    expect([total.HTN, total.HTN_STD, total.HTN_RATE]).toEqual([direct.HTN, direct.HTN_STD, direct.HTN_RATE]);
    expect(total.HTN_RATE).toBe((640 / 1450) * 100);
    const average = ((city.rollup[0].values.HTN_RATE as number) + (city.rollup[1].values.HTN_RATE as number)) / 2;
    expect(Math.abs(average - (total.HTN_RATE as number))).toBeGreaterThan(8);
    // The counties' own problems are theirs: one info line each, none repeated.
    expect(city.issues.filter((i) => i.severity !== 'info')).toEqual([]);
    expect(city.issues.filter((i) => i.code === 'unit-read').map((i) => i.params.errors)).toEqual([1, 0]);
    expect(city.sheets.every((s) => s.status === 'skipped' && s.skipReason === 'result')).toBe(true);
  });

  it('a rate without its 分子 and 分母 keeps the unit’s figure but stays out of the total, with a warning', () => {
    const trimmed = qingshan.map((s) => (s.name !== '县级汇总' ? s : { ...s, values: s.values.map((row) => row.slice(0, 5)) }));
    const withoutCounts = trimmed.map((s) => (s.name !== '县级汇总' ? s : { ...s, values: s.values.map((row) => [row[0], row[1], null, null, row[4]]) }));
    const city = consolidate([...withoutCounts, ...lvshui], { asOf: AS_OF });
    expect(city.rollup.map((r) => r.values.HTN_RATE)).toEqual([(340 / 450) * 100, 30, 30]);
    expect(city.issues.find((i) => i.code === 'unit-rate-unrecomputable')).toMatchObject({ severity: 'warning', source: '青山县-汇总结果.xlsx', indicator: 'HTN_RATE' });
  });

  it('rolls up units directly: counts summed, rates from summed parts, nothing where no unit gives a figure', () => {
    const { indicators } = builtInDefinitions();
    const unit = (name: string, htn: number | null, parts?: RateParts): UnitReading => ({
      summary: { name, source: `${name}.xlsx`, sheet: '县级汇总', cell: 'A9', errors: 0, warnings: 0 },
      rowsLevel: 'township' as const,
      facilities: 2,
      values: { HTN: htn },
      parts: parts ? { HTN_RATE: parts } : ({} as Record<string, RateParts>),
    });
    const rows = rollUpUnits([unit('甲县', 100, { numerator: 50, denominator: 100 }), unit('乙县', null, { numerator: 9, denominator: 10 })], indicators, '全市合计');
    expect(rows.map((r) => [r.name, r.facilities, r.values.HTN, r.values.HTN_RATE, r.values.DM])).toEqual([
      ['甲县', 2, 100, 50, null],
      ['乙县', 2, null, 90, null],
      ['全市合计', 4, 100, (59 / 110) * 100, null],
    ]);
  });

  it('warns when one unit comes twice (each copy is added)', () => {
    const again = resultOf([shimen, longquan], '青山县-再次.xlsx', '青山县');
    const city = consolidate([...qingshan, ...again], { asOf: AS_OF });
    expect(city.rollup.map((r) => [r.name, r.values.HTN])).toEqual([['青山县', 530], ['青山县', 530], ['全市合计', 1060]]);
    expect(city.issues.find((i) => i.code === 'unit-duplicate')).toMatchObject({ severity: 'warning', params: { unit: '青山县', files: '青山县-汇总结果.xlsx、青山县-再次.xlsx' } });
  });

  it('refuses results with township reports, and results of two levels together', () => {
    const township = sheetOf('石门乡', shimen.values, { source: '石门乡.xlsx' });
    expect(() => consolidate([...qingshan, township], { asOf: AS_OF })).toThrow(MixedLevelsError);
    const cityResult = resultOf([...qingshan, ...lvshui], '临江市.xlsx', '临江市');
    expect(() => consolidate([...cityResult, ...lvshui], { asOf: AS_OF })).toThrow(MixedLevelsError);
  });

  it('never takes the workbook’s own sheets (no source: the pane’s workbook) for a unit', () => {
    const own = qingshan.map(({ source: _source, ...s }) => s);
    const run = consolidate([...own, shimen], { asOf: AS_OF });
    expect(run.unitLevel).toBe('township');
    expect(run.rollup.map((r) => r.name)).toEqual(['石门乡', '全县合计']);
  });
});
