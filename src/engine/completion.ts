// 完成情况: each roll-up figure judged against its target — the county's 目标, a township's 任务数 —
// and, for counts that accumulate over the year, against 序时进度. Each target says where it came from.
import { dictOf } from './dict';
import { nameKey } from './normalize';
import { timeProgress } from './timeProgress';
import type { CompiledIndicator, CompletionRow, CompletionStatus, Definitions, RollupRow, TargetSource } from './types';

const noise = (a: number, b: number): number => 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

interface Target {
  value: number;
  source: TargetSource;
}

/**
 * The county's target: the 目标 of the user's 指标定义; else, for a count, the sum of every township's
 * 任务数 when each township has one; else, for a rate, the catalog's national standard. A count's
 * built-in figure (白内障 200 例) is a usual county's, not this one's, and is never used.
 */
function countyTarget(ind: CompiledIndicator, townships: RollupRow[], taskOf: (township: string) => number | undefined): Target | null {
  if (ind.target !== null && !ind.standardTarget) return { value: ind.target, source: 'definitions' };
  if (ind.kind === 'count' && townships.length > 0) {
    const tasks = townships.map((t) => taskOf(t.name));
    if (tasks.every((t) => t !== undefined)) return { value: tasks.reduce((a: number, b) => a + b!, 0), source: 'targets-sheet' };
  }
  if (ind.target !== null && ind.kind === 'rate') return { value: ind.target, source: 'standard' };
  return null;
}

/** A township's target: its 任务数; for a rate without one, the county's standard, which holds everywhere. */
function townshipTarget(ind: CompiledIndicator, task: number | undefined): Target | null {
  if (task !== undefined) return { value: task, source: 'targets-sheet' };
  if (ind.kind === 'rate' && ind.target !== null) return { value: ind.target, source: ind.standardTarget ? 'standard' : 'definitions' };
  return null;
}

/** One judgement: completion ratio, met, lagging and the status shown to the user. */
export function judge(
  ind: CompiledIndicator,
  actual: number | null,
  target: number,
  progress: number,
): Pick<CompletionRow, 'completion' | 'met' | 'lagging' | 'status'> {
  if (actual === null) return { completion: null, met: null, lagging: null, status: 'no-data' };
  const atLeast = ind.direction === '>=';
  // Under a ≤ limit (个人自付比例) a ratio to the limit is no 完成率: actual and limit are shown instead.
  const completion = target === 0 || !atLeast ? null : actual / target;
  const slack = noise(actual, target);
  const met = atLeast ? actual >= target - slack : actual <= target + slack;
  const lagging =
    atLeast && ind.kind === 'count' && completion !== null ? completion < progress - noise(completion, progress) : null;
  return { completion, met, lagging, status: statusOf(ind, met, lagging) };
}

function statusOf(ind: CompiledIndicator, met: boolean, lagging: boolean | null): CompletionStatus {
  if (ind.direction === '<=') return met ? 'met' : 'over-limit';
  if (ind.kind === 'rate') return met ? 'met' : 'unmet';
  if (met) return 'completed';
  return lagging === true ? 'lagging' : 'on-track';
}

/**
 * Completion rows grouped by indicator (in definition order): the county first, then each township
 * in roll-up order. Targets as countyTarget and townshipTarget say.
 * @throws InvalidDateError when asOf is not a YYYY-MM-DD date.
 */
export function completionOf(rollup: RollupRow[], definitions: Definitions, asOf: string): CompletionRow[] {
  const progress = timeProgress(asOf);
  const townshipTargets = new Map<string, Record<string, number>>();
  for (const [name, targets] of Object.entries(definitions.townshipTargets)) {
    const key = nameKey(name);
    townshipTargets.set(key, dictOf(townshipTargets.get(key), targets));
  }
  const townships = rollup.filter((r) => r.level === 'township');
  const ordered = [...rollup.filter((r) => r.level === 'county'), ...townships];
  const out: CompletionRow[] = [];
  for (const ind of definitions.indicators) {
    const taskOf = (township: string): number | undefined => townshipTargets.get(nameKey(township))?.[ind.code];
    for (const row of ordered) {
      const target = row.level === 'county' ? countyTarget(ind, townships, taskOf) : townshipTarget(ind, taskOf(row.name));
      if (target === null) continue;
      const actual = row.values[ind.code] ?? null;
      out.push({
        level: row.level,
        name: row.name,
        indicator: ind.code,
        actual,
        target: target.value,
        targetSource: target.source,
        ...judge(ind, actual, target.value, progress),
      });
    }
  }
  return out;
}
