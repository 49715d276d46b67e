// What a run hands to people: the three result sheets (县级汇总, 完成情况, 校验结果) as plain tables
// that the CLI's workbook writer and the add-in both write, and the --json summary.
import { dictOf } from './dict';
import { facilitySheet, FACILITY_SHEET_NAMES, PREVIOUS_SHEET_NAMES, REPORTING_SHEET_NAMES } from './archive';
import { EXPORT_SHEET_NAMES } from './dhis2';
import { LEVEL_TEXT, partHeader, ratesNeedingParts, sheetTitle } from './levels';
import { renderIssue } from './messages';
import { ISSUE_COLUMN_TEXT, issueSubject, readinessOf, readinessText, valueRead } from './notes';
import { reportingSheet } from './roster';
import { townshipSheet } from './townships';
import { columnLetter } from './normalize';
import type {
  CellRef,
  CellValue,
  CompiledIndicator,
  CompletionStatus,
  ConsolidationResult,
  DefinitionSource,
  IndicatorKind,
  Issue,
  Lang,
  Readiness,
  ReportingRow,
  CompletionRow,
  ResultChart,
  ResultColumn,
  ResultSheet,
  Severity,
  UnitLevel,
  TargetSource,
} from './types';

export const RESULT_SHEET_NAMES: Record<Lang, { rollup: string; completion: string; issues: string }> = {
  'zh-CN': { rollup: '县级汇总', completion: '完成情况', issues: '校验结果' },
  en: { rollup: 'County rollup', completion: 'Completion', issues: 'Validation' },
};

/**
 * The units side by side (townships.ts), named by what the units are: 乡镇对比 for a county's townships,
 * 县区对比 for a city's counties, 市州对比 for a province's cities.
 */
export const COMPARISON_SHEET_NAMES: Record<UnitLevel, Record<Lang, string>> = {
  township: { 'zh-CN': '乡镇对比', en: 'Townships' },
  county: { 'zh-CN': '县区对比', en: 'Counties' },
  city: { 'zh-CN': '市州对比', en: 'Cities' },
};

/** 乡镇对比: townships side by side (the units of a county's run). */
export const TOWNSHIP_SHEET_NAMES: Record<Lang, string> = COMPARISON_SHEET_NAMES.township;

/** The side-by-side sheet's name for a run whose units are of this level. */
export function comparisonSheetName(level: UnitLevel | undefined, lang: Lang): string {
  return COMPARISON_SHEET_NAMES[level ?? 'township'][lang];
}

const RESULT_NAMES = new Set(Object.values(RESULT_SHEET_NAMES).flatMap((n) => [n.rollup, n.completion, n.issues]));
for (const n of [
  ...Object.values(FACILITY_SHEET_NAMES),
  ...Object.values(PREVIOUS_SHEET_NAMES),
  ...Object.values(REPORTING_SHEET_NAMES),
  ...Object.values(EXPORT_SHEET_NAMES),
  ...Object.values(COMPARISON_SHEET_NAMES).flatMap((names) => Object.values(names)),
]) {
  RESULT_NAMES.add(n);
}

/** The columns of a result sheet whose cells are status words, to colour by STATUS_FILL. */
export function statusColumnsOf(sheet: ResultSheet): number[] {
  return [...(sheet.statusColumn === undefined ? [] : [sheet.statusColumn]), ...(sheet.statusColumns ?? [])];
}

/**
 * True for the names of result sheets in either language, also as renamed when a user's own sheet
 * held the name ("县级汇总 (2)"): they are never read as data.
 */
export function isResultSheetName(name: string): boolean {
  const base = name.trim().replace(/\s*[(（]\d+[)）]$/, '');
  return RESULT_NAMES.has(base);
}

/** Each status word, once, for the CLI, the pane, the sheets and the feedback to townships. */
const STATUS_LABELS: Record<CompletionStatus, Record<Lang, string>> = {
  met: { 'zh-CN': '达标', en: 'Met' },
  unmet: { 'zh-CN': '未达标', en: 'Not met' },
  'over-limit': { 'zh-CN': '超标', en: 'Over limit' },
  completed: { 'zh-CN': '已完成', en: 'Completed' },
  'on-track': { 'zh-CN': '序时进度内', en: 'On track' },
  lagging: { 'zh-CN': '进度滞后', en: 'Lagging' },
  'no-data': { 'zh-CN': '无数据', en: 'No data' },
};

