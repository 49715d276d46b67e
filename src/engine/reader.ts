// Reading one township sheet: its facility rows and total rows as numbers in each indicator's unit, and
// an issue at every cell that could not be read as it stands — saying exactly what was read and what not.
// Cross-row and cross-sheet checks (totals, rates, rules, duplicates) belong to checks.ts.
import { dict, templateOf } from './dict';
import { analyzeSheet, indicatorIndex, type TableRow } from './layout';
import { issue } from './messages';
import { cellAddress } from './normalize';
import { FORMAT_PERCENT, FORMAT_PLAIN, formatKind, readNumber } from './values';
import type {
  CellValue,
  Definitions,
  FacilityRecord,
  Issue,
  Lang,
  LayoutOverride,
  SheetInput,
  SheetReading,
  TotalRecord,
} from './types';

export interface ReadOptions {
  lang: Lang;
  override?: LayoutOverride;
}

// Module builds that read an imported binding through an accessor (CommonJS, some bundlers) would pay
// for it on every cell: the per-cell path uses its own copies.
const PLAIN = FORMAT_PLAIN;
const PERCENT = FORMAT_PERCENT;

const NOTHING = 0;
const CELL_ONLY = 1;
const CELL_AND_VALUE = 2;

/** At most this many cells are quoted in one mixed-percent-scale warning. */
const MAX_CELLS_QUOTED = 20;

interface ColumnPlan {
  column: number;
  code: string;
  unit: string;
  count: boolean;
  min: number | null;
  max: number | null;
  percent: boolean;
  fractions: CellList;
  percents: CellList;
  /** The last number format seen in the column and what it says: sheets repeat one format down a column. */
  lastFormat: string | null | undefined;
  lastKind: number;
}

/** Cells of one kind in a column: how many, and the first few to quote. */
interface CellList {
  count: number;
  first: string[];
}

/**
 * A sheet's figures as numbers, for the roll-up and checks to use without reading the records back:
 * facility (or total) i, column m (codes[m], each code once) at m × (number of facilities or totals) + i;
 * NaN where the row has no value, and unread 1 where its cell was there but could not be read.
 */
export interface SheetFigures {
  codes: readonly string[];
  facilities: Float64Array;
  facilitiesUnread: Uint8Array;
  totals: Float64Array;
  totalsUnread: Uint8Array;
}

/** Columns per row in the keys of shadowedFigureCells (far beyond Excel's 16,384). */
const SHADOW_STRIDE = 1 << 16;

/**
 * A figure merged over several table rows or indicator columns is one number, though the merged area
 * repeats it (as ExcelJS does; Office.js gives it only at the top-left): it counts once, at its
 * top-left cell, and a 'merged-figure' warning says so. The other cells of the area, as row ×
 * SHADOW_STRIDE + column keys; null when there are none.
 */
function shadowedFigureCells(
  merges: SheetInput['merges'],
  plans: readonly { column: number; code: string }[],
  rows: readonly TableRow[],
  sheet: string,
  lang: Lang,
  issues: Issue[],
): Set<number> | null {
  if (!Array.isArray(merges) || merges.length === 0 || rows.length === 0 || plans.length === 0) return null;
  const first = rows[0].row;
  const last = rows[rows.length - 1].row;
  const codeAt = new Map(plans.map((p) => [p.column, p.code]));
  const figureColumns = [...codeAt.keys()].sort((a, b) => a - b);
  let shadowed: Set<number> | null = null;
  for (const given of merges) {
    if (!given || ![given.top, given.left, given.bottom, given.right].every(Number.isInteger)) continue;
    // Clamped to the sheet, as the grid was filled.
    const m = { top: Math.max(0, given.top), left: Math.max(0, given.left), bottom: given.bottom, right: given.right };
    if (m.bottom < m.top || m.right < m.left) continue;
    if (m.bottom < first || m.top > last || (m.bottom === m.top && m.right === m.left)) continue;
    // Only the table's rows and figure columns are looked at: a merge as given may span a whole sheet
    // (B2:XFD1048576), far beyond the cells there are.
    const columns = figureColumns.filter((c) => c >= m.left && c <= m.right);
    if (columns.length === 0) continue;
    const code = codeAt.get(columns[0]) as string;
    const rowsIn: number[] = [];
    for (let k = firstRowAtOrAfter(rows, m.top); k < rows.length && rows[k].row <= m.bottom; k++) rowsIn.push(rows[k].row);
    if (rowsIn.length === 0 || rowsIn.length * columns.length <= 1) continue;
    shadowed ??= new Set<number>();
    for (const r of rowsIn) {
      for (const c of columns) if (r !== m.top || c !== m.left) shadowed.add(r * SHADOW_STRIDE + c);
    }
    const area = `${cellAddress(m.top, m.left)}:${cellAddress(m.bottom, m.right)}`;
    issues.push(
      issue('warning', 'merged-figure', lang, {
        sheet,
        cell: cellAddress(m.top, m.left),
        indicator: codeAt.get(m.left) ?? code,
        params: { area, row: m.top + 1 },
      }),
    );
  }
  return shadowed;
}

