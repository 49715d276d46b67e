import { builtInDefinitions, CATALOG_INDICATORS, CATALOG_RULES, catalogSheets } from '../../src/engine/catalog';
import { readDefinitions } from '../../src/engine/definitions';
import { compare, evaluate } from '../../src/engine/expression';
import { headerKey } from '../../src/engine/normalize';
import type { CompiledIndicator, CompiledRule, Lang, ResultSheet, SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

const asInput = (sheet: ResultSheet): SheetInput => sheetOf(sheet.name, [sheet.columns.map((c) => c.header), ...sheet.rows]);

const plainIndicator = ({ origin: _o, ...d }: CompiledIndicator & { fieldCells?: unknown }) => {
  const { fieldCells: _f, ...rest } = d as typeof d & { fieldCells?: unknown };
  return rest;
};
const plainRule = ({ origin: _o, ...r }: CompiledRule & { fieldCells?: unknown }) => {
  const { fieldCells: _f, ...rest } = r as typeof r & { fieldCells?: unknown };
  return rest;
};

describe('builtInDefinitions', () => {
  const defs = builtInDefinitions();
  const byCode = new Map(defs.indicators.map((d) => [d.code, d]));

  it('compiles every indicator and rule of the catalog', () => {
    expect(defs.source).toBe('catalog');
    expect(defs.indicators).toHaveLength(CATALOG_INDICATORS.length);
    expect(defs.rules).toHaveLength(CATALOG_RULES.length);
    expect(defs.sheets).toEqual([]);
    expect(defs.townshipTargets).toEqual({});
  });

  it('keeps the codes of the spec’s example exactly', () => {
    expect(byCode.get('HTN')).toMatchObject({ name: '高血压患者数', unit: '人', kind: 'count' });
    expect(byCode.get('HTN')!.aliases).toEqual(expect.arrayContaining(['高血压患者人数', '高血压管理人数']));
    expect(byCode.get('HTN_STD')).toMatchObject({ name: '高血压规范管理人数', kind: 'count' });
    expect(byCode.get('HTN_RATE')).toMatchObject({
      name: '高血压患者规范管理率',
      aliases: ['高血压规范管理率'],
      unit: '%',
      kind: 'rate',
      numerator: '[HTN_STD]',
      denominator: '[HTN]',
      factor: 100,
      target: 60,
      direction: '>=',
      min: 0,
      max: 100,
    });
  });

  it.each([
    ['居民健康档案建档率', ['REC', 'POP']],
    ['高血压患者规范管理率', ['HTN_STD', 'HTN']],
    ['高血压患者血压控制率', ['HTN_CTRL', 'HTN']],
    ['高血压患者管理率', ['HTN', 'HTN_EST']],
    ['2型糖尿病患者规范管理率', ['DM_STD', 'DM']],
    ['2型糖尿病患者血糖控制率', ['DM_CTRL', 'DM']],
    ['2型糖尿病患者管理率', ['DM', 'DM_EST']],
    ['严重精神障碍患者规范管理率', ['SMI_STD', 'SMI']],
    ['65岁及以上老年人健康管理率', ['ELD_MGMT', 'ELD']],
    ['老年人中医药健康管理率', ['ELD_TCM', 'ELD']],
    ['孕产妇系统管理率', ['MAT_SYS', 'BIRTH']],
    ['0-6岁儿童健康管理率', ['CHILD_MGMT', 'CHILD']],
    ['家庭医生签约率', ['SIGN', 'POP']],
    ['免疫规划疫苗接种率', ['VAC_DONE', 'VAC_DUE']],
    ['个人自付比例', ['EXP_SELF', 'EXP_TOTAL']],
  ])('%s is a percent of two counts', (name, [num, den]) => {
    const rate = defs.indicators.find((d) => d.name === name)!;
    expect(rate).toMatchObject({ kind: 'rate', unit: '%', factor: 100, min: 0, max: 100 });
    expect(rate.numeratorExpr).toMatchObject({ type: 'ref', code: num });
    expect(rate.denominatorExpr).toMatchObject({ type: 'ref', code: den });
    expect(byCode.get(num)!.kind).toBe('count');
    expect(byCode.get(den)!.kind).toBe('count');
  });

  it('holds the counts the bureau tracks, in their units', () => {
    expect(byCode.get('CATARACT')).toMatchObject({ name: '白内障复明手术例数', unit: '例', kind: 'count' });
    expect(byCode.get('FOLIC')).toMatchObject({ name: '增补叶酸人数', unit: '人', kind: 'count' });
    expect(byCode.get('FUND')).toMatchObject({ unit: '万元', kind: 'count' });
    expect(byCode.get('SELF_PAY_RATE')).toMatchObject({ direction: '<=' });
  });

  it('gives every count a plausible range for one facility and every target a sensible size', () => {
    for (const d of defs.indicators) {
      expect(d.min).toBe(0);
      expect(d.max).toBeGreaterThan(0);
      if (d.kind === 'rate' && d.target !== null) expect(d.target).toBeLessThanOrEqual(100);
    }
    expect(defs.indicators.filter((d) => d.target !== null).length).toBeGreaterThanOrEqual(12);
  });

  it('marks every built-in target as a national standard, not the user’s', () => {
    const withTarget = defs.indicators.filter((d) => d.target !== null);
    expect(withTarget.every((d) => d.standardTarget === true)).toBe(true);
    expect(defs.indicators.filter((d) => d.target === null).some((d) => d.standardTarget)).toBe(false);
  });

  it('lets every header text point at one indicator only', () => {
    const owner = new Map<string, string>();
    for (const d of defs.indicators) {
      for (const key of new Set([d.code, d.name, ...d.aliases].map(headerKey))) {
        expect([key, owner.get(key) ?? d.code]).toEqual([key, d.code]);
        owner.set(key, d.code);
      }
    }
  });

  it.each<[string, Record<string, number>, boolean]>([
    ['高血压规范管理人数不超过患者数', { HTN_STD: 120, HTN: 150 }, true],
    ['高血压规范管理人数不超过患者数', { HTN_STD: 151, HTN: 150 }, false],
    ['糖尿病控制人数不超过管理人数', { DM_CTRL: 61, DM: 60 }, false],
    ['建档数不超过常住人口数', { REC: 9000, POP: 10000 }, true],
    ['签约人数不超过常住人口数', { SIGN: 10001, POP: 10000 }, false],
    ['药品费用与检查费用之和不超过总费用', { EXP_DRUG: 131.1, EXP_EXAM: 20.2, EXP_TOTAL: 151.3 }, true],
    ['药品费用与检查费用之和不超过总费用', { EXP_DRUG: 131.1, EXP_EXAM: 20.3, EXP_TOTAL: 151.3 }, false],
    ['医保基金支出与个人自付之和不超过总费用', { FUND: 100, EXP_SELF: 51.305, EXP_TOTAL: 151.3 }, true],
    ['医保基金支出与个人自付之和不超过总费用', { FUND: 100, EXP_SELF: 51.32, EXP_TOTAL: 151.3 }, false],
  ])('rule %s on %p holds: %p', (name, values, holds) => {
    const rule = defs.rules.find((r) => r.name === name)!;
    const value = (code: string): number | null => values[code] ?? null;
    const left = evaluate(rule.left, value)!;
    const right = evaluate(rule.right, value)!;
    expect(compare(left, rule.op, right, rule.tolerance)).toBe(holds);
  });

  it('returns fresh definitions each time', () => {
    const a = builtInDefinitions();
    a.indicators[0].aliases.push('改过');
    expect(builtInDefinitions().indicators[0].aliases).not.toContain('改过');
    expect(CATALOG_INDICATORS[0].aliases).not.toContain('改过');
  });
});

describe('catalogSheets', () => {
  it.each<[Lang, string[], string]>([
    ['zh-CN', ['指标定义', '校验规则', '任务数'], '代码'],
    ['en', ['Indicators', 'Rules', 'Targets'], 'code'],
  ])('in %s writes sheets %p', (lang, names, firstHeader) => {
    const sheets = catalogSheets(lang);
    expect(sheets.map((s) => s.name)).toEqual(names);
    expect(sheets.every((s) => s.kind === 'definitions')).toBe(true);
    expect(sheets[0].columns[0].header).toBe(firstHeader);
    expect(sheets[0].rows).toHaveLength(CATALOG_INDICATORS.length);
    expect(sheets[1].rows).toHaveLength(CATALOG_RULES.length);
    for (const s of sheets) for (const row of s.rows) expect(row).toHaveLength(s.columns.length);
  });

  it('writes an empty 任务数 with a column for each indicator that has a target', () => {
    const targets = catalogSheets('zh-CN')[2];
    expect(targets.rows).toEqual([]);
    expect(targets.columns.map((c) => c.header)).toEqual([
      '乡镇',
      ...CATALOG_INDICATORS.filter((d) => d.target !== null).map((d) => d.name),
    ]);
  });

  it.each<[Lang]>([['zh-CN'], ['en']])('reads back as the same definitions (%s)', (lang) => {
    const sheets = catalogSheets(lang).map(asInput);
    const result = readDefinitions(sheets, { source: 'workbook', lang })!;
    const catalog = builtInDefinitions();
    expect(result.issues).toEqual([]);
    expect(result.definitions.sheets).toEqual(sheets.map((s) => s.name));
    // Written out and read back, the catalog's targets are the user's own: no longer marked as built in.
    const own = catalog.indicators.map(({ standardTarget: _s, ...d }) => d);
    expect(result.definitions.indicators.map(plainIndicator)).toEqual(own.map(plainIndicator));
    expect(result.definitions.indicators.some((d) => d.standardTarget)).toBe(false);
    expect(result.definitions.rules.map(plainRule)).toEqual(catalog.rules.map(plainRule));
    expect(result.definitions.townshipTargets).toEqual({});
  });

  it('reads back a filled-in 任务数 template', () => {
    const [indicators, rules, targets] = catalogSheets('zh-CN').map(asInput);
    targets.values.push(['石门乡', ...targets.values[0].slice(1).map((_, i) => i + 1)]);
    const { definitions, issues } = readDefinitions([indicators, rules, targets], { source: 'workbook' })!;
    expect(issues).toEqual([]);
    const withTargets = CATALOG_INDICATORS.filter((d) => d.target !== null);
    expect(definitions.townshipTargets).toEqual({
      石门乡: Object.fromEntries(withTargets.map((d, i) => [d.code, i + 1])),
    });
  });
});
