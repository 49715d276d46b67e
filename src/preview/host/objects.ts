// The proxy objects of the preview host: Workbook, WorksheetCollection, Worksheet, Range, RangeAreas,
// formats, conditional formats, settings. As in Office.js, a method call or a property assignment only
// queues an action; load() queues a read whose values appear after sync(); reading a property that was
// not loaded and synced throws PropertyNotLoaded; *OrNullObject methods give objects with isNullObject.
import ExcelJS from 'exceljs';
import { ChartCollection } from './charts';
import { type ActionResult, CELLS_PER_READ_LIMIT, QueueingContext } from './context';
import { PREVIEW_ERROR_CODES, PreviewRichApiError, propertyNotLoaded } from './errors';
import {
  type CellBox,
  type PreviewSheet,
  type Visibility,
  boxAddress,
  columnName,
  DAYS_1900_TO_1904,
  MAX_COLUMNS,
  MAX_ROWS,
  orderOf,
  parseBox,
  quoteSheet,
} from './model';

type LoadOption = string | string[] | { select?: string | string[] } | undefined;

function propNames(option: LoadOption, defaults: readonly string[]): string[] {
  const raw = option === undefined ? undefined : typeof option === 'object' && !Array.isArray(option) ? option.select : option;
  if (raw === undefined) return [...defaults];
  const list = Array.isArray(raw) ? raw : raw.split(',');
  return list.map((s) => s.trim().replace(/^items\//, '')).filter(Boolean);
}

const itemNotFound = (what: string): PreviewRichApiError =>
  new PreviewRichApiError(PREVIEW_ERROR_CODES.itemNotFound, `The requested resource doesn't exist: ${what}`);

/** Resolution happens once, at the first sync that needs it; afterwards the proxy stays bound. */
abstract class ClientObject<T> {
  private readonly loaded = new Map<string, unknown>();
  private resolved: { value: T | null } | null = null;

  constructor(
    readonly context: RequestContext,
    private readonly resolver: () => T | null,
    protected readonly path: string,
  ) {}

  protected abstract readonly defaultProps: readonly string[];
  protected abstract readProp(target: T, name: string): unknown;

  /** At sync: the object, or null for a null object. */
  protected target(): T | null {
    if (!this.resolved) this.resolved = { value: this.resolver() };
    const value = this.resolved.value;
    if (value !== null) this.checkAlive(value);
    return value;
  }

  /** At sync: the object, which must exist. */
  protected need(): T {
    const t = this.target();
    if (t === null) throw itemNotFound(this.path);
    return t;
  }

  protected checkAlive(_target: T): void {}

  load(option?: LoadOption): this {
    const names = propNames(option, this.defaultProps);
    this.context.enqueue({ load: this.path, select: names }, () => this.readNow(names));
    return this;
  }

  protected readNow(names: string[]): ActionResult {
    const t = this.target();
    const values: Record<string, unknown> = { isNullObject: t === null };
    if (t !== null) for (const n of names) if (n !== 'isNullObject') values[n] = this.readProp(t, n);
    return { response: values, commit: () => this.remember(values) };
  }

  protected remember(values: Record<string, unknown>): void {
    for (const [k, v] of Object.entries(values)) this.loaded.set(k, v);
  }

  protected prop<V>(name: string): V {
    if (!this.loaded.has(name)) throw propertyNotLoaded(name);
    return this.loaded.get(name) as V;
  }

  get isNullObject(): boolean {
    return this.prop<boolean>('isNullObject');
  }

  protected act(description: Record<string, unknown>, run: () => void | Promise<void>): void {
    this.context.enqueue({ path: this.path, ...description }, run);
  }
}

// ---------------------------------------------------------------------------------------------

export class RequestContext extends QueueingContext {
  readonly workbook: Workbook = new Workbook(this);
  readonly application: Application = this.workbook.application;
}

class Application {
  constructor(private readonly context: RequestContext) {}
  /** ExcelApi 1.6. */
  suspendApiCalculationUntilNextSync(): void {
    this.context.enqueue({ method: 'suspendApiCalculationUntilNextSync' }, () => {
      this.context.book.calculationSuspended = true;
    });
  }
  /** ExcelApi 1.1: the preview does not calculate; it counts the request. */
  calculate(calculationType: string): void {
    this.context.enqueue({ method: 'calculate', calculationType }, () => {
      this.context.book.calculations++;
    });
  }
}

/** Workbook.functions (ExcelApi 1.2), the one function the add-in asks for. */
class Functions {
  constructor(private readonly context: RequestContext) {}
  /** DATE(year, month, day) as a serial number of the workbook's date system. */
  date(year: number, month: number, day: number): ClientResult<number> & { load(): void } {
    const result = Object.assign(new ClientResult<number>(), { load: () => undefined });
    this.context.enqueue({ method: 'functions.date', year, month, day }, () => {
      const serial = (Date.UTC(year, month - 1, day) - Date.UTC(1899, 11, 30)) / 86400000 - (this.context.book.date1904 ? DAYS_1900_TO_1904 : 0);
      return { response: serial, commit: () => result.set(serial) };
    });
    return result;
  }
}

/** Workbook.protection and Worksheet.protection (ExcelApi 1.7 and 1.2): whether it is protected. */
class Protection {
  private loaded: boolean | undefined;
  constructor(
    private readonly context: RequestContext,
    private readonly read: () => boolean,
  ) {}
  load(_option?: LoadOption): this {
    this.context.enqueue({ load: 'protection', select: ['protected'] }, () => {
      const value = this.read();
      return { response: { protected: value }, commit: () => (this.loaded = value) };
    });
    return this;
  }
  get protected(): boolean {
    if (this.loaded === undefined) throw propertyNotLoaded('protected');
    return this.loaded;
  }
}

class ClientResult<T> {
  private loaded = false;
  private v: T | undefined;
  set(value: T): void {
    this.v = value;
    this.loaded = true;
  }
  get value(): T {
    if (!this.loaded) throw propertyNotLoaded('value');
    return this.v as T;
  }
}

function base64ToBytes(base64: string): Uint8Array {
  const bin = atob(base64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export class Workbook {
  readonly worksheets: WorksheetCollection;
  readonly settings: SettingCollection;
  readonly application: Application;
  readonly functions: Functions;
  readonly protection: Protection;
  private loadedReadOnly: boolean | undefined;

  constructor(readonly context: RequestContext) {
    this.worksheets = new WorksheetCollection(context);
    this.settings = new SettingCollection(context);
    this.application = new Application(context);
    this.functions = new Functions(context);
    this.protection = new Protection(context, () => context.book.structureProtected);
  }

  /** ExcelApi 1.8 Workbook.readOnly (the one property of the workbook the preview loads). */
  load(_option?: LoadOption): this {
    this.context.enqueue({ load: 'workbook', select: ['readOnly'] }, () => {
      const value = this.context.book.readOnly;
      return { response: { readOnly: value }, commit: () => (this.loadedReadOnly = value) };
    });
    return this;
  }
  get readOnly(): boolean {
    if (this.loadedReadOnly === undefined) throw propertyNotLoaded('readOnly');
    return this.loadedReadOnly;
  }

  /**
   * ExcelApi 1.13: every (or the named) worksheet of an .xlsx given as base64, inserted with Excel's
   * naming. Returns the new sheets' ids, not their names, as Excel does.
   */
  insertWorksheetsFromBase64(
    base64File: string,
    options?: { sheetNamesToInsert?: string[]; positionType?: string; relativeTo?: string | Worksheet },
  ): ClientResult<string[]> {
    const result = new ClientResult<string[]>();
    const ctx = this.context;
    ctx.enqueue({ method: 'insertWorksheetsFromBase64', base64File, options: { ...options, relativeTo: undefined } }, async () => {
      const source = new ExcelJS.Workbook();
      try {
        await source.xlsx.load(base64ToBytes(base64File) as unknown as ArrayBuffer);
      } catch (e) {
        throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `The file is not a workbook: ${(e as Error).message}`);
      }
      const wanted = options?.sheetNamesToInsert?.length ? new Set(options.sheetNamesToInsert) : null;
      const book = ctx.book;
      const inserted: PreviewSheet[] = [];
      for (const ws of [...source.worksheets].sort((a, b) => orderOf(a) - orderOf(b))) {
        if (wanted && !wanted.has(ws.name)) continue;
        const sheet = book.addSheet(book.freeName(ws.name));
        copyWorksheet(ws, sheet.ws);
        inserted.push(sheet);
      }
      placeSheets(ctx, inserted, options?.positionType ?? 'End', options?.relativeTo);
      const ids = inserted.map((s) => s.id);
      return { response: ids, commit: () => result.set(ids) };
    });
    return result;
  }
}

function placeSheets(ctx: RequestContext, sheets: PreviewSheet[], positionType: string, relativeTo: string | Worksheet | undefined): void {
  if (positionType === 'End' || positionType === 'None' || sheets.length === 0) return;
  const all = ctx.book.sheets;
  for (const s of sheets) all.splice(all.indexOf(s), 1);
  let at = 0;
  if (positionType === 'Before' || positionType === 'After') {
    const anchor = typeof relativeTo === 'string' ? ctx.book.byName(relativeTo) : relativeTo ? ctx.book.byId(relativeTo.id) : undefined;
    if (!anchor) throw itemNotFound(String(relativeTo));
    at = all.indexOf(anchor) + (positionType === 'After' ? 1 : 0);
  }
  all.splice(at, 0, ...sheets);
}

function copyWorksheet(from: ExcelJS.Worksheet, to: ExcelJS.Worksheet): void {
  from.eachRow({ includeEmpty: true }, (row, r) => {
    const target = to.getRow(r);
    if (row.height) target.height = row.height;
    row.eachCell({ includeEmpty: true }, (cell, c) => {
      const t = target.getCell(c);
      if (!(cell.isMerged && cell.master !== cell)) t.value = cell.value;
      t.style = JSON.parse(JSON.stringify(cell.style ?? {})) as Partial<ExcelJS.Style>;
    });
  });
  const merges = (from as unknown as { _merges: Record<string, { model: { top: number; left: number; bottom: number; right: number } }> })._merges;
  for (const m of Object.values(merges)) if (m) to.mergeCells(m.model.top, m.model.left, m.model.bottom, m.model.right);
  from.columns?.forEach((col, i) => {
    if (col.width) to.getColumn(i + 1).width = col.width;
  });
  to.state = from.state;
  to.views = JSON.parse(JSON.stringify(from.views ?? [])) as ExcelJS.WorksheetView[];
}

// ---------------------------------------------------------------------------------------------

export class WorksheetCollection {
  private loadedItems: Worksheet[] | null = null;

  constructor(readonly context: RequestContext) {}

  get items(): Worksheet[] {
    if (!this.loadedItems) throw propertyNotLoaded('items');
    return this.loadedItems;
  }

  load(option?: LoadOption): this {
    const names = propNames(option, Worksheet.PROPS);
    this.context.enqueue({ load: 'worksheets', select: names }, () => {
      const proxies = this.context.book.live().map((s) => new Worksheet(this.context, () => s, `worksheet(${s.id})`));
      const parts = proxies.map((p) => p.readForCollection(names));
      return {
        response: parts.map((p) => p.response),
        commit: () => {
          parts.forEach((p) => p.commit());
          this.loadedItems = proxies;
        },
      };
    });
    return this;
  }

  getItem(key: string): Worksheet {
    return new Worksheet(this.context, () => this.context.book.byName(key) ?? null, `worksheets.getItem(${key})`, false);
  }

  getItemOrNullObject(key: string): Worksheet {
    return new Worksheet(this.context, () => this.context.book.byName(key) ?? null, `worksheets.getItemOrNullObject(${key})`, true);
  }

  add(name?: string): Worksheet {
    let created: PreviewSheet | null = null;
    this.context.enqueue({ method: 'worksheets.add', name }, () => {
      const book = this.context.book;
      let n = name;
      if (n === undefined) for (let k = book.live().length + 1; ; k++) if (!book.byName((n = `Sheet${k}`))) break;
      created = book.addSheet(n as string);
    });
    return new Worksheet(
      this.context,
      () => {
        if (!created) throw itemNotFound('worksheets.add');
        return created;
      },
      `worksheets.add(${name ?? ''})`,
    );
  }
}

export class Worksheet extends ClientObject<PreviewSheet> {
  static readonly PROPS = ['name', 'id', 'position', 'visibility'] as const;
  protected readonly defaultProps = Worksheet.PROPS;
  readonly freezePanes: WorksheetFreezePanes;
  readonly customProperties: WorksheetCustomPropertyCollection;
  readonly protection: Protection;
  /** ExcelApi 1.1 (the series' categories and the axes' order and format: 1.7 and 1.8). */
  readonly charts: ChartCollection;

  constructor(context: RequestContext, resolver: () => PreviewSheet | null, path: string, nullable = false) {
    super(
      context,
      () => {
        const s = resolver();
        if (!s && !nullable) throw itemNotFound(path);
        return s;
      },
      path,
    );
    this.freezePanes = new WorksheetFreezePanes(this);
    this.customProperties = new WorksheetCustomPropertyCollection(this);
    this.protection = new Protection(context, () => context.book.protectedSheets.has(this.sheetNow().id));
    this.charts = new ChartCollection(context, () => this.sheetNow(), `${path}.charts`);
  }

  protected override checkAlive(s: PreviewSheet): void {
    if (s.deleted) throw itemNotFound(`worksheet ${s.ws.name}`);
  }

  /** The sheet at sync time (for objects that hang off this worksheet). */
  sheetNow(): PreviewSheet {
    return this.need();
  }

  readForCollection(names: string[]): ActionResult {
    return this.readNow(names);
  }

  protected readProp(s: PreviewSheet, name: string): unknown {
    switch (name) {
      case 'name':
        return s.ws.name;
      case 'id':
        return s.id;
      case 'position':
        return this.context.book.position(s);
      case 'visibility':
        return s.ws.state === 'veryHidden' ? 'VeryHidden' : s.ws.state === 'hidden' ? 'Hidden' : 'Visible';
      default:
        throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `The preview host does not know Worksheet.${name}`);
    }
  }

  get name(): string {
    return this.prop('name');
  }
  set name(value: string) {
    this.act({ set: 'name', value }, () => {
      const s = this.need();
      if (s.ws.name === value) return;
      this.context.book.checkStructureChange('renaming a sheet');
      if (s.ws.name.toLowerCase() !== value.toLowerCase()) this.context.book.checkNewName(value);
      s.ws.name = value;
    });
  }
  get id(): string {
    return this.prop('id');
  }
  get position(): number {
    return this.prop('position');
  }
  set position(value: number) {
    this.act({ set: 'position', value }, () => {
      const s = this.need();
      this.context.book.checkStructureChange('moving a sheet');
      const all = this.context.book.sheets;
      all.splice(all.indexOf(s), 1);
      const live = this.context.book.live();
      const anchor = live[Math.min(value, live.length)];
      all.splice(anchor ? all.indexOf(anchor) : all.length, 0, s);
    });
  }
  get visibility(): Visibility {
    return this.prop('visibility');
  }
  set visibility(value: Visibility) {
    this.act({ set: 'visibility', value }, () => {
      this.need().ws.state = value === 'VeryHidden' ? 'veryHidden' : value === 'Hidden' ? 'hidden' : 'visible';
    });
  }

  activate(): void {
    this.act({ method: 'activate' }, () => {
      const s = this.need();
      if (s.ws.state !== 'visible') throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidOperation, 'A hidden worksheet cannot be activated.');
      this.context.book.activeSheetId = s.id;
    });
  }

  delete(): void {
    this.act({ method: 'delete' }, () => this.context.book.deleteSheet(this.need()));
  }

  getRange(address?: string): Range {
    return new Range(
      this.context,
      () => {
        const sheet = this.need();
        return { sheet, box: address ? parseBox(address) : { top: 0, left: 0, bottom: 1048575, right: 16383 } };
      },
      `${this.path}.getRange(${address ?? ''})`,
    );
  }

  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): Range {
    return new Range(
      this.context,
      () => {
        const outside = startRow + rowCount > MAX_ROWS || startColumn + columnCount > MAX_COLUMNS;
        if (rowCount < 1 || columnCount < 1 || startRow < 0 || startColumn < 0 || outside) {
          throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, 'The argument is invalid or missing or has an incorrect format.');
        }
        return {
          sheet: this.need(),
          box: { top: startRow, left: startColumn, bottom: startRow + rowCount - 1, right: startColumn + columnCount - 1 },
        };
      },
      `${this.path}.getRangeByIndexes(${startRow},${startColumn},${rowCount},${columnCount})`,
    );
  }

  /** Excel gives A1 for an empty sheet. */
  getUsedRange(valuesOnly = false): Range {
    return new Range(
      this.context,
      () => {
        const sheet = this.need();
        return { sheet, box: this.context.book.usedBox(sheet, valuesOnly) ?? { top: 0, left: 0, bottom: 0, right: 0 } };
      },
      `${this.path}.getUsedRange(${valuesOnly})`,
    );
  }

  getUsedRangeOrNullObject(valuesOnly = false): Range {
    return new Range(
      this.context,
      () => {
        const sheet = this.need();
        const box = this.context.book.usedBox(sheet, valuesOnly);
        return box ? { sheet, box } : null;
      },
      `${this.path}.getUsedRangeOrNullObject(${valuesOnly})`,
      true,
    );
  }
}

