// 下载反馈 in the browser preview: what the command line's --feedback writes to a folder, in one .zip —
// for each township with something to check, <乡镇>.xlsx (its problems and lagging indicators) and
// <乡镇>.txt (the message to paste into WeChat or an email). Each workbook is written by the add-in's own
// writer on a fresh in-browser workbook, so it looks as the result sheets do in Excel.
import ExcelJS from 'exceljs';
import { feedbackFileNames, feedbackSheets, feedbackText } from '../engine';
import type { ConsolidationResult, Lang, ResultSheet, TownshipFeedback } from '../engine';
import { createWorkbookHost } from '../excel/workbookHost';
import { storedZip } from './storedZip';
import { previewOf } from './workbookFile';

/** Result sheets as a workbook of their own, without the add-in's settings. */
export async function sheetsWorkbook(sheets: ResultSheet[]): Promise<Uint8Array> {
  const preview = previewOf(new ExcelJS.Workbook(), 'feedback.xlsx');
  const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities });
  await host.writeResults(sheets);
  return new Uint8Array(await preview.save({ addinState: false }));
}

/** The .zip of every township's feedback: <乡镇>.xlsx and <乡镇>.txt each. */
export async function feedbackArchive(
  feedback: readonly TownshipFeedback[],
  result: Pick<ConsolidationResult, 'indicators' | 'lang'>,
  lang: Lang,
): Promise<Uint8Array<ArrayBuffer>> {
  const names = feedbackFileNames(feedback.map((f) => f.township));
  const files: { name: string; data: Uint8Array | string }[] = [];
  for (const [i, fb] of feedback.entries()) {
    files.push({ name: `${names[i]}.xlsx`, data: await sheetsWorkbook(feedbackSheets(fb, result, lang)) });
    files.push({ name: `${names[i]}.txt`, data: feedbackText(fb) });
  }
  return storedZip(files);
}
