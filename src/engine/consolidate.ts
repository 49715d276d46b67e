// One run of the engine: definitions chosen, every data sheet read, townships combined across sheets
// and files, cross-checks, roll-up, completion, and every issue in the order of the workbook.
import { builtInDefinitions } from './catalog';
import { checkDuplicates, checkRateParts, checkRatesTable, checkRulesTable, checkTotalsTable } from './checks';
import { completionOf } from './completion';
import { definitionSheetRole, isDefinitionSheet, readDefinitions } from './definitions';
import { totalRowName, withRateParts } from './levels';
import { issue } from './messages';
import { monthlyChecks } from './monthly';
import { finishOwnReview } from './notes';
import { nameKey, parseAddress } from './normalize';
import { readSheetFigures } from './reader';
import { isResultSheetName } from './report';
import { isRosterSheet } from './roster';
import { rollUpTable, valueTableOfBlocks, type FigureBlock } from './rollup';
import { monthsElapsed, parseAsOf, timeProgress } from './timeProgress';
import { checkNotMixed, readUnitResults, rollUpUnits } from './units';
import type {
  ConsolidateOptions,
  ConsolidationResult,
  Definitions,
  FacilityRecord,
  Issue,
  Lang,
  SheetInput,
  SheetLayout,
  SheetReading,
  TotalRecord,
} from './types';

export const COUNTY_NAME: Record<Lang, string> = { 'zh-CN': '全县合计', en: 'County total' };

const sheetKey = (sheet: string, source: string | undefined): string => `${source ?? ''}\u0000${sheet}`;

function skippedLayout(sheet: SheetInput, reason: NonNullable<SheetLayout['skipReason']>): SheetLayout {
  return {
    sheet: sheet.name,
    ...(sheet.source !== undefined ? { source: sheet.source } : {}),
    status: 'skipped',
    skipReason: reason,
    hidden: sheet.hidden === true,
    headerRows: null,
    facilityColumn: null,
    townshipColumn: null,
    serialColumn: null,
    firstDataRow: null,
    lastDataRow: null,
    excludedRows: [],
    columns: [],
    townships: [],
    facilityCount: 0,
    overridden: false,
  };
}

/**
 * The sheets (by index) that list the other sheets' townships as their facilities: at least two of
 * their rows, and at least half, are named exactly as a township found on another sheet. Each with
 * the township names it lists.
 */
function summarySheets(readings: readonly SheetReading[]): Map<number, string[]> {
  const found = new Map<number, string[]>();
  const townshipsOf = readings.map((r) => new Set(r.layout.status === 'table' ? r.layout.townships.map(nameKey) : []));
  for (const [n, r] of readings.entries()) {
    if (r.layout.status !== 'table' || r.layout.townshipColumn !== null || r.facilities.length < 2) continue;
    const elsewhere = new Set<string>();
    for (const [m, set] of townshipsOf.entries()) if (m !== n) for (const t of set) elsewhere.add(t);
    // At least half the rows must name a township of another sheet: the look stops once too few can.
    const total = r.facilities.length;
    const named: string[] = [];
    let others = 0;
    for (const f of r.facilities) {
      if (elsewhere.has(nameKey(f.name))) named.push(f.name);
      else if ((total - ++others) * 2 < total) break;
    }
    if (named.length >= 2 && named.length * 2 >= total) found.set(n, [...new Set(named)]);
  }
  return found;
}

/**
 * The definitions of the run, and a warning for each definition sheet a township's file carries: only
 * the --definitions workbook (options.definitions) or else the county's own workbook (definitionsFrom,
 * by default the first) defines indicators, rules and targets — a township cannot set its own 任务数.
 */
export function chooseDefinitions(sheets: SheetInput[], options: ConsolidateOptions, lang: Lang): { definitions: Definitions; issues: Issue[] } {
  const county = options.definitionsFrom ?? sheets[0]?.source;
  const isCounty = (s: SheetInput): boolean => options.definitions === undefined && (s.source === undefined || s.source === county);
  const own = sheets.filter((s) => isDefinitionSheet(s.name) && isCounty(s));
  const carried = sheets.filter((s) => isDefinitionSheet(s.name) && !isCounty(s));

  let chosen: { definitions: Definitions; issues: Issue[] };
  if (options.definitions) chosen = { definitions: options.definitions, issues: [] };
  else {
    // readDefinitions only reads from its base: the same compiled catalog serves when no sheet defines anything.
    const catalog = builtInDefinitions();
    const read = readDefinitions(own, { source: 'workbook', base: catalog, lang, ...(county !== undefined ? { file: county } : {}) });
    chosen = read ?? { definitions: catalog, issues: [] };
  }
  const { definitions } = chosen;
  const issues = [...chosen.issues];
  for (const s of carried) {
    const warning = issue('warning', 'definitions-in-township-file', lang, {
      sheet: s.name,
      params: { sheet: s.name, source: definitions.source, file: definitions.file ?? null },
    });
    if (s.source !== undefined) warning.source = s.source;
    issues.push(warning);
  }
  return { definitions, issues };
}