class WorksheetFreezePanes {
  constructor(private readonly worksheet: Worksheet) {}

  private freeze(rows: number, columns: number): void {
    this.worksheet.context.enqueue({ method: 'freezePanes', rows, columns }, () => {
      const ws = this.worksheet.sheetNow().ws;
      ws.views = rows || columns ? [{ state: 'frozen', xSplit: columns, ySplit: rows }] : [{ state: 'normal' }];
    });
  }

  freezeRows(count = 1): void {
    this.freeze(count, 0);
  }
  freezeColumns(count = 1): void {
    this.freeze(0, count);
  }
  /** The cells given stay frozen: the panes split below and right of them (anchored at A1, as Excel does). */
  freezeAt(frozenRange: Range | string): void {
    if (typeof frozenRange === 'string') {
      const b = parseBox(frozenRange);
      this.freeze(b.bottom + 1, b.right + 1);
      return;
    }
    this.worksheet.context.enqueue({ method: 'freezePanes.freezeAt' }, () => {
      const b = frozenRange.boxNow().box;
      this.worksheet.sheetNow().ws.views = [{ state: 'frozen', xSplit: b.right + 1, ySplit: b.bottom + 1 }];
    });
  }
  unfreeze(): void {
    this.freeze(0, 0);
  }
}

