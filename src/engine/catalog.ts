// The built-in catalog: 国家基本公共卫生服务 indicators and the bureau's usual counts, with the header
// texts townships really type as aliases, plausible ranges for one facility, county annual targets and
// the usual consistency rules. It is a starting point the statistician can write out and edit.
import {
  compileDefinitions,
  DEFINITION_SHEETS,
  DIRECTION_TEXT,
  INDICATOR_HEADERS,
  MEASURE_TEXT,
  KIND_TEXT,
  RULE_HEADERS,
  SEVERITY_TEXT,
  TOWNSHIP_HEADERS,
  type IndicatorField,
  type RuleField,
} from './definitions';
import type { CellValue, ColumnFormat, Definitions, Direction, IndicatorDefinition, Lang, ResultSheet, ValidationRule } from './types';

function count(
  code: string,
  name: string,
  unit: string,
  aliases: string[],
  max: number,
  target: number | null = null,
): IndicatorDefinition {
  return {
    code,
    name,
    aliases,
    unit,
    kind: 'count',
    numerator: null,
    denominator: null,
    factor: 1,
    target,
    direction: '>=',
    min: 0,
    max,
  };
}

function percent(
  code: string,
  name: string,
  numerator: string,
  denominator: string,
  aliases: string[],
  target: number | null,
  direction: Direction = '>=',
): IndicatorDefinition {
  return {
    code,
    name,
    aliases,
    unit: '%',
    kind: 'rate',
    numerator,
    denominator,
    factor: 100,
    target,
    direction,
    min: 0,
    max: 100,
  };
}