export const COMPLETION_STATUSES = Object.keys(STATUS_LABELS) as CompletionStatus[];

export function statusLabel(status: CompletionStatus, lang: Lang): string {
  return STATUS_LABELS[status][lang];
}

/** Statuses that need attention: behind time, below a standard, over a limit. */
export function isBehind(status: CompletionStatus): boolean {
  return status === 'lagging' || status === 'unmet' || status === 'over-limit';
}

/** Background fills ('RRGGBB') for the status column: Excel's own good / neutral / bad palette. */
export const STATUS_FILL: Record<CompletionStatus, string> = {
  met: 'C6EFCE',
  completed: 'C6EFCE',
  'on-track': 'DDEBF7',
  lagging: 'FFEB9C',
  unmet: 'FFC7CE',
  'over-limit': 'FFC7CE',
  'no-data': 'EDEDED',
};

const TARGET_SOURCE_LABELS: Record<TargetSource, Record<Lang, string>> = {
  'targets-sheet': { 'zh-CN': '任务数', en: 'Targets sheet' },
  definitions: { 'zh-CN': '指标定义', en: 'Indicator definitions' },
  standard: { 'zh-CN': '国家标准（内置）', en: 'National standard (built in)' },
};

/** Where a target came from, as shown next to it. */
export function targetSourceLabel(source: TargetSource, lang: Lang): string {
  return TARGET_SOURCE_LABELS[source][lang];
}

const SEVERITY_LABELS: Record<Severity, Record<Lang, string>> = {
  error: { 'zh-CN': '错误', en: 'Error' },
  warning: { 'zh-CN': '警告', en: 'Warning' },
  info: { 'zh-CN': '提示', en: 'Info' },
};

const TEXT = {
  facilities: { 'zh-CN': '机构数', en: 'Facilities' },
  indicator: { 'zh-CN': '指标', en: 'Indicator' },
  level: { 'zh-CN': '层级', en: 'Level' },
  name: { 'zh-CN': '名称', en: 'Name' },
  actual: { 'zh-CN': '实际', en: 'Actual' },
  target: { 'zh-CN': '目标', en: 'Target' },
  targetSource: { 'zh-CN': '目标来源', en: 'Target from' },
  completion: { 'zh-CN': '完成率', en: 'Completion' },
  progress: { 'zh-CN': '序时进度', en: 'Time progress' },
  status: { 'zh-CN': '状态', en: 'Status' },
  severity: { 'zh-CN': '级别', en: 'Severity' },
  file: { 'zh-CN': '文件', en: 'File' },
  sheet: { 'zh-CN': '工作表', en: 'Sheet' },
  cell: { 'zh-CN': '单元格', en: 'Cell' },
  subject: { 'zh-CN': '指标或规则', en: 'Indicator or rule' },
  valueRead: { 'zh-CN': '读到的值', en: 'Value read' },
  message: { 'zh-CN': '问题', en: 'Message' },
} satisfies Record<string, Record<Lang, string>>;

/** "高血压患者数（人）" in Chinese, "… (人)" in English; no bracket when the unit is blank. */
export function headerWithUnit(name: string, unit: string, lang: Lang): string {
  if (!unit) return name;
  return lang === 'zh-CN' ? `${name}（${unit}）` : `${name} (${unit})`;
}

/** Width in Excel character units: CJK characters take two. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! > 0x2e7f ? 2 : 1;
  return w;
}

function column(header: string, format: ResultColumn['format'], cells: CellValue[] = [], min = 8, max = 40): ResultColumn {
  let w = displayWidth(header);
  // Each distinct text measured once (a sheet's name is on each of its issues), and none once the
  // widest allowed is reached.
  const measured = new Set<string>();
  for (const c of cells) {
    if (w + 2 >= max) break;
    if (typeof c !== 'string' || measured.has(c)) continue;
    measured.add(c);
    w = Math.max(w, displayWidth(c));
  }
  return { header, format, width: Math.min(max, Math.max(min, w + 2)) };
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * Indicators with a figure somewhere in the roll-up. The others (catalog indicators no township reports)
 * would only add empty columns and 无数据 rows to the sheets; the JSON keeps them.
 */
function reported(result: ConsolidationResult): CompiledIndicator[] {
  return result.indicators.filter((i) => result.rollup.some((r) => (r.values[i.code] ?? null) !== null));
}