// ---------------------------------------------------------------------------------------------

interface Bound {
  sheet: PreviewSheet;
  box: CellBox;
}

export interface RangeHyperlink {
  address?: string;
  documentReference?: string;
  screenTip?: string;
  textToDisplay?: string;
}

export class Range extends ClientObject<Bound> {
  protected readonly defaultProps = ['address', 'rowIndex', 'columnIndex', 'rowCount', 'columnCount', 'values', 'numberFormat', 'text'] as const;
  readonly format: RangeFormat;
  readonly conditionalFormats: ConditionalFormatCollection;

  constructor(context: RequestContext, resolver: () => Bound | null, path: string, nullable = false) {
    super(
      context,
      () => {
        const b = resolver();
        if (!b && !nullable) throw itemNotFound(path);
        return b;
      },
      path,
    );
    this.format = new RangeFormat(this);
    this.conditionalFormats = new ConditionalFormatCollection(this);
  }

  protected override checkAlive(b: Bound): void {
    if (b.sheet.deleted) throw itemNotFound(`worksheet ${b.sheet.ws.name}`);
  }

  boxNow(): Bound {
    return this.need();
  }

  protected readProp({ sheet, box }: Bound, name: string): unknown {
    const book = this.context.book;
    const cells = (box.bottom - box.top + 1) * (box.right - box.left + 1);
    if (['values', 'numberFormat', 'text', 'valueTypes'].includes(name) && cells > CELLS_PER_READ_LIMIT) {
      throw new PreviewRichApiError(PREVIEW_ERROR_CODES.rangeExceedsLimit, `The cell count in the range (${cells}) has exceeded the maximum supported number.`);
    }
    switch (name) {
      case 'address':
        return `${quoteSheet(sheet.ws.name)}!${boxAddress(box)}`;
      case 'rowIndex':
        return box.top;
      case 'columnIndex':
        return box.left;
      case 'rowCount':
        return box.bottom - box.top + 1;
      case 'columnCount':
        return box.right - box.left + 1;
      case 'cellCount':
        return (box.bottom - box.top + 1) * (box.right - box.left + 1);
      case 'values':
        return book.readValues(sheet, box);
      case 'numberFormat':
        return book.readFormats(sheet, box);
      case 'valueTypes':
        return book.readValueTypes(sheet, box);
      case 'text':
        return book.readText(sheet, box);
      case 'hyperlink':
        return book.readHyperlink(sheet, box);
      default:
        throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `The preview host does not know Range.${name}`);
    }
  }

  get address(): string {
    return this.prop('address');
  }
  get rowIndex(): number {
    return this.prop('rowIndex');
  }
  get columnIndex(): number {
    return this.prop('columnIndex');
  }
  get rowCount(): number {
    return this.prop('rowCount');
  }
  get columnCount(): number {
    return this.prop('columnCount');
  }
  get cellCount(): number {
    return this.prop('cellCount');
  }
  get text(): string[][] {
    return this.prop('text');
  }
  get values(): (number | string | boolean)[][] {
    return this.prop('values');
  }
  set values(values: unknown[][]) {
    this.act({ set: 'values', value: values }, () => {
      const { sheet, box } = this.need();
      this.context.book.writeValues(sheet, box, values);
    });
  }
  get numberFormat(): string[][] {
    return this.prop('numberFormat');
  }
  get valueTypes(): string[][] {
    return this.prop('valueTypes');
  }
  set numberFormat(formats: unknown[][]) {
    this.act({ set: 'numberFormat', value: formats }, () => {
      const { sheet, box } = this.need();
      this.context.book.writeFormats(sheet, box, formats);
    });
  }
  get hyperlink(): RangeHyperlink | null {
    return this.prop('hyperlink');
  }
  set hyperlink(link: RangeHyperlink | null) {
    this.act({ set: 'hyperlink', value: link }, () => {
      const { sheet, box } = this.need();
      const book = this.context.book;
      book.checkCellsWritable(sheet);
      const linked = sheet.ws as unknown as { previewHyperlinks?: number };
      linked.previewHyperlinks = (linked.previewHyperlinks ?? 0) + 1;
      if (link && linked.previewHyperlinks > HYPERLINKS_PER_SHEET) {
        throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidOperation, `A worksheet holds at most ${HYPERLINKS_PER_SHEET} hyperlinks.`);
      }
      const shown = book.readValues(sheet, box);
      book.eachCell(sheet, box, (cell) => {
        const text = link?.textToDisplay ?? String(shown[Number(cell.row) - 1 - box.top][Number(cell.col) - 1 - box.left]);
        if (!link) cell.value = text === '' ? null : text;
        else cell.value = { text, hyperlink: link.documentReference ?? link.address ?? '', ...(link.screenTip ? { tooltip: link.screenTip } : {}) };
      });
    });
  }

  select(): void {
    this.act({ method: 'select' }, () => {
      const { sheet, box } = this.need();
      if (sheet.ws.state !== 'visible') throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidOperation, 'Cannot select a range on a hidden worksheet.');
      this.context.book.activeSheetId = sheet.id;
      this.context.book.selection = { sheetId: sheet.id, address: boxAddress(box) };
    });
  }

  /** ExcelApi 1.13: the merged areas whose top-left cell lies in this range, at most 512. */
  getMergedAreasOrNullObject(): RangeAreas {
    return new RangeAreas(
      this.context,
      () => {
        const { sheet, box } = this.need();
        const areas = this.context.book
          .merges(sheet)
          .filter((m) => m.top >= box.top && m.top <= box.bottom && m.left >= box.left && m.left <= box.right)
          .sort((a, b) => a.top - b.top || a.left - b.left);
        if (areas.length > 512) throw new PreviewRichApiError(PREVIEW_ERROR_CODES.generalException, 'More than 512 merged areas in the range.');
        return areas.length ? { sheet, areas } : null;
      },
      `${this.path}.getMergedAreasOrNullObject()`,
    );
  }
}