export const CATALOG_INDICATORS: IndicatorDefinition[] = [
  // 居民健康档案
  count('POP', '常住人口数', '人', ['辖区常住人口数', '常住人口', '辖区常住人口', '服务人口数'], 200000),
  count(
    'REC',
    '居民健康档案建档数',
    '人',
    ['建档人数', '建档数', '居民健康档案建档人数', '建立居民健康档案人数', '电子健康档案建档数', '居民电子健康档案建档数'],
    200000,
  ),
  percent('REC_RATE', '居民健康档案建档率', '[REC]', '[POP]', ['建档率', '电子健康档案建档率', '居民电子健康档案建档率'], 90),

  // 高血压患者健康管理
  count('HTN', '高血压患者数', '人', ['高血压患者人数', '高血压管理人数', '高血压患者管理人数', '管理高血压患者人数'], 30000),
  count('HTN_STD', '高血压规范管理人数', '人', ['高血压患者规范管理人数', '规范管理高血压患者人数'], 30000),
  count(
    'HTN_CTRL',
    '高血压血压控制人数',
    '人',
    ['高血压患者血压控制人数', '血压控制人数', '血压控制达标人数', '最近一次随访血压达标人数'],
    30000,
  ),
  count('HTN_EST', '高血压估算患者数', '人', ['高血压患者估算数', '辖区高血压估算患者数', '高血压估算人数'], 60000),
  percent('HTN_RATE', '高血压患者规范管理率', '[HTN_STD]', '[HTN]', ['高血压规范管理率'], 60),
  percent('HTN_CTRL_RATE', '高血压患者血压控制率', '[HTN_CTRL]', '[HTN]', ['高血压控制率', '管理人群血压控制率', '血压控制率'], 40),
  percent('HTN_MGMT_RATE', '高血压患者管理率', '[HTN]', '[HTN_EST]', ['高血压管理率', '高血压患者健康管理率'], null),

  // 2型糖尿病患者健康管理
  count(
    'DM',
    '2型糖尿病患者数',
    '人',
    ['2型糖尿病患者人数', '糖尿病患者数', '糖尿病患者人数', '2型糖尿病管理人数', '糖尿病管理人数', '糖尿病患者管理人数'],
    15000,
  ),
  count('DM_STD', '2型糖尿病规范管理人数', '人', ['2型糖尿病患者规范管理人数', '糖尿病规范管理人数', '糖尿病患者规范管理人数'], 15000),
  count(
    'DM_CTRL',
    '2型糖尿病血糖控制人数',
    '人',
    ['2型糖尿病患者血糖控制人数', '糖尿病血糖控制人数', '血糖控制人数', '血糖控制达标人数', '最近一次随访空腹血糖达标人数'],
    15000,
  ),
  count('DM_EST', '2型糖尿病估算患者数', '人', ['糖尿病估算患者数', '2型糖尿病患者估算数', '糖尿病患者估算数'], 30000),
  percent('DM_RATE', '2型糖尿病患者规范管理率', '[DM_STD]', '[DM]', ['2型糖尿病规范管理率', '糖尿病规范管理率', '糖尿病患者规范管理率'], 60),
  percent(
    'DM_CTRL_RATE',
    '2型糖尿病患者血糖控制率',
    '[DM_CTRL]',
    '[DM]',
    ['2型糖尿病血糖控制率', '糖尿病控制率', '糖尿病血糖控制率', '管理人群血糖控制率', '血糖控制率'],
    40,
  ),
  percent('DM_MGMT_RATE', '2型糖尿病患者管理率', '[DM]', '[DM_EST]', ['2型糖尿病管理率', '糖尿病管理率', '糖尿病患者管理率'], null),

  // 严重精神障碍患者管理
  count(
    'SMI',
    '严重精神障碍患者数',
    '人',
    ['在册严重精神障碍患者数', '严重精神障碍在册患者数', '登记在册严重精神障碍患者人数', '严重精神障碍患者人数'],
    2000,
  ),
  count('SMI_STD', '严重精神障碍患者规范管理人数', '人', ['严重精神障碍规范管理人数', '规范管理严重精神障碍患者人数'], 2000),
  percent('SMI_RATE', '严重精神障碍患者规范管理率', '[SMI_STD]', '[SMI]', ['严重精神障碍规范管理率'], 80),

  // 老年人健康管理
  count(
    'ELD',
    '65岁及以上老年人数',
    '人',
    ['65岁及以上常住老年人口数', '辖区65岁及以上老年人数', '65岁以上老年人数', '65岁及以上老年人口数', '老年人口数'],
    40000,
  ),
  count(
    'ELD_MGMT',
    '65岁及以上老年人健康管理人数',
    '人',
    ['老年人健康管理人数', '65岁以上老年人健康管理人数', '接受健康管理的65岁及以上老年人数'],
    40000,
  ),
  count(
    'ELD_TCM',
    '老年人中医药健康管理人数',
    '人',
    ['老年人中医药健康管理服务人数', '接受中医药健康管理服务的65岁及以上老年人数', '65岁及以上老年人中医药健康管理人数'],
    40000,
  ),
  percent(
    'ELD_RATE',
    '65岁及以上老年人健康管理率',
    '[ELD_MGMT]',
    '[ELD]',
    ['老年人健康管理率', '65岁以上老年人健康管理率'],
    70,
  ),
  percent(
    'ELD_TCM_RATE',
    '老年人中医药健康管理率',
    '[ELD_TCM]',
    '[ELD]',
    ['老年人中医药健康管理服务率', '65岁及以上老年人中医药健康管理率'],
    70,
  ),

  // 孕产妇健康管理
  count('BIRTH', '活产数', '人', ['辖区活产数', '活产人数', '产妇数'], 3000),
  count('MAT_SYS', '孕产妇系统管理人数', '人', ['孕产妇系统管理数', '系统管理孕产妇人数', '系统管理人数'], 3000),
  percent('MAT_RATE', '孕产妇系统管理率', '[MAT_SYS]', '[BIRTH]', ['孕产妇系统管理服务率'], 90),

  // 0-6岁儿童健康管理
  count('CHILD', '0-6岁儿童数', '人', ['0~6岁儿童数', '0-6岁儿童人数', '辖区0-6岁儿童数', '辖区内0-6岁儿童数'], 20000),
  count(
    'CHILD_MGMT',
    '0-6岁儿童健康管理人数',
    '人',
    ['0~6岁儿童健康管理人数', '0-6岁儿童健康管理数', '接受健康管理的0-6岁儿童数', '儿童健康管理人数'],
    20000,
  ),
  percent('CHILD_RATE', '0-6岁儿童健康管理率', '[CHILD_MGMT]', '[CHILD]', ['0~6岁儿童健康管理率', '儿童健康管理率'], 90),

  // 家庭医生签约服务
  count('SIGN', '家庭医生签约人数', '人', ['签约人数', '家庭医生签约服务人数', '签约居民人数', '家庭医生签约居民数'], 200000),
  percent('SIGN_RATE', '家庭医生签约率', '[SIGN]', '[POP]', ['签约率', '家庭医生签约服务率', '家庭医生签约服务覆盖率'], 35),

  // 免疫规划
  count('VAC_DUE', '免疫规划疫苗应种剂次', '剂次', ['应种剂次', '应种剂次数', '国家免疫规划疫苗应种剂次'], 50000),
  count(
    'VAC_DONE',
    '免疫规划疫苗实种剂次',
    '剂次',
    ['实种剂次', '实种剂次数', '疫苗接种剂次', '接种剂次', '国家免疫规划疫苗实种剂次'],
    50000,
  ),
  percent(
    'VAC_RATE',
    '免疫规划疫苗接种率',
    '[VAC_DONE]',
    '[VAC_DUE]',
    ['疫苗接种率', '接种率', '适龄儿童免疫规划疫苗接种率', '国家免疫规划疫苗接种率'],
    90,
  ),

  // 重大公共卫生及其他任务
  count('CATARACT', '白内障复明手术例数', '例', ['白内障复明手术数', '白内障手术例数', '白内障复明手术'], 500, 200),
  count('FOLIC', '增补叶酸人数', '人', ['农村妇女增补叶酸人数', '增补叶酸服用人数', '叶酸增补人数', '服用叶酸人数'], 5000, 2000),

  // 费用（万元）
  count('EXP_TOTAL', '医疗总费用', '万元', ['医疗费用总额', '总费用', '医疗费用合计'], 20000),
  count('EXP_DRUG', '药品费用', '万元', ['药品费', '药费', '药品收入'], 20000),
  count('EXP_EXAM', '检查费用', '万元', ['检查费', '检查检验费', '检查收入'], 20000),
  count('EXP_SELF', '个人自付费用', '万元', ['个人自付金额', '自付费用', '个人负担费用'], 20000),
  count(
    'FUND',
    '医保基金支出',
    '万元',
    ['新农合基金支出', '新农合补偿支出', '医保基金支出金额', '基本医保基金支出', '统筹基金支出'],
    20000,
  ),
  percent('SELF_PAY_RATE', '个人自付比例', '[EXP_SELF]', '[EXP_TOTAL]', ['个人自付比', '自付比例', '个人负担比例'], 30, '<='),
];

