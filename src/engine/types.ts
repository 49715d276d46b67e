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
  | 'target-unknown-township'
  | 'target-unknown-indicator'
  | 'target-not-a-number';

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
  direction: Direction;
  min: number | null;
  max: number | null;
  origin?: CellRef;
}

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
}

export type CompletionStatus =
  | 'exceeded' // 超额完成
  | 'met' // 已完成
  | 'on-track' // 序时进度内 (not yet met, not lagging)
  | 'lagging' // 进度滞后
  | 'unmet' // 未达标
  | 'no-data'; // 无数据

export interface CompletionRow {
  level: 'township' | 'county';
  name: string;
  indicator: string;
  actual: number | null;
  target: number;
  /** actual ÷ target, a ratio; null when actual is null or target is 0. */
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
  /** Called as each sheet is about to be read (done = sheets before it), so a caller can show progress. */
  onProgress?: (progress: ConsolidateProgress) => void;
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
  kind: 'rollup' | 'completion' | 'issues' | 'definitions';
  columns: ResultColumn[];
  /** Data rows under a single header row; percent columns hold fractions (0.9318). */
  rows: CellValue[][];
  /** Index of the status column to colour, if any; its values are CompletionStatus labels. */
  statusColumn?: number;
  /** Per row: the source cell it points at (校验结果). */
  links?: (CellRef | null)[];
  /** Rows (0-based within rows) to emphasise, e.g. the county total. */
  boldRows?: number[];
  freeze: { rows: number; columns: number };
}
