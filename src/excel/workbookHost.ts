// The WorkbookHost on the Excel JavaScript API: reads data sheets in row blocks packed under a payload
// budget (merged areas in windows under Excel's 512-area limit), writes result sheets beside the old ones
// and swaps them only when complete, recognises its own sheets (ownSheets.ts), and turns host failures
// into HostErrors. Runs unchanged in Excel and on the preview's in-browser host.
import { COMPLETION_STATUSES, headerRowOf, STATUS_FILL, statusColumnsOf, statusLabel } from '../engine/report';
import type { CarriedNote, CellRef, CompletionStatus, LayoutOverride, ResultChart, ResultSheet, SheetInput } from '../engine/types';
import {
  cellToOffice,
  cellNumberFormat,
  charactersToPoints,
  documentReference,
  jsonBytes,
  linkColumn,
  mayHoldErrors,
  mergesFromAddress,
  rowsFromOffice,
} from './convert';
import {
  errorCode,
  FileTooLargeError,
  HostError,
  isCellEditMode,
  isPayloadLimit,
  isRangeLimit,
  mayBeMergedAreaLimit,
  toHostError,
  UnsupportedFeatureError,
} from './errors';
import { CREATED_SHEETS_KEY, type CreatedSheet, loadSheetState, markerOf, SHEET_KIND_PROPERTY, TEMPORARY_PREFIX } from './ownSheets';
import type { HostCapabilities, ImportFile, ReadProgress, SheetSummary, UnitImportFile, WorkbookHost, WrittenSheet } from './host';
import { IMPORTED_UNITS_KEY, matchImportedUnits, parseImportedUnits, UNIT_PROPERTY, unitPropertyValue, type ImportedUnitSheet } from './importedUnits';

export { CREATED_SHEETS_KEY } from './ownSheets';
export const OVERRIDES_KEY = 'indicatorRollup.layoutOverrides';
export const EXCLUDED_SHEETS_KEY = 'indicatorRollup.excludedSheets';
/** 情况说明 typed in the pane, kept until a run has written them into 校验结果. */
export const NOTES_KEY = 'indicatorRollup.notes';
export const UNIT_NAME_KEY = 'indicatorRollup.unitName';
export { IMPORTED_UNITS_KEY } from './importedUnits';
/** Requests and responses are kept under this; Excel on the web rejects either over 5 MB (5,000,000 bytes). */
export const DEFAULT_PAYLOAD_BUDGET = 4_000_000;
/** Excel on the web's request limit, which an imported file's base64 must fit in. */
export const REQUEST_LIMIT_BYTES = 5_000_000;
/** Range.getMergedAreasOrNullObject fails when the range holds more than this many merged areas. */
export const MERGED_AREAS_PER_READ = 512;
/** Excel keeps at most this many hyperlinks on a worksheet; 校验结果 links no more than that. */
export const HYPERLINKS_PER_SHEET = 65_530;
/** Cells in one read are kept well under Excel's five million. */
const CELLS_PER_READ = 1_000_000;
/** A first guess of a cell's share of a read response (value and number format as JSON). */
const INITIAL_BYTES_PER_CELL = 40;
/**
 * What one queued action adds to a request beside its arguments: the action record and the object path
 * it runs on (worksheet, getRangeByIndexes with its arguments), a few hundred bytes of JSON.
 */
const ACTION_BYTES = 400;
const HEADER_FILL = '#F2F2F2';

export interface WorkbookHostOptions {
  /** What the running Excel supports; detected with Office.context.requirements where absent. */
  capabilities?: Partial<HostCapabilities>;
  /** ExcelApi 1.6 application.suspendApiCalculationUntilNextSync; detected where absent. */
  suspendCalculation?: boolean;
  /** ExcelApi 1.8 Workbook.readOnly; detected where absent. */
  readOnlyProperty?: boolean;
  /**
   * Native charts on the result sheets (完成情况): ExcelApi 1.7 for a chart's categories
   * (ChartSeries.setXAxisValues) and their order; without it the sheets are written without charts.
   * Detected where absent.
   */
  charts?: boolean;
  /** ExcelApi 1.8 ChartAxis.numberFormat and position: the value axis in whole percent, at the bottom. Detected where absent. */
  chartAxes?: boolean;
  /** Excel on the web's 5 MB request limit applies (checked before an import); detected where absent. */
  requestLimit?: boolean;
  payloadBudgetBytes?: number;
  /** Waits between retries while Excel is in cell-edit mode (Script Lab retries the same way). */
  retryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
}

interface OfficeGlobal {
  context?: { requirements?: { isSetSupported?(name: string, v: string): boolean }; platform?: string };
}
const officeGlobal = (): OfficeGlobal | undefined => (globalThis as unknown as { Office?: OfficeGlobal }).Office;

function requirementSupported(version: string): boolean {
  const req = officeGlobal()?.context?.requirements;
  return typeof req?.isSetSupported === 'function' ? req.isSetSupported('ExcelApi', version) : false;
}

export function detectCapabilities(): Required<HostCapabilities> {
  return {
    insertWorksheetsFromBase64: requirementSupported('1.13'),
    mergedAreas: requirementSupported('1.13'),
    customProperties: requirementSupported('1.12'),
  };
}