/** Excel keeps at most 65,530 hyperlinks on a worksheet. */
export const HYPERLINKS_PER_SHEET = 65_530;

class RangeAreas extends ClientObject<{ sheet: PreviewSheet; areas: CellBox[] }> {
  protected readonly defaultProps = ['address', 'areaCount'] as const;

  protected readProp(t: { sheet: PreviewSheet; areas: CellBox[] }, name: string): unknown {
    if (name === 'areaCount') return t.areas.length;
    // Excel joins the areas with a comma and a space: "Sheet1!A1:B2, Sheet1!D4:E5".
    if (name === 'address') return t.areas.map((a) => `${quoteSheet(t.sheet.ws.name)}!${boxAddress(a)}`).join(', ');
    throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `The preview host does not know RangeAreas.${name}`);
  }
  get address(): string {
    return this.prop('address');
  }
  get areaCount(): number {
    return this.prop('areaCount');
  }
}

// ---------------------------------------------------------------------------------------------
// Formats. Colours are "#RRGGBB"; column widths are in points, as in Office.js.

const argb = (color: string): string => `FF${color.replace(/^#/, '').toUpperCase()}`;
const cssColor = (argbColor: string | undefined): string | null => (argbColor ? `#${argbColor.slice(-6)}` : null);

/** Excel's column width in characters (Calibri 11: 7 px a character, 5 px padding) from points. */
export const pointsToCharacters = (points: number): number => Math.max(0, Math.round(((points / 0.75 - 5) / 7) * 100) / 100);