/** Index of the first of rows (in sheet order) at or below row; rows.length when none is. */
function firstRowAtOrAfter(rows: readonly TableRow[], row: number): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].row < row) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Reads a township sheet. Never throws on any SheetInput: an unusable sheet comes back skipped. */
export function readTownshipSheet(sheet: SheetInput, definitions: Definitions, options: ReadOptions): SheetReading {
  return readSheetFigures(sheet, definitions, options).reading;
}

const NO_FIGURES: SheetFigures = {
  codes: [],
  facilities: new Float64Array(0),
  facilitiesUnread: new Uint8Array(0),
  totals: new Float64Array(0),
  totalsUnread: new Uint8Array(0),
};

/**
 * readTownshipSheet, with the figures of its records also as numbers. In stages: the sheet's layout
 * (analyzeSheet), the columns to read (columnPlans), the rows (readRows: each row's cells, then its
 * record), then the sheet's own notes (mixed percent scales, what was read).
 */
export function readSheetFigures(
  sheet: SheetInput,
  definitions: Definitions,
  options: ReadOptions,
): { reading: SheetReading; figures: SheetFigures } {
  const lang: Lang = options?.lang === 'en' ? 'en' : 'zh-CN';
  const analysis = analyzeSheet(sheet, definitions, options?.override);
  const { layout } = analysis;
  const issues: Issue[] = [];

  if (layout.status === 'skipped') {
    issues.push(skippedIssue(layout, lang));
    return { reading: { layout, facilities: [], totals: [], issues }, figures: NO_FIGURES };
  }
  // A second table below the first (表2 …): reading stopped there, and the user must know it was not read.
  if (analysis.otherTable !== null) issues.push(otherTableIssue(analysis, lang));

  const plans = columnPlans(analysis, definitions, lang, issues);
  const { facilities, totals, figures } = readRows(sheet, analysis, plans, lang, issues);
  for (const plan of plans) {
    const mixed = mixedPercentIssue(plan, layout.sheet, lang);
    if (mixed !== null) issues.push(mixed);
  }
  sheetIssues(layout, plans.length, totals.length, lang, issues);
  return { reading: { layout, facilities, totals, issues }, figures };
}

type Analysis = ReturnType<typeof analyzeSheet>;

/** Why a sheet was not read: hidden, or no table of indicators found. */
function skippedIssue(layout: Analysis['layout'], lang: Lang): Issue {
  if (layout.skipReason === 'hidden') return issue('info', 'sheet-hidden', lang, { sheet: layout.sheet });
  // A table whose columns match nothing may be a township left out of the county: worth a warning.
  const severity = layout.skipReason === 'no-indicator' ? 'warning' : 'info';
  return issue(severity, 'sheet-skipped', lang, { sheet: layout.sheet, params: { reason: layout.skipReason ?? '' } });
}

function otherTableIssue(analysis: Analysis, lang: Lang): Issue {
  const { row, headerRow, header } = analysis.otherTable as NonNullable<Analysis['otherTable']>;
  const titleRow = Array.isArray(analysis.grid[row]) ? analysis.grid[row] : [];
  const title = titleRow.find((v): v is string => typeof v === 'string' && v.trim() !== '')?.trim() ?? header;
  return issue('warning', 'other-table-not-read', lang, {
    sheet: analysis.layout.sheet,
    cell: cellAddress(row, 0),
    params: { row: row + 1, headerRow: headerRow + 1, title },
  });
}