function sourceIssue(definitions: Definitions, lang: Lang): Issue {
  const roles = new Set(definitions.sheets.map(definitionSheetRole));
  const complete = roles.has('indicators') && roles.has('rules') && roles.has('targets');
  return issue('info', 'definitions-source', lang, {
    params: {
      source: definitions.source,
      sheets: definitions.sheets.join(lang === 'en' ? ', ' : '、'),
      file: definitions.file ?? null,
      rest: definitions.source === 'workbook' && !complete ? 'catalog' : '',
    },
  });
}

/** Orders issues as the workbook reads: sheet order (issues about no sheet first), then row, then column. */
function sortIssues(issues: Issue[], order: Map<string, number>): Issue[] {
  // Issues come sheet by sheet, and the same addresses recur on every sheet: each sheet's place and
  // each address is worked out once.
  const places = new Map<string, { row: number; column: number }>();
  let lastSheet: string | null = null;
  let lastSource: string | undefined;
  let lastPlace = -1;
  const keyed = issues.map((i, n) => {
    let row = -1;
    let column = -1;
    if (i.cell) {
      let at = places.get(i.cell);
      if (at === undefined) {
        at = addressPlace(i.cell);
        if (places.size >= 100_000) places.clear();
        places.set(i.cell, at);
      }
      row = at.row;
      column = at.column;
    }
    let sheet = -1;
    if (i.sheet !== null) {
      if (i.sheet !== lastSheet || i.source !== lastSource) {
        lastSheet = i.sheet;
        lastSource = i.source;
        lastPlace = order.get(sheetKey(i.sheet, i.source)) ?? order.get(sheetKey(i.sheet, undefined)) ?? -1;
      }
      sheet = lastPlace;
    }
    return { i, sheet, row, column, n };
  });
  keyed.sort((a, b) => a.sheet - b.sheet || a.row - b.row || a.column - b.column || a.n - b.n);
  return keyed.map((k) => k.i);
}

/** An issue's cell (or the top-left of its range) as row and column; -1 and -1 when it is not an A1 address. */
function addressPlace(cell: string): { row: number; column: number } {
  try {
    return parseAddress(cell.split(':')[0]);
  } catch {
    // Not an A1 address: kept before the addressed ones of its sheet.
    return { row: -1, column: -1 };
  }
}

/**
 * Consolidates township sheets into the county roll-up, completion table and validation report.
 * Definitions: options.definitions, else the workbook's 指标定义/校验规则/任务数 sheets (with the
 * built-in catalog for what they leave out), else the built-in catalog.
 * @throws InvalidDateError when options.asOf is not a YYYY-MM-DD date.
 * @throws DefinitionError when the workbook's definition sheets cannot be used.
 * @throws MixedLevelsError when result workbooks (units one level down, see units.ts) come with township reports.
 */
