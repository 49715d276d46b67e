// 机构名录 and 上报情况: which facilities each township is expected to report, which did, which are
// missing and which are not on the list. Without a roster, last period's facilities are the expected list.
import { hasAnyValue } from './archive';
import { issue } from './messages';
import { cellAddress, headerKey, nameKey } from './normalize';
import type { CellValue, FacilityRecord, Issue, Lang, PeriodArchive, ReportingRow, ResultColumn, ResultSheet, Roster, RosterEntry, SheetInput } from './types';

/** Sheet names a roster goes by. */
export const ROSTER_SHEET_NAMES = ['机构名录', '机构清单', 'Roster', 'Facility roster'];
const ROSTER_KEYS = new Set(ROSTER_SHEET_NAMES.map(headerKey));

export function isRosterSheet(name: string): boolean {
  return ROSTER_KEYS.has(headerKey(name));
}

/** A facility's identity within the county: township and name, normalised. */
export const facilityKey = (township: string, name: string): string => `${nameKey(township)}\u0000${nameKey(name)}`;

// ---------------------------------------------------------------------------------------------
// Similar names: 卫生室 / 卫生所 / 服务站 variants and small typing differences are suggested, never merged.

const KIND_SUFFIX = /(社区卫生服务中心|社区卫生服务站|卫生服务站|服务站|卫生院|卫生室|卫生所|医务室|诊所)$/;

const stem = (name: string): string => nameKey(name).replace(/\s/g, '').replace(KIND_SUFFIX, '');

function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}

/** Village names often differ by one of these alone (上庄/下庄, 东街/西街): a different place, not a typo. */
const CONTRASTS = new Set([...'上下东西南北前后左右大小新老旧一二三四五六七八九十中内外'].map((c) => c));

/** True when a and b differ in exactly one position, by two characters that name different places. */
function contrastOnly(a: string, b: string): boolean {
  const x = [...a];
  const y = [...b];
  if (x.length !== y.length) return false;
  const diff = x.flatMap((ch, k) => (ch === y[k] ? [] : [k]));
  return diff.length === 1 && CONTRASTS.has(x[diff[0]]) && CONTRASTS.has(y[diff[0]]);
}

/**
 * The candidate most like name, when it is like enough to be worth suggesting: the same name but for
 * the kind of facility (上庄村卫生所 / 上庄村卫生室), or a difference of one character in four.
 */