/** The columns matched to an indicator, in sheet order, with what reading them needs; a note for each column matched to none. */
function columnPlans(analysis: Analysis, definitions: Definitions, lang: Lang, issues: Issue[]): ColumnPlan[] {
  const { layout } = analysis;
  const index = indicatorIndex(definitions);
  const plans: ColumnPlan[] = [];
  for (const col of layout.columns) {
    if (col.indicator === null) {
      if (col.matchedBy !== 'override') {
        const row = analysis.headerCellRow.get(col.column) ?? (layout.headerRows as { first: number }).first;
        issues.push(
          issue('info', 'unmatched-column', lang, {
            sheet: layout.sheet,
            cell: cellAddress(row, col.column),
            params: { header: col.header },
          }),
        );
      }
      continue;
    }
    const ind = index.byCode.get(col.indicator);
    if (!ind) continue;
    const unit = typeof ind.unit === 'string' ? ind.unit.trim() : '';
    plans.push({
      column: col.column,
      code: ind.code,
      unit,
      count: ind.kind === 'count',
      min: typeof ind.min === 'number' && Number.isFinite(ind.min) ? ind.min : null,
      max: typeof ind.max === 'number' && Number.isFinite(ind.max) ? ind.max : null,
      percent: unit === '%' || unit === '％',
      fractions: { count: 0, first: [] },
      percents: { count: 0, first: [] },
      lastFormat: undefined,
      lastKind: PLAIN,
    });
  }
  return plans;
}

/**
 * The facility and total rows as records, and their figures as numbers: each row's cells read by a
 * RowCells, then its record laid out from the templates of RecordShapes.
 */
function readRows(
  sheet: SheetInput,
  analysis: Analysis,
  plans: ColumnPlan[],
  lang: Lang,
  issues: Issue[],
): { facilities: FacilityRecord[]; totals: TotalRecord[]; figures: SheetFigures } {
  const { layout, grid, formats } = analysis;
  const sheetName = layout.sheet;
  const source = layout.source;
  const facilities: FacilityRecord[] = [];
  const totals: TotalRecord[] = [];
  const codes = plans.map((p) => p.code);
  const width = plans.length;
  const facilityColumn = layout.facilityColumn as number;
  const nameAddresses = addressColumn(facilityColumn);
  let totalCount = 0;
  for (const tableRow of analysis.rows) if (tableRow.kind === 'total') totalCount++;
  const facilityCount = analysis.rows.length - totalCount;
  const facilityFigures = new Float64Array(facilityCount * width).fill(NaN);
  const facilityUnread = new Uint8Array(facilityFigures.length);
  const totalFigures = new Float64Array(totalCount * width).fill(NaN);
  const totalUnread = new Uint8Array(totalFigures.length);
  const sheetRows = analysis.rows;
  const shadowed = shadowedFigureCells(sheet.merges, plans, sheetRows, sheetName, lang, issues);
  const cells = new RowCells(plans, shadowed, sheetName, lang, issues);
  for (let i = 0; i < sheetRows.length; i++) {
    const tableRow = sheetRows[i];
    const r = tableRow.row;
    const rowNumber = r + 1;
    const isTotal = tableRow.kind === 'total';
    // Column k of this row's block is at k × stride + at.
    cells.read(
      r,
      Array.isArray(grid[r]) ? grid[r] : [],
      formats && Array.isArray(formats[r]) ? formats[r] : undefined,
      isTotal,
      isTotal ? totalFigures : facilityFigures,
      isTotal ? totalUnread : facilityUnread,
      isTotal ? totals.length : facilities.length,
      isTotal ? totalCount : facilityCount,
    );
    const { values, cells: cellsOf } = cells.record(r);
    const name = tableRow.name !== '' ? tableRow.name : unnamed(rowNumber, lang);
    const nameCell = addressAt(nameAddresses, r, facilityColumn);
    // Laid out whole at once, with or without its file.
    const record: FacilityRecord =
      source === undefined
        ? { sheet: sheetName, row: rowNumber, township: tableRow.township, name, values, cells: cellsOf, nameCell }
        : { sheet: sheetName, row: rowNumber, township: tableRow.township, name, values, cells: cellsOf, nameCell, source };
    if (isTotal) totals.push(toTotal(record, tableRow));
    else facilities.push(record);
  }
  return {
    facilities,
    totals,
    figures: { codes, facilities: facilityFigures, facilitiesUnread: facilityUnread, totals: totalFigures, totalsUnread: totalUnread },
  };
}