const levelOf = (result: ConsolidationResult): UnitLevel => result.unitLevel ?? 'township';

/**
 * 县级汇总: a row per unit (乡镇, or 县 when the units are counties) and the total; after the indicators,
 * the 分子 and 分母 of each rate that its shown counts do not give exactly (levels.ts), so that the level
 * above recomputes every rate from sums.
 */
function rollupSheet(result: ConsolidationResult, lang: Lang): ResultSheet {
  const indicators = reported(result);
  const withParts = ratesNeedingParts(result.rollup, result.indicators, new Set(indicators.map((i) => i.code)));
  const partOf = (r: ConsolidationResult['rollup'][number], code: string, side: 'numerator' | 'denominator'): number | null => r.parts?.[code]?.[side] ?? null;
  const rows: CellValue[][] = result.rollup.map((r) => [
    r.name,
    r.facilities,
    ...indicators.map((i) => r.values[i.code] ?? null),
    ...withParts.flatMap((rate) => [partOf(r, rate.code, 'numerator'), partOf(r, rate.code, 'denominator')]),
  ]);
  const whole = (k: number): boolean => rows.every((r) => r[k] === null || Number.isInteger(r[k]));
  const columns: ResultColumn[] = [
    column(LEVEL_TEXT[levelOf(result)].unit[lang], 'text', rows.map((r) => r[0]), 12, 30),
    column(TEXT.facilities[lang], 'integer'),
    ...indicators.map((ind, k) => column(headerWithUnit(ind.name, ind.unit, lang), ind.kind === 'count' && whole(k + 2) ? 'integer' : 'decimal2', [], 10, 24)),
    ...withParts.flatMap((rate, m) =>
      (['numerator', 'denominator'] as const).map((side, s) => {
        const k = 2 + indicators.length + 2 * m + s;
        return column(partHeader(rate, side, lang), whole(k) ? 'integer' : 'decimal2', [], 10, 24);
      }),
    ),
  ];
  const boldRows = result.rollup.flatMap((r, k) => (r.level === 'county' ? [k] : []));
  return { name: RESULT_SHEET_NAMES[lang].rollup, kind: 'rollup', columns, rows, boldRows, freeze: { rows: 1, columns: 1 } };
}

function completionSheet(result: ConsolidationResult, lang: Lang): ResultSheet {
  const byCode = new Map(reported(result).map((i) => [i.code, i]));
  const shownRows = result.completion.filter((c) => byCode.has(c.indicator));
  const rows: CellValue[][] = shownRows.map((c) => {
    const ind = byCode.get(c.indicator);
    // One column holds counts and rates: rates are shown to 2 decimals here (the JSON keeps them whole).
    const shown = (x: number | null): number | null => (x === null ? null : ind?.kind === 'rate' ? round2(x) : x);
    return [
      ind ? headerWithUnit(ind.name, ind.unit, lang) : c.indicator,
      c.level === 'county' ? LEVEL_TEXT[levelOf(result)].whole[lang] : LEVEL_TEXT[levelOf(result)].unit[lang],
      c.name,
      shown(c.actual),
      shown(c.target),
      targetSourceLabel(c.targetSource, lang),
      c.completion,
      c.lagging === null ? null : result.timeProgress,
      statusLabel(c.status, lang),
    ];
  });
  const columns: ResultColumn[] = [
    column(TEXT.indicator[lang], 'text', rows.map((r) => r[0]), 12, 36),
    column(TEXT.level[lang], 'text', [], 6, 10),
    column(TEXT.name[lang], 'text', rows.map((r) => r[2]), 12, 30),
    column(TEXT.actual[lang], 'number', [], 10, 14),
    column(TEXT.target[lang], 'number', [], 10, 14),
    column(TEXT.targetSource[lang], 'text', rows.map((r) => r[5]), 10, 20),
    column(TEXT.completion[lang], 'percent', [], 10, 14),
    column(TEXT.progress[lang], 'percent', [], 10, 14),
    column(TEXT.status[lang], 'text', rows.map((r) => r[8]), 10, 14),
  ];
  const boldRows = shownRows.flatMap((c, k) => (c.level === 'county' ? [k] : []));
  const charts = laggingCharts(shownRows, byCode, columns.length, lang);
  return {
    name: RESULT_SHEET_NAMES[lang].completion,
    kind: 'completion',
    columns,
    rows,
    statusColumn: 8,
    boldRows,
    freeze: { rows: 1, columns: 0 },
    ...(charts.length > 0 ? { charts } : {}),
  };
}

