// The one catalogue of issue messages, zh-CN first, English second. Engine modules never write
// message text themselves: they call issue(...) with a code and params.
import { lookupTable } from './dict';
import type { Issue, IssueCode, Lang, Severity } from './types';

type Params = Record<string, string | number | null>;
type Render = (p: Params) => string;

const v = (x: string | number | null | undefined): string => (x === null || x === undefined ? '' : String(x));

/** SheetLayout.skipReason in words; other text is shown as given. */
const SKIP_REASONS: Readonly<Record<string, Record<Lang, string>>> = lookupTable({
  empty: { 'zh-CN': '空工作表', en: 'empty sheet' },
  'no-table': { 'zh-CN': '没有可对应指标的表头或机构名称列', en: 'no header matching an indicator, or no facility column' },
  'no-indicator': {
    'zh-CN': '有机构名称列，但没有一列对应到指标；请核对表头，或在任务窗格中指定各列对应的指标',
    en: 'it has a facility column, but no column matches an indicator; check the headers, or set each column’s indicator in the task pane',
  },
  chart: { 'zh-CN': '图表工作表', en: 'chart sheet' },
  summary: { 'zh-CN': '乡镇汇总表', en: 'a summary of the townships' },
  hidden: { 'zh-CN': '隐藏的工作表', en: 'hidden sheet' },
  definitions: { 'zh-CN': '指标定义工作表', en: 'definitions sheet' },
  result: { 'zh-CN': '结果工作表', en: 'result sheet' },
  excluded: { 'zh-CN': '已排除', en: 'excluded' },
});

/** Why a sheet was skipped (SheetLayout.skipReason), in words; an unknown reason as given. */
export const skipReason = (reason: string | number | null | undefined, lang: Lang): string =>
  SKIP_REASONS[v(reason)]?.[lang] ?? v(reason);

/** The file definitions were read from, in words: 定义文件 defs.xlsx, 本工作簿（county.xlsx）. */
const definitionsFileZh = (p: Params): string =>
  p.source === 'definitions-file'
    ? `定义文件${p.file ? ` ${v(p.file)} ` : ''}`
    : `本工作簿${p.file ? `（${v(p.file)}）` : ''}`;
const definitionsFileEn = (p: Params): string =>
  p.source === 'definitions-file'
    ? `the definitions file${p.file ? ` ${v(p.file)}` : ''}`
    : `${p.file ? `the workbook ${v(p.file)}` : 'this workbook'}`;