/**
 * Reads one row's figure cells at a time (read), an issue at each cell that cannot be read as it
 * stands, and lays out the row's record (record). One per sheet: the per-cell work stays in one small
 * method that the engine optimises early, whatever the sheet.
 */
class RowCells {
  /** Per column: nothing, a cell, or a cell and a value, in the row last read. */
  private readonly state: Uint8Array;
  /**
   * The row's values as the numbers the cells hold, not copies: a record then shares the sheet's numbers.
   * Starting from null keeps the list one of references rather than of raw doubles.
   */
  private readonly figures: number[];
  private readonly codes: readonly string[];
  private readonly shapes: RecordShapes;
  private readonly rowCells: (row: number, addresses: (string | undefined)[][]) => Record<string, string>;
  private readonly columnAddresses: (string | undefined)[][];
  /** Cells found, and values read, in the row last read. */
  private found = 0;
  private valued = 0;

  constructor(
    private readonly plans: ColumnPlan[],
    private readonly shadowed: Set<number> | null,
    private readonly sheetName: string,
    private readonly lang: Lang,
    private readonly issues: Issue[],
  ) {
    const width = plans.length;
    this.state = new Uint8Array(width);
    this.figures = new Array<number | null>(width).fill(null) as number[];
    this.codes = plans.map((p) => p.code);
    this.shapes = RecordShapes.for(this.codes);
    this.rowCells = this.shapes.rowCells(plans.map((p) => p.column));
    this.columnAddresses = plans.map((p) => addressColumn(p.column));
  }

  /** Row r's figure cells: into out and unread (column k at k × stride + at), this.state and this.figures. */
  read(
    r: number,
    cellsRow: CellValue[],
    formatRow: (string | null)[] | undefined,
    isTotal: boolean,
    out: Float64Array,
    unread: Uint8Array,
    at: number,
    stride: number,
  ): void {
    const { plans, state, figures, columnAddresses, shadowed, issues, sheetName, lang } = this;
    const width = plans.length;
    let found = 0;
    let valued = 0;
    for (let k = 0; k < width; k++) {
      const plan = plans[k];
      const raw = cellsRow[plan.column];
      if (raw === null || raw === undefined) continue;
      if (shadowed !== null && shadowed.has(r * SHADOW_STRIDE + plan.column)) continue;
      const format = formatRow === undefined ? undefined : formatRow[plan.column];
      let value: number;
      let number: number;
      let explicitPercent = false;
      if (typeof raw === 'number' && raw - raw === 0 && kindOf(plan, format) === PLAIN) {
        value = raw;
        number = raw;
      } else {
        const reading = readNumber(raw, format, plan.unit);
        if (reading.kind === 'blank') continue;
        if (reading.kind === 'invalid') {
          state[k] = CELL_ONLY;
          unread[k * stride + at] = 1;
          found++;
          issues.push(
            issue(isTotal ? 'warning' : 'error', reading.code, lang, {
              sheet: sheetName,
              cell: addressAt(columnAddresses[k], r, plan.column),
              indicator: plan.code,
              params: { text: reading.text },
            }),
          );
          continue;
        }
        value = reading.value;
        number = reading.value;
        if (reading.note) {
          issues.push(
            issue('warning', 'unit-in-cell', lang, {
              sheet: sheetName,
              cell: addressAt(columnAddresses[k], r, plan.column),
              indicator: plan.code,
              params: { text: reading.note.text, value },
            }),
          );
        }
        if (plan.percent) {
          explicitPercent =
            typeof raw === 'number' ? kindOf(plan, format) === PERCENT : /[%％]/.test(raw as string);
        }
      }
      state[k] = CELL_ONLY;
      found++;
      if (plan.count && value < 0) {
        unread[k * stride + at] = 1;
        issues.push(
          issue('error', 'negative-count', lang, {
            sheet: sheetName,
            cell: addressAt(columnAddresses[k], r, plan.column),
            indicator: plan.code,
            params: { value },
          }),
        );
        continue;
      }
      state[k] = CELL_AND_VALUE;
      figures[k] = number;
      out[k * stride + at] = value;
      valued++;
      if (isTotal) continue;
      if ((plan.min !== null && value < plan.min) || (plan.max !== null && value > plan.max)) {
        issues.push(
          issue('warning', 'out-of-range', lang, {
            sheet: sheetName,
            cell: addressAt(columnAddresses[k], r, plan.column),
            indicator: plan.code,
            params: { value, min: plan.min ?? '-∞', max: plan.max ?? '+∞' },
          }),
        );
      }
      if (plan.percent && value > 0) {
        const list = explicitPercent || value > 1 ? plan.percents : plan.fractions;
        if (list.count++ < MAX_CELLS_QUOTED) list.first.push(addressAt(columnAddresses[k], r, plan.column));
      }
    }
    this.found = found;
    this.valued = valued;
  }