/** At most this many charts beside 完成情况: more would not be read, nor fit a report page. */
export const MAX_COMPLETION_CHARTS = 4;
/** 完成情况's columns the charts draw: 名称 as categories, 完成率 and 序时进度 as the two series. */
const CHART_COLUMNS = { name: 2, completion: 6, progress: 7 } as const;
const CHART_WIDTH_COLUMNS = 8;

const CHART_TITLE: Record<Lang, (indicator: string) => string> = {
  'zh-CN': (indicator) => `进度滞后指标：${indicator}（各乡镇完成率）`,
  en: (indicator) => `Lagging: ${indicator} (completion by township)`,
};

/**
 * The charts of 完成情况: for each indicator behind 序时进度 (the county or a township 进度滞后) whose
 * townships have 任务数, a clustered bar chart of the townships' 完成率 beside 序时进度, drawn from the
 * table's own rows (an indicator's township rows follow each other). The indicators with the most
 * lagging rows are charted, at most MAX_COMPLETION_CHARTS, in the table's order; stacked to the right
 * of the table, one column apart from it.
 */
function laggingCharts(shownRows: CompletionRow[], byCode: Map<string, CompiledIndicator>, tableColumns: number, lang: Lang): ResultChart[] {
  interface Candidate {
    code: string;
    first: number;
    last: number;
    lagging: number;
    order: number;
  }
  const candidates = new Map<string, Candidate>();
  const lagging = new Map<string, number>();
  shownRows.forEach((c, k) => {
    if (c.status === 'lagging') lagging.set(c.indicator, (lagging.get(c.indicator) ?? 0) + 1);
    // Townships with a 完成率 judged against 序时进度 only: their 任务数 gave the target.
    if (c.level !== 'township' || c.lagging === null) return;
    const seen = candidates.get(c.indicator);
    if (seen) seen.last = k;
    else candidates.set(c.indicator, { code: c.indicator, first: k, last: k, lagging: 0, order: candidates.size });
  });
  const chosen = [...candidates.values()]
    .map((c) => ({ ...c, lagging: lagging.get(c.code) ?? 0 }))
    .filter((c) => c.lagging > 0)
    .sort((a, b) => b.lagging - a.lagging || a.order - b.order)
    .slice(0, MAX_COMPLETION_CHARTS)
    .sort((a, b) => a.order - b.order);
  let top = 0;
  return chosen.map((c) => {
    const bars = c.last - c.first + 1;
    const height = Math.max(15, Math.ceil(bars * 1.5) + 6);
    const chart: ResultChart = {
      type: 'barClustered',
      title: CHART_TITLE[lang](byCode.get(c.code)?.name ?? c.code),
      rows: { first: c.first, last: c.last },
      categoryColumn: CHART_COLUMNS.name,
      seriesColumns: [CHART_COLUMNS.completion, CHART_COLUMNS.progress],
      anchor: { row: top, column: tableColumns + 1, rows: height, columns: CHART_WIDTH_COLUMNS },
      valueFormat: '0%',
    };
    top += height + 1;
    return chart;
  });
}

/** 读到的值 at a glance: a long text read (a note typed into a figure's cell) is cut; 问题 quotes it whole. */
function shortValue(value: string | null): string | null {
  const chars = value === null ? [] : [...value];
  return value === null || chars.length <= 50 ? value : `${chars.slice(0, 49).join('')}…`;
}

/** 校验结果's order, one issue a row under the readiness line: errors and warnings as read, then the notes (提示). */
export function issuesInSheetOrder(issues: readonly Issue[]): Issue[] {
  return [...issues.filter((i) => i.severity !== 'info'), ...issues.filter((i) => i.severity === 'info')];
}

/**
 * 校验结果: the readiness first (可以上报 or what is left), then one row per issue — 级别, 文件, 工作表,
 * 单元格, 机构, 指标或规则, 读到的值, 问题, 情况说明 (for the statistician's note, carried to the next
 * run) and 代码 (what the note is matched by, with the facility and subject; see notes.ts). Errors and
 * warnings in the order the workbook reads, then the notes (提示), which need nothing done.
 */
