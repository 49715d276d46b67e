// Last period, whatever the user has of it: the result workbook this tool wrote (its 机构明细), or that
// period's township reports, read with this period's definitions.
import { archiveOf, isArchiveSheetName, readArchive, readArchiveSheet } from './archive';
import { chooseDefinitions, consolidate } from './consolidate';
import { monthBefore } from './history';
import type { ConsolidateOptions, Definitions, Lang, PeriodArchive, SheetInput } from './types';

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