  /**
   * The values and cells of the row last read (row r), as dictionaries keyed by indicator code, so
   * without a prototype; each is a copy of a template, unhooked from Object.prototype where it is made.
   * Each copy is written out in place, not in a shared helper: one place copying every kind of
   * template is several times slower.
   */
  record(r: number): { values: Record<string, number>; cells: Record<string, string> } {
    const { state, figures, codes, columnAddresses, plans } = this;
    const width = plans.length;
    let values: Record<string, number>;
    let cells: Record<string, string>;
    if (this.found === 0) {
      values = dict();
      cells = dict();
    } else if (this.valued === width) {
      values = Object.setPrototypeOf({ ...this.shapes.full.values }, null) as Record<string, number>;
      setInOrder(values, codes, figures);
      cells = Object.setPrototypeOf({ ...this.rowCells(r, columnAddresses) }, null) as Record<string, string>;
      state.fill(NOTHING);
    } else {
      const shape = this.shapes.of(state);
      values = Object.setPrototypeOf({ ...shape.values }, null) as Record<string, number>;
      cells = Object.setPrototypeOf({ ...shape.cells }, null) as Record<string, string>;
      for (let k = 0; k < width; k++) {
        const st = state[k];
        if (st === NOTHING) continue;
        const code = codes[k];
        cells[code] = addressAt(columnAddresses[k], r, plans[k].column);
        if (st === CELL_AND_VALUE) values[code] = figures[k];
        state[k] = NOTHING;
      }
    }
    return { values, cells };
  }
}

/** A warning for a % column holding both fractions (0.95) and percentages (95), naming the odd ones out. */
function mixedPercentIssue(plan: ColumnPlan, sheet: string, lang: Lang): Issue | null {
  if (plan.fractions.count === 0 || plan.percents.count === 0) return null;
  // The minority is the odd one out; on a tie the fractions are, since the column is in %.
  const odd = plan.fractions.count <= plan.percents.count ? plan.fractions : plan.percents;
  const quoted = odd.first.join(', ') + (odd.count > MAX_CELLS_QUOTED ? ', …' : '');
  return issue('warning', 'mixed-percent-scale', lang, {
    sheet,
    cell: odd.first[0],
    indicator: plan.code,
    params: { cells: quoted, count: odd.count },
  });
}

/** What was read from the sheet, and a warning when it has no facility row. */
function sheetIssues(layout: Analysis['layout'], matched: number, totals: number, lang: Lang, issues: Issue[]): void {
  const header = layout.headerRows as { first: number; last: number };
  if (layout.facilityCount === 0) {
    issues.push(
      issue('warning', 'no-facility-rows', lang, {
        sheet: layout.sheet,
        cell: cellAddress(header.first, layout.facilityColumn as number),
      }),
    );
  }
  issues.push(
    issue('info', 'sheet-read', lang, {
      sheet: layout.sheet,
      cell: null,
      params: {
        facilities: layout.facilityCount,
        townships: layout.townships.join('、'),
        header: rangeText(header.first, header.last),
        data: layout.firstDataRow === null ? '' : rangeText(layout.firstDataRow, layout.lastDataRow as number),
        totals,
        excluded: layout.excludedRows.filter((e) => e.reason !== 'blank').length,
        matched,
        unmatched: layout.columns.length - matched,
      },
    }),
  );
}