function issuesSheet(result: ConsolidationResult, lang: Lang): ResultSheet {
  const names = new Map(result.indicators.map((i) => [i.code, i.name]));
  const withFile = result.issues.some((i) => i.source);
  const readiness = readinessText(result.readiness ?? readinessOf(result.issues), lang);
  const issues = issuesInSheetOrder(result.issues);
  const first: CellValue[] = [readiness.label, null, null, null, null, null, readiness.detail, null, null];
  if (withFile) first.splice(1, 0, null);
  const rows: CellValue[][] = [first];
  for (const i of issues) {
    const row: CellValue[] = [SEVERITY_LABELS[i.severity][lang], i.sheet, i.cell, i.facility ?? null, issueSubject(i, names), shortValue(valueRead(i)), renderIssue(i, lang), i.note ?? null, i.code];
    if (withFile) row.splice(1, 0, i.source ?? null);
    rows.push(row);
  }
  const links: (CellRef | null)[] = [null, ...issues.map((i) => (i.sheet !== null && i.cell !== null ? { sheet: i.sheet, cell: i.cell } : null))];
  const at = withFile ? 1 : 0;
  const columns: ResultColumn[] = [
    column(TEXT.severity[lang], 'text', [readiness.label], 6, 12),
    ...(withFile ? [column(TEXT.file[lang], 'text', rows.map((r) => r[1]), 12, 30)] : []),
    column(TEXT.sheet[lang], 'text', rows.map((r) => r[1 + at]), 10, 24),
    column(TEXT.cell[lang], 'text', [], 8, 12),
    column(ISSUE_COLUMN_TEXT.facility[lang], 'text', rows.slice(1).map((r) => r[3 + at]), 12, 28),
    column(TEXT.subject[lang], 'text', rows.slice(1).map((r) => r[4 + at]), 14, 30),
    // Text, as read: “XX”, 1830, 12.5%.
    column(TEXT.valueRead[lang], 'text', rows.slice(1).map((r) => r[5 + at]), 8, 16),
    column(TEXT.message[lang], 'text', [], 60, 60),
    column(ISSUE_COLUMN_TEXT.note[lang], 'text', [], 30, 30),
    column(ISSUE_COLUMN_TEXT.code[lang], 'text', [], 10, 24),
  ];
  return { name: RESULT_SHEET_NAMES[lang].issues, kind: 'issues', columns, rows, links, boldRows: [0], freeze: { rows: 1, columns: 0 } };
}

/**
 * 县级汇总, 完成情况, 校验结果, 乡镇对比 (县区对比 when the units are counties), 机构明细 and (with a roster or last period) 上报情况, in lang
 * (a result can be shown again in the other language). With a unit name, each has a title row above its
 * header (see ResultSheet.title).
 */
export function buildResultSheets(result: ConsolidationResult, lang: Lang): ResultSheet[] {
  const sheets = [
    rollupSheet(result, lang),
    completionSheet(result, lang),
    issuesSheet(result, lang),
    townshipSheet(result, lang),
    facilitySheet(result, lang),
  ];
  if (result.reporting) sheets.push(reportingSheet(result.reporting, REPORTING_SHEET_NAMES[lang], lang));
  return sheets.map((sheet) => {
    const title = sheetTitle(result, sheet.name, lang);
    return title === null ? sheet : { ...sheet, title, freeze: { ...sheet.freeze, rows: sheet.freeze.rows + 1 } };
  });
}

