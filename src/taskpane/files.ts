// Reading files the user picked, in the browser: as bytes, or as the base64 .xlsx that 导入乡镇文件 hands to
// Excel. A township file that is not .xlsx (.xls, WPS .et, .csv, .ods, .xlsb, HTML or SpreadsheetML 2003
// saved as .xls) is converted to .xlsx here first, with SheetJS loaded only then (a chunk of its own, never
// part of the pane's start-up bundle).
import { WorkbookFormatError } from '../formats/reasons';
import { readWithSheetJs, type SheetJs } from '../formats/sheetjs';
import { sniffWorkbook } from '../formats/sniff';

function read<T>(file: Blob, how: (r: FileReader) => void, take: (r: FileReader) => T): Promise<T> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(take(reader));
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed'));
    how(reader);
  });
}

export function fileToArrayBuffer(file: Blob): Promise<ArrayBuffer> {
  return read(
    file,
    (r) => r.readAsArrayBuffer(file),
    (r) => r.result as ArrayBuffer,
  );
}

function bytesToBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

let sheetJs: Promise<SheetJs> | null = null;

/** SheetJS with its code pages (old .xls files in GBK need them), fetched once, on first need. */
function loadSheetJs(): Promise<SheetJs> {
  sheetJs ??= Promise.all([
    import(/* webpackChunkName: "sheetjs" */ '@e965/xlsx'),
    import(/* webpackChunkName: "sheetjs" */ '@e965/xlsx/dist/cpexcel'),
  ]).then(([XLSX, cptable]) => {
    XLSX.set_cptable(cptable);
    return XLSX as SheetJs;
  });
  // A failed download may succeed on the next import.
  sheetJs.catch(() => (sheetJs = null));
  return sheetJs;
}

/**
 * A township file as Excel can insert it: an .xlsx as it is, any other format read by its content and
 * written again as .xlsx (sheet names, values, number formats, merges and hidden sheets kept).
 * @throws WorkbookFormatError for an empty, password-protected, unknown, damaged or oversized file.
 */
export async function fileForImport(file: File): Promise<{ name: string; base64: string }> {
  const bytes = new Uint8Array(await fileToArrayBuffer(file));
  const kind = sniffWorkbook(bytes, file.name);
  switch (kind) {
    case 'xlsx':
      return { name: file.name, base64: bytesToBase64(bytes) };
    case 'empty':
    case 'encrypted':
      throw new WorkbookFormatError(file.name, kind);
    case 'unknown':
      throw new WorkbookFormatError(file.name, 'not-xlsx');
    default:
      break;
  }
  const XLSX = await loadSheetJs();
  const workbook = readWithSheetJs(XLSX, bytes, file.name, kind);
  try {
    return { name: file.name, base64: XLSX.write(workbook, { type: 'base64', bookType: 'xlsx', compression: true }) as string };
  } catch (e) {
    throw new WorkbookFormatError(file.name, 'corrupt', e instanceof Error ? e.message : String(e));
  }
}
