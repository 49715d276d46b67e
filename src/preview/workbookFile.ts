// Opens an .xlsx (ArrayBuffer) into the in-browser preview host and saves it back (下载工作簿). The add-in's
// workbook settings and its sheets' custom properties travel inside the file in a very hidden sheet, read
// and removed again on open, so a downloaded workbook remembers which result sheets the add-in created.
// Sheet ids are saved too but, as in Excel, not promised back: by default a reopened book has new ids.
// Charts the add-in made are written into the file (chartsInFile.ts); a file's own charts are not read.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { HostCapabilities } from '../excel/host';
import { withCharts } from './chartsInFile';
import { createPreviewExcel, PreviewBook, PreviewHostState, type PreviewStats } from './host';
import { setOrder, type SheetIdsOnOpen } from './host/model';
import type { PreviewFaults } from './host/context';

export const PREVIEW_SETTINGS_SHEET = '__addinSettings';

export interface PreviewWorkbook {
  /** The file name the workbook was opened from. */
  readonly name: string;
  /** The Excel namespace to hand to createWorkbookHost(excel, { capabilities }). */
  readonly excel: typeof Excel;
  /** What the preview host implements: everything the adapter uses. */
  readonly capabilities: HostCapabilities;
  /** Round trips and payload sizes so far. */
  readonly stats: PreviewStats;
  /** Host faults for tests and demos (cell-edit mode, payload limit…). */
  readonly faults: PreviewFaults;
  /** The workbook model behind the host (for tests and the download). */
  readonly book: PreviewBook;
  /**
   * The workbook as it now stands, as .xlsx; with addinState false, without the add-in's settings and
   * marks (a workbook made to be sent on, such as a township's feedback).
   */
  save(options?: { addinState?: boolean }): Promise<ArrayBuffer>;
}

function toArrayBuffer(data: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

/** Row keys of the sheet ids and custom properties beside the settings (not settings themselves). */
const SHEET_IDS_KEY = '#preview.sheetIds';
const CUSTOM_PROPERTIES_KEY = '#preview.customProperties';

interface Kept {
  settings: Map<string, string>;
  ids: Map<string, string>;
  customProperties: Map<string, [string, string][]>;
}

function takeSettings(wb: ExcelJS.Workbook): Kept {
  const kept: Kept = { settings: new Map(), ids: new Map(), customProperties: new Map() };
  const ws = wb.getWorksheet(PREVIEW_SETTINGS_SHEET);
  if (!ws) return kept;
  ws.eachRow((row) => {
    const key = row.getCell(1).value;
    const value = row.getCell(2).value;
    if (typeof key !== 'string' || typeof value !== 'string') return;
    if (key === SHEET_IDS_KEY) kept.ids = new Map(JSON.parse(value) as [string, string][]);
    else if (key === CUSTOM_PROPERTIES_KEY) kept.customProperties = new Map(JSON.parse(value) as [string, [string, string][]][]);
    else kept.settings.set(key, value);
  });
  wb.removeWorksheet(ws.id);
  return kept;
}

export interface PreviewOpenOptions {
  /** What becomes of the sheet ids saved with the file: 'regenerated' (default, as Excel may) or 'kept'. */
  sheetIds?: SheetIdsOnOpen;
}

export async function openPreviewWorkbook(data: ArrayBuffer, name: string, options: PreviewOpenOptions = {}): Promise<PreviewWorkbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
  return previewOf(wb, name, options);
}