/** The 0-based row of a result sheet's header: under its title row, when it has one. */
export function headerRowOf(sheet: Pick<ResultSheet, 'title'>): number {
  return sheet.title === undefined ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// --json

export interface SummaryJson {
  asOf: string;
  timeProgress: number;
  monthsElapsed: number;
  lang: Lang;
  definitionsSource: DefinitionSource;
  definitionSheets: string[];
  /** The file the definition sheets came from, where known. */
  definitionsFile: string | null;
  indicators: {
    code: string;
    name: string;
    unit: string;
    kind: IndicatorKind;
    target: number | null;
    direction: '>=' | '<=';
  }[];
  /** What the rollup's 'township' rows are: townships, or counties (cities) rolled up from their result workbooks. */
  unitLevel: UnitLevel;
  /** The name of the unit rolled up (--unit-name), or null. */
  unitName: string | null;
  /** The result workbooks read as units, with the errors and warnings their 校验结果 still held. */
  units: { name: string; source: string; errors: number; warnings: number }[];
  rollup: { level: 'township' | 'county'; name: string; facilities: number; values: Record<string, number | null> }[];
  completion: {
    level: 'township' | 'county';
    name: string;
    indicator: string;
    actual: number | null;
    target: number;
    targetSource: TargetSource;
    completion: number | null;
    met: boolean | null;
    lagging: boolean | null;
    status: CompletionStatus;
  }[];
  issues: {
    severity: Severity;
    code: string;
    sheet: string | null;
    cell: string | null;
    indicator: string | null;
    rule: string | null;
    message: string;
    source?: string;
    /** The facility the issue is about, null when it is not about one. */
    facility: string | null;
    /** The 情况说明 carried over from an earlier run, or null. */
    note: string | null;
  }[];
  counts: ConsolidationResult['counts'];
  reporting: ReportingRow[];
  readiness: Readiness;
  sheets: {
    sheet: string;
    source?: string;
    status: 'table' | 'skipped';
    skipReason: string | null;
    hidden: boolean;
    /** 1-based Excel rows, e.g. "3-4"; null when skipped. */
    headerRows: string | null;
    dataRows: string | null;
    facilityColumn: string | null;
    townshipColumn: string | null;
    townships: string[];
    facilities: number;
    columns: { column: string; header: string; indicator: string | null }[];
  }[];
}

const span = (first: number | null, last: number | null): string | null =>
  first === null || last === null ? null : first === last ? String(first + 1) : `${first + 1}-${last + 1}`;
const letter = (c: number | null): string | null => (c === null ? null : columnLetter(c));

function indicatorJson(i: CompiledIndicator): SummaryJson['indicators'][number] {
  return { code: i.code, name: i.name, unit: i.unit, kind: i.kind, target: i.target, direction: i.direction };
}

/** The --json summary (issue 2 §8) with a few extra fields; figures unrounded, in each indicator's unit. */
export function toSummaryJson(result: ConsolidationResult): SummaryJson {
  return {
    asOf: result.asOf,
    timeProgress: result.timeProgress,
    monthsElapsed: result.monthsElapsed,
    lang: result.lang,
    definitionsSource: result.definitions.source,
    definitionSheets: [...result.definitions.sheets],
    definitionsFile: result.definitions.file ?? null,
    indicators: result.indicators.map(indicatorJson),
    unitLevel: levelOf(result),
    unitName: result.unitName ?? null,
    units: (result.units ?? []).map((u) => ({ name: u.name, source: u.source, errors: u.errors, warnings: u.warnings })),
    rollup: result.rollup.map((r) => ({ level: r.level, name: r.name, facilities: r.facilities, values: dictOf(r.values) })),
    completion: result.completion.map((c) => ({
      level: c.level,
      name: c.name,
      indicator: c.indicator,
      actual: c.actual,
      target: c.target,
      targetSource: c.targetSource,
      completion: c.completion,
      met: c.met,
      lagging: c.lagging,
      status: c.status,
    })),
    issues: result.issues.map((i) => ({
      severity: i.severity,
      code: i.code,
      sheet: i.sheet,
      cell: i.cell,
      indicator: i.indicator,
      rule: i.rule,
      message: i.message,
      ...(i.source ? { source: i.source } : {}),
      facility: i.facility ?? null,
      note: i.note ?? null,
    })),
    counts: { ...result.counts },
    reporting: (result.reporting ?? []).map((r) => ({ ...r, missing: [...r.missing], unlisted: [...r.unlisted] })),
    readiness: result.readiness ?? readinessOf(result.issues),
    sheets: result.sheets.map((s) => ({
      sheet: s.sheet,
      ...(s.source ? { source: s.source } : {}),
      status: s.status,
      skipReason: s.skipReason ?? null,
      hidden: s.hidden,
      headerRows: s.headerRows ? span(s.headerRows.first, s.headerRows.last) : null,
      dataRows: span(s.firstDataRow, s.lastDataRow),
      facilityColumn: letter(s.facilityColumn),
      townshipColumn: letter(s.townshipColumn),
      townships: [...s.townships],
      facilities: s.facilityCount,
      columns: s.columns.map((c) => ({ column: c.letter, header: c.header, indicator: c.indicator })),
    })),
  };
}
