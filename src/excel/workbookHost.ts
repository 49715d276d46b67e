// The WorkbookHost on the Excel JavaScript API: reads data sheets in row blocks packed under a payload
// budget, writes result sheets in a handful of syncs, remembers its own sheets in the workbook's settings,
// and turns host failures into HostErrors. Runs unchanged in Excel and on the preview's in-browser host.
import { STATUS_FILL, statusLabel } from '../engine/report';
import type { CellRef, CompletionStatus, LayoutOverride, ResultSheet, SheetInput } from '../engine/types';
import {
  cellToOffice,
  cellNumberFormat,
  charactersToPoints,
  documentReference,
  jsonBytes,
  linkColumn,
  mergesFromAddress,
  rowsFromOffice,
} from './convert';
import { HostError, isCellEditMode, isPayloadLimit, toHostError, UnsupportedFeatureError } from './errors';
import type { HostCapabilities, ReadProgress, SheetSummary, WorkbookHost, WrittenSheet } from './host';

export const CREATED_SHEETS_KEY = 'indicatorRollup.createdSheets';
export const OVERRIDES_KEY = 'indicatorRollup.layoutOverrides';
export const EXCLUDED_SHEETS_KEY = 'indicatorRollup.excludedSheets';
/** Requests and responses are kept under this; Excel on the web rejects either over 5 MB. */
export const DEFAULT_PAYLOAD_BUDGET = 4_000_000;
/** A first guess of a cell's share of a read response (value and number format as JSON). */
const INITIAL_BYTES_PER_CELL = 40;
const ACTION_BYTES = 200;
const HEADER_FILL = '#F2F2F2';

export interface WorkbookHostOptions {
  /** What the running Excel supports; detected with Office.context.requirements where absent. */
  capabilities?: Partial<HostCapabilities>;
  /** ExcelApi 1.8 application.suspendApiCalculationUntilNextSync; detected where absent. */
  suspendCalculation?: boolean;
  payloadBudgetBytes?: number;
  /** Waits between retries while Excel is in cell-edit mode (Script Lab retries the same way). */
  retryDelaysMs?: number[];
  sleep?: (ms: number) => Promise<void>;
}

/** A sheet this add-in wrote, remembered by id (stable across renames and moves) and the name it gave. */
interface CreatedSheet {
  id: string;
  name: string;
  kind: ResultSheet['kind'];
}

function requirementSupported(version: string): boolean {
  const office = (globalThis as { Office?: { context?: { requirements?: { isSetSupported?(name: string, v: string): boolean } } } }).Office;
  const req = office?.context?.requirements;
  return typeof req?.isSetSupported === 'function' ? req.isSetSupported('ExcelApi', version) : false;
}

export function detectCapabilities(): HostCapabilities {
  return { insertWorksheetsFromBase64: requirementSupported('1.13'), mergedAreas: requirementSupported('1.13') };
}

type Ctx = Excel.RequestContext;

function parseCreated(value: unknown): CreatedSheet[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (e): e is CreatedSheet => typeof e === 'object' && e !== null && typeof e.id === 'string' && typeof e.name === 'string' && typeof e.kind === 'string',
  );
}

interface SheetState {
  sheets: { id: string; name: string; visibility: string }[];
  created: CreatedSheet[];
}

/** Worksheets and the remembered sheets, in one sync. Remembered sheets that are gone or renamed are dropped. */
async function loadSheetState(context: Ctx): Promise<SheetState> {
  const sheets = context.workbook.worksheets;
  sheets.load('items/name,items/id,items/visibility');
  const setting = context.workbook.settings.getItemOrNullObject(CREATED_SHEETS_KEY);
  setting.load('value');
  await context.sync();
  const list = sheets.items.map((s) => ({ id: s.id, name: s.name, visibility: String(s.visibility) }));
  const remembered = setting.isNullObject ? [] : parseCreated(setting.value);
  const created = remembered.filter((c) => list.some((s) => s.id === c.id && s.name === c.name));
  return { sheets: list, created };
}

const STATUSES: CompletionStatus[] = ['exceeded', 'met', 'on-track', 'lagging', 'unmet', 'no-data'];