/**
 * Records whose keys are known before they are filled. Adding two dozen keys one by one to a fresh
 * object is the slowest step of reading (the engine turns such objects into hash tables); copying a
 * template that already has the row's keys and then setting them is several times faster. The
 * templates are kept for the next sheet with the same columns: a county's sheets share one layout.
 */
class RecordShapes {
  private static readonly byCodes = new Map<string, RecordShapes>();
  /** Row templates kept, all layouts together: bounded, whatever the workbooks. */
  static rowsRemembered = 0;

  /** The shapes for a sheet whose read columns hold these codes, in this order. */
  static for(codes: readonly string[]): RecordShapes {
    const key = codes.join('\u0000');
    let shapes = RecordShapes.byCodes.get(key);
    if (!shapes) {
      if (RecordShapes.byCodes.size >= 64) {
        RecordShapes.byCodes.clear();
        RecordShapes.rowsRemembered = 0;
      }
      shapes = new RecordShapes(codes);
      RecordShapes.byCodes.set(key, shapes);
    }
    return shapes;
  }

  private readonly byPattern = new Map<string, { values: Record<string, number>; cells: Record<string, string> }>();
  private readonly byColumns = new Map<string, (Record<string, string> | undefined)[]>();

  /** The templates of a row with a figure in every column. */
  readonly full: { values: Record<string, number>; cells: Record<string, string> };

  private constructor(private readonly codes: readonly string[]) {
    this.full = this.of(new Uint8Array(codes.length).fill(CELL_AND_VALUE));
  }

  /** The templates for the keys present in state (per column: nothing, a cell, a cell and a value). */
  of(state: Uint8Array): { values: Record<string, number>; cells: Record<string, string> } {
    let pattern = '';
    for (let k = 0; k < state.length; k++) pattern += state[k];
    let shape = this.byPattern.get(pattern);
    if (!shape) {
      const values = dict<number>();
      const cells = dict<string>();
      for (let k = 0; k < state.length; k++) {
        if (state[k] === NOTHING) continue;
        cells[this.codes[k]] = '';
        // null, not 0: the copies' fields then hold any number as it is.
        if (state[k] === CELL_AND_VALUE) values[this.codes[k]] = null as unknown as number;
      }
      shape = { values: templateOf(values), cells: templateOf(cells) };
      if (this.byPattern.size > 256) this.byPattern.clear();
      this.byPattern.set(pattern, shape);
    }
    return shape;
  }

  /**
   * For a row with a figure in every column: its cells (code → address) when the codes stand in these
   * columns, as a template to copy. Every sheet of the same layout has the same addresses row by row.
   */
  rowCells(columns: readonly number[]): (row: number, addresses: (string | undefined)[][]) => Record<string, string> {
    const key = columns.join(',');
    let byRow = this.byColumns.get(key);
    if (!byRow) {
      if (this.byColumns.size >= 16) this.byColumns.clear();
      byRow = [];
      this.byColumns.set(key, byRow);
    }
    const rows = byRow;
    const { codes, full } = this;
    return (row, addresses) => {
      let cells = row < MAX_ROWS_REMEMBERED ? rows[row] : undefined;
      if (cells === undefined) {
        // A template, copied before it is handed out: a plain copy of a template whose every key is its own
        // property (so storing under "__proto__" stores a key), which is the quickest kind to copy again.
        cells = { ...full.cells };
        for (let k = 0; k < codes.length; k++) cells[codes[k]] = addressAt(addresses[k], row, columns[k]);
        if (row < MAX_ROWS_REMEMBERED && RecordShapes.rowsRemembered < MAX_ROW_TEMPLATES) {
          rows[row] = cells;
          RecordShapes.rowsRemembered++;
        }
      }
      return cells;
    };
  }
}

/** Rows and cells whose addresses and cell templates are remembered between sheets. */
const MAX_ROWS_REMEMBERED = 5000;
const MAX_ROW_TEMPLATES = 20_000;
const MAX_ADDRESSES_REMEMBERED = 200_000;
let addressesRemembered = 0;
let addressColumns: (string | undefined)[][] = [];

