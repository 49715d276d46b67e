// Last period, whatever the user has of it: the result workbook this tool wrote (its 机构明细), or that
// period's township reports, read with this period's definitions.
import { archiveOf, facilitySheet, isArchiveSheetName, previousSheet, readArchive, readArchiveSheet } from './archive';
import { chooseDefinitions, consolidate } from './consolidate';
import { monthBefore } from './history';
import type { ConsolidateOptions, ConsolidationResult, Definitions, Lang, PeriodArchive, ResultSheet, SheetInput } from './types';

/**
 * Last period's facilities from sheets: the 机构明细 of a result workbook when there is one, else the
 * sheets read as township reports of the month before asOf.
 */
export function readPreviousPeriod(sheets: SheetInput[], definitions: Definitions, asOf: string, lang: Lang = 'zh-CN'): PeriodArchive {
  if (sheets.some((s) => isArchiveSheetName(s.name))) return readArchive(sheets, definitions.indicators)!;
  const before = monthBefore(asOf);
  return archiveOf(consolidate(sheets, { asOf: before, lang, definitions }));
}

/**
 * Last period as the pane keeps it (上期机构明细, a 机构明细 under another name), read with the
 * definitions a run of these sheets with these options uses, so its columns are this run's indicators.
 */
export function previousForRun(kept: SheetInput, sheets: SheetInput[], options: ConsolidateOptions): PeriodArchive {
  const { definitions } = chooseDefinitions(sheets, options, options.lang ?? 'zh-CN');
  return readArchiveSheet(kept, definitions.indicators);
}

/**
 * Last period's township reports made into 上期机构明细 for the pane to keep, as the command line reads
 * `--previous <township files>`: read as the month before options.asOf, with the definitions this
 * workbook's own sheets give (its 指标定义, else the catalog), so that its columns are this run's
 * indicators. The sheet is null when no facility was read; the result says what was read.
 */
export function previousFromReports(
  reports: SheetInput[],
  workbook: SheetInput[],
  options: ConsolidateOptions,
  file: string,
): { result: ConsolidationResult; sheet: ResultSheet | null } {
  const lang = options.lang ?? 'zh-CN';
  const { definitions } = chooseDefinitions(workbook, options, lang);
  const result = consolidate(reports, { asOf: monthBefore(options.asOf), lang, definitions });
  if (result.facilities.length === 0) return { result, sheet: null };
  const facilities = facilitySheet(result, lang);
  const asRead: SheetInput = { name: facilities.name, values: [facilities.columns.map((c) => c.header), ...facilities.rows] };
  return { result, sheet: previousSheet(asRead, file, lang) };
}