export function closestName(name: string, candidates: readonly string[]): string | null {
  const s = stem(name);
  let best: string | null = null;
  let bestScore = Infinity;
  for (const c of candidates) {
    if (nameKey(c) === nameKey(name)) continue;
    const cs = stem(c);
    if (contrastOnly(nameKey(c), nameKey(name))) continue;
    const score = cs === s && s !== '' ? 0 : editDistance(nameKey(c), nameKey(name));
    const allowed = Math.max(1, Math.floor([...nameKey(name)].length / 4));
    if ((score === 0 || score <= allowed) && score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Reading 机构名录

const TOWNSHIP = ['乡镇', '乡镇（街道）', '乡镇/街道', '街道', '乡镇名称', 'township'].map(headerKey);
const NAME = ['机构名称', '机构', '单位名称', 'facility', 'name', 'facility name'].map(headerKey);
const CODE = ['机构代码', '代码', '编码', 'code', 'facility code'].map(headerKey);
const ALIAS = ['别名', '其他名称', 'aliases', 'alias'].map(headerKey);

function text(v: CellValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

/** The example row of a roster the pane inserts (its township or name starts with （示例）): never an entry. */
const EXAMPLE_MARK: Record<Lang, string> = { 'zh-CN': '（示例）', en: '(example) ' };
const EXAMPLE = /^\s*[(（]\s*(示例|例|example|e\.g\.)\s*[)）]/i;
const isExampleRow = (township: string, name: string): boolean => EXAMPLE.test(township) || EXAMPLE.test(name);

/**
 * The roster in sheets (the first sheet named 机构名录 or Roster), null when there is none. A township
 * cell left blank (or merged) continues the township above, as such lists are usually typed.
 */
export function readRoster(sheets: readonly SheetInput[]): Roster | null {
  const sheet = sheets.find((s) => isRosterSheet(s.name));
  if (!sheet) return null;
  let header = -1;
  const at: { township?: number; name?: number; code?: number; alias?: number } = { township: undefined, name: undefined, code: undefined, alias: undefined };
  for (let r = 0; r < Math.min(10, sheet.values.length) && header < 0; r++) {
    const row = sheet.values[r] ?? [];
    const find = (keys: string[]): number | undefined => {
      const c = row.findIndex((v) => keys.includes(headerKey(text(v))));
      return c >= 0 ? c : undefined;
    };
    at.township = find(TOWNSHIP);
    at.name = find(NAME);
    at.code = find(CODE);
    at.alias = find(ALIAS);
    if (at.township !== undefined && at.name !== undefined) header = r;
  }
  const entries: RosterEntry[] = [];
  if (header < 0) return { sheet: sheet.name, entries };
  let township = '';
  for (let r = header + 1; r < sheet.values.length; r++) {
    const row = sheet.values[r] ?? [];
    if (isExampleRow(text(row[at.township!]), text(row[at.name!]))) continue;
    const t = nameKey(text(row[at.township!]));
    if (t !== '') township = t;
    const name = nameKey(text(row[at.name!]));
    if (name === '' || township === '') continue;
    const aliases = at.alias === undefined ? [] : text(row[at.alias]).split(/[、，,;；|\n]/).map(nameKey).filter((a) => a !== '');
    const code = at.code === undefined ? '' : text(row[at.code]);
    entries.push({ township, name, code: code === '' ? null : code, aliases, origin: { sheet: sheet.name, cell: cellAddress(r, at.name!) } });
  }
  return { sheet: sheet.name, entries };
}

// ---------------------------------------------------------------------------------------------
// 上报情况

export interface ReportingInput {
  facilities: readonly FacilityRecord[];
  /** Townships in the order of the roll-up. */
  townships: readonly string[];
  roster: Roster | null;
  previous: PeriodArchive | null;
  /** The township's sheet (and file) this period, for issues about a facility that is absent. */
  sheetOf: (township: string) => { sheet: string; source?: string } | null;
  countyName: string;
  lang: Lang;
}

interface Expected {
  township: string;
  name: string;
  /** Keys it answers to: its name and aliases. */
  keys: string[];
}

function expectedList(roster: Roster | null, previous: PeriodArchive | null): Expected[] | null {
  if (roster) return roster.entries.map((e) => ({ township: e.township, name: e.name, keys: [e.name, ...e.aliases].map((n) => facilityKey(e.township, n)) }));
  if (previous) return previous.facilities.map((f) => ({ township: f.township, name: f.name, keys: [facilityKey(f.township, f.name)] }));
  return null;
}

/**
 * Per township and for the county: expected, reported, missing and unlisted facilities. With a roster,
 * each missing and each unlisted facility is a warning (the closest listed name suggested); with only
 * last period's list, the absent ones are left to the comparison with last period (history.ts).
 */
export function reportingStatus(input: ReportingInput): { rows: ReportingRow[]; issues: Issue[] } {
  const { lang } = input;
  const expected = expectedList(input.roster, input.previous);
  // A township's key, made once per township rather than once per facility.
  const townshipKeys = new Map<string, string>();
  const townshipKey = (t: string): string => {
    let k = townshipKeys.get(t);
    if (k === undefined) {
      k = nameKey(t);
      townshipKeys.set(t, k);
    }
    return k;
  };
  // Facilities by name: only looked up when there is a list of the expected ones.
  const present = new Map<string, FacilityRecord[]>();
  for (const f of expected === null ? [] : input.facilities) {
    const k = facilityKey(f.township, f.name);
    const list = present.get(k);
    if (list) list.push(f);
    else present.set(k, [f]);
  }

  // Townships: the roll-up's, then any only the expected list names.
  const order: string[] = [];
  const seen = new Set<string>();
  const addTownship = (t: string): void => {
    const k = nameKey(t);
    if (!seen.has(k)) {
      seen.add(k);
      order.push(t);
    }
  };
  for (const t of input.townships) addTownship(t);
  for (const e of expected ?? []) addTownship(e.township);

  // Grouped by township once: a county may have thousands of facilities.
  const expectedIn = new Map<string, Expected[]>();
  for (const e of expected ?? []) {
    const k = nameKey(e.township);
    const list = expectedIn.get(k);
    if (list) list.push(e);
    else expectedIn.set(k, [e]);
  }
  const presentIn = new Map<string, FacilityRecord[]>();
  for (const f of input.facilities) {
    const k = townshipKey(f.township);
    const list = presentIn.get(k);
    if (list) list.push(f);
    else presentIn.set(k, [f]);
  }

  const rows: ReportingRow[] = [];
  const issues: Issue[] = [];
  const claimed = new Set<string>();
  const at = (township: string): { sheet: string | null; source?: string } => {
    const s = input.sheetOf(township);
    return s ? { sheet: s.sheet, ...(s.source !== undefined ? { source: s.source } : {}) } : { sheet: input.roster?.sheet ?? null };
  };
  for (const township of order) {
    const tk = nameKey(township);
    const mine = expectedIn.get(tk) ?? [];
    const row: ReportingRow = { level: 'township', name: township, expected: expected ? mine.length : null, reported: 0, missing: [], unlisted: [], rate: null };
    for (const e of mine) {
      const found = e.keys.flatMap((k) => present.get(k) ?? []);
      for (const k of e.keys) claimed.add(k);
      if (found.some(hasAnyValue)) row.reported++;
      else {
        row.missing.push(e.name);
        if (input.roster) {
          const where = at(township);
          const i = issue('warning', 'roster-missing', lang, { sheet: where.sheet, params: { facility: e.name, township, empty: found.length > 0 ? 1 : null } });
          i.facility = e.name;
          if (where.source !== undefined) i.source = where.source;
          issues.push(i);
        }
      }
    }
    const listedNames = mine.map((e) => e.name);
    const unlisted = new Set<string>();
    for (const f of presentIn.get(tk) ?? []) {
      if (expected === null) {
        if (hasAnyValue(f)) row.reported++;
        continue;
      }
      const k = facilityKey(f.township, f.name);
      if (claimed.has(k) || unlisted.has(k)) continue;
      unlisted.add(k);
      row.unlisted.push(f.name);
      if (input.roster) {
        const similar = closestName(f.name, listedNames);
        const i = issue('warning', 'roster-unlisted', lang, { sheet: f.sheet, cell: f.nameCell ?? null, params: { facility: f.name, township, similar } });
        i.facility = f.name;
        if (f.source !== undefined) i.source = f.source;
        issues.push(i);
      }
    }
    row.rate = row.expected ? row.reported / row.expected : null;
    rows.push(row);
  }
  const county: ReportingRow = {
    level: 'county',
    name: input.countyName,
    expected: expected ? expected.length : null,
    reported: rows.reduce((s, r) => s + r.reported, 0),
    missing: rows.flatMap((r) => r.missing),
    unlisted: rows.flatMap((r) => r.unlisted),
    rate: null,
  };
  county.rate = county.expected ? county.reported / county.expected : null;
  rows.push(county);
  return { rows, issues };
}

const TEXT = {
  township: { 'zh-CN': '乡镇', en: 'Township' },
  expected: { 'zh-CN': '应报', en: 'Expected' },
  reported: { 'zh-CN': '已报', en: 'Reported' },
  rate: { 'zh-CN': '上报率', en: 'Reporting rate' },
  missing: { 'zh-CN': '未报机构', en: 'Not reported' },
  unlisted: { 'zh-CN': '名录外机构', en: 'Not listed' },
} satisfies Record<string, Record<Lang, string>>;

/** 上报情况: per township expected / reported / 上报率 and the names missing, the county last (bold). */
export function reportingSheet(rows: readonly ReportingRow[], name: string, lang: Lang): ResultSheet {
  const sep = lang === 'en' ? ', ' : '、';
  const data: CellValue[][] = rows.map((r) => [r.name, r.expected, r.reported, r.rate, r.missing.join(sep) || null, r.unlisted.join(sep) || null]);
  const col = (header: string, format: ResultColumn['format'], width: number): ResultColumn => ({ header, format, width });
  return {
    name,
    kind: 'reporting',
    columns: [
      col(TEXT.township[lang], 'text', 14),
      col(TEXT.expected[lang], 'integer', 8),
      col(TEXT.reported[lang], 'integer', 8),
      col(TEXT.rate[lang], 'percent', 10),
      col(TEXT.missing[lang], 'text', 48),
      col(TEXT.unlisted[lang], 'text', 48),
    ],
    rows: data,
    boldRows: rows.flatMap((r, k) => (r.level === 'county' ? [k] : [])),
    freeze: { rows: 1, columns: 1 },
  };
}

// ---------------------------------------------------------------------------------------------
// A 机构名录 to edit

const ROSTER_HEADERS = {
  township: { 'zh-CN': '乡镇', en: 'Township' },
  name: { 'zh-CN': '机构名称', en: 'Facility name' },
  code: { 'zh-CN': '机构代码', en: 'Facility code' },
  aliases: { 'zh-CN': '别名', en: 'Aliases' },
} satisfies Record<string, Record<Lang, string>>;

/**
 * 机构名录 for the user to edit: 乡镇, 机构名称, 机构代码, 别名, one row per facility given (each once, in
 * order), or, with none, one example row readRoster leaves out.
 */
export function rosterSheet(facilities: readonly { township: string; name: string }[], lang: Lang): ResultSheet {
  const seen = new Set<string>();
  const rows: CellValue[][] = [];
  for (const f of facilities) {
    const k = facilityKey(f.township, f.name);
    if (seen.has(k) || nameKey(f.name) === '') continue;
    seen.add(k);
    rows.push([f.township, f.name, null, null]);
  }
  if (rows.length === 0) {
    const example = lang === 'en' ? ['Longquan', 'Longquan health centre', null, 'Longquan clinic'] : ['龙泉乡', '龙泉乡卫生院', null, '龙泉卫生院'];
    rows.push([`${EXAMPLE_MARK[lang]}${example[0]}`, example[1], example[2], example[3]]);
  }
  const widest = (c: number, min: number): number => Math.min(40, Math.max(min, ...rows.map((r) => String(r[c] ?? '').length * 2 + 2)));
  return {
    name: lang === 'en' ? 'Roster' : ROSTER_SHEET_NAMES[0],
    kind: 'definitions',
    columns: [
      { header: ROSTER_HEADERS.township[lang], width: widest(0, 12), format: 'text' },
      { header: ROSTER_HEADERS.name[lang], width: widest(1, 20), format: 'text' },
      { header: ROSTER_HEADERS.code[lang], width: 14, format: 'text' },
      { header: ROSTER_HEADERS.aliases[lang], width: 30, format: 'text' },
    ],
    rows,
    freeze: { rows: 1, columns: 2 },
  };
}
