// npm run demo: runs the command line on the sample county (and the township sent as its own file) and
// tells the story in Chinese — county figures, what is behind target, the first problems, where the
// result workbook is. Last month is rolled up first, and its result workbook is what this month is
// compared with, against the county's 机构名录: 上报率, the changes on last month, readiness. Then what is
// sent on: each township's feedback (--feedback) and the DHIS2 export (--export), and where they are.
import * as path from 'node:path';
import { isBehind, readinessText, statusLabel, targetSourceLabel, townshipFeedback } from '../engine';
import type { CompiledIndicator, CompletionRow, ConsolidationResult } from '../engine/types';
import { runCommand } from './main';

const ROOT = path.join(__dirname, '..', '..');
const SAMPLES = path.join(ROOT, 'samples');
const OUT = path.join(SAMPLES, 'out');
const AS_OF = '2024-11-30';
const PREVIOUS_AS_OF = '2024-10-31';
const MONTHLY_CODES = ['decreased-since-last', 'changed-since-last', 'not-reported-now'];
const SHOWN_PROBLEMS = 8;
const SHOWN_TOWNSHIPS = 8;

/** Indicators shown in the county figures, in this order. */
const KEY_INDICATORS = [
  'REC_RATE',
  'HTN_RATE',
  'HTN_CTRL_RATE',
  'DM_RATE',
  'SMI_RATE',
  'ELD_RATE',
  'MAT_RATE',
  'CHILD_RATE',
  'SIGN_RATE',
  'VAC_RATE',
  'CATARACT',
  'FOLIC',
  'SELF_PAY_RATE',
];

function figure(value: number | null, ind: CompiledIndicator): string {
  if (value === null) return '—';
  if (ind.unit === '%') return `${value.toFixed(2)}%`;
  const digits = Number.isInteger(value) ? 0 : 2;
  return `${value.toLocaleString('zh-CN', { minimumFractionDigits: digits, maximumFractionDigits: digits })} ${ind.unit}`;
}

/** Display width: CJK characters take two columns in a terminal. */
function padEnd(text: string, width: number): string {
  let w = 0;
  for (const ch of text) w += ch.codePointAt(0)! > 0x2e7f ? 2 : 1;
  return text + ' '.repeat(Math.max(0, width - w));
}

/** "1,830 人（目标 ≥2,000 人，任务数，完成 91.5%）"; a ≤ indicator shows its limit, never a 完成率. */
function completionText(c: CompletionRow, ind: CompiledIndicator): string {
  const rate = c.completion === null || ind.kind !== 'count' ? '' : `，完成 ${(c.completion * 100).toFixed(1)}%`;
  const what = ind.direction === '<=' ? '限值 ≤' : '目标 ≥';
  return `${figure(c.actual, ind)}（${what}${figure(c.target, ind)}，${targetSourceLabel(c.targetSource, 'zh-CN')}${rate}）`;
}

/** Files sent on after the check: each township's feedback, and the DHIS2 export for the system above. */
export interface DemoSendOn {
  feedbackFolder: string;
  /** Townships that got a feedback file (those with something to correct). */
  feedbackTownships: string[];
  exports: string[];
}

