// The engine's public API: what the CLI, the Excel adapter and the task pane import. Pure TypeScript.
export type * from './types';

export { consolidate, COUNTY_NAME } from './consolidate';
export { readDefinitions, compileDefinitions, isDefinitionSheet, definitionSheetRole, DEFINITION_SHEETS } from './definitions';
export type { CompileInput, ReadDefinitionsOptions } from './definitions';
export { builtInDefinitions, catalogSheets } from './catalog';
export { readTownshipSheet } from './reader';
export type { ReadOptions } from './reader';
export { detectLayout } from './layout';
export {
  buildResultSheets,
  issuesInSheetOrder,
  toSummaryJson,
  RESULT_SHEET_NAMES,
  isResultSheetName,
  statusLabel,
  STATUS_FILL,
  COMPLETION_STATUSES,
  isBehind,
  targetSourceLabel,
  statusColumnsOf,
  TOWNSHIP_SHEET_NAMES,
  COMPARISON_SHEET_NAMES,
  comparisonSheetName,
  headerWithUnit,
  headerRowOf,
} from './report';
export { LEVEL_TEXT, totalRowName, unitNameOfTotal, periodText, sheetTitle, partHeader } from './levels';
export { readUnitResults, rollUpUnits, unitNameOfFile } from './units';
export type { UnitReading, UnitsRead } from './units';
export type { SummaryJson } from './report';
export { parseAsOf, monthsElapsed, timeProgress, defaultAsOf } from './timeProgress';
export { readAsOfText, asOfDoubt, printedAsOf, asOfFromSheets } from './asOfText';
export type { AsOfDoubt } from './asOfText';
export { headerSimilarity, rankIndicators, suggestIndicator, SUGGESTION_THRESHOLD } from './suggest';
export type { Suggestion } from './suggest';
export { issue, renderIssue, skipReason, MESSAGES } from './messages';
export type { IssueInit } from './messages';
export { RollupError, DefinitionError, ExpressionSyntaxError, InvalidDateError, MixedLevelsError } from './errors';
export type { DefinitionProblem } from './errors';
export { cellAddress, parseAddress, columnLetter, columnIndex, headerKey, nameKey, toHalfWidth } from './normalize';
export { townshipFeedback, feedbackSheets, feedbackFileNames, feedbackText, fileNameOf, valueRead } from './feedback';
export { townshipGrid, townshipSheet } from './townships';
export type { TownshipGrid, GridRow, GridCell, GridSource } from './townships';
export type { TownshipFeedback, FeedbackProblem } from './feedback';
export { toDataValueSet, toDhis2Csv, dhis2Period, dhis2Sheet, DHIS2_CSV_COLUMNS, EXPORT_SHEET_NAMES } from './dhis2';
export type { DataValue, DataValueSet, Dhis2Export } from './dhis2';
export {
  facilitySheet,
  archiveOf,
  readArchive,
  readArchiveSheet,
  isArchiveSheetName,
  previousSheet,
  previousSheetInfo,
  FACILITY_SHEET_NAMES,
  PREVIOUS_SHEET_NAMES,
  REPORTING_SHEET_NAMES,
} from './archive';
export { measuresOf, compareWithPrevious, DEFAULT_CHANGE_THRESHOLD, CHANGE_FLOOR } from './history';
export { readRoster, isRosterSheet, reportingStatus, reportingSheet, rosterSheet, closestName, ROSTER_SHEET_NAMES } from './roster';
export { outlierIssues, modifiedZScores, OUTLIER_THRESHOLD } from './outliers';
export { readNotes, applyNotes, issueSubject, readinessOf, readinessText, finishReview } from './notes';
export { readPreviousPeriod, previousForRun, previousFromReports } from './period';