export function consolidate(sheets: SheetInput[], options: ConsolidateOptions): ConsolidationResult {
  const asOf = parseAsOf(options.asOf);
  const lang: Lang = options.lang ?? 'zh-CN';
  const { definitions, issues: definitionIssues } = chooseDefinitions(sheets, options, lang);
  const excluded = new Set(options.excludedSheets ?? []);
  const overrides = new Map((options.overrides ?? []).map((o) => [o.sheet, o]));
  // Result workbooks given as inputs: each is one unit (a county of a city's run), read from its total row.
  const units = readUnitResults(sheets, definitions.indicators, lang);
  const byUnits = units.sources.size > 0;
  const unitLevel = units.level ?? 'township';
  const totalName = totalRowName(unitLevel, options.unitName, lang);

  const issues: Issue[] = [sourceIssue(definitions, lang)];
  // Copies: the run completes its issues in place (finishOwnReview), and these come from elsewhere.
  for (const i of definitionIssues) issues.push({ ...i });
  const layouts: SheetLayout[] = [];
  const facilities: FacilityRecord[] = [];
  const totals: TotalRecord[] = [];
  const townships = new Map<string, string>();
  // Each sheet's figures as the reader left them, for the value tables.
  const facilityBlocks: FigureBlock[] = [];
  const totalBlocks: FigureBlock[] = [];
  const order = new Map<string, number>();
  const readings: ({ sheet: SheetInput; at: number } & ReturnType<typeof readSheetFigures>)[] = [];

  for (const [n, sheet] of sheets.entries()) {
    options.onProgress?.({ sheet: sheet.name, done: n, total: sheets.length });
    const key = sheetKey(sheet.name, sheet.source);
    if (!order.has(key)) order.set(key, n);
    if (!order.has(sheetKey(sheet.name, undefined))) order.set(sheetKey(sheet.name, undefined), n);
    const skip = isDefinitionSheet(sheet.name) || isRosterSheet(sheet.name)
      ? 'definitions'
      : isResultSheetName(sheet.name) || sheet.unitSheet !== undefined || (sheet.source !== undefined && units.sources.has(sheet.source))
        ? 'result'
        : excluded.has(sheet.name)
          ? 'excluded'
          : null;
    if (skip) {
      layouts.push(skippedLayout(sheet, skip));
      continue;
    }

    const read = readSheetFigures(sheet, definitions, { lang, override: overrides.get(sheet.name) });
    layouts.push(read.reading.layout);
    readings.push({ sheet, at: layouts.length - 1, ...read });
  }

  // A sheet whose "facilities" are the townships of the other sheets is a summary of them (汇总):
  // adding it would count the county twice.
  const summaries = summarySheets(readings.map((r) => r.reading));
  for (const [n, { sheet, at, reading, figures }] of readings.entries()) {
    const names = summaries.get(n);
    if (names !== undefined) {
      layouts[at] = { ...skippedLayout(sheet, 'summary'), hidden: reading.layout.hidden };
      const i = issue('warning', 'summary-sheet', lang, { sheet: sheet.name, params: { townships: names.join(lang === 'en' ? ', ' : '、') } });
      if (sheet.source !== undefined) i.source = sheet.source;
      issues.push(i);
      continue;
    }
    for (const i of reading.issues) {
      if (sheet.source !== undefined) i.source = sheet.source;
      issues.push(i);
    }
    for (const t of reading.layout.townships) {
      const k = nameKey(t);
      if (!townships.has(k)) townships.set(k, t);
    }
    for (const f of reading.facilities) facilities.push(f);
    for (const t of reading.totals) totals.push(t);
    const { codes } = figures;
    facilityBlocks.push({ codes, rows: reading.facilities.length, data: figures.facilities, unread: figures.facilitiesUnread });
    totalBlocks.push({ codes, rows: reading.totals.length, data: figures.totals, unread: figures.totalsUnread });
  }

  if (byUnits) {
    checkNotMixed(units, [...new Set(facilities.map((f) => f.source))]);
    for (const u of units.units) if (!townships.has(nameKey(u.summary.name))) townships.set(nameKey(u.summary.name), u.summary.name);
    for (const i of units.issues) issues.push({ ...i });
  }

  const indicators = definitions.indicators;
  const table = valueTableOfBlocks(indicators, facilityBlocks);
  const totalTable = valueTableOfBlocks(indicators, totalBlocks);
  // Appended one by one: spreading a large list into push() overflows the call stack.
  for (const found of [
    checkTotalsTable(totals, totalTable, facilities, table, indicators, lang),
    checkRatesTable(facilities, table, indicators, lang),
    checkRatesTable(totals, totalTable, indicators, lang),
    checkRateParts(facilities, table, indicators, facilityBlocks, lang),
    checkRulesTable(facilities, table, definitions.rules, lang, facilityBlocks, indicators),
    checkDuplicates(facilities, lang),
  ]) {
    for (const i of found) issues.push(i);
  }

  const targetSheet = definitions.sheets.find((s) => definitionSheetRole(s) === 'targets') ?? null;
  for (const township of Object.keys(definitions.townshipTargets)) {
    if (!townships.has(nameKey(township))) {
      // A township given a target but no report: most often one that has not sent its sheet yet.
      issues.push(issue('warning', 'target-unknown-township', lang, { sheet: targetSheet, params: { township } }));
    }
  }

  // Units one level down are rolled up from their totals; townships from their facilities, with each
  // rate's Σ分子 and Σ分母 kept so that the level above can recompute it.
  const rollup = byUnits
    ? rollUpUnits(units.units, indicators, totalName)
    : withRateParts(rollUpTable(facilities, table, indicators, [...townships.values()], totalName), facilities, table, indicators);
  // The monthly cycle: 上报情况, last period, values far from the others (monthly.ts): about facilities, so
  // not for units, whose own runs did it.
  const monthly = byUnits
    ? null
    : monthlyChecks({ sheets, facilities, indicators, townships: [...townships.values()], asOf, lang, countyName: totalName, options, table });
  for (const i of monthly?.issues ?? []) issues.push(i);
  const completion = completionOf(rollup, definitions, asOf);
  const sorted = sortIssues(issues, order);

  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const i of sorted) {
    if (i.severity === 'error') errors++;
    else if (i.severity === 'warning') warnings++;
    else infos++;
  }
  const result: ConsolidationResult = {
    asOf,
    monthsElapsed: monthsElapsed(asOf),
    timeProgress: timeProgress(asOf),
    lang,
    definitions,
    indicators,
    sheets: layouts,
    facilities,
    rollup,
    completion,
    issues: sorted,
    counts: {
      townships: rollup.length - 1,
      facilities: facilities.length,
      errors,
      warnings,
      infos,
      lagging: completion.filter((c) => c.status === 'lagging').length,
      unmet: completion.filter((c) => c.status === 'unmet' || c.status === 'over-limit').length,
    },
    ...(monthly ? { reporting: monthly.reporting } : {}),
    unitName: options.unitName?.trim() || null,
    unitLevel,
    ...(byUnits ? { units: units.units.map((u) => u.summary) } : {}),
    runDate: options.runDate ?? null,
  };
  return finishOwnReview(result, options.notes);
}