/** The remembered addresses of a column (0-based), filled as rows are asked for. */
function addressColumn(column: number): (string | undefined)[] {
  let addresses = addressColumns[column];
  if (addresses === undefined) {
    addresses = [];
    addressColumns[column] = addresses;
  }
  return addresses;
}

/**
 * The A1 address of a cell, the same string every time: every sheet of a county has the same
 * addresses, and one string each saves making and keeping hundreds of thousands of copies.
 */
function addressAt(addresses: (string | undefined)[], row: number, column: number): string {
  let address = addresses[row];
  if (address === undefined) {
    address = cellAddress(row, column);
    if (row < MAX_ROWS_REMEMBERED) {
      if (addressesRemembered >= MAX_ADDRESSES_REMEMBERED) {
        addressColumns = [];
        addressesRemembered = 0;
      }
      addresses[row] = address;
      addressesRemembered++;
    }
  }
  return address;
}

/** What a cell's number format says, remembered per column. */
function kindOf(plan: ColumnPlan, format: string | null | undefined): number {
  if (format === undefined || format === null || format === 'General') return PLAIN;
  if (format !== plan.lastFormat) {
    plan.lastKind = formatKind(format);
    plan.lastFormat = format;
  }
  return plan.lastKind;
}

/**
 * target[keys[k]] = values[k] for every k, written out position by position: each line then stores one
 * key again and again (a county's sheets share their columns), which the engine does several times
 * faster than one line storing every key in turn — and this is the reader's most repeated step.
 */
function setInOrder(target: Record<string, number>, keys: readonly string[], values: readonly number[]): void {
  const n = keys.length;
  if (n > 0) target[keys[0]] = values[0];
  if (n > 1) target[keys[1]] = values[1];
  if (n > 2) target[keys[2]] = values[2];
  if (n > 3) target[keys[3]] = values[3];
  if (n > 4) target[keys[4]] = values[4];
  if (n > 5) target[keys[5]] = values[5];
  if (n > 6) target[keys[6]] = values[6];
  if (n > 7) target[keys[7]] = values[7];
  if (n > 8) target[keys[8]] = values[8];
  if (n > 9) target[keys[9]] = values[9];
  if (n > 10) target[keys[10]] = values[10];
  if (n > 11) target[keys[11]] = values[11];
  if (n > 12) target[keys[12]] = values[12];
  if (n > 13) target[keys[13]] = values[13];
  if (n > 14) target[keys[14]] = values[14];
  if (n > 15) target[keys[15]] = values[15];
  if (n > 16) target[keys[16]] = values[16];
  if (n > 17) target[keys[17]] = values[17];
  if (n > 18) target[keys[18]] = values[18];
  if (n > 19) target[keys[19]] = values[19];
  if (n > 20) target[keys[20]] = values[20];
  if (n > 21) target[keys[21]] = values[21];
  if (n > 22) target[keys[22]] = values[22];
  if (n > 23) target[keys[23]] = values[23];
  if (n > 24) target[keys[24]] = values[24];
  if (n > 25) target[keys[25]] = values[25];
  if (n > 26) target[keys[26]] = values[26];
  if (n > 27) target[keys[27]] = values[27];
  if (n > 28) target[keys[28]] = values[28];
  if (n > 29) target[keys[29]] = values[29];
  if (n > 30) target[keys[30]] = values[30];
  if (n > 31) target[keys[31]] = values[31];
  for (let k = 32; k < n; k++) target[keys[k]] = values[k];
}

function toTotal(record: FacilityRecord, row: TableRow): TotalRecord {
  return {
    ...record,
    name: row.label ?? record.name,
    label: row.label ?? record.name,
    covers: (row.covers ?? []).map((r) => r + 1),
  };
}

function unnamed(rowNumber: number, lang: Lang): string {
  return lang === 'en' ? `Row ${rowNumber}` : `第${rowNumber}行`;
}

/** 0-based rows → "5" or "5–24" (1-based, as Excel shows them). */
function rangeText(first: number, last: number): string {
  return first === last ? String(first + 1) : `${first + 1}–${last + 1}`;
}