class RangeFormat {
  readonly font: RangeFont;
  readonly fill: RangeFill;
  private widthLoaded: number | undefined;

  constructor(readonly range: Range) {
    this.font = new RangeFont(range);
    this.fill = new RangeFill(range);
  }

  set columnWidth(points: number) {
    this.range.context.enqueue({ set: 'format.columnWidth', value: points }, () => {
      const { sheet, box } = this.range.boxNow();
      for (let c = box.left; c <= box.right; c++) sheet.ws.getColumn(c + 1).width = pointsToCharacters(points);
    });
  }
  get columnWidth(): number {
    if (this.widthLoaded === undefined) throw propertyNotLoaded('columnWidth');
    return this.widthLoaded;
  }

  load(option?: LoadOption): this {
    const names = propNames(option, ['columnWidth']);
    this.range.context.enqueue({ load: 'format', select: names }, () => {
      const { sheet, box } = this.range.boxNow();
      const chars = sheet.ws.getColumn(box.left + 1).width ?? 8.43;
      const points = Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
      return { response: { columnWidth: points }, commit: () => (this.widthLoaded = points) };
    });
    return this;
  }
}

class RangeFont {
  private loaded: { bold?: boolean; color?: string | null } = {};
  constructor(private readonly range: Range) {}

  private setStyle(description: string, value: unknown, apply: (font: Partial<ExcelJS.Font>) => Partial<ExcelJS.Font>): void {
    this.range.context.enqueue({ set: `format.font.${description}`, value }, () => {
      const { sheet, box } = this.range.boxNow();
      this.range.context.book.eachCell(sheet, box, (cell) => {
        cell.style = { ...cell.style, font: apply({ ...(cell.style?.font ?? {}) }) };
      });
    });
  }
  set bold(value: boolean) {
    this.setStyle('bold', value, (f) => ({ ...f, bold: value }));
  }
  get bold(): boolean {
    if (this.loaded.bold === undefined) throw propertyNotLoaded('bold');
    return this.loaded.bold;
  }
  set color(value: string) {
    this.setStyle('color', value, (f) => ({ ...f, color: { argb: argb(value) } }));
  }
  get color(): string {
    if (this.loaded.color === undefined) throw propertyNotLoaded('color');
    return this.loaded.color ?? '#000000';
  }