export function demoReport(result: ConsolidationResult, outPath: string, jsonPath: string, sendOn?: DemoSendOn): string {
  const lines: string[] = [];
  const byCode = new Map(result.indicators.map((i) => [i.code, i]));
  const county = result.rollup.find((r) => r.level === 'county')!;
  const countyCompletion = new Map(result.completion.filter((c) => c.level === 'county').map((c) => [c.indicator, c]));

  lines.push(`样例县 ${AS_OF} 汇总（序时进度 ${(result.timeProgress * 100).toFixed(2)}%）`);
  lines.push(`${result.counts.townships} 个乡镇、${result.counts.facilities} 个机构；校验发现错误 ${result.counts.errors} 条、警告 ${result.counts.warnings} 条`);
  lines.push('');
  lines.push('全县主要指标：');
  for (const code of KEY_INDICATORS) {
    const ind = byCode.get(code);
    if (!ind) continue;
    const c = countyCompletion.get(code);
    const status = c ? `  ${statusLabel(c.status, 'zh-CN')}` : '';
    const shown = c ? completionText(c, ind) : figure(county.values[code] ?? null, ind);
    lines.push(`  ${padEnd(ind.name, 30)}${shown}${status}`);
  }

  const behind = result.completion.filter((c) => c.level === 'county' && isBehind(c.status));
  lines.push('');
  lines.push(behind.length === 0 ? '全县各项指标均达到目标或在序时进度内。' : '全县落后于目标的指标：');
  for (const c of behind) {
    const ind = byCode.get(c.indicator)!;
    lines.push(`  ${statusLabel(c.status, 'zh-CN')}：${ind.name} ${completionText(c, ind)}`);
  }

  // Behind their own 任务数 first (counts lagging), then below a standard.
  const townshipBehind = result.completion
    .filter((c) => c.level === 'township' && isBehind(c.status))
    .sort((a, b) => Number(b.status === 'lagging') - Number(a.status === 'lagging'));
  if (townshipBehind.length > 0) {
    lines.push('');
    lines.push(`乡镇落后于任务数或标准的共 ${townshipBehind.length} 项，例如：`);
    for (const c of townshipBehind.slice(0, SHOWN_TOWNSHIPS)) {
      const ind = byCode.get(c.indicator)!;
      lines.push(`  ${c.name} ${ind.name} ${completionText(c, ind)}  ${statusLabel(c.status, 'zh-CN')}`);
    }
  }

  const problems = result.issues.filter((i) => i.severity !== 'info');
  lines.push('');
  lines.push(problems.length === 0 ? '没有发现数据问题。' : `发现的问题（前 ${Math.min(SHOWN_PROBLEMS, problems.length)} 条，共 ${problems.length} 条）：`);
  for (const i of problems.slice(0, SHOWN_PROBLEMS)) {
    const where = i.sheet && i.cell ? `${i.sheet}!${i.cell}` : (i.sheet ?? '');
    lines.push(`  ${i.severity === 'error' ? '错误' : '警告'}  ${padEnd(where, 14)}${i.message}`);
  }

  const reporting = result.reporting ?? [];
  const countyReporting = reporting.find((r) => r.level === 'county');
  if (countyReporting && countyReporting.expected !== null) {
    lines.push('');
    lines.push(`上报情况：全县应报 ${countyReporting.expected} 个机构，已报 ${countyReporting.reported} 个，上报率 ${((countyReporting.rate ?? 0) * 100).toFixed(1)}%`);
    for (const r of reporting.filter((t) => t.level === 'township' && (t.missing.length > 0 || t.unlisted.length > 0))) {
      const rate = r.rate === null ? '—' : `${(r.rate * 100).toFixed(1)}%`;
      const unlisted = r.unlisted.length > 0 ? `；名录外：${r.unlisted.join('、')}` : '';
      lines.push(`  ${padEnd(r.name, 8)}${r.reported}/${r.expected ?? '—'}（${rate}）未报：${r.missing.join('、') || '无'}${unlisted}`);
    }
  }

  const changes = result.issues.filter((i) => MONTHLY_CODES.includes(i.code));
  if (changes.length > 0) {
    lines.push('');
    lines.push(`与上月比较（${changes.length} 条）：`);
    for (const i of changes) {
      const where = i.sheet && i.cell ? `${i.sheet}!${i.cell}` : (i.sheet ?? '');
      lines.push(`  ${i.severity === 'error' ? '错误' : '警告'}  ${padEnd(where, 14)}${i.message}`);
    }
  }

  if (result.readiness) {
    const r = readinessText(result.readiness, 'zh-CN');
    lines.push('');
    lines.push(`是否可以上报：${r.label}。${r.detail}`);
  }

  lines.push('');
  lines.push(`结果工作簿：${path.relative(process.cwd(), outPath) || outPath}（县级汇总、完成情况（附进度滞后指标的条形图）、校验结果、乡镇对比、机构明细、上报情况）`);
  lines.push(`JSON 摘要：${path.relative(process.cwd(), jsonPath) || jsonPath}`);
  if (sendOn) {
    const shown = (p: string): string => path.relative(process.cwd(), p) || p;
    lines.push(
      sendOn.feedbackTownships.length > 0
        ? `乡镇反馈：${shown(sendOn.feedbackFolder)}（${sendOn.feedbackTownships.length} 个乡镇各一个 .xlsx 和一段可直接发到微信群的 .txt：${sendOn.feedbackTownships.join('、')}）`
        : `乡镇反馈：没有需要核对的乡镇，未写文件`,
    );
    if (sendOn.exports.length > 0) lines.push(`DHIS2 导出：${sendOn.exports.map(shown).join('、')}（机构级数据值，先用 dryRun=true 试导入）`);
  }
  return lines.join('\n');
}

async function main(): Promise<number> {
  const { mkdir } = await import('node:fs/promises');
  await mkdir(OUT, { recursive: true });
  const outPath = path.join(OUT, 'result.xlsx');
  const jsonPath = path.join(OUT, 'summary.json');
  const previousPath = path.join(OUT, `result-${PREVIOUS_AS_OF.slice(0, 7)}.xlsx`);
  const feedbackFolder = path.join(OUT, '乡镇反馈');
  const period = AS_OF.slice(0, 7).replace('-', '');
  const exports = [path.join(OUT, `dhis2-${period}.json`), path.join(OUT, `dhis2-${period}.csv`)];
  const quiet = { write: (): boolean => true };
  // Last month, as the county rolled it up then: its result workbook keeps 机构明细 for this month.
  const before = await runCommand([path.join(SAMPLES, 'sample-county-2024-10.xlsx'), '--as-of', PREVIOUS_AS_OF, '--out', previousPath], {
    stdout: quiet,
    stderr: process.stderr,
  });
  if (!before.result) return before.code;
  const argv = [
    path.join(SAMPLES, 'sample-county.xlsx'),
    path.join(SAMPLES, 'sample-township-extra.xlsx'),
    '--as-of',
    AS_OF,
    '--previous',
    previousPath,
    '--roster',
    path.join(SAMPLES, 'sample-roster.xlsx'),
    '--out',
    outPath,
    '--json',
    jsonPath,
    '--feedback',
    feedbackFolder,
    ...exports.flatMap((file) => ['--export', file]),
  ];
  const outcome = await runCommand(argv, { stdout: quiet, stderr: process.stderr });
  if (!outcome.result) return outcome.code;
  // The townships --feedback wrote a file for: those the engine has something to send back to.
  const feedbackTownships = townshipFeedback(outcome.result, 'zh-CN').map((fb) => fb.township);
  process.stdout.write(`${demoReport(outcome.result, outPath, jsonPath, { feedbackFolder, feedbackTownships, exports })}\n`);
  return outcome.code;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 3;
    },
  );
}
