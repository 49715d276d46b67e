// Opens an .xlsx (ArrayBuffer) into the in-browser preview host and saves it back (下载工作簿). The add-in's
// workbook settings travel inside the file in a very hidden sheet, read and removed again on open, so a
// downloaded workbook remembers which result sheets the add-in created.
import ExcelJS from 'exceljs';
import type { HostCapabilities } from '../excel/host';
import { createPreviewExcel, PreviewBook, PreviewHostState, type PreviewStats } from './host';
import { setOrder } from './host/model';
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
  /** Inserts every sheet of each file, as Workbook.insertWorksheetsFromBase64 does; returns the new sheet names. */
  importFiles(files: { name: string; data: ArrayBuffer }[]): Promise<string[]>;
  /** The workbook as it now stands, as .xlsx. */
  save(): Promise<ArrayBuffer>;
}

function bytesToBase64(data: ArrayBuffer): string {
  const bytes = new Uint8Array(data);
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

function toArrayBuffer(data: ArrayBuffer | Uint8Array): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  return data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
}

/** Row key of the sheet ids beside the settings (not a setting itself). */
const SHEET_IDS_KEY = '#preview.sheetIds';

function takeSettings(wb: ExcelJS.Workbook): { settings: Map<string, string>; ids: Map<string, string> } {
  const settings = new Map<string, string>();
  let ids = new Map<string, string>();
  const ws = wb.getWorksheet(PREVIEW_SETTINGS_SHEET);
  if (!ws) return { settings, ids };
  ws.eachRow((row) => {
    const key = row.getCell(1).value;
    const value = row.getCell(2).value;
    if (typeof key !== 'string' || typeof value !== 'string') return;
    if (key === SHEET_IDS_KEY) ids = new Map(JSON.parse(value) as [string, string][]);
    else settings.set(key, value);
  });
  wb.removeWorksheet(ws.id);
  return { settings, ids };
}

export async function openPreviewWorkbook(data: ArrayBuffer, name: string): Promise<PreviewWorkbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data);
  return previewOf(wb, name);
}

/** A workbook already in memory (a benchmark's or a test's) in the preview host, without a file round trip. */
export function previewOf(wb: ExcelJS.Workbook, name: string): PreviewWorkbook {
  const { settings, ids } = takeSettings(wb);
  const book = new PreviewBook(wb, ids);
  for (const [k, v] of settings) book.settings.set(k, v);
  const host = new PreviewHostState(book);
  const excel = createPreviewExcel(host);
  return {
    name,
    excel: excel as unknown as typeof Excel,
    capabilities: { insertWorksheetsFromBase64: true, mergedAreas: true },
    stats: host.stats,
    faults: host,
    book,
    async importFiles(files) {
      return excel.run(async (context) => {
        const results = files.map((f) => context.workbook.insertWorksheetsFromBase64(bytesToBase64(f.data)));
        await context.sync();
        return results.flatMap((r) => r.value);
      });
    },
    async save() {
      const live = book.live();
      live.forEach((s, i) => setOrder(s.ws, i + 1));
      const active = Math.max(0, live.findIndex((s) => s.id === book.activeSheetId));
      const views = wb.views?.length ? wb.views : [{ x: 0, y: 0, width: 10000, height: 20000, visibility: 'visible' }];
      wb.views = views.map((v) => ({ ...v, activeTab: active, firstSheet: 0 })) as ExcelJS.WorkbookView[];
      let extra: ExcelJS.Worksheet | null = null;
      if (book.settings.size) {
        extra = wb.addWorksheet(PREVIEW_SETTINGS_SHEET, { state: 'veryHidden' });
        setOrder(extra, live.length + 1);
        for (const [k, v] of book.settings) extra.addRow([k, v]);
        extra.addRow([SHEET_IDS_KEY, JSON.stringify(live.map((s) => [s.ws.name, s.id]))]);
      }
      try {
        return toArrayBuffer((await wb.xlsx.writeBuffer()) as ArrayBuffer | Uint8Array);
      } finally {
        if (extra) wb.removeWorksheet(extra.id);
      }
    },
  };
}