  load(option?: LoadOption): this {
    this.range.context.enqueue({ load: 'format.font', select: propNames(option, ['bold', 'color']) }, () => {
      const { sheet, box } = this.range.boxNow();
      const font = sheet.ws.findCell(box.top + 1, box.left + 1)?.style?.font;
      const values = { bold: font?.bold === true, color: cssColor(font?.color?.argb) };
      return { response: values, commit: () => (this.loaded = values) };
    });
    return this;
  }
}

class RangeFill {
  private loaded: { color?: string | null } = {};
  constructor(private readonly range: Range) {}

  set color(value: string) {
    this.range.context.enqueue({ set: 'format.fill.color', value }, () => {
      const { sheet, box } = this.range.boxNow();
      this.range.context.book.eachCell(sheet, box, (cell) => {
        cell.style = { ...cell.style, fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(value) } } };
      });
    });
  }
  get color(): string | null {
    if (this.loaded.color === undefined) throw propertyNotLoaded('color');
    return this.loaded.color;
  }
  load(option?: LoadOption): this {
    this.range.context.enqueue({ load: 'format.fill', select: propNames(option, ['color']) }, () => {
      const { sheet, box } = this.range.boxNow();
      const fill = sheet.ws.findCell(box.top + 1, box.left + 1)?.style?.fill;
      const color = fill && fill.type === 'pattern' ? cssColor(fill.fgColor?.argb) : null;
      return { response: { color }, commit: () => (this.loaded = { color }) };
    });
    return this;
  }
}