/**
 * 口径 of the catalog's counts: births, vaccinations, operations, folic acid and spending add up over
 * the year (累计, never lower within a year); populations, patients, people managed and records are
 * stocks (时点), which may go either way.
 */
const CUMULATIVE = new Set(['BIRTH', 'MAT_SYS', 'VAC_DUE', 'VAC_DONE', 'CATARACT', 'FOLIC', 'EXP_TOTAL', 'EXP_DRUG', 'EXP_EXAM', 'EXP_SELF', 'FUND']);
for (const d of CATALOG_INDICATORS) if (d.kind === 'count') d.measure = CUMULATIVE.has(d.code) ? 'cumulative' : 'stock';
// The catalog's targets are national standards (rates) or a usual county's task (counts): completion.ts
// judges by the former and never by the latter unless the user's own 指标定义 or 任务数 gives it.
for (const d of CATALOG_INDICATORS) if (d.target !== null) d.standardTarget = true;

function rule(
  name: string,
  expression: string,
  severity: 'error' | 'warning',
  tolerance: number | null = null,
): ValidationRule {
  return { name, expression, severity, tolerance };
}

export const CATALOG_RULES: ValidationRule[] = [
  rule('建档数不超过常住人口数', '[REC] <= [POP]', 'warning'),
  rule('高血压规范管理人数不超过患者数', '[HTN_STD] <= [HTN]', 'error'),
  rule('高血压控制人数不超过管理人数', '[HTN_CTRL] <= [HTN]', 'error'),
  rule('糖尿病规范管理人数不超过患者数', '[DM_STD] <= [DM]', 'error'),
  rule('糖尿病控制人数不超过管理人数', '[DM_CTRL] <= [DM]', 'error'),
  rule('严重精神障碍规范管理人数不超过患者数', '[SMI_STD] <= [SMI]', 'error'),
  rule('老年人数不超过常住人口数', '[ELD] <= [POP]', 'error'),
  rule('老年人健康管理人数不超过老年人数', '[ELD_MGMT] <= [ELD]', 'warning'),
  rule('老年人中医药健康管理人数不超过老年人数', '[ELD_TCM] <= [ELD]', 'warning'),
  rule('孕产妇系统管理人数不超过活产数', '[MAT_SYS] <= [BIRTH]', 'warning'),
  rule('儿童数不超过常住人口数', '[CHILD] <= [POP]', 'error'),
  rule('儿童健康管理人数不超过儿童数', '[CHILD_MGMT] <= [CHILD]', 'warning'),
  rule('签约人数不超过常住人口数', '[SIGN] <= [POP]', 'warning'),
  rule('实种剂次不超过应种剂次', '[VAC_DONE] <= [VAC_DUE]', 'warning'),
  rule('药品费用与检查费用之和不超过总费用', '[EXP_DRUG] + [EXP_EXAM] <= [EXP_TOTAL]', 'error'),
  rule('个人自付费用不超过总费用', '[EXP_SELF] <= [EXP_TOTAL]', 'error'),
  rule('医保基金支出与个人自付之和不超过总费用', '[FUND] + [EXP_SELF] <= [EXP_TOTAL]', 'warning', 0.01),
];