export const MESSAGES: Record<IssueCode, Record<Lang, Render>> = {
  'not-a-number': {
    'zh-CN': (p) => `“${v(p.text)}”不是数值，未计入汇总`,
    en: (p) => `"${v(p.text)}" is not a number; left out of every sum`,
  },
  placeholder: {
    'zh-CN': (p) => `占位符“${v(p.text)}”不是数值，请填写实际数字；未计入汇总`,
    en: (p) => `Placeholder "${v(p.text)}" is not a number; enter the real figure. Left out of every sum`,
  },
  'error-value': {
    'zh-CN': (p) => `单元格为错误值 ${v(p.text)}，未计入汇总`,
    en: (p) => `The cell holds the error ${v(p.text)}; left out of every sum`,
  },
  'date-in-number': {
    'zh-CN': (p) => `数值列中出现日期 ${v(p.text)}，未计入汇总`,
    en: (p) => `A date (${v(p.text)}) in a number column; left out of every sum`,
  },
  'boolean-in-number': {
    'zh-CN': (p) => `数值列中出现逻辑值 ${v(p.text)}，未计入汇总`,
    en: (p) => `A boolean (${v(p.text)}) in a number column; left out of every sum`,
  },
  'unit-in-cell': {
    'zh-CN': (p) => `“${v(p.text)}”含单位，按 ${v(p.value)} 读取`,
    en: (p) => `"${v(p.text)}" has its unit typed in the cell; read as ${v(p.value)}`,
  },
  'negative-count': {
    'zh-CN': (p) => `数量不能为负数（${v(p.value)}），未计入汇总`,
    en: (p) => `A count cannot be negative (${v(p.value)}); left out of every sum`,
  },
  'out-of-range': {
    'zh-CN': (p) => `${v(p.value)} 超出合理范围 [${v(p.min)}, ${v(p.max)}]，已计入，请核实`,
    en: (p) => `${v(p.value)} is outside the plausible range [${v(p.min)}, ${v(p.max)}]; kept, please check`,
  },
  'mixed-percent-scale': {
    'zh-CN': (p) => `该百分比列中既有小数（如 0.93）又有百分数（如 93），请核实这些单元格：${v(p.cells)}`,
    en: (p) => `This % column mixes fractions (0.93) and percents (93); check these cells: ${v(p.cells)}`,
  },
  'merged-figure': {
    'zh-CN': (p) => `数值单元格 ${v(p.area)} 是合并单元格，只按一个数计入（第 ${v(p.row)} 行），请核实是否应分行填报`,
    en: (p) => `Figure cells ${v(p.area)} are merged; counted once (row ${v(p.row)}). Check whether each row should have its own figure`,
  },
  'duplicate-facility': {
    'zh-CN': (p) => `机构“${v(p.facility)}”在${v(p.township)}出现两次（${v(p.first)} 与 ${v(p.second)}），两行均已计入`,
    en: (p) => `Facility "${v(p.facility)}" appears twice in ${v(p.township)} (${v(p.first)} and ${v(p.second)}); both rows are kept`,
  },
  'total-mismatch': {
    'zh-CN': (p) => `${v(p.label)}行填报 ${v(p.printed)}，但各机构之和为 ${v(p.sum)}（差 ${v(p.diff)}）`,
    en: (p) => `The ${v(p.label)} row shows ${v(p.printed)}, but its rows add up to ${v(p.sum)} (off by ${v(p.diff)})`,
  },
  'rate-mismatch': {
    'zh-CN': (p) => `填报的${v(p.name)}为 ${v(p.printed)}，按本行分子分母计算应为 ${v(p.computed)}`,
    en: (p) => `${v(p.name)} is printed as ${v(p.printed)}, but this row's numerator and denominator give ${v(p.computed)}`,
  },
  'rate-as-fraction': {
    'zh-CN': (p) => `填报的${v(p.name)}为 ${v(p.printed)}，按本行分子分母计算应为 ${v(p.computed)}：像是把百分数填成了小数，请填 ${v(p.computed)} 或设为百分比格式`,
    en: (p) => `${v(p.name)} is printed as ${v(p.printed)}; this row's numerator and denominator give ${v(p.computed)}: it looks like a fraction typed for a percent. Enter ${v(p.computed)} or format the cell as a percentage`,
  },
  'rule-failed': {
    'zh-CN': (p) => `不符合校验规则“${v(p.rule)}”：${v(p.expression)}（左边 ${v(p.left)}，右边 ${v(p.right)}）`,
    en: (p) => `Fails rule "${v(p.rule)}": ${v(p.expression)} (left ${v(p.left)}, right ${v(p.right)})`,
  },
  'rate-part-missing': {
    'zh-CN': (p) => `本行填了${v(p.present)}，但${v(p.missing)}为空：${v(p.rate)}的汇总未计入本行，请补填`,
    en: (p) => `This row gives ${v(p.present)} but ${v(p.missing)} is blank: ${v(p.rate)} is rolled up without this row`,
  },
  'rate-column-missing': {
    'zh-CN': (p) => `本表没有“${v(p.missing)}”列：${v(p.rate)}的汇总未计入本表的${v(p.present)}`,
    en: (p) => `This sheet has no column for ${v(p.missing)}: ${v(p.rate)} is rolled up without this sheet's ${v(p.present)}`,
  },
  'rule-not-checked': {
    'zh-CN': (p) => `本表没有“${v(p.missing)}”列，未检查校验规则“${v(p.rule)}”`,
    en: (p) => `This sheet has no column for ${v(p.missing)}; rule "${v(p.rule)}" was not checked here`,
  },
  'unmatched-column': {
    'zh-CN': (p) => `列“${v(p.header)}”未对应任何指标，未读取`,
    en: (p) => `Column "${v(p.header)}" matches no indicator; not read`,
  },
  'sheet-skipped': {
    'zh-CN': (p) => `工作表未识别出报表（${skipReason(p.reason, 'zh-CN')}），已跳过`,
    en: (p) => `No report table found on this sheet (${skipReason(p.reason, 'en')}); skipped`,
  },
  'other-table-not-read': {
    'zh-CN': (p) => `第 ${v(p.row)} 行起是另一张表（“${v(p.title)}”），未读取；请把它移到单独的工作表后再汇总`,
    en: (p) => `Another table starts at row ${v(p.row)} ("${v(p.title)}") and was not read; move it to a sheet of its own`,
  },
  'summary-sheet': {
    'zh-CN': (p) => `本表的机构名称是其他工作表的乡镇（${v(p.townships)}），像是乡镇汇总表，未计入，以免重复汇总；如确为机构数据，请改正机构名称`,
    en: (p) => `This sheet's facilities are the townships of other sheets (${v(p.townships)}): it looks like a summary of them and is not added, so nothing is counted twice. If these are facilities, correct their names`,
  },
  'sheet-hidden': {
    'zh-CN': () => `隐藏的工作表，已跳过`,
    en: () => `Hidden sheet; skipped`,
  },
  'sheet-read': {
    'zh-CN': (p) => `读取 ${v(p.facilities)} 个机构（${v(p.townships)}），表头第 ${v(p.header)} 行，数据第 ${v(p.data)} 行`,
    en: (p) => `Read ${v(p.facilities)} facilities (${v(p.townships)}), header row(s) ${v(p.header)}, data rows ${v(p.data)}`,
  },
  'no-facility-rows': {
    'zh-CN': () => `表头已识别，但没有机构数据行`,
    en: () => `The header was found but there are no facility rows`,
  },
  'definitions-source': {
    'zh-CN': (p) =>
      `指标定义来自：${
        p.source === 'catalog'
          ? '内置指标目录'
          : `${definitionsFileZh(p)}的工作表 ${v(p.sheets)}${p.rest === 'catalog' ? '，其余来自内置指标目录' : ''}`
      }`,
    en: (p) =>
      `Indicator definitions from: ${
        p.source === 'catalog'
          ? 'the built-in catalog'
          : `${definitionsFileEn(p)}, sheets ${v(p.sheets)}${p.rest === 'catalog' ? '; the rest from the built-in catalog' : ''}`
      }`,
  },
  'definitions-in-township-file': {
    'zh-CN': (p) =>
      `此文件自带“${v(p.sheet)}”表，未采用：指标定义、校验规则、任务数只取自${
        p.source === 'catalog' ? '内置指标目录' : definitionsFileZh(p)
      }，乡镇报来的文件不能更改。如确需采用，请把这张表放进${p.source === 'definitions-file' ? '定义文件' : '第一个工作簿'}`,
    en: (p) =>
      `This file carries its own "${v(p.sheet)}" sheet; it was not used: indicators, rules and targets come only from ${
        p.source === 'catalog' ? 'the built-in catalog' : definitionsFileEn(p)
      }, and a township's file cannot change them. To use it, put the sheet in ${p.source === 'definitions-file' ? 'the definitions file' : 'the first workbook'}`,
  },
  'target-unknown-township': {
    'zh-CN': (p) => `任务数中的乡镇“${v(p.township)}”没有报表（尚未报送，或工作表名称与任务数不一致），汇总和完成情况中没有该乡镇`,
    en: (p) => `Township "${v(p.township)}" has a target in 任务数 but no report (not sent yet, or its sheet is named differently); it is missing from the roll-up and completion`,
  },
  'target-unknown-indicator': {
    'zh-CN': (p) => `任务数中的列“${v(p.header)}”未对应任何指标`,
    en: (p) => `Column "${v(p.header)}" in 任务数 matches no indicator`,
  },
  'target-not-a-number': {
    'zh-CN': (p) => `任务数“${v(p.text)}”不是数值`,
    en: (p) => `Target "${v(p.text)}" is not a number`,
  },
  'unreadable-file': {
    'zh-CN': (p) => `无法读取此文件（${v(p.reason)}），其中的报表未计入汇总；本次结果不完整`,
    en: (p) => `This file cannot be read (${v(p.reasonEn)}); its reports are not in the roll-up, so the results are incomplete`,
  },
  'measures-inferred': {
    'zh-CN': (p) => `按累计数核对（同一年内不应减少）的指标：${v(p.names) || '无'}；其余按时点数核对。可在指标定义的“口径”列改为 累计 或 时点`,
    en: (p) => `Checked as year-to-date (may not decrease within a year): ${v(p.names) || 'none'}; the others as stocks. Set 口径 (measure) in the indicator definitions to change this`,
  },
  'decreased-since-last': {
    'zh-CN': (p) => `${v(p.name)}是本年累计数，本期 ${v(p.current)} 比上期 ${v(p.previous)} 少，同一年内累计数不应减少`,
    en: (p) => `${v(p.name)} is a year-to-date count: ${v(p.current)} now, ${v(p.previous)} last period; it may not go down within a year`,
  },
  'changed-since-last': {
    'zh-CN': (p) =>
      `${v(p.name)}较上期变化 ${v(p.change)}：上期 ${v(p.previous)}，本期 ${v(p.current)}${p.expected !== null && p.expected !== undefined ? `（按累计进度应约为 ${v(p.expected)}）` : ''}，请核实`,
    en: (p) =>
      `${v(p.name)} changed by ${v(p.change)} on last period: ${v(p.previous)} then, ${v(p.current)} now${p.expected !== null && p.expected !== undefined ? ` (about ${v(p.expected)} expected at this point of the year)` : ''}; please check`,
  },
  'not-reported-now': {
    'zh-CN': (p) =>
      `${v(p.township)}的“${v(p.facility)}”上期有数据，本期没有${p.similar ? `；本期有名称相近的“${v(p.similar)}”，如为同一机构请统一名称` : ''}`,
    en: (p) =>
      `"${v(p.facility)}" (${v(p.township)}) reported last period but not now${p.similar ? `; "${v(p.similar)}" has a similar name: if it is the same facility, use one name` : ''}`,
  },
  'roster-missing': {
    'zh-CN': (p) => `机构名录中${v(p.township)}的“${v(p.facility)}”本期未报送${p.empty ? '（表中有该机构，但没有填任何数字）' : ''}`,
    en: (p) => `"${v(p.facility)}" (${v(p.township)}) is in the roster but has not reported${p.empty ? ' (its row has no figure)' : ''}`,
  },
  'roster-unlisted': {
    'zh-CN': (p) => `“${v(p.facility)}”不在机构名录${v(p.township)}的机构中${p.similar ? `；名录中相近的是“${v(p.similar)}”，如为同一机构请统一名称或在名录中加别名` : ''}`,
    en: (p) => `"${v(p.facility)}" is not listed for ${v(p.township)} in the roster${p.similar ? `; the closest listed name is "${v(p.similar)}": if it is the same facility, use one name or add an alias` : ''}`,
  },
  outlier: {
    'zh-CN': (p) => `${v(p.name)} ${v(p.value)} 与全县其他机构差异很大（全县中位数 ${v(p.median)}，修正 z 值 ${v(p.z)}），请核实`,
    en: (p) => `${v(p.name)} ${v(p.value)} is far from the county's other facilities (median ${v(p.median)}, modified z-score ${v(p.z)}); please check`,
  },
  'unit-read': {
    'zh-CN': (p) =>
      `${v(p.unit)}（${v(p.file)}）按一个${v(p.level)}汇总：只读其合计行，不再计入其下各行；其校验结果仍有错误 ${v(p.errors)} 条、警告 ${v(p.warnings)} 条，不在此重复列出${Number(p.errors) > 0 ? '，请该单位改正后重新上报' : ''}`,
    en: (p) =>
      `${v(p.unit)} (${v(p.file)}) is rolled up as one ${v(p.level).toLowerCase()}: only its total row is read, not the rows under it; its validation still lists ${v(p.errors)} error(s) and ${v(p.warnings)} warning(s), not repeated here${Number(p.errors) > 0 ? '; ask it to correct them and submit again' : ''}`,
  },
  'unit-duplicate': {
    'zh-CN': (p) => `${v(p.unit)}出现在多个结果工作簿中（${v(p.files)}），每份都计入了合计；如是同一单位重复提供，请只保留一份`,
    en: (p) => `${v(p.unit)} comes in several result workbooks (${v(p.files)}), each added to the total; if they are the same unit given twice, keep one`,
  },
  'unit-rollup-missing': {
    'zh-CN': (p) =>
      `“${v(p.file)}”导入的校验结果（${v(p.sheet)}）在本工作簿中，其县级汇总却不在（工作表被改名或删除）：该单位未计入合计。请把改名的工作表改回原名，或重新导入该文件`,
    en: (p) =>
      `The validation imported from "${v(p.file)}" (${v(p.sheet)}) is in this workbook but its 县级汇总 is not (the sheet was renamed or deleted): the unit is left out of the total. Give the renamed sheet its name back, or import the file again`,
  },
  'unit-rate-unrecomputable': {
    'zh-CN': (p) => `${v(p.unit)}的汇总结果有${v(p.rate)}，但没有它的分子和分母，无法按 Σ分子/Σ分母 重新计算；该单位的率仍照原值列出，但未计入合计`,
    en: (p) => `${v(p.unit)}'s results give ${v(p.rate)} but not its numerator and denominator, so it cannot be recomputed from sums; the unit's own figure is shown but left out of the total`,
  },
};

export interface IssueInit {
  sheet?: string | null;
  cell?: string | null;
  indicator?: string | null;
  rule?: string | null;
  params?: Params;
}

/** Builds an Issue with its message rendered in lang. */
export function issue(severity: Severity, code: IssueCode, lang: Lang, init: IssueInit = {}): Issue {
  const params = init.params ?? {};
  return {
    severity,
    code,
    sheet: init.sheet ?? null,
    cell: init.cell ?? null,
    indicator: init.indicator ?? null,
    rule: init.rule ?? null,
    message: MESSAGES[code][lang](params),
    params,
  };
}

/** The same issue's message in another language (the pane switches language without re-running). */
export function renderIssue(i: Issue, lang: Lang): string {
  return MESSAGES[i.code][lang](i.params);
}
