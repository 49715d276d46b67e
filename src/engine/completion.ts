// 完成情况: each roll-up figure judged against its target — the county's 目标, a township's 任务数 —
// and, for counts that accumulate over the year, against 序时进度.
import { dictOf } from './dict';
import { nameKey } from './normalize';
import { timeProgress } from './timeProgress';
import type { CompiledIndicator, CompletionRow, CompletionStatus, Definitions, RollupRow } from './types';

const noise = (a: number, b: number): number => 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** The target a roll-up row is judged against, or null when it is not judged. */
function targetOf(
  row: RollupRow,
  ind: CompiledIndicator,
  townshipTargets: Map<string, Record<string, number>>,
): number | null {
  if (row.level === 'county') return ind.target;
  const own = townshipTargets.get(nameKey(row.name))?.[ind.code];
  if (own !== undefined) return own;
  // A rate is a standard that holds in every township; a count's county target is not a township's.
  return ind.kind === 'rate' ? ind.target : null;
}

/** One judgement: completion ratio, met, lagging and the status shown to the user. */
export function judge(
  ind: CompiledIndicator,
  actual: number | null,
  target: number,
  progress: number,
): Pick<CompletionRow, 'completion' | 'met' | 'lagging' | 'status'> {
  if (actual === null) return { completion: null, met: null, lagging: null, status: 'no-data' };
  const completion = target === 0 ? null : actual / target;
  const atLeast = ind.direction === '>=';
  const slack = noise(actual, target);
  const met = atLeast ? actual >= target - slack : actual <= target + slack;
  const beyond = atLeast ? actual > target + slack : actual < target - slack;
  const lagging =
    atLeast && ind.kind === 'count' && completion !== null ? completion < progress - noise(completion, progress) : null;
  let status: CompletionStatus;
  if (met) status = beyond ? 'exceeded' : 'met';
  else if (lagging === false) status = 'on-track';
  else if (lagging === true) status = 'lagging';
  else status = 'unmet';
  return { completion, met, lagging, status };
}

/**
 * Completion rows grouped by indicator (in definition order): the county first, then each township
 * in roll-up order. The county is judged on every indicator with a 目标; a township on its 任务数, or,
 * for a rate without one, on the 目标.
 * @throws InvalidDateError when asOf is not a YYYY-MM-DD date.
 */
export function completionOf(rollup: RollupRow[], definitions: Definitions, asOf: string): CompletionRow[] {
  const progress = timeProgress(asOf);
  const townshipTargets = new Map<string, Record<string, number>>();
  for (const [name, targets] of Object.entries(definitions.townshipTargets)) {
    const key = nameKey(name);
    townshipTargets.set(key, dictOf(townshipTargets.get(key), targets));
  }
  const ordered = [...rollup.filter((r) => r.level === 'county'), ...rollup.filter((r) => r.level === 'township')];
  const out: CompletionRow[] = [];
  for (const ind of definitions.indicators) {
    for (const row of ordered) {
      const target = targetOf(row, ind, townshipTargets);
      if (target === null) continue;
      const actual = row.values[ind.code] ?? null;
      out.push({ level: row.level, name: row.name, indicator: ind.code, actual, target, ...judge(ind, actual, target, progress) });
    }
  }
  return out;
}