type Ctx = Excel.RequestContext;

const NOTE_FIELDS = ['code', 'source', 'sheet', 'facility', 'subject', 'cell'] as const;

/** A note as the workbook's setting keeps it: every field a string or null, the note itself not empty. */
function isCarriedNote(n: unknown): n is CarriedNote {
  if (typeof n !== 'object' || n === null) return false;
  const o = n as Record<string, unknown>;
  return typeof o.note === 'string' && o.note.trim() !== '' && NOTE_FIELDS.every((f) => o[f] === null || typeof o[f] === 'string');
}

const STATUSES: CompletionStatus[] = COMPLETION_STATUSES;

export function createWorkbookHost(excel: typeof Excel, options: WorkbookHostOptions = {}): WorkbookHost {
  const given = options.capabilities ?? {};
  const detected = given.insertWorksheetsFromBase64 !== undefined && given.mergedAreas !== undefined && given.customProperties !== undefined ? null : detectCapabilities();
  const capabilities: Required<HostCapabilities> = {
    insertWorksheetsFromBase64: given.insertWorksheetsFromBase64 ?? detected?.insertWorksheetsFromBase64 ?? false,
    mergedAreas: given.mergedAreas ?? detected?.mergedAreas ?? false,
    customProperties: given.customProperties ?? detected?.customProperties ?? false,
  };
  // Without Office (the preview host) there is nothing to detect: the preview implements it, and it
  // keeps Excel on the web's limits.
  const office = officeGlobal();
  const suspendCalculation = options.suspendCalculation ?? (office ? requirementSupported('1.6') : true);
  const readOnlyProperty = options.readOnlyProperty ?? (office ? requirementSupported('1.8') : true);
  const charts = options.charts ?? (office ? requirementSupported('1.7') : true);
  const chartAxes = options.chartAxes ?? (office ? requirementSupported('1.8') : true);
  const requestLimit = options.requestLimit ?? (office ? office.context?.platform === 'OfficeOnline' : true);
  const budget = options.payloadBudgetBytes ?? DEFAULT_PAYLOAD_BUDGET;
  const delays = options.retryDelaysMs ?? [250, 500, 1000, 2000];
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));

  /** One Excel.run, retried while Excel is in cell-edit mode; every failure leaves as a HostError. */
  async function run<T>(batch: (context: Ctx) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await excel.run(batch);
      } catch (e) {
        if (isCellEditMode(e) && attempt < delays.length) {
          await sleep(delays[attempt]);
          continue;
        }
        throw toHostError(e);
      }
    }
  }

  function suspend(context: Ctx): void {
    if (suspendCalculation) context.workbook.application.suspendApiCalculationUntilNextSync();
  }

  const sheetState = (context: Ctx) => loadSheetState(context, EXCLUDED_SHEETS_KEY, capabilities.customProperties);

  // -------------------------------------------------------------------------------------------
  // Reading

  interface Block {
    sheet: number;
    start: number;
    rows: number;
  }

  interface Size {
    rows: number;
    columns: number;
  }

  /** Blocks from this sheet on, until the estimated response fills the budget (scaled down after a rejection). */
  function packBlocks(size: Size[], next: number[], first: number, bytesPerCell: number, scale: number): Block[] {
    const blocks: Block[] = [];
    let estimate = 0;
    for (let s = first; s < size.length; s++) {
      let start = next[s];
      while (start < size[s].rows) {
        const perRow = size[s].columns * bytesPerCell;
        const byBytes = Math.floor((budget * scale - estimate - ACTION_BYTES) / perRow);
        const byCells = Math.floor((CELLS_PER_READ * scale) / size[s].columns);
        const fit = Math.min(byBytes, byCells);
        if (fit < 1 && blocks.length > 0) return blocks;
        const rows = Math.min(Math.max(fit, 1), size[s].rows - start);
        blocks.push({ sheet: s, start, rows });
        estimate += rows * perRow + ACTION_BYTES;
        start += rows;
      }
    }
    return blocks;
  }

  /**
   * Windows of a block for getMergedAreasOrNullObject: at most mergeRows rows each. A window of
   * 512 cells or fewer cannot hold more than 512 merged areas, so the halving always ends.
   */
  function mergeWindows(block: Block, mergeRows: number): { start: number; rows: number }[] {
    const out: { start: number; rows: number }[] = [];
    for (let at = block.start; at < block.start + block.rows; at += mergeRows) out.push({ start: at, rows: Math.min(mergeRows, block.start + block.rows - at) });
    return out;
  }

  /**
   * Which sheets a read is of: the data sheets (every sheet but ours; the user's left-out ones listed
   * without cells), or some of our own sheets (校验结果, 上期机构明细).
   */
  interface SheetChoice {
    pick: (state: Awaited<ReturnType<typeof sheetState>>) => { id: string; name: string; visibility: string }[];
    data: boolean;
  }

  const DATA_SHEETS: SheetChoice = {
    pick: (state) => {
      const own = new Set(state.created.map((c) => c.id));
      return state.sheets.filter((s) => !own.has(s.id));
    },
    data: true,
  };

  const ownSheetsOf = (kinds: readonly ResultSheet['kind'][]): SheetChoice => ({
    pick: (state) => {
      const ids = new Set(state.created.filter((c) => !c.pending && kinds.includes(c.kind)).map((c) => c.id));
      return state.sheets.filter((s) => ids.has(s.id));
    },
    data: false,
  });

  /** A data sheet to read: where it is, how far its cells reach, and what the engine will get. */
  interface DataSheet {
    id: string;
    size: Size;
    input: SheetInput;
  }

  /** One block queued for reading: its values and formats, and its merged areas in windows. */
  interface BlockRead {
    block: Block;
    range: Excel.Range;
    merged: { window: { start: number; rows: number }; areas: Excel.RangeAreas }[];
  }

  /**
   * Stage 1: the data sheets (not ours), how far each reaches, and the date system. Sheets the user
   * left out are listed with no cells and not measured.
   */
  async function measureSheets(context: Ctx, which: SheetChoice): Promise<{ sheets: DataSheet[]; date1904: boolean }> {
    const state = await sheetState(context);
    const data = which.pick(state);
    const used = data.map((s) => {
      if (which.data && state.excluded.has(s.name)) return null;
      const r = context.workbook.worksheets.getItem(s.id).getUsedRangeOrNullObject(true);
      r.load('rowIndex,columnIndex,rowCount,columnCount');
      return r;
    });
    // DATE(1904,1,1) is 0 in the 1904 date system and 1462 in the 1900 one (Workbook.functions, ExcelApi 1.2).
    const dateProbe = used.some(Boolean) ? context.workbook.functions.date(1904, 1, 1) : null;
    dateProbe?.load('value');
    // Counties' results imported as units: their sheets go to the engine with their file as source.
    const unitsSetting = context.workbook.settings.getItemOrNullObject(IMPORTED_UNITS_KEY);
    unitsSetting.load('value');
    // The mark an imported sheet carries, so that a unit's sheet the user renamed is still that unit.
    const marks = capabilities.customProperties
      ? data.map((s) => {
          const property = context.workbook.worksheets.getItem(s.id).customProperties.getItemOrNullObject(UNIT_PROPERTY);
          property.load('value');
          return property;
        })
      : [];
    await context.sync();
    const properties = new Map(marks.map((m, i) => [data[i].id, m.isNullObject ? null : m.value]));
    const unitSheets = matchImportedUnits(data, parseImportedUnits(unitsSetting.isNullObject ? null : unitsSetting.value), properties);
    const sheets = data.map((s, i) => {
      const r = used[i];
      const size = r === null || r.isNullObject ? { rows: 0, columns: 0 } : { rows: r.rowIndex + r.rowCount, columns: r.columnIndex + r.columnCount };
      const unit = unitSheets.get(s.id);
      const input: SheetInput = { name: s.name, values: [], numberFormats: [], merges: [], hidden: s.visibility !== 'Visible' };
      if (unit) Object.assign(input, { source: unit.source, unitSheet: unit.part });
      return { id: s.id, size, input };
    });
    return { sheets, date1904: dateProbe !== null && typeof dateProbe.value === 'number' && dateProbe.value < 1 };
  }

  function queueBlockReads(context: Ctx, sheets: DataSheet[], blocks: Block[], mergeRows: number): BlockRead[] {
    return blocks.map((block) => {
      const { id, size } = sheets[block.sheet];
      const ws = context.workbook.worksheets.getItem(id);
      const range = ws.getRangeByIndexes(block.start, 0, block.rows, size.columns);
      range.load('values,numberFormat');
      const merged = capabilities.mergedAreas
        ? mergeWindows(block, mergeRows).map((window) => {
            const areas = ws.getRangeByIndexes(window.start, 0, window.rows, size.columns).getMergedAreasOrNullObject();
            areas.load('address');
            return { window, areas };
          })
        : [];
      return { block, range, merged };
    });
  }

  /**
   * After a failed block sync: the merged-area windows to try next, when they may have held more than
   * 512 areas (Excel gives that failure no code of its own), else null. Windows halve, but never below
   * 512 cells, which cannot hold that many: each step shrinks them, so this ends.
   */
  function smallerMergeWindows(e: unknown, sheets: DataSheet[], reads: BlockRead[]): number | null {
    const windows = reads.flatMap((r) => r.merged.map((m) => ({ rows: m.window.rows, columns: sheets[r.block.sheet].size.columns })));
    const largest = Math.max(0, ...windows.map((w) => w.rows * w.columns));
    const longest = Math.max(0, ...windows.map((w) => w.rows));
    if (largest <= MERGED_AREAS_PER_READ || longest <= 1 || !mayBeMergedAreaLimit(e) || isRangeLimit(e)) return null;
    const widest = Math.max(...windows.map((w) => w.columns));
    return Math.max(Math.ceil(longest / 2), Math.floor(MERGED_AREAS_PER_READ / widest), 1);
  }

  /** Stage 3: Range.valueTypes of the rows holding text that reads like an error value, by block and row. */
  async function errorTypes(context: Ctx, sheets: DataSheet[], reads: BlockRead[]): Promise<Map<Block, Map<number, string[]>>> {
    const typed = reads.flatMap(({ block, range }) =>
      range.values.flatMap((row, r) => {
        if (!mayHoldErrors(row)) return [];
        const { id, size } = sheets[block.sheet];
        const rowRange = context.workbook.worksheets.getItem(id).getRangeByIndexes(block.start + r, 0, 1, size.columns);
        rowRange.load('valueTypes');
        return [{ block, r, rowRange }];
      }),
    );
    const out = new Map<Block, Map<number, string[]>>();
    if (typed.length === 0) return out;
    await context.sync();
    for (const { block, r, rowRange } of typed) {
      if (!out.has(block)) out.set(block, new Map());
      out.get(block)!.set(r, rowRange.valueTypes[0].map(String));
    }
    return out;
  }

  async function readSheets(onProgress?: (p: ReadProgress) => void, which: SheetChoice = DATA_SHEETS): Promise<SheetInput[]> {
    return run(async (context) => {
      const { sheets, date1904 } = await measureSheets(context, which);
      const size = sheets.map((s) => s.size);
      for (const s of sheets) if (s.size.rows === 0) onProgress?.({ sheet: s.input.name, done: 0, total: 0 });

      // Stage 2: row blocks packed under the budget, one sync each, until every sheet is read.
      const next = size.map(() => 0);
      let bytesPerCell = INITIAL_BYTES_PER_CELL;
      let scale = 1;
      let mergeRows = Number.MAX_SAFE_INTEGER;
      let sheet = 0;
      while (true) {
        while (sheet < size.length && next[sheet] >= size[sheet].rows) sheet++;
        if (sheet >= size.length) break;
        const blocks = packBlocks(size, next, sheet, bytesPerCell, scale);
        const reads = queueBlockReads(context, sheets, blocks, mergeRows);
        try {
          await context.sync();
        } catch (e) {
          const smaller = smallerMergeWindows(e, sheets, reads);
          if (smaller !== null) {
            mergeRows = smaller;
            continue;
          }
          if (!isPayloadLimit(e) && !isRangeLimit(e)) throw e;
          if (blocks.length === 1 && blocks[0].rows === 1) throw new HostError('payload-too-large', errorCode(e), e, sheets[blocks[0].sheet].input.name);
          scale /= 2;
          continue;
        }
        const valueTypes = await errorTypes(context, sheets, reads);

        // Stage 4: the block's cells into the engine's input.
        let bytes = 0;
        let cells = 0;
        for (const { block, range, merged } of reads) {
          const input = sheets[block.sheet].input;
          const values = range.values;
          const formats = range.numberFormat;
          bytes += jsonBytes(values) + jsonBytes(formats);
          cells += block.rows * size[block.sheet].columns;
          for (const row of rowsFromOffice(values, formats, { date1904, valueTypes: valueTypes.get(block) })) input.values.push(row);
          for (const row of formats) input.numberFormats!.push(row.map((f) => (f === 'General' ? null : f)));
          for (const { areas } of merged) if (!areas.isNullObject) input.merges!.push(...mergesFromAddress(areas.address));
          next[block.sheet] = block.start + block.rows;
          onProgress?.({ sheet: input.name, done: next[block.sheet], total: size[block.sheet].rows });
        }
        // What the cells really cost now guides the blocks; a halving after a rejection has done its work.
        if (cells > 0) {
          bytesPerCell = Math.max(8, (bytes / cells) * 1.25);
          scale = 1;
        }
      }
      return sheets.map((s) => s.input);
    });
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  /** A queued piece of the write and its estimated request size. */
  interface WriteAction {
    bytes: number;
    queue: (context: Ctx) => void;
  }

  /**
   * The header row (under the title row, when the sheet has one): written with the new sheet, it is also
   * the sheet's mark (ownSheets.ts).
   */
  function queueHeader(ws: Excel.Worksheet, sheet: ResultSheet): void {
    if (sheet.title !== undefined) {
      const title = ws.getRangeByIndexes(0, 0, 1, 1);
      title.numberFormat = [['@']];
      title.values = [[sheet.title]];
      title.format.font.bold = true;
    }
    const header = sheet.columns.map((c) => cellToOffice(c.header));
    const range = ws.getRangeByIndexes(headerRowOf(sheet), 0, 1, sheet.columns.length);
    range.numberFormat = [header.map(() => '@')];
    range.values = [header];
    range.format.font.bold = true;
    range.format.fill.color = HEADER_FILL;
  }

  /**
   * One chart of a result sheet (ResultChart): a clustered bar chart on the series columns of its rows,
   * categories from its category column, placed over its anchor cells. Queued only: it goes to Excel
   * with the sheet's other actions, in no sync of its own.
   */
  function queueChart(ws: Excel.Worksheet, sheet: ResultSheet, chart: ResultChart): void {
    const header = headerRowOf(sheet);
    const top = header + 1 + chart.rows.first;
    const count = chart.rows.last - chart.rows.first + 1;
    const first = Math.min(...chart.seriesColumns);
    // The series columns are side by side (完成率, 序时进度): one source range, a series per column.
    const source = ws.getRangeByIndexes(top, first, count, chart.seriesColumns.length);
    const added = ws.charts.add('BarClustered' as Excel.ChartType, source, 'Columns' as Excel.ChartSeriesBy);
    added.title.text = chart.title;
    const { anchor } = chart;
    added.setPosition(
      ws.getRangeByIndexes(header + anchor.row, anchor.column, 1, 1),
      ws.getRangeByIndexes(header + anchor.row + anchor.rows - 1, anchor.column + anchor.columns - 1, 1, 1),
    );
    const categories = ws.getRangeByIndexes(top, chart.categoryColumn, count, 1);
    chart.seriesColumns.forEach((c, k) => {
      const series = added.series.getItemAt(k);
      series.name = sheet.columns[c].header;
      series.setXAxisValues(categories);
    });
    added.legend.position = 'Bottom' as Excel.ChartLegendPosition;
    // The first township at the top, as in the table.
    added.axes.categoryAxis.reversePlotOrder = true;
    if (chartAxes) {
      added.axes.categoryAxis.position = 'Maximum' as Excel.ChartAxisPosition;
      added.axes.valueAxis.numberFormat = chart.valueFormat;
    }
  }

  /** Everything below the header of one result sheet, as actions sized for packing. */
  function sheetActions(ws: () => Excel.Worksheet, sheet: ResultSheet): WriteAction[] {
    const actions: WriteAction[] = [];
    const columns = sheet.columns.length;
    // The first data row, 0-based: under the header, and under the title row when there is one.
    const top = headerRowOf(sheet) + 1;
    const formatsOf = (row: ResultSheet['rows'][number]): string[] => sheet.columns.map((c, i) => cellNumberFormat(c.format, row[i] ?? null));
    // Rows in blocks: number formats first (text columns become "@" before their values land), then values.
    // A row's values and formats as JSON, plus the brackets and commas that join rows into 2-D arrays.
    const rowBytes = (i: number): number => jsonBytes(sheet.rows[i].map(cellToOffice)) + jsonBytes(formatsOf(sheet.rows[i])) + 8;
    let start = 0;
    while (start < sheet.rows.length) {
      let bytes = ACTION_BYTES * 2;
      let end = start;
      while (end < sheet.rows.length && (end === start || bytes + rowBytes(end) <= budget / 2)) bytes += rowBytes(end++);
      const [from, to] = [start, end];
      actions.push({
        bytes,
        queue: () => {
          const range = ws().getRangeByIndexes(top + from, 0, to - from, columns);
          range.numberFormat = sheet.rows.slice(from, to).map(formatsOf);
          range.values = sheet.rows.slice(from, to).map((row) => Array.from({ length: columns }, (_, c) => cellToOffice(row[c] ?? null)));
        },
      });
      start = end;
    }
    actions.push({
      bytes: ACTION_BYTES * columns,
      queue: () => {
        sheet.columns.forEach((c, i) => {
          ws().getRangeByIndexes(0, i, 1, 1).format.columnWidth = charactersToPoints(c.width);
        });
      },
    });
    for (const r of sheet.boldRows ?? []) {
      if (r < 0 || r >= sheet.rows.length) continue;
      actions.push({ bytes: ACTION_BYTES, queue: () => void (ws().getRangeByIndexes(top + r, 0, 1, columns).format.font.bold = true) });
    }
    for (const status of sheet.rows.length > 0 ? statusColumnsOf(sheet) : []) {
      const shown = new Set(sheet.rows.map((row) => row[status]));
      for (const st of STATUSES) {
        for (const label of new Set([statusLabel(st, 'zh-CN'), statusLabel(st, 'en')])) {
          if (!shown.has(label)) continue;
          actions.push({
            bytes: ACTION_BYTES * 3,
            queue: () => {
              const cf = ws().getRangeByIndexes(top, status, sheet.rows.length, 1).conditionalFormats.add('CellValue');
              cf.cellValue.format.fill.color = `#${STATUS_FILL[st]}`;
              cf.cellValue.rule = { formula1: `="${label.replace(/"/g, '""')}"`, operator: 'EqualTo' };
            },
          });
        }
      }
    }
    const at = linkColumn(sheet);
    if (at !== null) {
      // Beyond Excel's limit of hyperlinks a sheet can hold, rows keep their cell address as text.
      let linked = 0;
      sheet.links!.forEach((link, i) => {
        if (!link || linked >= HYPERLINKS_PER_SHEET) return;
        linked++;
        const hyperlink = { documentReference: documentReference(link.sheet, link.cell), textToDisplay: String(sheet.rows[i][at] ?? link.cell) };
        actions.push({
          bytes: jsonBytes(hyperlink) + ACTION_BYTES,
          queue: () => void (ws().getRangeByIndexes(top + i, at, 1, 1).hyperlink = hyperlink),
        });
      });
    }
    const { rows, columns: frozenColumns } = sheet.freeze;
    if (rows > 0 || frozenColumns > 0) {
      actions.push({
        bytes: ACTION_BYTES,
        queue: () => {
          const panes = ws().freezePanes;
          if (frozenColumns === 0) panes.freezeRows(rows);
          else if (rows === 0) panes.freezeColumns(frozenColumns);
          else panes.freezeAt(ws().getRangeByIndexes(0, 0, rows, frozenColumns));
        },
      });
    }
    for (const chart of charts ? (sheet.charts ?? []) : []) {
      actions.push({ bytes: ACTION_BYTES * (10 + 2 * chart.seriesColumns.length) + jsonBytes(chart.title), queue: () => queueChart(ws(), sheet, chart) });
    }
    return actions;
  }

  /** Runs actions in as few syncs as the budget allows; a payload-limit error splits the batch. */
  async function runPacked(context: Ctx, actions: WriteAction[], first?: (context: Ctx) => void): Promise<void> {
    let i = 0;
    let lead = first;
    let limit = budget;
    while (i < actions.length || lead) {
      let bytes = 0;
      let j = i;
      while (j < actions.length && (j === i || bytes + actions[j].bytes <= limit)) bytes += actions[j++].bytes;
      suspend(context);
      lead?.(context);
      for (let k = i; k < j; k++) actions[k].queue(context);
      try {
        await context.sync();
      } catch (e) {
        if (!isPayloadLimit(e) || j - i <= 1) throw e;
        limit = Math.max(1, bytes / 2);
        continue;
      }
      lead = undefined;
      i = j;
    }
  }

  /** Refuses, before anything is written, a workbook Excel would refuse half-way: read-only or structure-protected. */
  async function checkWritable(context: Ctx): Promise<void> {
    const protection = context.workbook.protection;
    protection.load('protected');
    if (readOnlyProperty) context.workbook.load('readOnly');
    await context.sync();
    if (readOnlyProperty && context.workbook.readOnly) throw new HostError('read-only', null, null);
    if (protection.protected) throw new HostError('protected', null, null);
  }

  /** Final names: a user's sheet keeps its name; ours get "(2)", "(3)"… beside it. */
  function finalNames(sheets: ResultSheet[], taken: Set<string>): string[] {
    return sheets.map((s) => {
      let name = s.name;
      for (let k = 2; taken.has(name.toLowerCase()); k++) {
        const suffix = `(${k})`;
        name = s.name.slice(0, 31 - suffix.length) + suffix;
      }
      taken.add(name.toLowerCase());
      return name;
    });
  }

  function temporaryNames(count: number, taken: Set<string>): string[] {
    const token = Math.random().toString(36).slice(2, 8);
    return Array.from({ length: count }, (_, i) => {
      let name = `${TEMPORARY_PREFIX}${token}-${i + 1}`;
      for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${TEMPORARY_PREFIX}${token}-${i + 1}-${k}`;
      taken.add(name.toLowerCase());
      return name;
    });
  }

  /**
   * Result sheets replace the old ones in three stages, so that no failure loses the user's last results
   * or leaves sheets nobody recognises:
   *   1. add: the new sheets under temporary names, each marked (custom property, header) and recorded
   *      as pending in the same sync — the record is queued first, so it names every sheet that exists;
   *   2. fill: their cells, in as few syncs as the budget allows;
   *   3. swap: delete the old sheets, give the new ones their names, record them, recalculate.
   * A run that stops after 1 or 2 leaves the old results and pending sheets the next run removes.
   */
  async function writeResults(sheets: ResultSheet[]): Promise<WrittenSheet[]> {
    return run(async (context) => {
      const state = await sheetState(context);
      await checkWritable(context);
      const kinds = new Set(sheets.map((s) => s.kind));
      const replaced = state.created.filter((c) => c.pending || kinds.has(c.kind));
      const kept = state.created.filter((c) => !replaced.includes(c));
      const replacedIds = new Set(replaced.map((c) => c.id));
      const taken = new Set(state.sheets.filter((s) => !replacedIds.has(s.id)).map((s) => s.name.toLowerCase()));
      const names = finalNames(sheets, taken);
      const temporary = temporaryNames(sheets.length, new Set([...taken, ...state.sheets.map((s) => s.name.toLowerCase())]));
      const record = (entries: CreatedSheet[]): void => void context.workbook.settings.add(CREATED_SHEETS_KEY, entries);

      // 1. add
      suspend(context);
      const pending: CreatedSheet[] = sheets.map((s, i) => ({ id: null, name: temporary[i], kind: s.kind, marker: markerOf(s), pending: true }));
      record([...kept, ...replaced, ...pending]);
      const added = sheets.map((s, i) => {
        const ws = context.workbook.worksheets.add(temporary[i]);
        if (capabilities.customProperties) ws.customProperties.add(SHEET_KIND_PROPERTY, s.kind);
        queueHeader(ws, s);
        ws.load('id,name');
        return ws;
      });
      await context.sync();

      // 2. fill
      const actions = sheets.flatMap((s, i) => sheetActions(() => added[i], s));
      await runPacked(context, actions);

      // 3. swap
      const byId = new Map(state.sheets.map((s) => [s.id, s]));
      for (const c of replaced) {
        const ws = context.workbook.worksheets.getItem(c.id!);
        // Excel refuses to delete a very hidden sheet; a hidden one it deletes.
        if (byId.get(c.id!)?.visibility === 'VeryHidden') ws.visibility = 'Hidden' as Excel.SheetVisibility;
        ws.delete();
      }
      added.forEach((ws, i) => {
        ws.name = names[i];
      });
      // The catalogue's definition sheets are the user's to edit from now on: not recorded as ours.
      record([
        ...kept,
        ...sheets.flatMap((s, i) => (s.kind === 'definitions' ? [] : [{ id: added[i].id, name: names[i], kind: s.kind, marker: markerOf(s) }])),
      ]);
      if (added.length > 0) added[0].activate();
      if (suspendCalculation) context.workbook.application.calculate('Recalculate' as Excel.CalculationType);
      await context.sync();
      return sheets.map((s, i) => ({ requested: s.name, actual: names[i] }));
    });
  }

  async function removeOwnSheets(kinds: ResultSheet['kind'][]): Promise<void> {
    await run(async (context) => {
      const state = await sheetState(context);
      await checkWritable(context);
      const gone = state.created.filter((c) => kinds.includes(c.kind));
      if (gone.length === 0) return;
      const byId = new Map(state.sheets.map((s) => [s.id, s]));
      // The record first: it never names a sheet that no longer exists.
      context.workbook.settings.add(CREATED_SHEETS_KEY, state.created.filter((c) => !gone.includes(c)));
      for (const c of gone) {
        const ws = context.workbook.worksheets.getItem(c.id!);
        if (byId.get(c.id!)?.visibility === 'VeryHidden') ws.visibility = 'Hidden' as Excel.SheetVisibility;
        ws.delete();
      }
      await context.sync();
    });
  }

  /**
   * One file's sheets into the workbook. Excel names a clash "龙泉乡 (2)"; a sheet the user chose to
   * replace then takes its namesake's place and name, the namesake deleted in the same batch as the rename.
   */
  async function insertFile(context: Ctx, file: ImportFile): Promise<string[]> {
    // insertWorksheetsFromBase64 gives the new sheets' ids; their names come in a second sync.
    const ids = context.workbook.insertWorksheetsFromBase64(file.base64, file.sheets ? { sheetNamesToInsert: file.sheets } : undefined);
    await context.sync();
    const sheets = ids.value.map((id) => {
      const ws = context.workbook.worksheets.getItem(id);
      ws.load('name');
      return ws;
    });
    await context.sync();
    const names = sheets.map((ws) => ws.name);
    if (!file.replace?.length || !file.sheets) return names;

    const state = await sheetState(context);
    const own = new Set(state.created.map((c) => c.name));
    const replaced: { ws: Excel.Worksheet; old: Excel.Worksheet; name: string }[] = [];
    file.sheets.forEach((name, i) => {
      const ws = sheets[i];
      if (!ws || ws.name === name || !file.replace!.includes(name) || own.has(name)) return;
      const old = context.workbook.worksheets.getItem(name);
      old.load('position');
      replaced.push({ ws, old, name });
    });
    if (!replaced.length) return names;
    await context.sync();
    for (const r of replaced) {
      const at = r.old.position;
      r.old.delete();
      r.ws.name = r.name;
      r.ws.position = at;
    }
    await context.sync();
    return file.sheets.slice(0, sheets.length).map((name, i) => (replaced.some((r) => r.ws === sheets[i]) ? name : names[i]));
  }

  /**
   * A county's results as one unit: its sheets inserted, then named after the unit (an earlier import
   * the user chose to replace deleted first), and the record of imported units updated, in one batch.
   */
  async function insertUnit(context: Ctx, file: UnitImportFile): Promise<string[]> {
    await checkWritable(context);
    const ids = context.workbook.insertWorksheetsFromBase64(file.base64, { sheetNamesToInsert: file.sheets.map((s) => s.sheet) });
    const setting = context.workbook.settings.getItemOrNullObject(IMPORTED_UNITS_KEY);
    setting.load('value');
    const collection = context.workbook.worksheets;
    collection.load('items/name,items/id');
    await context.sync();
    const fresh = new Set(ids.value);
    const existing = collection.items.filter((ws) => !fresh.has(ws.id));
    const replace = new Set(file.replace ?? []);
    const deleted = existing.filter((ws) => replace.has(ws.name));
    const taken = new Set(existing.filter((ws) => !replace.has(ws.name)).map((ws) => ws.name.toLowerCase()));
    let record = parseImportedUnits(setting.isNullObject ? null : setting.value).filter((u) => !deleted.some((ws) => ws.name === u.sheet));
    // A file of the same name still in use (another copy kept beside) gets a source of its own.
    let source = file.name;
    for (let k = 2; record.some((u) => u.source === source); k++) source = `${file.name} (${k})`;
    for (const ws of deleted) ws.delete();
    const names = ids.value.map((id, i) => {
      const wanted = file.sheets[i]?.as ?? file.sheets[0].as;
      let name = wanted;
      for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${wanted.slice(0, 31 - `(${k})`.length)}(${k})`;
      taken.add(name.toLowerCase());
      context.workbook.worksheets.getItem(id).name = name;
      return name;
    });
    const added: ImportedUnitSheet[] = names.map((sheet, i) => ({ sheet, source, part: file.sheets[i]?.part ?? 'rollup', id: ids.value[i] }));
    if (capabilities.customProperties) {
      added.forEach((unit, i) => context.workbook.worksheets.getItem(ids.value[i]).customProperties.add(UNIT_PROPERTY, unitPropertyValue(unit)));
    }
    record = [...record.filter((u) => !names.includes(u.sheet)), ...added];
    context.workbook.settings.add(IMPORTED_UNITS_KEY, record);
    await context.sync();
    return names;
  }

  /** A string setting, '' when absent. */
  async function loadText(key: string): Promise<string> {
    return run(async (context) => {
      const setting = context.workbook.settings.getItemOrNullObject(key);
      setting.load('value');
      await context.sync();
      return !setting.isNullObject && typeof setting.value === 'string' ? setting.value : '';
    });
  }

  // -------------------------------------------------------------------------------------------

  return {
    capabilities,

    async listSheets(): Promise<SheetSummary[]> {
      return run(async (context) => {
        const state = await sheetState(context);
        const own = new Set(state.created.map((c) => c.id));
        return state.sheets.map((s) => ({ name: s.name, hidden: s.visibility !== 'Visible', createdByAddin: own.has(s.id) }));
      });
    },

    readSheets: (onProgress?: (p: ReadProgress) => void) => readSheets(onProgress),
    readOwnSheets: (kinds: ResultSheet['kind'][]) => readSheets(undefined, ownSheetsOf(kinds)),
    writeResults,
    removeOwnSheets,

    async selectCell(ref: CellRef): Promise<void> {
      await run(async (context) => {
        const ws = context.workbook.worksheets.getItem(ref.sheet);
        ws.activate();
        ws.getRange(ref.cell).select();
        await context.sync();
      });
    },

    async importFiles(files: ImportFile[]): Promise<string[]> {
      if (!capabilities.insertWorksheetsFromBase64) throw new UnsupportedFeatureError('insertWorksheetsFromBase64', 'ExcelApi 1.13');
      const encoded = files.map((file) => ({ ...file, base64: file.base64.replace(/^data:[^,]*,/, '') }));
      // Every file is checked before any is inserted: a too-large third file leaves the first two out too.
      if (requestLimit) {
        for (const file of encoded) {
          if (file.base64.length + ACTION_BYTES > REQUEST_LIMIT_BYTES) throw new FileTooLargeError(file.name, file.base64.length, REQUEST_LIMIT_BYTES);
        }
      }
      const inserted: string[] = [];
      for (const file of encoded) {
        const names = await run((context) => insertFile(context, file)).catch((e: unknown) => {
          throw e instanceof HostError ? new HostError(e.kind, e.code, e.inner, file.name) : e;
        });
        inserted.push(...names);
      }
      return inserted;
    },

    async importUnit(file: UnitImportFile): Promise<string[]> {
      if (!capabilities.insertWorksheetsFromBase64) throw new UnsupportedFeatureError('insertWorksheetsFromBase64', 'ExcelApi 1.13');
      const base64 = file.base64.replace(/^data:[^,]*,/, '');
      if (requestLimit && base64.length + ACTION_BYTES > REQUEST_LIMIT_BYTES) throw new FileTooLargeError(file.name, base64.length, REQUEST_LIMIT_BYTES);
      return run((context) => insertUnit(context, { ...file, base64 })).catch((e: unknown) => {
        throw e instanceof HostError ? new HostError(e.kind, e.code, e.inner, file.name) : e;
      });
    },

    loadUnitName: () => loadText(UNIT_NAME_KEY),

    async saveUnitName(name: string): Promise<void> {
      await run(async (context) => {
        context.workbook.settings.add(UNIT_NAME_KEY, name.trim());
        await context.sync();
      });
    },

    async loadOverrides(): Promise<LayoutOverride[]> {
      return run(async (context) => {
        const setting = context.workbook.settings.getItemOrNullObject(OVERRIDES_KEY);
        setting.load('value');
        await context.sync();
        if (setting.isNullObject || !Array.isArray(setting.value)) return [];
        return (setting.value as unknown[]).filter(
          (o): o is LayoutOverride => typeof o === 'object' && o !== null && typeof (o as LayoutOverride).sheet === 'string',
        );
      });
    },

    async saveOverrides(overrides: LayoutOverride[]): Promise<void> {
      await run(async (context) => {
        context.workbook.settings.add(OVERRIDES_KEY, overrides);
        await context.sync();
      });
    },

    async loadNotes(): Promise<CarriedNote[]> {
      return run(async (context) => {
        const setting = context.workbook.settings.getItemOrNullObject(NOTES_KEY);
        setting.load('value');
        await context.sync();
        if (setting.isNullObject || !Array.isArray(setting.value)) return [];
        return (setting.value as unknown[]).filter(isCarriedNote);
      });
    },

    async saveNotes(notes: CarriedNote[]): Promise<void> {
      await run(async (context) => {
        context.workbook.settings.add(NOTES_KEY, notes);
        await context.sync();
      });
    },

    async loadExcludedSheets(): Promise<string[]> {
      return run(async (context) => {
        const setting = context.workbook.settings.getItemOrNullObject(EXCLUDED_SHEETS_KEY);
        setting.load('value');
        await context.sync();
        if (setting.isNullObject || !Array.isArray(setting.value)) return [];
        return [...new Set((setting.value as unknown[]).filter((s): s is string => typeof s === 'string' && s !== ''))];
      });
    },

    async saveExcludedSheets(sheets: string[]): Promise<void> {
      await run(async (context) => {
        context.workbook.settings.add(EXCLUDED_SHEETS_KEY, [...new Set(sheets)]);
        await context.sync();
      });
    },
  };
}
