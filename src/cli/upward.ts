// The files that leave the county office after a run: feedback to each township (--feedback <folder>:
// <乡镇>.xlsx and <乡镇>.txt for every township with something to correct) and exports for the systems
// above (--export <file>: DHIS2 data value sets as .json or .csv). This module only makes their bytes;
// main.ts writes them with the same safety as every other output.
import * as path from 'node:path';
import { feedbackFileNames, feedbackSheets, feedbackText, fileNameOf, toDataValueSet, toDhis2Csv, townshipFeedback } from '../engine';
import type { ConsolidationResult, Lang } from '../engine/types';
import { UsageError } from './errors';
import { resultWorkbookBytes } from './writeWorkbook';

export interface OutputFile {
  path: string;
  data: Buffer | string;
}

export { fileNameOf };

export interface FeedbackPlan {
  files: OutputFile[];
  townships: string[];
}

/** One workbook and one message per township with at least one error or warning. */
export function feedbackFiles(result: ConsolidationResult, folder: string, lang: Lang): FeedbackPlan {
  const files: OutputFile[] = [];
  const townships: string[] = [];
  const feedback = townshipFeedback(result, lang);
  const names = feedbackFileNames(feedback.map((fb) => fb.township));
  feedback.forEach((fb, i) => {
    files.push({ path: path.join(folder, `${names[i]}.xlsx`), data: resultWorkbookBytes(feedbackSheets(fb, result, lang)) });
    files.push({ path: path.join(folder, `${names[i]}.txt`), data: feedbackText(fb) });
    townships.push(fb.township);
  });
  return { files, townships };
}

export type ExportFormat = 'dhis2-json' | 'dhis2-csv';

const EXPORT_TEXT = {
  badExtension: {
    'zh-CN': (p: string) => `--export 的文件名须以 .json（DHIS2 dataValueSets）或 .csv（DHIS2 CSV）结尾：${p}`,
    en: (p: string) => `--export needs a file ending in .json (DHIS2 dataValueSets) or .csv (DHIS2 CSV): ${p}`,
  },
};

/** The export format a file name asks for. @throws UsageError for any other extension. */
export function exportFormatOf(file: string, lang: Lang): ExportFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.json') return 'dhis2-json';
  if (ext === '.csv') return 'dhis2-csv';
  throw new UsageError(EXPORT_TEXT.badExtension[lang](file));
}

/** The bytes of each --export file, and how many facility cells with errors were left out. */
export function exportFiles(result: ConsolidationResult, files: string[], lang: Lang): { files: OutputFile[]; values: number; leftOut: number } {
  const { set, leftOut } = toDataValueSet(result);
  const out = files.map((file) => ({
    path: file,
    // Plain UTF-8, no BOM: the CSV is for DHIS2's importer, whose first column name must read exactly.
    data: exportFormatOf(file, lang) === 'dhis2-json' ? `${JSON.stringify(set, null, 2)}\n` : toDhis2Csv(set),
  }));
  return { files: out, values: set.dataValues.length, leftOut };
}
