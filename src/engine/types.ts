// The engine's vocabulary: what adapters hand in (SheetInput), what the engine hands back
// (ConsolidationResult, ResultSheet, Issue). Pure data; no behaviour lives here.

export type Lang = 'zh-CN' | 'en';

/** An Excel error value such as #DIV/0! or #N/A. */
export interface CellError {
  error: string;
}

/** A cell as every adapter delivers it: formula cells carry their computed result. */
export type CellValue = null | number | string | boolean | Date | CellError;

/** A merged area, 0-based, inclusive on all sides. */
export interface MergedArea {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * One worksheet as the engine sees it, whatever read it (ExcelJS in the CLI, Office.js in the pane).
 * values[r][c] is the cell at row r+1, column c+1 (rows start at A1; ragged rows allowed).
 * Inside a merged area an adapter may repeat the top-left value (ExcelJS) or give null (Office.js):
 * the engine fills the area from its top-left cell, so both read the same.
 */
export interface SheetInput {
  name: string;
  /** The file the sheet came from, when several files are read. */
  source?: string;
  values: CellValue[][];
  /** Number formats in the same shape as values, where known ('General' or null: none). */
  numberFormats?: (string | null)[][];
  merges?: MergedArea[];
  hidden?: boolean;
  /** Chart sheets hold no cells. */
  kind?: 'worksheet' | 'chart';
  /**
   * A sheet of a result workbook imported under another name (the pane names a county's 县级汇总 and
   * 校验结果 after the county): which of the two it is. Its source is then read as one unit (units.ts).
   */
  unitSheet?: 'rollup' | 'issues';
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * A problem in the data: a value, never thrown. Messages come from the catalogue in messages.ts,
 * rendered in the run's language; params keep what is needed to render them again in another.
 */
export interface Issue {
  severity: Severity;
  code: IssueCode;
  sheet: string | null;
  /** A1 address on sheet (a single cell, or a row such as "A7:K7"), null when not about a cell. */
  cell: string | null;
  /** Indicator code, when the issue is about one indicator. */
  indicator: string | null;
  /** 校验规则 名称, for rule failures. */
  rule: string | null;
  message: string;
  params: Record<string, string | number | null>;
  /** The file the sheet came from, when several files are read (set by consolidate). */
  source?: string;
  /** The facility the issue is about, null when it is not about one facility. */
  facility?: string | null;
  /** The 情况说明 the statistician wrote for this issue, carried over from an earlier run. */
  note?: string | null;
}

export type IssueCode =
  // values
  | 'not-a-number'
  | 'placeholder'
  | 'error-value'
  | 'date-in-number'
  | 'boolean-in-number'
  | 'unit-in-cell'
  | 'negative-count'
  | 'out-of-range'
  | 'mixed-percent-scale'
  | 'merged-figure'
  // rows and tables
  | 'duplicate-facility'
  | 'total-mismatch'
  | 'rate-mismatch'
  | 'rate-as-fraction'
  | 'rule-failed'
  | 'rule-not-checked'
  | 'rate-part-missing'
  | 'rate-column-missing'
  | 'unmatched-column'
  | 'sheet-skipped'
  | 'summary-sheet'
  | 'other-table-not-read'
  | 'sheet-hidden'
  | 'sheet-read'
  | 'no-facility-rows'
  // definitions and targets
  | 'definitions-source'
  | 'definitions-in-township-file'
  | 'target-unknown-township'
  | 'target-unknown-indicator'
  | 'target-not-a-number'
  // files (the command line)
  | 'unreadable-file'
  // the monthly cycle: last period, roster, outliers
  | 'measures-inferred'
  | 'decreased-since-last'
  | 'changed-since-last'
  | 'not-reported-now'
  | 'roster-missing'
  | 'roster-unlisted'
  | 'outlier'
  // one level up: result workbooks rolled up as units (units.ts)
  | 'unit-read'
  | 'unit-rate-unrecomputable'
  | 'unit-duplicate'
  | 'unit-rollup-missing';

export type IndicatorKind = 'count' | 'rate';
export type Direction = '>=' | '<=';

/** A cell on a sheet, for pointing at where something was defined or read. */
export interface CellRef {
  sheet: string;
  cell: string;
}

/** A row of 指标定义, as the statistician wrote it. Expressions are kept as text here. */
export interface IndicatorDefinition {
  code: string;
  name: string;
  aliases: string[];
  unit: string;
  kind: IndicatorKind;
  numerator: string | null;
  denominator: string | null;
  /** 100 for %, 1000 for ‰, 1 for a plain ratio. */
  factor: number;
  /** The county's annual target, in the indicator's unit. */
  target: number | null;
  /** Set by the built-in catalog: target is its national standard, not a figure the user gave. */
  standardTarget?: boolean;
  direction: Direction;
  min: number | null;
  max: number | null;
  origin?: CellRef;
  /** 口径: 累计 (a year-to-date flow, never lower within a year) or 时点 (a stock); inferred when absent. */
  measure?: Measure;
  /** 环比阈值: the change on last period (a fraction, 0.5 = 50 %) beyond which a value is questioned. */
  changeThreshold?: number | null;
}

export type Measure = 'cumulative' | 'stock';

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

/** A row of 校验规则. */
export interface ValidationRule {
  name: string;
  expression: string;
  severity: 'error' | 'warning';
  /** Absolute tolerance; null means none beyond floating-point noise. */
  tolerance: number | null;
  origin?: CellRef;
}

/** Expression tree; refs are resolved to indicator codes once definitions are compiled. */
export type Expr =
  | { type: 'num'; value: number }
  | { type: 'ref'; name: string; code?: string }
  | { type: 'neg'; operand: Expr }
  | { type: 'bin'; op: '+' | '-' | '*' | '/'; left: Expr; right: Expr };

export interface CompiledIndicator extends IndicatorDefinition {
  numeratorExpr: Expr | null;
  denominatorExpr: Expr | null;
}

export interface CompiledRule extends ValidationRule {
  left: Expr;
  op: CompareOp;
  right: Expr;
  /** Codes of every indicator the rule reads. */
  uses: string[];
}

export type DefinitionSource = 'definitions-file' | 'workbook' | 'catalog';

export interface Definitions {
  indicators: CompiledIndicator[];
  rules: CompiledRule[];
  /** 任务数: township name → indicator code → that township's target. */
  townshipTargets: Record<string, Record<string, number>>;
  source: DefinitionSource;
  /** Names of the sheets the definitions were read from (never data sheets). */
  sheets: string[];
  /** The file those sheets came from, where known (the --definitions workbook, or the county's own). */
  file?: string;
}

// ---------------------------------------------------------------------------------------------
// Reading township sheets

export type ExcludedRowReason =
  | 'total' // 合计/小计/总计
  | 'breakdown' // 其中…
  | 'signoff' // 填表人, 审核人, 负责人, 联系电话, 填报日期
  | 'note' // 注：…, 说明
  | 'blank'
  | 'column-numbers'; // (1) (2) (3) / 甲 乙 1 2 under the header

export interface ColumnMatch {
  /** 0-based column index. */
  column: number;
  /** Column letters, e.g. "D". */
  letter: string;
  /** The header text as read, group text and own text joined. */
  header: string;
  indicator: string | null;
  matchedBy: 'code' | 'name' | 'alias' | 'override' | null;
}

export interface SheetLayout {
  sheet: string;
  source?: string;
  status: 'table' | 'skipped';
  skipReason?: 'empty' | 'no-table' | 'no-indicator' | 'chart' | 'hidden' | 'definitions' | 'result' | 'excluded' | 'summary';
  hidden: boolean;
  /** 0-based, inclusive; null when skipped. */
  headerRows: { first: number; last: number } | null;
  facilityColumn: number | null;
  townshipColumn: number | null;
  serialColumn: number | null;
  /** 0-based rows of the first and last facility row. */
  firstDataRow: number | null;
  lastDataRow: number | null;
  excludedRows: { row: number; reason: ExcludedRowReason; label: string }[];
  columns: ColumnMatch[];
  /** Townships found on this sheet, in order. */
  townships: string[];
  facilityCount: number;
  /** True where a user's correction (LayoutOverride) was applied. */
  overridden: boolean;
}

/** A user's correction of a sheet's detected layout; remembered in the workbook for next month. */
export interface LayoutOverride {
  sheet: string;
  /** 0-based, inclusive. */
  headerRows?: { first: number; last: number };
  facilityColumn?: number;
  /** Column letter → indicator code, or null to ignore that column. */
  columnIndicators?: Record<string, string | null>;
}

/** A facility row, values parsed into each indicator's unit. Invalid cells are absent from values. */
export interface FacilityRecord {
  sheet: string;
  source?: string;
  /** 1-based Excel row number. */
  row: number;
  township: string;
  name: string;
  values: Record<string, number>;
  /** Indicator code → A1 address of the cell its value (or its invalid text) was read from. */
  cells: Record<string, string>;
  /** A1 address of the facility-name cell, where the reader knows it. */
  nameCell?: string;
}

/** A 合计/小计/总计 row: never summed, only checked against the facility rows it covers. */
export interface TotalRecord extends FacilityRecord {
  label: string;
  /** Row numbers (1-based) of the facility rows this total covers. */
  covers: number[];
}

export interface SheetReading {
  layout: SheetLayout;
  facilities: FacilityRecord[];
  totals: TotalRecord[];
  issues: Issue[];
}

// ---------------------------------------------------------------------------------------------
// Results

export interface RollupRow {
  level: 'township' | 'county';
  name: string;
  facilities: number;
  values: Record<string, number | null>;
  /**
   * Per rate on counts: the Σ分子 and Σ分母 its value was computed from (over the rows that gave both),
   * so that a roll-up one level up can recompute the rate from sums. Absent where not known.
   */
  parts?: Record<string, RateParts>;
}

/** A rate's summed numerator and denominator. */
export interface RateParts {
  numerator: number;
  denominator: number;
}

/**
 * What the units of a run are: townships (a county rolls up its townships' reports), counties (a city
 * rolls up its counties' result workbooks) or cities (a province rolls up its cities' results).
 */
export type UnitLevel = 'township' | 'county' | 'city';

/** A result workbook read as one unit: its name, where it came from, and what its 校验结果 still held. */
export interface UnitSummary {
  name: string;
  source: string;
  /** The sheet (县级汇总) and row ("A7") its figures were read from. */
  sheet: string;
  cell: string;
  errors: number;
  warnings: number;
}

/**
 * The words a judgement is shown with (report.ts statusLabel): a rate or a ≤ limit is 达标 or not; a
 * count target is 已完成, or judged against 序时进度.
 */
export type CompletionStatus =
  | 'met' // 达标: a ≥ rate at or above its standard, or a ≤ indicator within its limit
  | 'unmet' // 未达标: a ≥ rate below its standard
  | 'over-limit' // 超标: a ≤ indicator above its limit
  | 'completed' // 已完成: a count at or beyond its target
  | 'on-track' // 序时进度内: a count not yet at its target, not behind time
  | 'lagging' // 进度滞后: a count behind 序时进度
  | 'no-data'; // 无数据

/**
 * Where a target comes from: the 任务数 sheet (a township's own, or the county's as the sum of every
 * township's), the 目标 of the indicator in the user's 指标定义, or the catalog's national standard.
 */
export type TargetSource = 'targets-sheet' | 'definitions' | 'standard';

export interface CompletionRow {
  level: 'township' | 'county';
  name: string;
  indicator: string;
  actual: number | null;
  target: number;
  targetSource: TargetSource;
  /** actual ÷ target, a ratio; null when actual is null, target is 0 or the target is a ≤ limit. */
  completion: number | null;
  met: boolean | null;
  /** null where not applicable (rates, ≤ indicators). */
  lagging: boolean | null;
  status: CompletionStatus;
}

export interface ConsolidationResult {
  asOf: string;
  monthsElapsed: number;
  timeProgress: number;
  lang: Lang;
  definitions: Definitions;
  indicators: CompiledIndicator[];
  sheets: SheetLayout[];
  facilities: FacilityRecord[];
  rollup: RollupRow[];
  completion: CompletionRow[];
  issues: Issue[];
  counts: {
    townships: number;
    facilities: number;
    errors: number;
    warnings: number;
    infos: number;
    lagging: number;
    unmet: number;
  };
  /** 上报情况: per township, then the county (see roster.ts). */
  reporting?: ReportingRow[];
  /** 可以上报 when no error is left and every warning has a 情况说明. */
  readiness?: Readiness;
  /** The name of the unit rolled up (青山县), when given: it titles the result sheets and names the total row. */
  unitName?: string | null;
  /** What the units are ('township' when absent). */
  unitLevel?: UnitLevel;
  /** The result workbooks read as units, when the units are not townships. */
  units?: UnitSummary[];
  /** The date of the run (YYYY-MM-DD), shown in the result sheets' title row. */
  runDate?: string | null;
}

export interface ConsolidateOptions {
  /** YYYY-MM-DD; drives 序时进度. */
  asOf: string;
  lang?: Lang;
  /** Definitions read elsewhere (--definitions); else read from the sheets, else the built-in catalog. */
  definitions?: Definitions;
  overrides?: LayoutOverride[];
  /** Sheet names the user excluded. */
  excludedSheets?: string[];
  /**
   * The file (SheetInput.source) whose 指标定义 / 校验规则 / 任务数 sheets are the county's, when
   * definitions is not given. Every other file is a township's: its definition sheets are not read, and
   * each is warned about. Default: the source of the first sheet — the first workbook. Sheets without a
   * source are always the county's own workbook.
   */
  definitionsFrom?: string;
  /** Last period's facilities (its result workbook's 机构明细, or its township files read). */
  previous?: PeriodArchive;
  /** 机构名录 read elsewhere (--roster); else a 机构名录 sheet among the sheets, if any. */
  roster?: Roster;
  /** 情况说明 written on an earlier run's 校验结果, to carry over to the same issues. */
  notes?: CarriedNote[];
  /** |modified z-score| above which a facility's rate is questioned; 3.5 when absent. */
  outlierThreshold?: number;
  /** Called as each sheet is about to be read (done = sheets before it), so a caller can show progress. */
  onProgress?: (progress: ConsolidateProgress) => void;
  /** The name of the unit being rolled up (青山县): titles the result sheets, names the total row (青山县合计). */
  unitName?: string;
  /** The date of the run (YYYY-MM-DD), for the result sheets' title row. */
  runDate?: string;
}

export interface ConsolidateProgress {
  sheet: string;
  done: number;
  total: number;
}

// ---------------------------------------------------------------------------------------------
// Result sheets: the same table for the CLI's workbook and the add-in's sheets.

export type ColumnFormat = 'text' | 'integer' | 'number' | 'decimal2' | 'percent' | 'date';

export interface ResultColumn {
  header: string;
  /** Width in Excel character units. */
  width: number;
  format: ColumnFormat;
}

export interface ResultSheet {
  /** 县级汇总 | 完成情况 | 校验结果 (or English names). */
  name: string;
  kind: 'rollup' | 'completion' | 'townships' | 'issues' | 'definitions' | 'facilities' | 'reporting' | 'previous' | 'export';
  columns: ResultColumn[];
  /**
   * A title row above the header (unit, period, date of the run), when the run has a unit name: the
   * header is then the sheet's second row (headerRowOf), and freeze.rows counts the title too.
   */
  title?: string;
  /** Data rows under a single header row; percent columns hold fractions (0.9318). */
  rows: CellValue[][];
  /** Index of the status column to colour, if any; its values are CompletionStatus labels. */
  statusColumn?: number;
  /** Several status columns to colour (乡镇对比: one per indicator); see statusColumnsOf. */
  statusColumns?: number[];
  /** Per row: the source cell it points at (校验结果). */
  links?: (CellRef | null)[];
  /** Rows (0-based within rows) to emphasise, e.g. the county total. */
  boldRows?: number[];
  freeze: { rows: number; columns: number };
  /** Native Excel charts drawn from the sheet's own cells (完成情况: the lagging indicators). */
  charts?: ResultChart[];
}

/**
 * A clustered bar chart over rows of its result sheet: one bar per row (named by categoryColumn's cell)
 * for each of seriesColumns (named by that column's header). Rows are 0-based in ResultSheet.rows; the
 * anchor's row 0 is the header row, so a title row above the header moves the chart with the table.
 */
export interface ResultChart {
  type: 'barClustered';
  title: string;
  rows: { first: number; last: number };
  categoryColumn: number;
  /** Adjacent columns, left to right: the chart's source range is these columns of its rows. */
  seriesColumns: number[];
  /** Top-left cell and size in cells (column 0 is A; row 0 is the header row). */
  anchor: { row: number; column: number; rows: number; columns: number };
  /** The value axis's number format, e.g. "0%". */
  valueFormat: string;
}

// ---------------------------------------------------------------------------------------------
// The monthly cycle: last period, the roster of facilities, notes and readiness.

/** One facility of a period, as archived in 机构明细 (or read from that period's township files). */
export interface ArchivedFacility {
  township: string;
  name: string;
  /** Indicator code → value as read. */
  values: Map<string, number>;
}

export interface PeriodArchive {
  /** The period's 统计截止日期 (YYYY-MM-DD), when known. */
  asOf: string | null;
  facilities: ArchivedFacility[];
}

/** A row of 机构名录. */
export interface RosterEntry {
  township: string;
  name: string;
  code: string | null;
  aliases: string[];
  origin: CellRef;
}

export interface Roster {
  sheet: string;
  entries: RosterEntry[];
}

export interface ReportingRow {
  level: 'township' | 'county';
  name: string;
  /** Facilities expected (listed in the roster, else last period's); null when neither is known. */
  expected: number | null;
  /** Expected facilities present with at least one value (all facilities with a value when nothing is expected). */
  reported: number;
  missing: string[];
  /** Present but not expected; with a roster each is a warning. */
  unlisted: string[];
  /** reported ÷ expected; null when expected is null or 0. */
  rate: number | null;
}

/** A 情况说明 read from an earlier 校验结果, with what identifies its issue (never its row). */
export interface CarriedNote {
  code: string | null;
  source: string | null;
  sheet: string | null;
  facility: string | null;
  /** 指标或规则 as shown: the rule's name or the indicator's name. */
  subject: string | null;
  cell: string | null;
  note: string;
}

export interface Readiness {
  errors: number;
  /** Warnings without a 情况说明. */
  unexplainedWarnings: number;
  ready: boolean;
}
