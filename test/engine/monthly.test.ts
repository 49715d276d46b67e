// The monthly cycle in the engine: last period (累计 that went down, changes beyond 环比阈值 and the
// floor, stock against flow, absent facilities), the roster (missing, unlisted, suggested), values far
// from the others (modified z-score and its MAD = 0 fallback), notes carried over after rows move, and
// 机构明细 read back as last period.
import { archiveOf, facilitySheet, previousSheet, previousSheetInfo, readArchive } from '../../src/engine/archive';
import { consolidate } from '../../src/engine/consolidate';
import { compileDefinitions } from '../../src/engine/definitions';
import { measuresOf } from '../../src/engine/history';
import { applyNotes, finishOwnReview, finishReview, nameFacilities, readNotes } from '../../src/engine/notes';
import { modifiedZScores, outlierIssues } from '../../src/engine/outliers';
import { buildResultSheets, headerRowOf, isResultSheetName } from '../../src/engine/report';
import { previousForRun } from '../../src/engine/period';
import { closestName, readRoster, rosterSheet } from '../../src/engine/roster';
import { valueTable } from '../../src/engine/rollup';
import type { CellValue, FacilityRecord, IndicatorDefinition, Issue, PeriodArchive, ResultSheet, SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

const HEADER = ['机构名称', '高血压患者数（人）', '高血压规范管理人数（人）', '白内障复明手术例数（例）', '增补叶酸人数（人）'];

/** 石门乡 this month: each row [name, HTN, HTN_STD, CATARACT, FOLIC]. */
function shimen(rows: (CellValue | undefined)[][]) {
  return sheetOf('石门乡', [HEADER, ...rows]);
}

function previousOf(asOf: string | null, rows: [string, string, Record<string, number>][]): PeriodArchive {
  return { asOf, facilities: rows.map(([township, name, values]) => ({ township, name, values: new Map(Object.entries(values)) })) };
}

const only = (issues: Issue[], code: Issue['code']): Issue[] => issues.filter((i) => i.code === code);

describe('last period', () => {
  const now = shimen([
    ['石门乡卫生院', 300, 200, 20, 40],
    ['上湾村卫生室', 100, 60, null, 12],
  ]);

  it.each([
    // [what, previous values of 石门乡卫生院, expected codes at which cells]
    ['a 累计 count lower than last month is an error with both values', { CATARACT: 25 }, [['decreased-since-last', 'D2', 'error']]],
    ['a 累计 count a little higher is fine', { CATARACT: 18 }, []],
    ['a 时点 count lower than last month is fine when the change is small', { HTN: 310 }, []],
    ['a 时点 count that fell by more than half is a warning', { HTN: 700 }, [['changed-since-last', 'B2', 'warning']]],
    ['a 时点 count that doubled is a warning', { HTN_STD: 90 }, [['changed-since-last', 'C2', 'warning']]],
    ['a 累计 count far above where last month would be by now is a warning', { FOLIC: 10 }, [['changed-since-last', 'E2', 'warning']]],
  ])('%s', (_what, values, expected) => {
    const previous = previousOf('2024-10-31', [['石门乡', '石门乡卫生院', values], ['石门乡', '上湾村卫生室', { HTN: 100 }]]);
    const result = consolidate([now], { asOf: '2024-11-30', previous });
    const found = result.issues.filter((i) => ['decreased-since-last', 'changed-since-last'].includes(i.code));
    expect(found.map((i) => [i.code, i.cell, i.severity])).toEqual(expected);
    for (const i of found) expect(i.facility).toBe('石门乡卫生院');
  });

  it('names both values in the decrease', () => {
    const previous = previousOf('2024-10-31', [['石门乡', '石门乡卫生院', { CATARACT: 25 }]]);
    const [i] = only(consolidate([now], { asOf: '2024-11-30', previous }).issues, 'decreased-since-last');
    expect(i.message).toBe('白内障复明手术例数是本年累计数，本期 20 比上期 25 少，同一年内累计数不应减少');
  });

  it('does not compare 累计 counts across a new year (they start again from zero)', () => {
    const previous = previousOf('2023-12-31', [['石门乡', '石门乡卫生院', { CATARACT: 250, FOLIC: 400 }]]);
    const result = consolidate([now], { asOf: '2024-01-31', previous });
    expect(result.issues.filter((i) => i.code.endsWith('-since-last'))).toEqual([]);
  });

  it.each([
    // [then, now, threshold column value, warned]
    [8, 12, null, false], // +50 % and 4 units: under the floor
    [8, 13, null, true], // +62.5 % and 5 units
    [100, 149, null, false], // +49 %
    [100, 151, null, true], // +51 %
    [100, 151, 60, false], // 环比阈值 60 %
    [100, 161, '60%', true],
  ])('HTN_STD %p → %p with 环比阈值 %p: warned %p', (then, now2, threshold, warned) => {
    const definitions = compileDefinitions({
      indicators: [
        { code: 'HTN_STD', name: '高血压规范管理人数', aliases: [], unit: '人', kind: 'count', numerator: null, denominator: null, factor: 1, target: null, direction: '>=', min: null, max: null, measure: 'stock', changeThreshold: threshold === null ? null : typeof threshold === 'number' ? threshold / 100 : 0.6 },
      ],
      rules: [],
      source: 'catalog',
    });
    const sheet = sheetOf('石门乡', [['机构名称', '高血压规范管理人数'], ['石门乡卫生院', now2]]);
    const previous = previousOf('2024-10-31', [['石门乡', '石门乡卫生院', { HTN_STD: then }]]);
    const result = consolidate([sheet], { asOf: '2024-11-30', previous, definitions });
    expect(only(result.issues, 'changed-since-last').length).toBe(warned ? 1 : 0);
  });

  it('reads 口径 and 环比阈值 from 指标定义, and infers 口径 where it is blank', () => {
    const defs = sheetOf('指标定义', [
      ['代码', '名称', '单位', '口径', '环比阈值'],
      ['A', '门诊人次', '人次', null, null],
      ['B', '在册患者数', '人', null, '30%'],
      ['C', '改厕户数', '户', '时点', null],
      ['D', '高血压患者数', '人', null, null],
      ['E', '随访次数', '次', null, 0.2],
      ['F', '慢病筛查数', '人', null, null],
    ]);
    const result = consolidate([defs, sheetOf('石门乡', [['机构名称', '门诊人次', '在册患者数'], ['石门乡卫生院', 10, 20]])], { asOf: '2024-11-30' });
    const measures = measuresOf(result.indicators);
    expect(Object.fromEntries(measures)).toEqual({ A: 'cumulative', B: 'stock', C: 'stock', D: 'stock', E: 'cumulative', F: 'cumulative' });
    expect(result.indicators.map((i) => i.changeThreshold ?? null)).toEqual([null, 0.3, null, null, 0.2, null]);
  });

  it('says in one info line which indicators were taken as 累计', () => {
    const previous = previousOf('2024-10-31', [['石门乡', '石门乡卫生院', { HTN: 300 }]]);
    const lines = only(consolidate([now], { asOf: '2024-11-30', previous }).issues, 'measures-inferred');
    expect(lines).toHaveLength(1);
    expect(lines[0].message).toContain('白内障复明手术例数、增补叶酸人数');
    expect(lines[0].message).not.toContain('高血压患者数');
  });

  it('warns of a facility that reported last period and not now, suggesting a renamed one', () => {
    const previous = previousOf('2024-10-31', [
      ['石门乡', '石门乡卫生院', { HTN: 300 }],
      ['石门乡', '上湾村卫生所', { HTN: 100 }],
      ['石门乡', '下湾村卫生室', { HTN: 80 }],
    ]);
    const found = only(consolidate([now], { asOf: '2024-11-30', previous }).issues, 'not-reported-now');
    expect(found.map((i) => [i.facility, i.sheet, i.cell, i.severity])).toEqual([
      ['上湾村卫生所', '石门乡', null, 'warning'],
      ['下湾村卫生室', '石门乡', null, 'warning'],
    ]);
    expect(found[0].message).toContain('本期有名称相近的“上湾村卫生室”');
    expect(found[1].message).not.toContain('相近');
  });
});

describe('机构明细, written and read back', () => {
  it('is one row per facility, values as read, blank where invalid, with its source', () => {
    const result = consolidate([shimen([['石门乡卫生院', 300, 'XX', 20, 40], ['上湾村卫生室', 100, 60, null, 12]])], { asOf: '2024-11-30' });
    const sheet = facilitySheet(result, 'zh-CN');
    expect(sheet.columns.map((c) => c.header)).toEqual([
      '乡镇', '机构', '高血压患者数（人）', '高血压规范管理人数（人）', '白内障复明手术例数（例）', '增补叶酸人数（人）', '文件', '工作表', '行', '统计截止日期',
    ]);
    expect(sheet.rows).toEqual([
      ['石门乡', '石门乡卫生院', 300, null, 20, 40, null, '石门乡', 2, '2024-11-30'],
      ['石门乡', '上湾村卫生室', 100, 60, null, 12, null, '石门乡', 3, '2024-11-30'],
    ]);
    const back = readArchive([{ name: sheet.name, values: [sheet.columns.map((c) => c.header), ...sheet.rows] }], result.indicators)!;
    expect(back).toEqual(archiveOf(result));
    expect(back.asOf).toBe('2024-11-30');
  });

  it('is a result sheet: never read as township data', () => {
    const result = consolidate([shimen([['石门乡卫生院', 300, 200, 20, 40]])], { asOf: '2024-11-30' });
    const sheets = buildResultSheets(result, 'zh-CN').map((s) => ({ name: s.name, values: [s.columns.map((c) => c.header), ...s.rows] }));
    const again = consolidate([shimen([['石门乡卫生院', 300, 200, 20, 40]]), ...sheets], { asOf: '2024-11-30' });
    expect(again.counts.facilities).toBe(1);
  });
});

/** A result sheet as the workbook holds it once written: the title row, the header, the rows. */
function asWritten(sheet: ResultSheet): SheetInput {
  const header = sheet.columns.map((c) => c.header);
  return { name: sheet.name, values: [...(headerRowOf(sheet) === 1 ? [[sheet.title ?? null]] : []), header, ...sheet.rows] };
}

describe('上期机构明细: last period kept in the workbook by the pane', () => {
  const october = consolidate([shimen([['石门乡卫生院', 280, 190, 25, 35], ['上湾村卫生室', 90, 50, null, 10]])], { asOf: '2024-10-31' });
  const facilities = facilitySheet(october, 'zh-CN');

  it('copies 机构明细 under a title naming the file, read back as the same period and facilities', () => {
    const kept = previousSheet(asWritten(facilities), '10月结果.xlsx', 'zh-CN')!;
    expect(kept.name).toBe('上期机构明细');
    expect(kept.kind).toBe('previous');
    expect(kept.title).toBe('上期结果：10月结果.xlsx');
    expect(kept.rows).toEqual(facilities.rows);
    const written = { ...asWritten(kept), name: kept.name };
    expect(previousSheetInfo(written)).toEqual({ file: '10月结果.xlsx', asOf: '2024-10-31', facilities: 2 });
    expect(previousForRun(written, [], { asOf: '2024-11-30' })).toEqual(archiveOf(october));
    expect(isResultSheetName('上期机构明细')).toBe(true);
  });

  it('is compared with by the next run', () => {
    const written = asWritten(previousSheet(asWritten(facilities), '10月结果.xlsx', 'zh-CN')!);
    const november = [shimen([['石门乡卫生院', 300, 200, 20, 40]])];
    const result = consolidate(november, { asOf: '2024-11-30', previous: previousForRun(written, november, { asOf: '2024-11-30' }) });
    expect(only(result.issues, 'decreased-since-last').map((i) => [i.facility, i.cell])).toEqual([['石门乡卫生院', 'D2']]);
    expect(only(result.issues, 'not-reported-now').map((i) => i.facility)).toEqual(['上湾村卫生室']);
  });

  it('is refused for a sheet with no 乡镇 and 机构 header, or no facility under it', () => {
    expect(previousSheet(sheetOf('机构明细', [['机构名称', '高血压患者数'], ['石门乡卫生院', 300]]), 'x.xlsx', 'zh-CN')).toBeNull();
    expect(previousSheet(sheetOf('机构明细', [['乡镇', '机构', '高血压患者数']]), 'x.xlsx', 'zh-CN')).toBeNull();
  });
});

describe('机构名录 to edit', () => {
  it('lists each facility given once, in order, under 乡镇 / 机构名称 / 机构代码 / 别名, and reads back as the roster', () => {
    const sheet = rosterSheet(
      [
        { township: '石门乡', name: '石门乡卫生院' },
        { township: '石门乡', name: '上湾村卫生室' },
        { township: '石门乡', name: '石门乡卫生院' },
      ],
      'zh-CN',
    );
    expect([sheet.name, sheet.kind]).toEqual(['机构名录', 'definitions']);
    expect(sheet.columns.map((c) => c.header)).toEqual(['乡镇', '机构名称', '机构代码', '别名']);
    expect(readRoster([asWritten(sheet)])!.entries.map((e) => [e.township, e.name])).toEqual([
      ['石门乡', '石门乡卫生院'],
      ['石门乡', '上湾村卫生室'],
    ]);
  });

  it.each(['zh-CN', 'en'] as const)('with no facility, holds one example row (%s) that is never read; such a roster expects nothing', (lang) => {
    const sheet = rosterSheet([], lang);
    expect(sheet.rows).toHaveLength(1);
    expect(readRoster([asWritten(sheet)])!.entries).toEqual([]);
    const result = consolidate([asWritten(sheet), shimen([['石门乡卫生院', 300, 200, 20, 40]])], { asOf: '2024-11-30' });
    expect(result.reporting![0].expected).toBeNull();
    expect(only(result.issues, 'roster-unlisted')).toEqual([]);
  });
});

describe('机构名录', () => {
  const roster = sheetOf('机构名录', [
    ['乡镇', '机构名称', '机构代码', '别名'],
    ['石门乡', '石门乡卫生院', '4301', null],
    [null, '上湾村卫生室', '4302', '上湾卫生室'],
    [null, '杨家坪村卫生室', '4303', null],
    ['白沙镇', '白沙镇卫生院', '4401', null],
  ]);

  it('reads townships carried down blank cells, codes and aliases', () => {
    expect(readRoster([roster])!.entries.map((e) => [e.township, e.name, e.code, e.aliases])).toEqual([
      ['石门乡', '石门乡卫生院', '4301', []],
      ['石门乡', '上湾村卫生室', '4302', ['上湾卫生室']],
      ['石门乡', '杨家坪村卫生室', '4303', []],
      ['白沙镇', '白沙镇卫生院', '4401', []],
    ]);
  });

  it('counts expected, reported, missing and unlisted per township and county, with a warning each', () => {
    const result = consolidate(
      [
        roster,
        shimen([
          ['石门乡卫生院', 300, 200, 20, 40],
          ['上湾卫生室', 100, 60, null, 12],
          ['杨家平村卫生室', 50, 30, null, 8],
        ]),
      ],
      { asOf: '2024-11-30' },
    );
    expect(result.sheets.find((s) => s.sheet === '机构名录')?.skipReason).toBe('definitions');
    expect(result.reporting).toEqual([
      { level: 'township', name: '石门乡', expected: 3, reported: 2, missing: ['杨家坪村卫生室'], unlisted: ['杨家平村卫生室'], rate: 2 / 3 },
      { level: 'township', name: '白沙镇', expected: 1, reported: 0, missing: ['白沙镇卫生院'], unlisted: [], rate: 0 },
      { level: 'county', name: '全县合计', expected: 4, reported: 2, missing: ['杨家坪村卫生室', '白沙镇卫生院'], unlisted: ['杨家平村卫生室'], rate: 0.5 },
    ]);
    const missing = only(result.issues, 'roster-missing');
    expect(missing.map((i) => [i.facility, i.sheet, i.cell])).toEqual([
      ['白沙镇卫生院', '机构名录', null],
      ['杨家坪村卫生室', '石门乡', null],
    ]);
    const [unlisted] = only(result.issues, 'roster-unlisted');
    expect([unlisted.facility, unlisted.sheet, unlisted.cell]).toEqual(['杨家平村卫生室', '石门乡', 'A4']);
    expect(unlisted.message).toContain('名录中相近的是“杨家坪村卫生室”');
  });

  it('without a roster, last period is the expected list', () => {
    const previous = previousOf('2024-10-31', [['石门乡', '石门乡卫生院', { HTN: 300 }], ['石门乡', '下湾村卫生室', { HTN: 80 }]]);
    const result = consolidate([shimen([['石门乡卫生院', 300, 200, 20, 40], ['新建村卫生室', 9, 5, null, 1]])], { asOf: '2024-11-30', previous });
    expect(result.reporting![0]).toEqual({ level: 'township', name: '石门乡', expected: 2, reported: 1, missing: ['下湾村卫生室'], unlisted: ['新建村卫生室'], rate: 0.5 });
    expect(only(result.issues, 'roster-unlisted')).toEqual([]);
    expect(only(result.issues, 'not-reported-now').map((i) => i.facility)).toEqual(['下湾村卫生室']);
  });

  it.each([
    ['上湾村卫生所', ['上湾村卫生室', '下湾村卫生室'], '上湾村卫生室'],
    ['杨家平村卫生室', ['杨家坪村卫生室', '石门乡卫生院'], '杨家坪村卫生室'],
    ['新建村卫生室', ['石门乡卫生院', '上湾村卫生室'], null],
    ['下湾村卫生室', ['上湾村卫生室'], null],
    ['东街社区卫生服务站', ['西街社区卫生服务站'], null],
  ])('suggests for %s among %p: %p', (name, candidates, expected) => {
    expect(closestName(name, candidates)).toBe(expected);
  });
});

describe('values far from the others', () => {
  const definitions = compileDefinitions({
    indicators: [
      { code: 'N', name: '规范管理人数', aliases: [], unit: '人', kind: 'count', numerator: null, denominator: null, factor: 1, target: null, direction: '>=', min: null, max: null },
      { code: 'D', name: '患者数', aliases: [], unit: '人', kind: 'count', numerator: null, denominator: null, factor: 1, target: null, direction: '>=', min: null, max: null },
      { code: 'R', name: '规范管理率', aliases: [], unit: '%', kind: 'rate', numerator: '[N]', denominator: '[D]', factor: 100, target: null, direction: '>=', min: null, max: null },
    ] as IndicatorDefinition[],
    rules: [],
    source: 'catalog',
  });
  const facility = (name: string, n: number | null, d: number | null, row: number): FacilityRecord => ({
    sheet: '石门乡',
    row,
    township: '石门乡',
    name,
    values: Object.fromEntries([['N', n], ['D', d]].filter(([, v]) => v !== null)) as Record<string, number>,
    cells: { N: `B${row}`, D: `C${row}` },
  });

  it('finds the facility at 20 % where the others are about 91 %', () => {
    const rows = [91, 92, 90, 93, 89, 91, 20].map((pct, k) => facility(`机构${k}`, pct, 100, k + 2));
    const found = outlierIssues(rows, definitions.indicators, 'zh-CN');
    expect(found.map((i) => [i.facility, i.cell, i.severity])).toEqual([['机构6', 'B8', 'warning']]);
    expect(found[0].message).toBe('规范管理率 20% 与全县其他机构差异很大（全县中位数 91%，修正 z 值 -47.9），请核实');
  });

  it('uses 1.253314 × mean absolute deviation when MAD is 0', () => {
    const z = modifiedZScores([90, 90, 90, 90, 90, 60])!;
    // median 90, MAD 0, mean absolute deviation 5: z = (60 − 90) / (1.253314 × 5)
    expect(z.z[5]).toBeCloseTo(-30 / (1.253314 * 5), 10);
    expect(z.z[0]).toBe(0);
    const rows = [90, 90, 90, 90, 90, 60].map((v, k) => facility(`机构${k}`, v, 100, k + 2));
    expect(outlierIssues(rows, definitions.indicators, 'zh-CN').map((i) => i.facility)).toEqual(['机构5']);
    expect(modifiedZScores([5, 5, 5, 5])).toBeNull();
  });

  it.each([
    ['fewer than 4 facilities', [[91, 100], [92, 100], [20, 100]], []],
    ['a denominator under 20 is left out', [[91, 100], [92, 100], [90, 100], [93, 100], [2, 19]], []],
    ['a rate with only its numerator is left out', [[91, 100], [92, 100], [90, 100], [93, 100], [2, null]], []],
    ['4 facilities are enough', [[91, 100], [92, 100], [90, 100], [20, 100]], ['机构3']],
  ] as [string, [number, number | null][], string[]][])('%s', (_what, values, expected) => {
    const rows = values.map(([n, d], k) => facility(`机构${k}`, n, d, k + 2));
    expect(outlierIssues(rows, definitions.indicators, 'zh-CN').map((i) => i.facility)).toEqual(expected);
  });

  it('reads the figures from the table it is given, row k for facility k', () => {
    const rows = [91, 92, 90, 93, 89, 91, 20].map((pct, k) => facility(`机构${k}`, pct, 100, k + 2));
    const table = valueTable(rows, definitions.indicators);
    expect(outlierIssues(rows, definitions.indicators, 'zh-CN', {}, table)).toEqual(outlierIssues(rows, definitions.indicators, 'zh-CN'));
    // The table, not the records, is read: here it says the last facility is like the others.
    table.data[table.column.get('N')! * table.rows + 6] = 90;
    expect(outlierIssues(rows, definitions.indicators, 'zh-CN', {}, table)).toEqual([]);
  });

  it('leaves out a figure that is not a finite number, as evaluating it row by row does', () => {
    const rows = [91, 92, 90, 93, 89, 91, 20].map((pct, k) => facility(`机构${k}`, pct, 100, k + 2));
    rows[6].values.D = Infinity;
    expect(outlierIssues(rows, definitions.indicators, 'zh-CN')).toEqual([]);
  });

  it('takes the threshold from the options', () => {
    const rows = [91, 92, 90, 93, 89, 91, 80].map((pct, k) => facility(`机构${k}`, pct, 100, k + 2));
    expect(outlierIssues(rows, definitions.indicators, 'zh-CN')).toHaveLength(1);
    expect(outlierIssues(rows, definitions.indicators, 'zh-CN', { threshold: 10 })).toHaveLength(0);
  });
});

describe('情况说明 and readiness', () => {
  const first = shimen([
    ['石门乡卫生院', 300, 320, 20, 40],
    ['上湾村卫生室', 100, 60, null, 'XX'],
  ]);
  /** The sheet after the township inserted a row above: every issue moved one row down. */
  const moved = shimen([
    ['新建村卫生室', 10, 5, null, 1],
    ['石门乡卫生院', 300, 320, 20, 40],
    ['上湾村卫生室', 100, 60, null, 'XX'],
  ]);

  it('carries each note to the same issue after its row moved, and counts readiness', () => {
    const run1 = consolidate([first], { asOf: '2024-11-30' });
    const written = buildResultSheets(run1, 'zh-CN').find((s) => s.kind === 'issues')!;
    const headers = written.columns.map((c) => c.header);
    const noteAt = headers.indexOf('情况说明');
    const rows = written.rows.map((r) => [...r]);
    const ruleRow = rows.find((r) => r[headers.indexOf('代码')] === 'rule-failed')!;
    ruleRow[noteAt] = '该院规范管理人数含外地患者，已核实';
    const notes = readNotes([{ name: written.name, values: [headers, ...rows] }]);
    expect(notes).toEqual([
      { code: 'rule-failed', source: null, sheet: '石门乡', facility: '石门乡卫生院', subject: '高血压规范管理人数不超过患者数', cell: 'C2', note: '该院规范管理人数含外地患者，已核实' },
    ]);

    const run2 = consolidate([moved], { asOf: '2024-11-30', notes });
    const rule = run2.issues.find((i) => i.code === 'rule-failed')!;
    expect([rule.cell, rule.facility, rule.note]).toEqual(['C3', '石门乡卫生院', '该院规范管理人数含外地患者，已核实']);
    expect(run2.issues.filter((i) => i.note).length).toBe(1);
    // The rule failed and the placeholder are errors: a note is carried to them but does not clear them.
    expect(run2.readiness).toEqual({ errors: 2, unexplainedWarnings: 0, ready: false });
    expect(buildResultSheets(run2, 'zh-CN')[2].rows[0].slice(0, 1)).toEqual(['暂不能上报']);
  });

  it('without notes, finishing names each facility and gives each issue a null note, members in the same order as both steps give', () => {
    const run = consolidate([first], { asOf: '2024-11-30' });
    // Issues as they stand before the last step: some with a facility already, some without, none with a note.
    const bare = run.issues.map(({ facility, note: _note, ...rest }, k) => (k % 2 === 0 && facility ? { ...rest, facility } : rest));
    const result = { ...run, issues: bare };
    const stepByStep = applyNotes(nameFacilities(bare, run.facilities), [], run.indicators);
    const finished = finishReview(result).issues;
    expect(JSON.stringify(finished)).toBe(JSON.stringify(stepByStep));
    expect(finished.some((i) => i.facility === '上湾村卫生室')).toBe(true);
    expect(finished.every((i) => i.note === null)).toBe(true);
    // Running it again changes nothing.
    expect(JSON.stringify(finishReview({ ...result, issues: finished }).issues)).toBe(JSON.stringify(finished));
  });

  it('finishing a run\'s own issues in place gives what finishing copies gives, members in the same order', () => {
    const run = consolidate([first], { asOf: '2024-11-30' });
    const bare = () => run.issues.map(({ facility, note: _note, ...rest }, k) => (k % 2 === 0 && facility ? { ...rest, facility } : rest));
    const copied = finishReview({ ...run, issues: bare() });
    const own: Issue[] = bare();
    const inPlace = finishOwnReview({ ...run, issues: own });
    expect(JSON.stringify(inPlace)).toBe(JSON.stringify(copied));
    // The same issue objects, completed where they are.
    expect(inPlace.issues[0]).toBe(own[0]);
    expect(own.every((i) => i.note === null && i.facility !== undefined)).toBe(true);
  });

  it('is ready when no error is left and every warning is explained', () => {
    const clean = shimen([['石门乡卫生院', 300, 320, 20, 40]]);
    const run1 = consolidate([clean], { asOf: '2024-11-30' });
    expect(run1.readiness).toEqual({ errors: 1, unexplainedWarnings: 0, ready: false });
    const fixedUp = consolidate([shimen([['石门乡卫生院', 300, 200, 20, 40], ['上湾村卫生室', 90, 85, null, 3]])], { asOf: '2024-11-30', previous: previousOf('2024-10-31', [['石门乡', '上湾村卫生室', { HTN_STD: 40 }]]) });
    const warning = fixedUp.issues.find((i) => i.severity === 'warning')!;
    expect(warning.code).toBe('changed-since-last');
    expect(fixedUp.readiness).toEqual({ errors: 0, unexplainedWarnings: 1, ready: false });
    const explained = consolidate([shimen([['石门乡卫生院', 300, 200, 20, 40], ['上湾村卫生室', 90, 85, null, 3]])], {
      asOf: '2024-11-30',
      previous: previousOf('2024-10-31', [['石门乡', '上湾村卫生室', { HTN_STD: 40 }]]),
      notes: [{ code: 'changed-since-last', source: null, sheet: '石门乡', facility: '上湾村卫生室', subject: '高血压规范管理人数', cell: 'C9', note: '本月集中随访' }],
    });
    expect(explained.readiness).toEqual({ errors: 0, unexplainedWarnings: 0, ready: true });
    expect(buildResultSheets(explained, 'zh-CN')[2].rows[0][0]).toBe('可以上报');
  });
});
