// What goes back down to each township after checking: its own problems (errors and warnings, each with
// the facility, the indicator, the value as read and its sheet!cell), the indicators it lags on, and a
// short message in plain words that can be pasted into a WeChat group or an email. Nothing about other
// townships. The CLI writes one workbook and one .txt per township; the pane shows the text to copy.
import { parseAddress } from './normalize';
import { isBehind, statusLabel } from './report';
import { valueRead } from './notes';

export { valueRead };
import type { CompletionRow, ConsolidationResult, FacilityRecord, Issue, Lang, ResultSheet, Severity } from './types';

export interface FeedbackProblem {
  severity: Exclude<Severity, 'info'>;
  source: string | null;
  sheet: string;
  cell: string | null;
  facility: string | null;
  /** The indicator's name (not its code), or the rule's name. */
  indicator: string | null;
  /** The value as read from the cell, where the problem is about one. */
  value: string | null;
  message: string;
}

export interface TownshipFeedback {
  township: string;
  problems: FeedbackProblem[];
  /** The township's indicators behind 序时进度 (counts) or short of their standard (rates). */
  lagging: CompletionRow[];
  /** The message to send, in the run's language. */
  text: string;
}

const SEVERITY_ORDER: Record<FeedbackProblem['severity'], number> = { error: 0, warning: 1 };

const T = {
  heading: {
    'zh-CN': (t: string, n: number, e: number, w: number) =>
      `${t}：请核对以下 ${n} 处（${[e > 0 ? `错误 ${e} 处` : '', w > 0 ? `警告 ${w} 处` : ''].filter((x) => x).join('、')}），改正后重新报送。`,
    en: (t: string, n: number, e: number, w: number) =>
      `${t}: please check the ${n} item(s) below (${[e > 0 ? `${e} error(s)` : '', w > 0 ? `${w} warning(s)` : ''].filter((x) => x).join(', ')}) and send the corrected report.`,
  },
  item: {
    'zh-CN': (n: number, who: string, where: string, message: string) => `${n}. ${who}（${where}）：${message}`,
    en: (n: number, who: string, where: string, message: string) => `${n}. ${who} (${where}): ${message}`,
  },
  lagging: { 'zh-CN': '以下指标落后于目标或序时进度：', en: 'Behind target or time progress:' },
  lagLine: {
    'zh-CN': (name: string, actual: string, target: string, status: string) => `- ${name}：${actual}，目标 ${target}（${status}）`,
    en: (name: string, actual: string, target: string, status: string) => `- ${name}: ${actual}, target ${target} (${status})`,
  },
  severity: {
    'zh-CN': { error: '错误', warning: '警告' },
    en: { error: 'error', warning: 'warning' },
  },
  sheets: {
    'zh-CN': { problems: '需核对', lagging: '进度', columns: ['级别', '文件', '工作表', '单元格', '机构', '指标', '读到的值', '问题'], lagColumns: ['指标', '实际', '目标', '完成率', '状态'] },
    en: { problems: 'To check', lagging: 'Progress', columns: ['Severity', 'File', 'Sheet', 'Cell', 'Facility', 'Indicator', 'Value read', 'Problem'], lagColumns: ['Indicator', 'Actual', 'Target', 'Completion', 'Status'] },
  },
} as const;

const rowKey = (source: string | undefined, sheet: string, row: number): string => `${source ?? ''}\u0000${sheet}\u0000${row}`;

/** The township and facility an issue is about: by its row where a facility was read there, else by its sheet. */
function locate(
  issue: Issue,
  byRow: Map<string, FacilityRecord>,
  sheetTownships: Map<string, string[]>,
): { township: string; facility: string | null } | null {
  if (issue.sheet === null) return null;
  if (issue.cell) {
    const { row } = parseAddress(issue.cell.split(':')[0]);
    const record = byRow.get(rowKey(issue.source, issue.sheet, row + 1));
    if (record) return { township: record.township, facility: record.name };
  }
  const named = typeof issue.params.township === 'string' ? issue.params.township : null;
  const townships = sheetTownships.get(`${issue.source ?? ''}\u0000${issue.sheet}`) ?? [];
  if (named && townships.includes(named)) return { township: named, facility: null };
  if (townships.length === 1) return { township: townships[0], facility: null };
  return null;
}


function formatNumber(x: number | null, unit: string): string {
  if (x === null) return '—';
  const shown = Number.isInteger(x) ? String(x) : x.toFixed(2);
  return unit === '%' ? `${shown}%` : `${shown}${unit ? ` ${unit}` : ''}`;
}

function messageText(township: string, problems: FeedbackProblem[], lagging: CompletionRow[], result: ConsolidationResult, lang: Lang): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  const lines = [T.heading[lang](township, problems.length, errors, problems.length - errors)];
  problems.forEach((p, k) => {
    const who = [p.facility, p.indicator].filter((x): x is string => !!x).join(' ') || p.sheet;
    const where = p.cell ? `${p.sheet}!${p.cell}` : p.sheet;
    lines.push(T.item[lang](k + 1, who, where, p.message));
  });
  if (lagging.length > 0) {
    const byCode = new Map(result.indicators.map((d) => [d.code, d]));
    lines.push('', T.lagging[lang]);
    for (const row of lagging) {
      const d = byCode.get(row.indicator);
      lines.push(T.lagLine[lang](d?.name ?? row.indicator, formatNumber(row.actual, d?.unit ?? ''), formatNumber(row.target, d?.unit ?? ''), statusLabel(row.status, lang)));
    }
  }
  return lines.join('\n');
}

