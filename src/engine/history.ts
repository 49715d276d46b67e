// This period against the last: a year-to-date count (累计) that went down, a figure far from last
// period's, a facility that reported then and not now. Which indicators are 累计 and which are 时点
// comes from 指标定义's 口径, else the catalog, else the indicator's unit and name.
import { facilityValue } from './archive';
import { CATALOG_INDICATORS } from './catalog';
import { issue } from './messages';
import { headerKey, nameKey } from './normalize';
import { closestName, facilityKey } from './roster';
import { monthsElapsed } from './timeProgress';
import type { CompiledIndicator, FacilityRecord, Issue, Lang, Measure, PeriodArchive } from './types';

/** A change on last period larger than this fraction is questioned, unless 环比阈值 says otherwise. */
export const DEFAULT_CHANGE_THRESHOLD = 0.5;
/** …and only when it is at least this many units: 2 → 4 patients is not news. */
export const CHANGE_FLOOR = 5;

const FLOW_UNITS = new Set(['例', '人次', '剂次', '次', '户', '元', '万元']);
const FLOW_WORDS = /例数|人次|手术|补助|筛查|接种|改厕|支出|费用|补偿/;

/** The catalog's 口径 by every name and alias it knows, for indicators a user defined without one. */
const CATALOG_MEASURE = new Map<string, Measure>();
for (const d of CATALOG_INDICATORS) {
  if (!d.measure) continue;
  for (const t of [d.name, ...d.aliases]) if (!CATALOG_MEASURE.has(headerKey(t))) CATALOG_MEASURE.set(headerKey(t), d.measure);
}

/**
 * Each count indicator's 口径: its own, else the catalog's for the same name or alias, else 累计 for a
 * count in 例/人次/剂次/次/户/元/万元 or named for cases, operations, subsidies, screenings,
 * vaccinations, spending; else 时点. Rates have none (they are neither summed nor accumulated).
 */
export function measuresOf(indicators: readonly CompiledIndicator[]): Map<string, Measure> {
  const out = new Map<string, Measure>();
  for (const i of indicators) {
    if (i.kind !== 'count') continue;
    const own = i.measure ?? [i.name, ...i.aliases].map((t) => CATALOG_MEASURE.get(headerKey(t))).find((m) => m !== undefined);
    if (own) out.set(i.code, own);
    else out.set(i.code, FLOW_UNITS.has(i.unit.trim()) || FLOW_WORDS.test(i.name) ? 'cumulative' : 'stock');
  }
  return out;
}

/** Last day of the month before asOf: the period a previous run is assumed to be when it does not say. */
export function monthBefore(asOf: string): string {
  const [y, m] = asOf.split('-').map(Number);
  const end = new Date(Date.UTC(y, m - 1, 0));
  return end.toISOString().slice(0, 10);
}

const round = (x: number): number => Math.round(x * 100) / 100;
const percentText = (x: number): string => `${x > 0 ? '+' : ''}${Math.round(x * 1000) / 10}%`;

export interface HistoryInput {
  facilities: readonly FacilityRecord[];
  indicators: readonly CompiledIndicator[];
  asOf: string;
  previous: PeriodArchive;
  lang: Lang;
  /** The township's sheet (and file) this period, for a facility that is absent from it. */
  sheetOf: (township: string) => { sheet: string; source?: string } | null;
  /** Facilities already reported as missing by the roster: not reported again here. */
  alreadyMissing?: (township: string, name: string) => boolean;
}

/**
 * Issues comparing this period's facilities with last period's, matched by township and facility
 * name. A 累计 value is compared with where last period's would be by now (prev × months now ÷
 * months then), a 时点 value or rate with last period's own; across a new year 累计 values are not
 * compared at all (they start again from zero).
 */
export function compareWithPrevious(input: HistoryInput): Issue[] {
  const { lang } = input;
  const measures = measuresOf(input.indicators);
  const prevAsOf = input.previous.asOf ?? monthBefore(input.asOf);
  const sameYear = prevAsOf.slice(0, 4) === input.asOf.slice(0, 4) && prevAsOf < input.asOf;
  const growth = sameYear ? monthsElapsed(input.asOf) / Math.max(1, monthsElapsed(prevAsOf)) : 1;

  const before = new Map<string, PeriodArchive['facilities'][number]>();
  for (const f of input.previous.facilities) if (!before.has(facilityKey(f.township, f.name))) before.set(facilityKey(f.township, f.name), f);

  const issues: Issue[] = [];
  const reportedNow = new Set<string>();
  for (const f of input.facilities) {
    const prev = before.get(facilityKey(f.township, f.name));
    if (Object.keys(f.values).some((c) => facilityValue(f, c) !== null)) reportedNow.add(facilityKey(f.township, f.name));
    if (!prev) continue;
    for (const ind of input.indicators) {
      const now = facilityValue(f, ind.code);
      const then = prev.values.get(ind.code);
      if (now === null || then === undefined) continue;
      const at = { sheet: f.sheet, cell: f.cells[ind.code] ?? null, indicator: ind.code };
      const measure = measures.get(ind.code);
      const common = { name: ind.name, facility: f.name, township: f.township, previous: round(then), current: round(now) };
      let found: Issue | null = null;
      if (measure === 'cumulative' && sameYear && now < then - 1e-9) {
        found = issue('error', 'decreased-since-last', lang, { ...at, params: common });
      } else if (measure !== 'cumulative' || sameYear) {
        const expected = measure === 'cumulative' ? then * growth : then;
        const delta = now - expected;
        const threshold = ind.changeThreshold ?? DEFAULT_CHANGE_THRESHOLD;
        if (Math.abs(delta) >= CHANGE_FLOOR && (expected === 0 || Math.abs(delta) / Math.abs(expected) > threshold)) {
          const change = then === 0 ? `+${round(now - then)}` : percentText((now - then) / then);
          found = issue('warning', 'changed-since-last', lang, {
            ...at,
            params: { ...common, change, expected: measure === 'cumulative' && growth !== 1 ? round(expected) : null },
          });
        }
      }
      if (found) {
        found.facility = f.name;
        if (f.source !== undefined) found.source = f.source;
        issues.push(found);
      }
    }
  }

  // Reported last period, not now: named at the township's sheet this period, with a new name there
  // that looks like it suggested.
  const newIn = new Map<string, string[]>();
  for (const f of input.facilities) {
    if (before.has(facilityKey(f.township, f.name))) continue;
    const list = newIn.get(nameKey(f.township));
    if (list) list.push(f.name);
    else newIn.set(nameKey(f.township), [f.name]);
  }
  for (const p of input.previous.facilities) {
    const k = facilityKey(p.township, p.name);
    if (reportedNow.has(k) || p.values.size === 0 || input.alreadyMissing?.(p.township, p.name)) continue;
    const here = input.sheetOf(p.township);
    const others = newIn.get(nameKey(p.township)) ?? [];
    const i = issue('warning', 'not-reported-now', lang, {
      sheet: here?.sheet ?? null,
      params: { facility: p.name, township: p.township, similar: closestName(p.name, others) },
    });
    i.facility = p.name;
    if (here?.source !== undefined) i.source = here.source;
    issues.push(i);
  }
  return issues;
}

/** The 累计 indicators among those read, for the one info line saying which were taken as such. */
export function cumulativeNames(indicators: readonly CompiledIndicator[], read: ReadonlySet<string>): string[] {
  const measures = measuresOf(indicators);
  return indicators.filter((i) => read.has(i.code) && measures.get(i.code) === 'cumulative').map((i) => i.name);
}
