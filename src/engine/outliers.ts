// Values far from the others: each facility's rate against the county's facilities, by the modified
// z-score DHIS2 uses for outlier analysis — robust to the very outliers it looks for.
import { references } from './expression';
import { evaluateColumnWith, valueTable, type ValueTable } from './rollup';
import { issue } from './messages';
import type { CompiledIndicator, FacilityRecord, Issue, Lang } from './types';

export const OUTLIER_THRESHOLD = 3.5;
/** A rate over fewer people than this says little: 1 of 3 is 33 %. */
export const OUTLIER_MIN_DENOMINATOR = 20;
/** With fewer facilities there is no "the others" to be far from. */
export const OUTLIER_MIN_FACILITIES = 4;
/** The mean absolute deviation of a normal distribution × this = its standard deviation (√(π/2)). */
const MEAN_AD_SCALE = 1.253314;
/** MAD × 1/0.6745 = the standard deviation of a normal distribution. */
const MAD_SCALE = 0.6745;

/**
 * The k-th smallest of a (0-based), found by quickselect (Hoare's partition, median-of-three pivot),
 * which reorders a: after it, a[k] is in place, the values before it no larger, those after no smaller.
 * Linear on average where sorting is n log n: a county's 12,000 facilities per rate indicator.
 */
function selectKth(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (hi > lo) {
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi], and whatever lies between j and i equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

/** The median of values (finite numbers), which are reordered. */
function medianOf(values: Float64Array): number {
  const n = values.length;
  if (n % 2 === 1) return selectKth(values, (n - 1) / 2);
  const lower = selectKth(values, n / 2 - 1);
  // The upper middle is the smallest of the values after the lower one.
  let upper = values[n / 2];
  for (let k = n / 2 + 1; k < n; k++) if (values[k] < upper) upper = values[k];
  return (lower + upper) / 2;
}

/** Where values centre and how far they spread, as modified z-scores need them. */
interface Spread {
  median: number;
  /** The median absolute deviation. */
  mad: number;
  /** The mean absolute deviation, used when mad is 0. */
  meanAd: number;
}

/** Null when every value is the same. */
function spreadOf(values: Float64Array): Spread | null {
  const n = values.length;
  if (n === 0) return null;
  const work = values.slice();
  const median = medianOf(work);
  let sumAd = 0;
  for (let k = 0; k < n; k++) {
    const d = Math.abs(values[k] - median);
    work[k] = d;
    sumAd += d;
  }
  const mad = medianOf(work);
  const meanAd = sumAd / n;
  if (mad === 0 && meanAd === 0) return null;
  return { median, mad, meanAd };
}

/** 0.6745·(x − median)/MAD; when MAD is 0, (x − median)/(1.253314·mean absolute deviation). */
function zScore(x: number, s: Spread): number {
  return s.mad > 0 ? (MAD_SCALE * (x - s.median)) / s.mad : (x - s.median) / (MEAN_AD_SCALE * s.meanAd);
}

/**
 * Modified z-scores of xs: 0.6745·(x − median)/MAD; when MAD is 0 (more than half the values equal),
 * (x − median)/(1.253314·mean absolute deviation). Null when every value is the same.
 */
export function modifiedZScores(xs: readonly number[]): { median: number; z: number[] } | null {
  const values = Float64Array.from(xs);
  const spread = spreadOf(values);
  if (spread === null) return null;
  const z = new Array<number>(values.length);
  for (let k = 0; k < values.length; k++) z[k] = zScore(values[k], spread);
  return { median: spread.median, z };
}

export interface OutlierOptions {
  threshold?: number;
  minDenominator?: number;
  minFacilities?: number;
}

const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * A warning for each facility whose rate (computed from its own numerator and denominator, both
 * reported, denominator ≥ 20) has |modified z| above the threshold among the county's facilities.
 * At the facility's rate cell, else its numerator's. table, when given, holds the same facilities'
 * values in the same order (consolidate has it already); otherwise it is read from the records.
 */
export function outlierIssues(
  facilities: readonly FacilityRecord[],
  indicators: readonly CompiledIndicator[],
  lang: Lang,
  options: OutlierOptions = {},
  table?: ValueTable,
): Issue[] {
  const threshold = options.threshold ?? OUTLIER_THRESHOLD;
  const minDenominator = options.minDenominator ?? OUTLIER_MIN_DENOMINATOR;
  const minFacilities = options.minFacilities ?? OUTLIER_MIN_FACILITIES;
  const issues: Issue[] = [];
  const rated = indicators.filter((ind) => ind.kind === 'rate' && ind.numeratorExpr && ind.denominatorExpr);
  // Too few facilities to have "others" for any rate: nothing to read.
  if (rated.length === 0 || facilities.length < minFacilities) return issues;
  const values = table ?? valueTable(facilities, indicators);
  const spare: Float64Array[] = [];
  for (const ind of rated) {
    const { who, xs } = facilityRates(ind, values, minDenominator, spare);
    if (xs.length < minFacilities) continue;
    const spread = spreadOf(xs);
    if (spread === null) continue;
    for (let k = 0; k < xs.length; k++) {
      const z = zScore(xs[k], spread);
      if (Math.abs(z) <= threshold) continue;
      issues.push(outlierIssue(facilities[who[k]], ind, xs[k], spread.median, z, lang));
    }
  }
  return issues;
}

/**
 * The rate of each facility whose denominator is at least minDenominator and whose numerator is read
 * (the same numbers evaluate() gives row by row), with the facilities' positions in the table.
 */
function facilityRates(
  ind: CompiledIndicator,
  table: ValueTable,
  minDenominator: number,
  spare: Float64Array[],
): { who: Int32Array; xs: Float64Array } {
  const dens = evaluateColumnWith(ind.denominatorExpr!, table, false, spare);
  const nums = evaluateColumnWith(ind.numeratorExpr!, table, false, spare);
  const who = new Int32Array(table.rows);
  const xs = new Float64Array(table.rows);
  let n = 0;
  for (let k = 0; k < table.rows; k++) {
    const den = dens[k];
    // NaN (no value) fails the comparison; a bare reference may still hold a value that is not finite.
    if (!(den >= minDenominator) || den === Infinity) continue;
    const num = nums[k];
    if (num - num !== 0) continue;
    who[n] = k;
    xs[n] = (num / den) * ind.factor;
    n++;
  }
  spare.push(dens, nums);
  return { who: who.subarray(0, n), xs: xs.subarray(0, n) };
}

function outlierIssue(f: FacilityRecord, ind: CompiledIndicator, x: number, median: number, z: number, lang: Lang): Issue {
  const cell =
    f.cells[ind.code] ??
    references(ind.numeratorExpr!)
      .map((c) => (Object.prototype.hasOwnProperty.call(f.cells, c) ? f.cells[c] : undefined))
      .find((c) => c !== undefined) ??
    f.nameCell ??
    null;
  const unit = ind.unit === '%' ? '%' : '';
  const i = issue('warning', 'outlier', lang, {
    sheet: f.sheet,
    cell,
    indicator: ind.code,
    params: { name: ind.name, facility: f.name, value: `${round(x, 2)}${unit}`, median: `${round(median, 2)}${unit}`, z: round(z, 1) },
  });
  i.facility = f.name;
  if (f.source !== undefined) i.source = f.source;
  return i;
}
