// Workbooks for the by-hand checks in real Excel (docs/excel-checklist.md), made on demand into
// samples/checklist/ (not checked in; the large one is several MB):
//   merged-names.xlsx  one township sheet of 600 facilities whose names are merged across A:B
//   large-import.xlsx  a township file whose base64 exceeds Excel on the web's 5 MB request
//   date1904.xlsx      a township sheet on the 1904 date system, with a cell that reads "#N/A" as text
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';

export const CHECKLIST_DIR = path.join(__dirname, '../samples/checklist');

function township(wb: ExcelJS.Workbook, name: string, facilities: number, mergedNames: boolean): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  ws.getRow(1).values = ['机构名称', '', '高血压患者数（人）', '高血压规范管理人数（人）', '2型糖尿病患者数（人）'];
  ws.mergeCells(1, 1, 1, 2);
  for (let i = 0; i < facilities; i++) {
    ws.getRow(i + 2).values = [`${name}第${i + 1}村卫生室`, null, 40 + (i % 17), 30 + (i % 11), 10 + (i % 7)];
    if (mergedNames) ws.mergeCells(i + 2, 1, i + 2, 2);
  }
  return ws;
}

export async function makeChecklistWorkbooks(dir = CHECKLIST_DIR): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];

  const merged = new ExcelJS.Workbook();
  township(merged, '石门乡', 600, true);
  written.push(path.join(dir, 'merged-names.xlsx'));
  await merged.xlsx.writeFile(written[written.length - 1]);

  // Random text hardly compresses: the file stays over 3.75 MB inside its zip (5 MB once in base64).
  const large = new ExcelJS.Workbook();
  const ws = township(large, '城关镇', 60_000, false);
  for (let r = 2; r <= 60_001; r++) ws.getCell(r, 6).value = randomBytes(66).toString('base64');
  written.push(path.join(dir, 'large-import.xlsx'));
  await large.xlsx.writeFile(written[written.length - 1]);

  const old = new ExcelJS.Workbook();
  old.properties.date1904 = true;
  const dated = township(old, '南山乡', 3, false);
  dated.getCell('G1').value = '填报日期';
  dated.getCell('H1').value = new Date(Date.UTC(2024, 5, 30));
  dated.getCell('H1').numFmt = 'yyyy-mm-dd';
  dated.getCell('F2').value = '#N/A';
  written.push(path.join(dir, 'date1904.xlsx'));
  await old.xlsx.writeFile(written[written.length - 1]);
  return written;
}

if (require.main === module) {
  void makeChecklistWorkbooks().then((files) => {
    for (const f of files) console.log(f);
  });
}