/**
 * Feedback for every township with at least one error or warning, in the order the townships were read.
 * Problems are sorted by severity, then by sheet and row; issues not about one township (definitions,
 * a sheet listing several townships without a row to place them) are left to the county.
 */
export function townshipFeedback(result: ConsolidationResult, lang: Lang = result.lang): TownshipFeedback[] {
  const byRow = new Map<string, FacilityRecord>();
  for (const f of result.facilities) byRow.set(rowKey(f.source, f.sheet, f.row), f);
  const sheetTownships = new Map<string, string[]>();
  for (const s of result.sheets) sheetTownships.set(`${s.source ?? ''}\u0000${s.sheet}`, s.townships);
  const names = new Map(result.indicators.map((d) => [d.code, d.name]));

  const problems = new Map<string, FeedbackProblem[]>();
  for (const issue of result.issues) {
    if (issue.severity === 'info') continue;
    const where = locate(issue, byRow, sheetTownships);
    if (!where) continue;
    const list = problems.get(where.township) ?? [];
    problems.set(where.township, list);
    list.push({
      severity: issue.severity,
      source: issue.source ?? null,
      sheet: issue.sheet!,
      cell: issue.cell,
      facility: where.facility,
      indicator: issue.indicator ? (names.get(issue.indicator) ?? issue.indicator) : issue.rule,
      value: valueRead(issue),
      message: issue.message,
    });
  }

  const order = result.rollup.filter((r) => r.level === 'township').map((r) => r.name);
  for (const township of problems.keys()) if (!order.includes(township)) order.push(township);
  const out: TownshipFeedback[] = [];
  for (const township of order) {
    const list = problems.get(township);
    if (!list) continue;
    list.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || rowOf(a) - rowOf(b));
    const lagging = result.completion.filter(
      (c) => c.level === 'township' && c.name === township && isBehind(c.status),
    );
    out.push({ township, problems: list, lagging, text: messageText(township, list, lagging, result, lang) });
  }
  return out;
}

function rowOf(p: FeedbackProblem): number {
  return p.cell ? parseAddress(p.cell.split(':')[0]).row : -1;
}

/** Characters no Windows or macOS file name may hold, and the names Windows reserves. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what a file name may not hold
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/** A township's name as a file name: the name itself wherever the file system allows it. */
export function fileNameOf(township: string): string {
  let name = township.replace(UNSAFE, '_').replace(/[. ]+$/, '').trim();
  if (name === '' || RESERVED.test(name)) name = `_${name}`;
  return name;
}

/**
 * Each township's feedback file name, without extension (the CLI's --feedback folder, the pane's .zip):
 * two townships whose names only differ in characters a file name cannot hold keep apart.
 */
export function feedbackFileNames(townships: readonly string[]): string[] {
  const used = new Map<string, number>();
  return townships.map((township) => {
    const base = fileNameOf(township);
    const seen = used.get(base.toLowerCase()) ?? 0;
    used.set(base.toLowerCase(), seen + 1);
    return seen > 0 ? `${base} (${seen + 1})` : base;
  });
}

/** A township's message as a .txt file: with a BOM and Windows line ends, so Notepad shows it right. */
export function feedbackText(feedback: TownshipFeedback): string {
  return `\ufeff${feedback.text.replace(/\n/g, '\r\n')}\r\n`;
}

/** The sheets of one township's feedback workbook: its problems, and its lagging indicators. */
export function feedbackSheets(feedback: TownshipFeedback, result: Pick<ConsolidationResult, 'indicators' | 'lang'>, lang: Lang = result.lang): ResultSheet[] {
  const words = T.sheets[lang];
  const widths = [8, 18, 14, 10, 22, 22, 14, 60];
  const problems: ResultSheet = {
    name: words.problems,
    kind: 'issues',
    columns: words.columns.map((header, k) => ({ header, width: widths[k], format: 'text' as const })),
    rows: feedback.problems.map((p) => [T.severity[lang][p.severity], p.source, p.sheet, p.cell, p.facility, p.indicator, p.value, p.message]),
    links: feedback.problems.map(() => null),
    freeze: { rows: 1, columns: 0 },
  };
  const byCode = new Map(result.indicators.map((d) => [d.code, d]));
  const lagging: ResultSheet = {
    name: words.lagging,
    kind: 'completion',
    columns: [
      { header: words.lagColumns[0], width: 28, format: 'text' },
      { header: words.lagColumns[1], width: 12, format: 'decimal2' },
      { header: words.lagColumns[2], width: 12, format: 'decimal2' },
      { header: words.lagColumns[3], width: 12, format: 'percent' },
      { header: words.lagColumns[4], width: 12, format: 'text' },
    ],
    rows: feedback.lagging.map((c) => [byCode.get(c.indicator)?.name ?? c.indicator, c.actual, c.target, c.completion, statusLabel(c.status, lang)]),
    statusColumn: 4,
    freeze: { rows: 1, columns: 1 },
  };
  return feedback.lagging.length > 0 ? [problems, lagging] : [problems];
}