/** A workbook already in memory (a benchmark's or a test's) in the preview host, without a file round trip. */
export function previewOf(wb: ExcelJS.Workbook, name: string, options: PreviewOpenOptions = {}): PreviewWorkbook {
  const { settings, ids, customProperties } = takeSettings(wb);
  const book = new PreviewBook(wb, ids, options.sheetIds ?? 'regenerated', customProperties);
  for (const [k, v] of settings) book.settings.set(k, v);
  const host = new PreviewHostState(book);
  const excel = createPreviewExcel(host);
  return {
    name,
    excel: excel as unknown as typeof Excel,
    capabilities: { insertWorksheetsFromBase64: true, mergedAreas: true, customProperties: true },
    stats: host.stats,
    faults: host,
    book,
    async save({ addinState = true } = {}) {
      const live = book.live();
      live.forEach((s, i) => setOrder(s.ws, i + 1));
      const active = Math.max(0, live.findIndex((s) => s.id === book.activeSheetId));
      const views = wb.views?.length ? wb.views : [{ x: 0, y: 0, width: 10000, height: 20000, visibility: 'visible' }];
      wb.views = views.map((v) => ({ ...v, activeTab: active, firstSheet: 0 })) as ExcelJS.WorkbookView[];
      let extra: ExcelJS.Worksheet | null = null;
      const props = live.filter((s) => s.customProperties.size > 0).map((s) => [s.ws.name, [...s.customProperties.values()].map((p) => [p.key, p.value])]);
      if (addinState && (book.settings.size || props.length)) {
        extra = wb.addWorksheet(PREVIEW_SETTINGS_SHEET, { state: 'veryHidden' });
        setOrder(extra, live.length + 1);
        for (const [k, v] of book.settings) extra.addRow([k, v]);
        extra.addRow([SHEET_IDS_KEY, JSON.stringify(live.map((s) => [s.ws.name, s.id]))]);
        if (props.length) extra.addRow([CUSTOM_PROPERTIES_KEY, JSON.stringify(props)]);
      }
      try {
        // ExcelJS writes no charts, and writes a link to a cell of the workbook as an external one: the
        // links are made locations within the workbook, and the sheets' charts are added to what it wrote.
        return await withCharts(await linksWithinWorkbook(toArrayBuffer((await wb.xlsx.writeBuffer()) as ArrayBuffer | Uint8Array)), book);
      } finally {
        if (extra) wb.removeWorksheet(extra.id);
      }
    },
  };
}

/**
 * ExcelJS writes a link to a cell of the workbook (校验结果's 单元格) both as a location and as an
 * external relationship whose target is the same text; Excel follows the relationship, looks for a file
 * named 'Sheet'!D7 and fails. The relationship goes, the location stays: the link opens the cell.
 */
export async function linksWithinWorkbook(data: ArrayBuffer): Promise<ArrayBuffer> {
  const zip = await JSZip.loadAsync(data);
  let changed = false;
  for (const path of Object.keys(zip.files).filter((p) => /^xl\/worksheets\/[^/]+\.xml$/.test(p))) {
    const relsPath = path.replace(/^xl\/worksheets\//, 'xl/worksheets/_rels/') + '.rels';
    const relsFile = zip.file(relsPath);
    if (!relsFile) continue;
    const relsText = await relsFile.async('string');
    const external = new Set([...relsText.matchAll(/<Relationship\b[^>]*\/>/g)].filter((m) => /\sTargetMode="External"/.test(m[0])).map((m) => /\sId="([^"]+)"/.exec(m[0])?.[1]));
    const dropped = new Set<string>();
    const sheet = (await zip.file(path)!.async('string')).replace(/<hyperlink\b[^>]*>/g, (tag) => {
      const id = /\sr:id="([^"]+)"/.exec(tag)?.[1];
      if (!id || !external.has(id) || !/\slocation="/.test(tag)) return tag;
      dropped.add(id);
      return tag.replace(/\sr:id="[^"]+"/, '');
    });
    if (dropped.size === 0) continue;
    const rels = relsText.replace(/<Relationship\b[^>]*\/>/g, (rel) => (dropped.has(/\sId="([^"]+)"/.exec(rel)?.[1] ?? '') ? '' : rel));
    zip.file(path, sheet);
    zip.file(relsPath, rels);
    changed = true;
  }
  return changed ? zip.generateAsync({ type: 'arraybuffer', compression: 'DEFLATE' }) : data;
}
