import { consolidate, COUNTY_NAME } from '../../src/engine/consolidate';
import { builtInDefinitions } from '../../src/engine/catalog';
import { DefinitionError, InvalidDateError } from '../../src/engine/errors';
import { parseAddress } from '../../src/engine/normalize';
import type { ConsolidationResult, Issue, SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

const HEADER = ['序号', '机构名称', '高血压患者数（人）', '高血压规范管理人数（人）', '高血压患者规范管理率（%）'];
const value = (r: ConsolidationResult, name: string, code: string): number | null | undefined =>
  r.rollup.find((row) => row.name === name)?.values[code];
const where = (i: Issue): string => `${i.source ? `[${i.source}]` : ''}${i.sheet}!${i.cell}`;
const ofCode = (r: ConsolidationResult, code: string): string[] => r.issues.filter((i) => i.code === code).map(where);

/** A county as it arrives: one township in two files, a list sheet, instructions and last month's results. */
function county(): SheetInput[] {
  return [
    sheetOf('填报说明', [['请各乡镇于每月5日前报送'], ['注：数据以系统导出为准']]),
    sheetOf(
      '石门乡',
      [
        ['石门乡2024年高血压患者健康管理情况'],
        HEADER,
        [1, '石门乡卫生院', 300, 200, 66.67],
        [2, '上湾村卫生室', 100, 'XX', 50],
        [3, '下湾村卫生室', 120, 90, 80], // printed 80, computed 75
        ['合计', null, 520, 290, 55.77],
      ],
      { source: 'shimen-a.xlsx' },
    ),
    sheetOf(
      '石门乡',
      [
        HEADER,
        [1, '中心村卫生室', 50, 40, 80],
        [2, '河湾村卫生室', 30, 30, 100],
        ['合计', null, 90, 70, 87.5], // HTN should be 80; 70/90 = 77.78, printed 87.5
      ],
      { source: 'shimen-b.xlsx' },
    ),
    sheetOf('乡镇汇总', [
      ['乡镇', '单位名称', '高血压患者数', '高血压规范管理人数'],
      ['城关镇', '城关社区卫生服务中心', 400, 300],
      ['白沙镇', '白沙镇卫生院', 200, 100],
      ['城关镇', '北门村卫生室', 0, 0],
      ['白沙镇', '白沙镇卫生院', 10, 12], // pasted twice, and fails 规范管理人数 ≤ 患者数
    ]),
    // Last month's results must never be read as a township.
    sheetOf('县级汇总', [['乡镇', '高血压患者数（人）'], ['石门乡', 9999], ['全县合计', 9999]]),
  ];
}

describe('consolidate: a county from the built-in catalog', () => {
  const result = consolidate(county(), { asOf: '2024-06-30' });

  it('combines a township from two files and a list sheet grouped by its 乡镇 column', () => {
    expect(result.rollup.map((r) => [r.level, r.name, r.facilities])).toEqual([
      ['township', '石门乡', 5],
      ['township', '城关镇', 2],
      ['township', '白沙镇', 2],
      ['county', '全县合计', 9],
    ]);
  });

  it.each([
    // 合计 rows are never added; the unreadable “XX” is left out.
    ['石门乡', 'HTN', 300 + 100 + 120 + 50 + 30],
    ['石门乡', 'HTN_STD', 200 + 90 + 40 + 30],
    ['城关镇', 'HTN', 400],
    ['白沙镇', 'HTN_STD', 112],
    ['全县合计', 'HTN', 600 + 400 + 210],
    ['全县合计', 'HTN_STD', 360 + 300 + 112],
  ])('%s %s = %d', (name, code, expected) => {
    expect(value(result, name, code)).toBe(expected);
  });

  it('recomputes rates from the summed counts of the rows that give both parts', () => {
    // 上湾村卫生室's 规范管理人数 is XX: its 100 patients stay in 患者数 but not in the rate's denominator.
    expect(value(result, '石门乡', 'HTN')).toBe(600);
    expect(value(result, '石门乡', 'HTN_RATE')).toBeCloseTo((360 / 500) * 100, 10);
    expect(value(result, '全县合计', 'HTN_RATE')).toBeCloseTo((772 / 1110) * 100, 10);
  });

  it('checks 合计 rows, printed rates (facility and total rows), rules and duplicates', () => {
    expect(ofCode(result, 'total-mismatch')).toEqual(['[shimen-b.xlsx]石门乡!C4']);
    expect(ofCode(result, 'rate-mismatch')).toEqual(['[shimen-a.xlsx]石门乡!E5', '[shimen-b.xlsx]石门乡!E4']);
    expect(ofCode(result, 'placeholder')).toEqual(['[shimen-a.xlsx]石门乡!D4']);
    expect(ofCode(result, 'rule-failed')).toEqual(['乡镇汇总!D5']);
    expect(ofCode(result, 'duplicate-facility')).toEqual(['乡镇汇总!B5']);
    const total = result.issues.find((i) => i.code === 'total-mismatch')!;
    expect(total.params).toMatchObject({ printed: 90, sum: 80 });
  });

  it('skips instructions and result sheets, reads the rest', () => {
    expect(result.sheets.map((s) => [s.sheet, s.source ?? null, s.status, s.skipReason ?? null])).toEqual([
      ['填报说明', null, 'skipped', 'no-table'],
      ['石门乡', 'shimen-a.xlsx', 'table', null],
      ['石门乡', 'shimen-b.xlsx', 'table', null],
      ['乡镇汇总', null, 'table', null],
      ['县级汇总', null, 'skipped', 'result'],
    ]);
    expect(result.issues[0]).toMatchObject({ code: 'definitions-source', severity: 'info', message: '指标定义来自：内置指标目录' });
    expect(result.definitions.source).toBe('catalog');
  });

  it('sorts issues by sheet, then row, then column, and counts them', () => {
    const sheetOrder = ['填报说明', '石门乡', '乡镇汇总'];
    const keys = result.issues
      .filter((i) => i.sheet !== null)
      .map((i) => {
        const at = i.cell ? parseAddress(i.cell.split(':')[0]) : { row: -1, column: -1 };
        return [sheetOrder.indexOf(i.sheet!) * 10 + (i.source === 'shimen-b.xlsx' ? 1 : 0), at.row, at.column];
      });
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
    expect(keys).toEqual(sorted);
    const bySeverity = (s: string): number => result.issues.filter((i) => i.severity === s).length;
    expect(result.counts).toMatchObject({
      townships: 3, facilities: 9, errors: bySeverity('error'), warnings: bySeverity('warning'), infos: bySeverity('info'),
    });
    expect(result.counts.errors).toBe(2); // XX and the failed error-level rule
  });

  it('judges the county on the catalog’s targets at the as-of date', () => {
    expect(result.asOf).toBe('2024-06-30');
    expect(result.timeProgress).toBe(0.5);
    const rate = result.completion.find((c) => c.level === 'county' && c.indicator === 'HTN_RATE')!;
    const target = builtInDefinitions().indicators.find((i) => i.code === 'HTN_RATE')!.target!;
    expect(rate).toMatchObject({ target, met: (772 / 1210) * 100 >= target });
  });
});

describe('consolidate: definitions in the workbook', () => {
  const definitionSheets = (): SheetInput[] => [
    sheetOf('指标定义', [
      ['代码', '名称', '别名', '单位', '类型', '分子', '分母', '系数', '目标', '方向', '最小值', '最大值'],
      ['VISITS', '门诊人次', '诊疗人次', '人次', '数量', null, null, null, 1000, '≥', 0, 100000],
      ['DISCH', '出院人次', null, '人次', '数量', null, null, null, null, null, 0, 10000],
      ['DISCH_RATE', '住院率', null, '%', '比率', '[DISCH]', '[VISITS]', 100, 5, '≥', 0, 100],
    ]),
    sheetOf('校验规则', [['名称', '表达式', '级别', '容差'], ['出院不超过门诊', '[出院人次] <= [门诊人次]', '警告', null]]),
    sheetOf('任务数', [['乡镇', '门诊人次'], ['石门乡', 600], ['河口镇', 300]]),
  ];
  const data = (): SheetInput[] => [
    sheetOf('石门乡', [['机构名称', '诊疗人次', '出院人次', '住院率(%)'], ['石门乡卫生院', 500, 30, 6], ['上湾村卫生室', 100, 0, 0]]),
    sheetOf('城关镇', [['机构名称', '门诊人次（人次）', '出院人次'], ['城关社区卫生服务中心', 800, 900]]),
  ];
  const result = consolidate([...definitionSheets(), ...data()], { asOf: '2024-03-31' });

  it('reads 指标定义, 校验规则 and 任务数 from the workbook and never as data', () => {
    expect(result.definitions.source).toBe('workbook');
    expect(result.indicators.map((i) => i.code)).toEqual(['VISITS', 'DISCH', 'DISCH_RATE']);
    expect(result.sheets.slice(0, 3).map((s) => [s.sheet, s.skipReason])).toEqual([
      ['指标定义', 'definitions'], ['校验规则', 'definitions'], ['任务数', 'definitions'],
    ]);
    expect(result.issues[0].message).toBe('指标定义来自：本工作簿的工作表 指标定义、校验规则、任务数');
  });

  it('rolls up with the workbook’s indicators and runs its rules', () => {
    expect(result.rollup.map((r) => [r.name, r.values.VISITS, r.values.DISCH])).toEqual([
      ['石门乡', 600, 30], ['城关镇', 800, 900], ['全县合计', 1400, 930],
    ]);
    expect(result.rollup[2].values.DISCH_RATE).toBeCloseTo((930 / 1400) * 100, 10);
    expect(ofCode(result, 'rule-failed')).toEqual(['城关镇!C2']);
    expect(result.issues.find((i) => i.code === 'rule-failed')).toMatchObject({ rule: '出院不超过门诊', severity: 'warning' });
  });

  it('judges townships on 任务数, rates on the county 目标, and names 任务数 townships never seen', () => {
    expect(result.completion.map((c) => [c.indicator, c.name, c.target, c.status])).toEqual([
      ['VISITS', '全县合计', 1000, 'completed'],
      ['VISITS', '石门乡', 600, 'completed'],
      ['DISCH_RATE', '全县合计', 5, 'met'],
      ['DISCH_RATE', '石门乡', 5, 'met'], // 30 ÷ 600 is exactly the standard
      ['DISCH_RATE', '城关镇', 5, 'met'],
    ]);
    expect(result.issues.filter((i) => i.code === 'target-unknown-township')).toEqual([
      expect.objectContaining({ severity: 'warning', sheet: '任务数', params: { township: '河口镇' } }),
    ]);
  });

  it('uses definitions given by the caller before the workbook’s own', () => {
    const given = consolidate([...definitionSheets(), ...data()], { asOf: '2024-03-31', definitions: builtInDefinitions() });
    expect(given.definitions.source).toBe('catalog');
    expect(given.indicators.some((i) => i.code === 'VISITS')).toBe(false);
    expect(given.sheets[0]).toMatchObject({ sheet: '指标定义', status: 'skipped', skipReason: 'definitions' });
  });

  it('takes only a 任务数 sheet from the workbook, the rest from the catalog', () => {
    const r = consolidate([sheetOf('任务数', [['乡镇', 'HTN'], ['城关镇', 500]]), county()[3]], { asOf: '2024-03-31' });
    expect(r.definitions.source).toBe('workbook');
    expect(r.issues[0].message).toBe('指标定义来自：本工作簿的工作表 任务数，其余来自内置指标目录');
    expect(r.completion.find((c) => c.name === '城关镇' && c.indicator === 'HTN')).toMatchObject({ target: 500, actual: 400 });
  });

  it('stops on definitions that cannot be used', () => {
    const broken = sheetOf('指标定义', [
      ['代码', '名称', '单位', '类型', '分子', '分母'],
      ['R', '某率', '%', '比率', '[NOPE]', '[ALSO_NOPE]'],
    ]);
    expect(() => consolidate([broken, ...data()], { asOf: '2024-03-31' })).toThrow(DefinitionError);
  });
});

describe('consolidate: options', () => {
  it.each(['2024-02-30', '2024/03/31', ''])('rejects the as-of date %j', (asOf) => {
    expect(() => consolidate(county(), { asOf })).toThrow(InvalidDateError);
  });

  it('leaves out sheets the user excluded', () => {
    const r = consolidate(county(), { asOf: '2024-06-30', excludedSheets: ['乡镇汇总'] });
    expect(r.rollup.map((x) => x.name)).toEqual(['石门乡', '全县合计']);
    expect(r.sheets.find((s) => s.sheet === '乡镇汇总')).toMatchObject({ status: 'skipped', skipReason: 'excluded' });
  });

  it('speaks English when asked', () => {
    const r = consolidate(county(), { asOf: '2024-06-30', lang: 'en' });
    expect(r.rollup.at(-1)!.name).toBe(COUNTY_NAME.en);
    expect(r.issues[0].message).toBe('Indicator definitions from: the built-in catalog');
    expect(r.issues.find((i) => i.code === 'placeholder')!.message).toMatch(/^Placeholder "XX"/);
  });

  it('rolls up a large county (60 sheets × 200 rows × 27 indicators) exactly', () => {
    const inds = builtInDefinitions().indicators.filter((i) => i.kind === 'count').slice(0, 27);
    const sheets = Array.from({ length: 60 }, (_, s) =>
      sheetOf(`乡镇${s}`, [
        ['序号', '机构名称', ...inds.map((i) => i.name)],
        ...Array.from({ length: 200 }, (_, r) => [r + 1, `村卫生室${r}`, ...inds.map((_i, k) => 10 + ((r + k) % 7))]),
      ]),
    );
    const r = consolidate(sheets, { asOf: '2024-06-30' });
    expect(r.counts.facilities).toBe(12000);
    expect(r.rollup.at(-1)!.values[inds[0].code]).toBe(60 * [...Array(200).keys()].reduce((a, k) => a + 10 + (k % 7), 0));
  });
});

describe('consolidate: a rule on a sheet that lacks one of its columns', () => {
  const result = consolidate(
    [
      // Only 规范管理人数 was reported here: 规范管理人数 ≤ 患者数 cannot be judged, and must not fail every row.
      sheetOf('石门乡', [
        ['机构名称', '高血压规范管理人数（人）', '2型糖尿病患者数（人）'],
        ['石门乡卫生院', 200, 80],
        ['上湾村卫生室', 40, 10],
      ]),
      // Both columns: the rule is judged as usual.
      sheetOf('白沙镇', [
        ['机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'],
        ['白沙镇卫生院', 100, 120],
        ['下湾村卫生室', 50, 40],
      ]),
    ],
    { asOf: '2024-06-30' },
  );

  it('judges the rule only where the sheet has every column it uses', () => {
    expect(ofCode(result, 'rule-failed')).toEqual(['白沙镇!C2']);
  });

  it('says once per sheet which rule was not checked and which column is missing', () => {
    const notChecked = result.issues.filter((i) => i.code === 'rule-not-checked' && i.sheet === '石门乡');
    const htnRule = notChecked.filter((i) => i.message.includes('高血压患者数'));
    expect(htnRule).toHaveLength(1);
    expect(htnRule[0]).toMatchObject({ severity: 'info', cell: null });
    expect(htnRule[0].message).toContain(htnRule[0].rule!);
    expect(result.issues.filter((i) => i.code === 'rule-not-checked' && i.sheet === '白沙镇' && i.message.includes('高血压患者数'))).toEqual([]);
  });
});

describe('consolidate: a sheet Excel renamed when it was copied or imported', () => {
  it('石门乡 (2) is more of 石门乡, not a township of its own', () => {
    const result = consolidate(
      [
        sheetOf('石门乡', [['机构名称', '高血压患者数'], ['石门乡卫生院', 300]]),
        sheetOf('石门乡 (2)', [['机构名称', '高血压患者数'], ['上湾村卫生室', 100]]),
        sheetOf('白沙镇（3）', [['机构名称', '高血压患者数'], ['白沙镇卫生院', 50]]),
        sheetOf('Sheet1 (2)', [['填报单位：桃源乡卫生院'], ['机构名称', '高血压患者数'], ['桃源乡卫生院', 7]]),
      ],
      { asOf: '2024-06-30' },
    );
    expect(result.rollup.map((r) => [r.name, r.facilities, r.values.HTN])).toEqual([
      ['石门乡', 2, 400],
      ['白沙镇', 1, 50],
      ['桃源乡', 1, 7],
      ['全县合计', 4, 457],
    ]);
  });
});

describe('consolidate: a rate whose numerator and denominator do not come from the same rows', () => {
  const result = consolidate(
    [
      sheetOf('石门乡', [
        ['机构名称', '高血压患者数', '高血压规范管理人数'],
        ['石门乡卫生院', 300, 200],
        ['上湾村卫生室', 100, null], // 规范管理人数 left blank
        ['下湾村卫生室', 0, null], // nothing to leave out
        ['中心村卫生室', null, 20], // 患者数 left blank
      ]),
      // Only 规范管理人数: its 600 must not land on the county's numerator without a denominator.
      sheetOf('北岭乡', [
        ['机构名称', '高血压规范管理人数'],
        ['北岭乡卫生院', 600],
      ]),
      // Only 患者数 (a base figure several rates divide by): it simply does not report the rate.
      sheetOf('白沙镇', [
        ['机构名称', '高血压患者数'],
        ['白沙镇卫生院', 500],
      ]),
    ],
    { asOf: '2024-06-30' },
  );

  it('rolls the rate up from the rows that give both parts, and the counts from every row', () => {
    expect(value(result, '石门乡', 'HTN')).toBe(400);
    expect(value(result, '石门乡', 'HTN_STD')).toBe(220);
    expect(value(result, '石门乡', 'HTN_RATE')).toBeCloseTo((200 / 300) * 100, 10);
    expect(value(result, '北岭乡', 'HTN_RATE')).toBeNull();
    expect(value(result, '白沙镇', 'HTN_RATE')).toBeNull();
    expect(value(result, '全县合计', 'HTN')).toBe(900);
    expect(value(result, '全县合计', 'HTN_STD')).toBe(820);
    expect(value(result, '全县合计', 'HTN_RATE')).toBeCloseTo((200 / 300) * 100, 10);
  });

  it('warns at each row with one part blank, and once for a sheet without the denominator column', () => {
    const parts = result.issues.filter((i) => i.code === 'rate-part-missing' && i.indicator === 'HTN_RATE');
    expect(parts.map(where)).toEqual(['石门乡!B3', '石门乡!C5']);
    expect(parts[0]).toMatchObject({ severity: 'warning' });
    expect(parts[0].message).toBe('本行填了高血压患者数，但高血压规范管理人数为空：高血压患者规范管理率的汇总未计入本行，请补填');
    const sheets = result.issues.filter((i) => i.code === 'rate-column-missing');
    expect(sheets.map((i) => [i.sheet, i.indicator, i.severity])).toEqual([['北岭乡', 'HTN_RATE', 'warning']]);
    expect(sheets[0].message).toBe('本表没有“高血压患者数”列：高血压患者规范管理率的汇总未计入本表的高血压规范管理人数');
  });
});

describe('consolidate: a summary sheet among the township sheets', () => {
  const townshipSheet = (name: string, htn: number) =>
    sheetOf(name, [['机构名称', '高血压患者数'], [`${name}卫生院`, htn]]);
  const result = consolidate(
    [
      // Last month's habit: a 汇总 sheet listing the townships as its rows, before the townships themselves.
      sheetOf('汇总', [['序号', '单位名称', '高血压患者数'], [1, '安乐镇', 300], [2, '富民乡', 450]]),
      townshipSheet('安乐镇', 300),
      townshipSheet('富民乡', 450),
    ],
    { asOf: '2024-06-30' },
  );

  it('is not added: the county is not counted twice', () => {
    expect(result.rollup.map((r) => [r.name, r.values.HTN])).toEqual([
      ['安乐镇', 300],
      ['富民乡', 450],
      ['全县合计', 750],
    ]);
  });

  it('says so with a warning, and shows the sheet as skipped', () => {
    const found = result.issues.filter((i) => i.code === 'summary-sheet');
    expect(found.map((i) => [i.severity, i.sheet, i.params.townships])).toEqual([['warning', '汇总', '安乐镇、富民乡']]);
    expect(result.sheets.find((l) => l.sheet === '汇总')).toMatchObject({ status: 'skipped', skipReason: 'summary' });
  });

  it('a facility sharing one name with a township is still a facility', () => {
    const r = consolidate(
      [sheetOf('安乐镇', [['机构名称', '高血压患者数'], ['富民乡', 5], ['安乐镇卫生院', 7]]), townshipSheet('富民乡', 450)],
      { asOf: '2024-06-30' },
    );
    expect(r.rollup.map((x) => [x.name, x.values.HTN])).toEqual([
      ['安乐镇', 12],
      ['富民乡', 450],
      ['全县合计', 462],
    ]);
  });
});
