// Workbooks for the adapter tests, made with ExcelJS the way townships send them: a merged title, a
// two-row merged header, facility rows, a 合计 row, a date and an error value; plus helpers that open a
// workbook in the preview host.
import ExcelJS from 'exceljs';
import { createWorkbookHost } from '../../src/excel/workbookHost';
import type { WorkbookHost } from '../../src/excel/host';
import { openPreviewWorkbook, type PreviewWorkbook } from '../../src/preview/workbookFile';

export interface Township {
  name: string;
  facilities: [string, number, number, number][]; // name, 高血压患者数, 高血压规范管理人数, 2型糖尿病患者数
}

export function addTownshipSheet(wb: ExcelJS.Workbook, t: Township): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(t.name);
  ws.getCell('A1').value = `${t.name}基本公共卫生服务项目进度表`;
  ws.mergeCells('A1:E1');
  ws.getCell('A2').value = '填报日期';
  ws.getCell('B2').value = new Date(Date.UTC(2024, 5, 30));
  ws.getCell('B2').numFmt = 'yyyy-mm-dd';
  ws.getCell('A3').value = '机构名称';
  ws.mergeCells('A3:A4');
  ws.getCell('B3').value = '高血压患者健康管理';
  ws.mergeCells('B3:C3');
  ws.getCell('B4').value = '高血压患者数（人）';
  ws.getCell('C4').value = '高血压规范管理人数（人）';
  ws.getCell('D3').value = '2型糖尿病患者数（人）';
  ws.mergeCells('D3:D4');
  let r = 5;
  for (const [name, htn, std, dm] of t.facilities) {
    ws.getRow(r).values = [name, htn, std, dm];
    r++;
  }
  const sum = (k: 1 | 2 | 3): number => t.facilities.reduce((n, f) => n + f[k], 0);
  ws.getRow(r).values = ['合计', sum(1), sum(2), sum(3)];
  return ws;
}

export const TOWNSHIPS: Township[] = [
  {
    name: '石门乡',
    facilities: [
      ['石门乡卫生院', 820, 610, 300],
      ['上湾村卫生室', 45, 50, 12], // 规范管理 > 患者数: a rule fails
      ['下湾村卫生室', 38, 30, 9],
    ],
  },
  {
    name: '城关镇',
    facilities: [
      ['城关镇社区卫生服务中心', 1500, 1200, 640],
      ['东街村卫生室', 60, 41, 20],
    ],
  },
];

export async function townshipWorkbook(extra?: (wb: ExcelJS.Workbook) => void): Promise<ArrayBuffer> {
  const wb = new ExcelJS.Workbook();
  for (const t of TOWNSHIPS) addTownshipSheet(wb, t);
  const ws = wb.getWorksheet('城关镇')!;
  ws.getCell('D6').value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
  extra?.(wb);
  return toArrayBuffer(await wb.xlsx.writeBuffer());
}

export function toArrayBuffer(data: ArrayBuffer | Uint8Array | Buffer): ArrayBuffer {
  if (data instanceof ArrayBuffer) return data;
  const u8 = data as Uint8Array;
  return u8.buffer.slice(u8.byteOffset, u8.byteOffset + u8.byteLength) as ArrayBuffer;
}

export interface Opened {
  preview: PreviewWorkbook;
  host: WorkbookHost;
}

export async function openInPreview(data: ArrayBuffer, name = 'county.xlsx'): Promise<Opened> {
  const preview = await openPreviewWorkbook(data, name);
  const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities, suspendCalculation: true, sleep: async () => {} });
  return { preview, host };
}