// ---------------------------------------------------------------------------------------------
// Conditional formats (ExcelApi 1.6): cell-value and text-comparison rules with a fill and font colour.

const CELL_VALUE_OPERATORS: Record<string, string> = {
  EqualTo: 'equal',
  NotEqualTo: 'notEqual',
  GreaterThan: 'greaterThan',
  LessThan: 'lessThan',
  GreaterThanOrEqual: 'greaterThanOrEqual',
  LessThanOrEqual: 'lessThanOrEqual',
  Between: 'between',
  NotBetween: 'notBetween',
};

/** The rule as ExcelJS stores it; mutated by later actions of the same request, as Excel does. */
interface RuleModel {
  type: string;
  operator?: string;
  formulae?: string[];
  text?: string;
  priority: number;
  style: { fill?: ExcelJS.Fill; font?: Partial<ExcelJS.Font> };
}

class ConditionalFormatCollection {
  constructor(private readonly range: Range) {}

  add(type: string): ConditionalFormat {
    const rule: RuleModel = { type: type === 'TextComparison' ? 'containsText' : 'cellIs', priority: 1, style: {} };
    if (type !== 'CellValue' && type !== 'TextComparison') {
      throw new PreviewRichApiError(PREVIEW_ERROR_CODES.apiNotFound, `The preview host supports CellValue and TextComparison conditional formats, not ${type}.`);
    }
    this.range.context.enqueue({ method: 'conditionalFormats.add', type }, () => {
      const { sheet, box } = this.range.boxNow();
      const existing = (sheet.ws as unknown as { conditionalFormattings?: { rules: RuleModel[] }[] }).conditionalFormattings ?? [];
      rule.priority = existing.reduce((n, cf) => n + cf.rules.length, 0) + 1;
      sheet.ws.addConditionalFormatting({ ref: boxAddress(box), rules: [rule as unknown as ExcelJS.ConditionalFormattingRule] });
    });
    return new ConditionalFormat(this.range.context, rule, type);
  }
}

class ConditionalFormat {
  readonly cellValue: CellValueConditionalFormat;
  readonly textComparison: TextConditionalFormat;
  constructor(context: RequestContext, rule: RuleModel, readonly type: string) {
    this.cellValue = new CellValueConditionalFormat(context, rule);
    this.textComparison = new TextConditionalFormat(context, rule);
  }
}

class ConditionalRangeFormat {
  readonly fill: { color: string };
  readonly font: { color: string; bold: boolean };
  constructor(context: RequestContext, rule: RuleModel) {
    const queue = (what: string, value: unknown, apply: () => void): void => context.enqueue({ set: `conditionalFormat.${what}`, value }, apply);
    this.fill = {
      set color(c: string) {
        queue('fill.color', c, () => void (rule.style.fill = { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(c) } } as ExcelJS.Fill));
      },
      get color(): string {
        throw propertyNotLoaded('color');
      },
    };
    this.font = {
      set color(c: string) {
        queue('font.color', c, () => void (rule.style.font = { ...rule.style.font, color: { argb: argb(c) } }));
      },
      get color(): string {
        throw propertyNotLoaded('color');
      },
      set bold(b: boolean) {
        queue('font.bold', b, () => void (rule.style.font = { ...rule.style.font, bold: b }));
      },
      get bold(): boolean {
        throw propertyNotLoaded('bold');
      },
    };
  }
}

