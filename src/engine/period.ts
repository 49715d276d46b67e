// Last period, whatever the user has of it: the result workbook this tool wrote (its 机构明细), or that
// period's township reports, read with this period's definitions.
import { archiveOf, isArchiveSheetName, readArchive } from './archive';
import { consolidate } from './consolidate';
import { monthBefore } from './history';
import type { Definitions, Lang, PeriodArchive, SheetInput } from './types';

/**
 * Last period's facilities from sheets: the 机构明细 of a result workbook when there is one, else the
 * sheets read as township reports of the month before asOf.
 */
export function readPreviousPeriod(sheets: SheetInput[], definitions: Definitions, asOf: string, lang: Lang = 'zh-CN'): PeriodArchive {
  if (sheets.some((s) => isArchiveSheetName(s.name))) return readArchive(sheets, definitions.indicators)!;
  const before = monthBefore(asOf);
  return archiveOf(consolidate(sheets, { asOf: before, lang, definitions }));
}
