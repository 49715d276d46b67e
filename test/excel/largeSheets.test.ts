// Round trips and payload sizes on large sheets: a 100k-row township sheet is read in a few blocks with
// no request or response over 4 MB, and a response over Excel on the web's 5 MB limit is retried in
// smaller blocks.
import ExcelJS from 'exceljs';
import { largeCountySheets, largeCountyWorkbook } from '../../bench/workbook';
import { createWorkbookHost, DEFAULT_PAYLOAD_BUDGET } from '../../src/excel/workbookHost';
import { PAYLOAD_LIMIT_BYTES } from '../../src/preview/host';
import { previewOf } from '../../src/preview/workbookFile';

jest.setTimeout(180_000);

describe('a 100k-row sheet', () => {
  it('is read in a few syncs, none over 4 MB, and reads what the workbook holds', async () => {
    const options = { townships: 1, rowsPerTownship: 100_000, indicators: 8 };
    const preview = previewOf(largeCountyWorkbook(options), 'large.xlsx');
    const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities });
    const progress: number[] = [];
    const [sheet] = await host.readSheets((p) => progress.push(p.done));

    const expected = largeCountySheets(options)[0];
    expect(sheet.values.length).toBe(expected.values.length);
    expect(sheet.values[expected.values.length - 1]).toEqual(expected.values[expected.values.length - 1]);
    expect(sheet.values[50_000]).toEqual(expected.values[50_000]);

    const { stats } = preview;
    expect(stats.syncs).toBeLessThanOrEqual(12);
    expect(stats.syncs).toBeGreaterThanOrEqual(4); // the sheet does not fit one request: it was split
    expect(stats.largestRequestBytes).toBeLessThanOrEqual(DEFAULT_PAYLOAD_BUDGET);
    expect(stats.largestResponseBytes).toBeLessThanOrEqual(DEFAULT_PAYLOAD_BUDGET);
    expect(progress[progress.length - 1]).toBe(expected.values.length);
  });
});

describe('the payload limit', () => {
  it('a response over 5 MB is retried in smaller blocks', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('长文本');
    const text = '卫生院'.repeat(60); // 540 bytes of UTF-8 a cell: far above the first estimate
    for (let r = 1; r <= 6000; r++) ws.getRow(r).values = [`${r}`, text, text];
    const preview = previewOf(wb, 'long.xlsx');
    const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities });
    const [sheet] = await host.readSheets();

    expect(sheet.values).toHaveLength(6000);
    expect(sheet.values[5999]).toEqual(['6000', text, text]);
    const rejected = preview.stats.requests.filter((r) => r.responseBytes > PAYLOAD_LIMIT_BYTES);
    expect(rejected.length).toBeGreaterThan(0);
    // After the rejection the blocks shrink to fit: a few more syncs, not one per row.
    expect(preview.stats.syncs).toBeLessThan(12);
  });

  it('a write over the budget is split over several syncs, none over 4 MB', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('石门乡').getCell('A1').value = 'x';
    const preview = previewOf(wb, 'w.xlsx');
    const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities });
    const rows = Array.from({ length: 40_000 }, (_, i) => ['警告', '石门乡', `D${i + 2}`, '高血压患者数', `第 ${i} 行：合计行填报 660，但各机构之和为 640（差 20）`]);
    await host.writeResults([
      {
        name: '校验结果',
        kind: 'issues',
        columns: ['级别', '工作表', '单元格', '指标或规则', '说明'].map((header) => ({ header, width: 12, format: 'text' as const })),
        rows,
        links: rows.map((r) => ({ sheet: '石门乡', cell: String(r[2]) })),
        freeze: { rows: 1, columns: 0 },
      },
    ]);
    expect(preview.stats.requests.length).toBeGreaterThan(3);
    expect(preview.stats.largestRequestBytes).toBeLessThanOrEqual(DEFAULT_PAYLOAD_BUDGET);
    const ws2 = preview.book.byName('校验结果')!.ws;
    expect(ws2.getCell('E40001').value).toBe(rows[39_999][4]);
    expect(ws2.getCell('C40001').value).toEqual({ text: 'D40001', hyperlink: "'石门乡'!D40001" });
  });
});
