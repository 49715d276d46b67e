// The messages between the pane and the engine's worker, and the worker's side of them. The same
// serveEngineRequest runs in the Web Worker (engine.worker.ts) and in the in-thread stand-in used where
// no Worker exists (jest's jsdom), so both speak one protocol. Errors cross as plain data and are
// rebuilt as the engine's named classes, so the pane words them as before.
import { buildResultSheets, consolidate, DefinitionError, InvalidDateError, MixedLevelsError, previousForRun, previousFromReports, toDataValueSet, townshipFeedback } from '../../engine';
import type { ConsolidateOptions, ConsolidateProgress, ConsolidationResult, DefinitionProblem, Dhis2Export, ResultSheet, SheetInput, TownshipFeedback } from '../../engine';

/**
 * What the pane is sent of a consolidation: everything but the facility records, which the pane never
 * shows (it counts them from counts.facilities) and which are most of the result — about 11 MB on a
 * 60-sheet county, over a second to copy onto the pane's thread.
 */
export type PaneResult = Omit<ConsolidationResult, 'facilities'> & {
  /** 乡镇反馈: the text to send each township, made here, where the facility records are. */
  feedback?: TownshipFeedback[];
};

export interface EngineRequest {
  id: number;
  sheets: SheetInput[];
  /** Everything but onProgress, which cannot cross: progress comes back as messages. */
  options: Omit<ConsolidateOptions, 'onProgress'>;
  /** Also build the result sheets (县级汇总 / 完成情况 / 校验结果) for writing. */
  resultSheets: boolean;
  /** 上期机构明细 as kept in the workbook: read here, with the run's definitions, as options.previous. */
  previous?: SheetInput;
  /** Also build the DHIS2 data values (导出): made here, where the facility records are. */
  dhis2?: boolean;
  /**
   * The sheets are last period's township reports: read as the month before options.asOf with the
   * definitions of these workbook sheets, and answered with 上期机构明细 (named after file) as the one
   * result sheet, or none when no facility was read.
   */
  lastPeriod?: { workbook: SheetInput[]; file: string };
}

export interface SerializedError {
  name: string;
  message: string;
  problems?: DefinitionProblem[];
  text?: string;
  /** MixedLevelsError's two lists of files. */
  files?: { units: string[]; others: string[] };
}

export type EngineReply =
  | { id: number; type: 'progress'; progress: ConsolidateProgress }
  | { id: number; type: 'done'; result: PaneResult; resultSheets: ResultSheet[] | null; dhis2?: Dhis2Export }
  | { id: number; type: 'failed'; error: SerializedError };

export function serializeError(e: unknown): SerializedError {
  if (e instanceof DefinitionError) return { name: 'DefinitionError', message: e.message, problems: e.problems };
  if (e instanceof InvalidDateError) return { name: 'InvalidDateError', message: e.message, text: e.text };
  if (e instanceof MixedLevelsError) return { name: 'MixedLevelsError', message: e.message, files: { units: e.unitFiles, others: e.otherFiles } };
  if (e instanceof Error) return { name: e.name, message: e.message };
  return { name: 'Error', message: String(e) };
}

export function reviveError(s: SerializedError): Error {
  if (s.name === 'DefinitionError' && s.problems) return new DefinitionError(s.problems);
  if (s.name === 'InvalidDateError' && s.text !== undefined) return new InvalidDateError(s.text);
  if (s.name === 'MixedLevelsError' && s.files) return new MixedLevelsError(s.files.units, s.files.others);
  const e = new Error(s.message);
  e.name = s.name;
  return e;
}

/** Runs one request and posts its progress (one message per sheet) and its outcome. */
export function serveEngineRequest(request: EngineRequest, post: (reply: EngineReply) => void): void {
  const { id, sheets, options } = request;
  try {
    if (request.lastPeriod) {
      const { result, sheet } = previousFromReports(sheets, request.lastPeriod.workbook, options, request.lastPeriod.file);
      const { facilities: _facilities, ...rest } = result;
      post({ id, type: 'done', result: rest, resultSheets: sheet ? [sheet] : [] });
      return;
    }
    const previous = request.previous ? { previous: previousForRun(request.previous, sheets, options) } : {};
    const result = consolidate(sheets, { ...options, ...previous, onProgress: (progress) => post({ id, type: 'progress', progress }) });
    const resultSheets = request.resultSheets ? buildResultSheets(result, options.lang ?? 'zh-CN') : null;
    const { facilities: _facilities, ...rest } = result;
    // Feedback only for a real run: a dry run (no result sheets) shows no results.
    const paneResult: PaneResult = request.resultSheets ? { ...rest, feedback: townshipFeedback(result, options.lang ?? 'zh-CN') } : rest;
    post({ id, type: 'done', result: paneResult, resultSheets, ...(request.dhis2 ? { dhis2: toDataValueSet(result) } : {}) });
  } catch (e) {
    post({ id, type: 'failed', error: serializeError(e) });
  }
}
