// The township files that are not .xlsx (.xls, WPS .et, .csv, .ods, .xlsb, HTML and SpreadsheetML 2003),
// read with SheetJS and handed to the engine in the same shape readWorkbook.ts gives for .xlsx (the
// conversion itself, shared with the pane, is src/formats/sheetInput.ts).
import type { SheetInput } from '../engine/types';
import { WorkbookFormatError } from '../formats/reasons';
import { sheetsOfWorkbook } from '../formats/sheetInput';
import { readWithSheetJs, type SheetJs } from '../formats/sheetjs';
import type { WorkbookKind } from '../formats/sniff';
import { UnreadableWorkbookError } from './errors';

/**
 * Reads a file sniffWorkbook() named as one of the non-.xlsx kinds.
 * @throws UnreadableWorkbookError 'too-large', 'encrypted' or 'corrupt' naming sourceName.
 */
export function readOtherFormat(buf: Uint8Array, sourceName: string, kind: WorkbookKind): SheetInput[] {
  // Loaded only here: .xlsx files, the usual case, never need it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const XLSX = require('@e965/xlsx') as SheetJs;
  try {
    return sheetsOfWorkbook(readWithSheetJs(XLSX, buf, sourceName, kind), sourceName);
  } catch (e) {
    if (e instanceof WorkbookFormatError) throw new UnreadableWorkbookError(sourceName, e.reason, e.detail);
    // A conversion failure on a file SheetJS accepted is still this file's damage, never a crash.
    throw new UnreadableWorkbookError(sourceName, 'corrupt', e instanceof Error ? e.message : String(e));
  }
}