/** The catalog, compiled: what a run uses when no 指标定义 is found. */
export function builtInDefinitions(): Definitions {
  return compileDefinitions({ indicators: CATALOG_INDICATORS, rules: CATALOG_RULES, source: 'catalog' });
}

const INDICATOR_COLUMNS: { field: IndicatorField; width: number; format: ColumnFormat }[] = [
  { field: 'code', width: 16, format: 'text' },
  { field: 'name', width: 28, format: 'text' },
  { field: 'aliases', width: 48, format: 'text' },
  { field: 'unit', width: 8, format: 'text' },
  { field: 'kind', width: 8, format: 'text' },
  { field: 'numerator', width: 20, format: 'text' },
  { field: 'denominator', width: 20, format: 'text' },
  { field: 'factor', width: 8, format: 'number' },
  { field: 'target', width: 10, format: 'number' },
  { field: 'direction', width: 8, format: 'text' },
  { field: 'min', width: 10, format: 'number' },
  { field: 'max', width: 10, format: 'number' },
  { field: 'measure', width: 8, format: 'text' },
  { field: 'changeThreshold', width: 10, format: 'percent' },
];

const RULE_COLUMNS: { field: RuleField; width: number; format: ColumnFormat }[] = [
  { field: 'name', width: 36, format: 'text' },
  { field: 'expression', width: 44, format: 'text' },
  { field: 'severity', width: 8, format: 'text' },
  { field: 'tolerance', width: 8, format: 'number' },
];

function indicatorRow(d: IndicatorDefinition, lang: Lang): CellValue[] {
  const rate = d.kind === 'rate';
  const cells: Record<IndicatorField, CellValue> = {
    code: d.code,
    name: d.name,
    aliases: d.aliases.length ? d.aliases.join(lang === 'en' ? ', ' : '、') : null,
    unit: d.unit || null,
    kind: KIND_TEXT[lang][d.kind],
    numerator: rate ? d.numerator : null,
    denominator: rate ? d.denominator : null,
    factor: rate ? d.factor : null,
    target: d.target,
    direction: DIRECTION_TEXT[d.direction],
    min: d.min,
    max: d.max,
    measure: d.measure ? MEASURE_TEXT[lang][d.measure] : null,
    changeThreshold: d.changeThreshold ?? null,
  };
  return INDICATOR_COLUMNS.map((c) => cells[c.field]);
}

/**
 * The catalog as sheets the statistician can edit and keep in a workbook: 指标定义 and 校验规则, and an
 * empty 任务数 with a column for each indicator that has a county target.
 */
export function catalogSheets(lang: Lang): ResultSheet[] {
  const pick = (names: readonly [string, string]): string => (lang === 'en' ? names[1] : names[0]);
  const targetHeader = lang === 'en' ? 'township' : TOWNSHIP_HEADERS[0];
  return [
    {
      name: pick(DEFINITION_SHEETS.indicators),
      kind: 'definitions',
      columns: INDICATOR_COLUMNS.map((c) => ({ header: INDICATOR_HEADERS[c.field][lang], width: c.width, format: c.format })),
      rows: CATALOG_INDICATORS.map((d) => indicatorRow(d, lang)),
      freeze: { rows: 1, columns: 2 },
    },
    {
      name: pick(DEFINITION_SHEETS.rules),
      kind: 'definitions',
      columns: RULE_COLUMNS.map((c) => ({ header: RULE_HEADERS[c.field][lang], width: c.width, format: c.format })),
      rows: CATALOG_RULES.map((r) => [r.name, r.expression, SEVERITY_TEXT[lang][r.severity], r.tolerance]),
      freeze: { rows: 1, columns: 1 },
    },
    {
      name: pick(DEFINITION_SHEETS.targets),
      kind: 'definitions',
      columns: [
        { header: targetHeader, width: 16, format: 'text' },
        ...CATALOG_INDICATORS.filter((d) => d.target !== null).map((d) => ({
          header: d.name,
          width: Math.max(12, d.name.length * 2 + 2),
          format: 'number' as const,
        })),
      ],
      rows: [],
      freeze: { rows: 1, columns: 1 },
    },
  ];
}