class CellValueConditionalFormat {
  readonly format: ConditionalRangeFormat;
  constructor(
    private readonly context: RequestContext,
    private readonly model: RuleModel,
  ) {
    this.format = new ConditionalRangeFormat(context, model);
  }
  set rule(rule: { formula1: string; formula2?: string; operator: string }) {
    this.context.enqueue({ set: 'cellValue.rule', value: rule }, () => {
      const op = CELL_VALUE_OPERATORS[rule.operator];
      if (!op) throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `Unknown operator ${rule.operator}`);
      this.model.operator = op;
      this.model.formulae = [rule.formula1, ...(rule.formula2 ? [rule.formula2] : [])].map((f) => f.replace(/^=/, ''));
    });
  }
  get rule(): { formula1: string; operator: string } {
    throw propertyNotLoaded('rule');
  }
}

class TextConditionalFormat {
  readonly format: ConditionalRangeFormat;
  constructor(
    private readonly context: RequestContext,
    private readonly model: RuleModel,
  ) {
    this.format = new ConditionalRangeFormat(context, model);
  }
  set rule(rule: { operator: string; text: string }) {
    this.context.enqueue({ set: 'textComparison.rule', value: rule }, () => {
      const ops: Record<string, string> = { Contains: 'containsText', NotContains: 'notContainsText', BeginsWith: 'beginsWith', EndsWith: 'endsWith' };
      this.model.operator = ops[rule.operator] ?? 'containsText';
      this.model.text = rule.text;
    });
  }
  get rule(): { operator: string; text: string } {
    throw propertyNotLoaded('rule');
  }
}

// ---------------------------------------------------------------------------------------------
// Worksheet custom properties (ExcelApi 1.12): string values under case-insensitive keys of at most
// 255 characters, kept with the sheet in the file.

class WorksheetCustomPropertyCollection {
  constructor(private readonly worksheet: Worksheet) {}

  add(key: string, value: string): void {
    this.worksheet.context.enqueue({ method: 'customProperties.add', key, value }, () => {
      if (!key || key.length > 255) throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `Invalid custom property key: ${key}`);
      this.worksheet.sheetNow().customProperties.set(key.toLowerCase(), { key, value: String(value) });
    });
  }

  getItemOrNullObject(key: string): WorksheetCustomProperty {
    return new WorksheetCustomProperty(
      this.worksheet.context,
      () => this.worksheet.sheetNow().customProperties.get(key.toLowerCase()) ?? null,
      `${key}`,
    );
  }
}

class WorksheetCustomProperty extends ClientObject<{ key: string; value: string }> {
  protected readonly defaultProps = ['key', 'value'] as const;
  protected readProp(t: { key: string; value: string }, name: string): unknown {
    if (name === 'key') return t.key;
    if (name === 'value') return t.value;
    throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `The preview host does not know WorksheetCustomProperty.${name}`);
  }
  get key(): string {
    return this.prop('key');
  }
  get value(): string {
    return this.prop('value');
  }
}

// ---------------------------------------------------------------------------------------------
// Settings (ExcelApi 1.4): per-workbook key/value pairs of the add-in, JSON-serialisable values.

export class SettingCollection {
  constructor(readonly context: RequestContext) {}

  add(key: string, value: unknown): Setting {
    const text = JSON.stringify(value);
    this.context.enqueue({ method: 'settings.add', key, value }, () => {
      this.context.book.settings.set(key, text);
    });
    return new Setting(this.context, () => key, `settings(${key})`);
  }

  getItem(key: string): Setting {
    return new Setting(
      this.context,
      () => {
        if (!this.context.book.settings.has(key)) throw itemNotFound(`setting ${key}`);
        return key;
      },
      `settings.getItem(${key})`,
    );
  }

  getItemOrNullObject(key: string): Setting {
    return new Setting(this.context, () => (this.context.book.settings.has(key) ? key : null), `settings.getItemOrNullObject(${key})`);
  }
}

export class Setting extends ClientObject<string> {
  protected readonly defaultProps = ['key', 'value'] as const;

  protected readProp(key: string, name: string): unknown {
    if (name === 'key') return key;
    if (name === 'value') {
      const text = this.context.book.settings.get(key);
      return text === undefined ? null : JSON.parse(text);
    }
    throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `The preview host does not know Setting.${name}`);
  }
  get key(): string {
    return this.prop('key');
  }
  get value(): unknown {
    return this.prop('value');
  }
  set value(value: unknown) {
    const text = JSON.stringify(value);
    this.act({ set: 'value', value }, () => {
      this.context.book.settings.set(this.need(), text);
    });
  }
  delete(): void {
    this.act({ method: 'delete' }, () => {
      this.context.book.settings.delete(this.need());
    });
  }
}

export { columnName };