export function createWorkbookHost(excel: typeof Excel, options: WorkbookHostOptions = {}): WorkbookHost {
  const detected = options.capabilities && Object.keys(options.capabilities).length === 2 ? null : detectCapabilities();
  const capabilities: HostCapabilities = {
    insertWorksheetsFromBase64: options.capabilities?.insertWorksheetsFromBase64 ?? detected?.insertWorksheetsFromBase64 ?? false,
    mergedAreas: options.capabilities?.mergedAreas ?? detected?.mergedAreas ?? false,
  };
  // Without Office (the preview host) there is nothing to detect: the preview implements it.
  const inOffice = (globalThis as { Office?: unknown }).Office !== undefined;
  const suspendCalculation = options.suspendCalculation ?? (inOffice ? requirementSupported('1.8') : true);
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

  // -------------------------------------------------------------------------------------------
  // Reading

  interface Block {
    sheet: number;
    start: number;
    rows: number;
  }

  async function readSheets(onProgress?: (p: ReadProgress) => void): Promise<SheetInput[]> {
    return run(async (context) => {
      const state = await loadSheetState(context);
      const own = new Set(state.created.map((c) => c.id));
      const data = state.sheets.filter((s) => !own.has(s.id));

      const used = data.map((s) => {
        const r = context.workbook.worksheets.getItem(s.id).getUsedRangeOrNullObject(true);
        r.load('rowIndex,columnIndex,rowCount,columnCount');
        return r;
      });
      await context.sync();
      const inputs: SheetInput[] = data.map((s) => ({ name: s.name, values: [], numberFormats: [], merges: [], hidden: s.visibility !== 'Visible' }));
      const size = used.map((r) =>
        r.isNullObject ? { rows: 0, columns: 0 } : { rows: r.rowIndex + r.rowCount, columns: r.columnIndex + r.columnCount },
      );
      size.forEach((s, i) => {
        if (s.rows === 0) onProgress?.({ sheet: data[i].name, done: 0, total: 0 });
      });

      const next = size.map(() => 0);
      let bytesPerCell = INITIAL_BYTES_PER_CELL;
      let scale = 1;
      let sheet = 0;
      while (true) {
        while (sheet < size.length && next[sheet] >= size[sheet].rows) sheet++;
        if (sheet >= size.length) break;
        // Pack blocks, from this sheet on, until the estimated response fills the budget.
        const blocks: Block[] = [];
        let estimate = 0;
        for (let s = sheet; s < size.length; s++) {
          let start = next[s];
          while (start < size[s].rows) {
            const perRow = size[s].columns * bytesPerCell;
            const fit = Math.floor((budget * scale - estimate - ACTION_BYTES) / perRow);
            if (fit < 1 && blocks.length > 0) break;
            const rows = Math.min(Math.max(fit, 1), size[s].rows - start);
            blocks.push({ sheet: s, start, rows });
            estimate += rows * perRow + ACTION_BYTES;
            start += rows;
          }
          if (start < size[s].rows) break;
        }
        const reads = blocks.map((b) => {
          const ws = context.workbook.worksheets.getItem(data[b.sheet].id);
          const range = ws.getRangeByIndexes(b.start, 0, b.rows, size[b.sheet].columns);
          range.load('values,numberFormat');
          let merged: Excel.RangeAreas | null = null;
          if (capabilities.mergedAreas) {
            merged = range.getMergedAreasOrNullObject();
            merged.load('address');
          }
          return { block: b, range, merged };
        });
        try {
          await context.sync();
        } catch (e) {
          if (!isPayloadLimit(e)) throw e;
          if (blocks.length === 1 && blocks[0].rows === 1) throw new HostError('payload-too-large', 'RequestPayloadSizeLimitExceeded', e, data[blocks[0].sheet].name);
          scale /= 2;
          continue;
        }
        let bytes = 0;
        let cells = 0;
        for (const { block, range, merged } of reads) {
          const input = inputs[block.sheet];
          const values = range.values;
          const formats = range.numberFormat;
          bytes += jsonBytes(values) + jsonBytes(formats);
          cells += block.rows * size[block.sheet].columns;
          for (const row of rowsFromOffice(values, formats)) input.values.push(row);
          for (const row of formats) input.numberFormats!.push(row.map((f) => (f === 'General' ? null : f)));
          if (merged && !merged.isNullObject) input.merges!.push(...mergesFromAddress(merged.address));
          next[block.sheet] = block.start + block.rows;
          onProgress?.({ sheet: input.name, done: next[block.sheet], total: size[block.sheet].rows });
        }
        // What the cells really cost now guides the blocks; a halving after a rejection has done its work.
        if (cells > 0) {
          bytesPerCell = Math.max(8, (bytes / cells) * 1.25);
          scale = 1;
        }
      }
      return inputs;
    });
  }

  // -------------------------------------------------------------------------------------------
  // Writing

  /** A queued piece of the write and its estimated request size. */
  interface WriteAction {
    bytes: number;
    queue: (context: Ctx) => void;
  }

  function sheetActions(ws: () => Excel.Worksheet, sheet: ResultSheet): WriteAction[] {
    const actions: WriteAction[] = [];
    const columns = sheet.columns.length;
    const formatsOf = (row: ResultSheet['rows'][number]): string[] => sheet.columns.map((c, i) => cellNumberFormat(c.format, row[i] ?? null));
    const header = sheet.columns.map((c) => cellToOffice(c.header));
    actions.push({
      bytes: jsonBytes(header) * 2 + ACTION_BYTES * 3,
      queue: () => {
        const range = ws().getRangeByIndexes(0, 0, 1, columns);
        range.numberFormat = [header.map(() => '@')];
        range.values = [header];
        range.format.font.bold = true;
        range.format.fill.color = HEADER_FILL;
      },
    });
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
          const range = ws().getRangeByIndexes(1 + from, 0, to - from, columns);
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
      actions.push({ bytes: ACTION_BYTES, queue: () => void (ws().getRangeByIndexes(1 + r, 0, 1, columns).format.font.bold = true) });
    }
    const status = sheet.statusColumn;
    if (status !== undefined && sheet.rows.length > 0) {
      const shown = new Set(sheet.rows.map((row) => row[status]));
      for (const st of STATUSES) {
        for (const label of new Set([statusLabel(st, 'zh-CN'), statusLabel(st, 'en')])) {
          if (!shown.has(label)) continue;
          actions.push({
            bytes: ACTION_BYTES * 3,
            queue: () => {
              const cf = ws().getRangeByIndexes(1, status, sheet.rows.length, 1).conditionalFormats.add('CellValue');
              cf.cellValue.format.fill.color = `#${STATUS_FILL[st]}`;
              cf.cellValue.rule = { formula1: `="${label.replace(/"/g, '""')}"`, operator: 'EqualTo' };
            },
          });
        }
      }
    }
    const at = linkColumn(sheet);
    if (at !== null) {
      sheet.links!.forEach((link, i) => {
        if (!link) return;
        const hyperlink = { documentReference: documentReference(link.sheet, link.cell), textToDisplay: String(sheet.rows[i][at] ?? link.cell) };
        actions.push({
          bytes: jsonBytes(hyperlink) + ACTION_BYTES,
          queue: () => void (ws().getRangeByIndexes(1 + i, at, 1, 1).hyperlink = hyperlink),
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

  async function writeResults(sheets: ResultSheet[]): Promise<WrittenSheet[]> {
    return run(async (context) => {
      const state = await loadSheetState(context);
      const kinds = new Set(sheets.map((s) => s.kind));
      const replaced = state.created.filter((c) => kinds.has(c.kind));
      const kept = state.created.filter((c) => !kinds.has(c.kind));
      const taken = new Set(state.sheets.filter((s) => !replaced.some((c) => c.id === s.id)).map((s) => s.name.toLowerCase()));
      const names = sheets.map((s) => {
        let name = s.name;
        for (let k = 2; taken.has(name.toLowerCase()); k++) {
          const suffix = `(${k})`;
          name = s.name.slice(0, 31 - suffix.length) + suffix;
        }
        taken.add(name.toLowerCase());
        return name;
      });

      suspend(context);
      // The old result sheets go first so the new ones can take their names.
      for (const c of replaced) context.workbook.worksheets.getItem(c.id).delete();
      const added = names.map((name) => {
        const ws = context.workbook.worksheets.add(name);
        ws.load('id,name');
        return ws;
      });
      await context.sync();

      const created: CreatedSheet[] = [
        ...kept,
        ...sheets.flatMap((s, i) => (s.kind === 'definitions' ? [] : [{ id: added[i].id, name: added[i].name, kind: s.kind }])),
      ];
      const actions = sheets.flatMap((s, i) => sheetActions(() => added[i], s));
      await runPacked(context, actions, (ctx) => {
        ctx.workbook.settings.add(CREATED_SHEETS_KEY, created);
      });
      if (added.length > 0) {
        added[0].activate();
        await context.sync();
      }
      return sheets.map((s, i) => ({ requested: s.name, actual: names[i] }));
    });
  }

  // -------------------------------------------------------------------------------------------

  return {
    capabilities,

    async listSheets(): Promise<SheetSummary[]> {
      return run(async (context) => {
        const state = await loadSheetState(context);
        const own = new Set(state.created.map((c) => c.id));
        return state.sheets.map((s) => ({ name: s.name, hidden: s.visibility !== 'Visible', createdByAddin: own.has(s.id) }));
      });
    },

    readSheets,
    writeResults,

    async selectCell(ref: CellRef): Promise<void> {
      await run(async (context) => {
        const ws = context.workbook.worksheets.getItem(ref.sheet);
        ws.activate();
        ws.getRange(ref.cell).select();
        await context.sync();
      });
    },

    async importFiles(files: { name: string; base64: string }[]): Promise<string[]> {
      if (!capabilities.insertWorksheetsFromBase64) throw new UnsupportedFeatureError('insertWorksheetsFromBase64', 'ExcelApi 1.13');
      const inserted: string[] = [];
      for (const file of files) {
        const base64 = file.base64.replace(/^data:[^,]*,/, '');
        const names = await run(async (context) => {
          const result = context.workbook.insertWorksheetsFromBase64(base64);
          await context.sync();
          return result.value;
        }).catch((e: unknown) => {
          throw e instanceof HostError ? new HostError(e.kind, e.code, e.inner, file.name) : e;
        });
        inserted.push(...names);
      }
      return inserted;
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
