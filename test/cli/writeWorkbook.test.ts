// The result workbook read back with ExcelJS: sheets, frozen bold header, widths, number formats,
// status colours, links to the source cell, and text that stays text. The package comes from the
// command line's own writer; on real results it must hold what ExcelJS's model of the same sheets holds.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readWithExcelJs, readWorkbookBuffer, readWorkbookFile } from '../../src/cli/readWorkbook';
import {
  cutText,
  linkTarget,
  MAX_CELL_TEXT,
  MAX_LINKS_PER_SHEET,
  resultWorkbook,
  resultWorkbookBytes,
  writeResultWorkbook,
} from '../../src/cli/writeWorkbook';
import { buildResultSheets, catalogSheets, consolidate, STATUS_FILL, statusLabel } from '../../src/engine';
import type { ResultSheet } from '../../src/engine/types';
import { SAMPLE_AS_OF, SAMPLE_COUNTY } from '../../scripts/make-sample';
import { readBack, scratchDir } from './helpers';

const tmp = scratchDir('write');
afterAll(() => tmp.cleanup());

const completion: ResultSheet = {
  name: '完成情况',
  kind: 'completion',
  columns: [
    { header: '指标', width: 20, format: 'text' },
    { header: '实际', width: 10, format: 'number' },
    { header: '完成率', width: 10, format: 'percent' },
    { header: '人数', width: 10, format: 'integer' },
    { header: '费用（万元）', width: 12, format: 'decimal2' },
    { header: '状态', width: 10, format: 'text' },
  ],
  rows: [
    ['增补叶酸人数（人）', 1830, 0.915, 1830, 12.5, statusLabel('lagging', 'zh-CN')],
    ['个人自付比例（%）', 28.25, 1.062, null, null, statusLabel('met', 'zh-CN')],
    ['白内障复明手术例数（例）', 135, 0.675, 135, 3, statusLabel('unmet', 'zh-CN')],
  ],
  statusColumn: 5,
  boldRows: [2],
  freeze: { rows: 1, columns: 1 },
};

const issues: ResultSheet = {
  name: '校验结果',
  kind: 'issues',
  columns: [
    { header: '级别', width: 6, format: 'text' },
    { header: '工作表', width: 10, format: 'text' },
    { header: '单元格', width: 8, format: 'text' },
    { header: '说明', width: 60, format: 'text' },
  ],
  rows: [
    ['错误', "石门乡's", 'D7', '=SUM(D4:D6)'],
    ['警告', '白沙镇', 'B8', '+86 0739 5221234'],
    ['提示', null, null, '-'],
    ['警告', '桃源乡', 'C5', '@机构'],
  ],
  links: [{ sheet: "石门乡's", cell: 'D7' }, { sheet: '白沙镇', cell: 'B8' }, null, { sheet: '桃源乡', cell: 'C5' }],
  freeze: { rows: 1, columns: 0 },
};

describe('writeResultWorkbook', () => {
  let wb: ExcelJS.Workbook;

  beforeAll(async () => {
    const file = tmp.file('result.xlsx');
    await writeResultWorkbook([completion, issues], file, {
      linkFile: (sheet, row) => (sheet.kind === 'issues' && row !== 3 ? 'reports/石门乡.xlsx' : null),
    });
    wb = await readBack(file);
  });

  it('writes the sheets in order', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['完成情况', '校验结果']);
  });

  it('freezes a bold header row and sets column widths', () => {
    const ws = wb.getWorksheet('完成情况')!;
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 1 });
    expect(ws.getRow(1).values).toEqual([undefined, '指标', '实际', '完成率', '人数', '费用（万元）', '状态']);
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getColumn(1).width).toBe(20);
    expect(ws.getColumn(4).width).toBe(10);
    expect(wb.getWorksheet('校验结果')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('formats numbers per column: percent, integer, 2 decimals, number', () => {
    const ws = wb.getWorksheet('完成情况')!;
    expect(ws.getCell('C2').numFmt).toBe('0.00%');
    expect(ws.getCell('C2').value).toBe(0.915);
    expect(ws.getCell('D2').numFmt).toBe('#,##0');
    expect(ws.getCell('E2').numFmt).toBe('0.00');
    expect(ws.getCell('B3').numFmt).toBe('#,##0.##');
    expect(ws.getCell('B3').value).toBe(28.25);
    // A whole number in a 'number' column shows without a trailing point.
    expect(ws.getCell('B2').numFmt).toBe('#,##0');
  });

  it('gives the header a grey fill, wrapped and centred, and an autofilter', () => {
    const ws = wb.getWorksheet('完成情况')!;
    const a1 = ws.getCell('A1');
    expect((a1.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFF2F2F2');
    expect(a1.alignment).toMatchObject({ vertical: 'middle', wrapText: true });
    expect(a1.numFmt).toBe('@');
    expect(ws.autoFilter).toBe('A1:F1');
    expect(wb.getWorksheet('校验结果')!.autoFilter).toBe('A1:D1');
  });

  it('colours status cells and bolds the emphasised rows', () => {
    const ws = wb.getWorksheet('完成情况')!;
    const fill = (a1: string) => (ws.getCell(a1).fill as ExcelJS.FillPattern).fgColor?.argb;
    expect(fill('F2')).toBe(`FF${STATUS_FILL.lagging}`);
    expect(fill('F3')).toBe(`FF${STATUS_FILL.met}`);
    expect(fill('F4')).toBe(`FF${STATUS_FILL.unmet}`);
    expect(ws.getCell('A4').font?.bold).toBe(true);
    expect(ws.getCell('A2').font?.bold).toBeFalsy();
  });

  it('links 校验结果 rows to the cell in the source file', () => {
    const ws = wb.getWorksheet('校验结果')!;
    expect(ws.getCell('C2').value).toEqual({ text: 'D7', hyperlink: "reports/石门乡.xlsx#'石门乡''s'!D7" });
    expect(ws.getCell('C3').value).toEqual({ text: 'B8', hyperlink: "reports/石门乡.xlsx#'白沙镇'!B8" });
    // No link without a cell, nor where the source file is not known.
    expect(ws.getCell('C4').value).toBeNull();
    expect(ws.getCell('C5').value).toBe('C5');
  });

  it('writes texts beginning with = + - @ as text, never as formulas', () => {
    const ws = wb.getWorksheet('校验结果')!;
    for (const [a1, text] of [
      ['D2', '=SUM(D4:D6)'],
      ['D3', '+86 0739 5221234'],
      ['D4', '-'],
      ['D5', '@机构'],
    ]) {
      const cell = ws.getCell(a1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(text);
      expect(cell.formula).toBeUndefined();
    }
  });
});

/** What ExcelJS reads of a cell, as far as a reader of the result sees it. */
function seen(cell: ExcelJS.Cell) {
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  return {
    value: cell.value,
    type: cell.type,
    numFmt: cell.numFmt ?? null,
    bold: Boolean(cell.font?.bold),
    underline: Boolean(cell.font?.underline),
    colour: cell.font?.color?.argb ?? null,
    fill: fill?.type === 'pattern' && fill.pattern === 'solid' ? (fill.fgColor?.argb ?? null) : null,
    wrap: Boolean(cell.alignment?.wrapText),
  };
}

/** Every cell, width, view and filter of a workbook as ExcelJS reads it. */
function contents(wb: ExcelJS.Workbook) {
  return wb.worksheets.map((ws) => {
    const cells: Record<string, ReturnType<typeof seen>> = {};
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells[cell.address] = seen(cell);
      }),
    );
    const view = ws.views[0] ?? {};
    return {
      name: ws.name,
      frozen: { state: view.state, xSplit: (view as ExcelJS.WorksheetViewFrozen).xSplit ?? 0, ySplit: (view as ExcelJS.WorksheetViewFrozen).ySplit ?? 0 },
      widths: Array.from({ length: ws.columnCount }, (_v, c) => ws.getColumn(c + 1).width),
      autoFilter: ws.autoFilter ?? null,
      cells,
    };
  });
}

describe('the written package holds what ExcelJS would write of the same sheets', () => {
  const cases: [string, () => Promise<ResultSheet[]>][] = [
    ['the sample county, zh-CN', async () => buildResultSheets(consolidate(await readWorkbookFile(SAMPLE_COUNTY), { asOf: SAMPLE_AS_OF }), 'zh-CN')],
    ['the sample county, English', async () => buildResultSheets(consolidate(await readWorkbookFile(SAMPLE_COUNTY), { asOf: SAMPLE_AS_OF, lang: 'en' }), 'en')],
    ['the catalog', async () => catalogSheets('zh-CN')],
    ['hand-made sheets with links and awkward texts', async () => [completion, issues]],
  ];
  const linkFile = (sheet: ResultSheet): string | null => (sheet.kind === 'issues' ? 'in/sample-county.xlsx' : null);

  it.each(cases)('%s', async (_name, make) => {
    const sheets = await make();
    expect(sheets.some((s) => s.rows.length > 0)).toBe(true);
    const own = await new ExcelJS.Workbook().xlsx.load(resultWorkbookBytes(sheets, { linkFile }) as unknown as ExcelJS.Buffer);
    const reference = await new ExcelJS.Workbook().xlsx.load(
      (await resultWorkbook(sheets, { linkFile }).xlsx.writeBuffer()) as ExcelJS.Buffer,
    );
    const ownContents = contents(own);
    expect(ownContents).toEqual(contents(reference));
    // Not empty on both sides alike: the rows are there.
    expect(Object.keys(ownContents[0].cells).length).toBeGreaterThan(sheets[0].columns.length);
  });

  it('the fast reader and ExcelJS read the written package alike', async () => {
    const result = consolidate(await readWorkbookFile(SAMPLE_COUNTY), { asOf: SAMPLE_AS_OF });
    const bytes = resultWorkbookBytes(buildResultSheets(result, 'zh-CN'), { linkFile });
    const fast = await readWorkbookBuffer(bytes, 'result.xlsx');
    const full = await readWithExcelJs(bytes, 'result.xlsx');
    expect(fast.map((s) => s.name)).toEqual(['县级汇总', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
    expect(fast.map((s) => s.values)).toEqual(full.map((s) => s.values));
    expect(fast.map((s) => s.numberFormats)).toEqual(full.map((s) => s.numberFormats));
  });
});

describe('linkTarget', () => {
  it.each([
    ['石门乡.xlsx', { sheet: '石门乡', cell: 'D7' }, "石门乡.xlsx#'石门乡'!D7"],
    ['../in/a b.xlsx', { sheet: "O'Brien", cell: 'A7:K7' }, "../in/a b.xlsx#'O''Brien'!A7"],
  ])('%s %o → %s', (file, ref, expected) => {
    expect(linkTarget(file, ref)).toBe(expected);
  });
});

describe("Excel's limits", () => {
  /** A 校验结果 of n issues, every one with a cell and so a link. */
  function manyIssues(n: number): ResultSheet {
    const rows: (string | null)[][] = new Array(n);
    const links: { sheet: string; cell: string }[] = new Array(n);
    for (let r = 0; r < n; r++) {
      const cell = `D${(r % 5000) + 3}`;
      rows[r] = ['错误', `乡镇${r % 40}`, cell, `占位符“XX”不是数值，请填写实际数字；未计入汇总 #${r}`];
      links[r] = { sheet: `乡镇${r % 40}`, cell };
    }
    return { ...issues, rows, links };
  }

  it('writes a result of 130,000 issues: links on the first 65,530 rows, a note saying the rest have none', async () => {
    const n = 130_000;
    const file = tmp.file('large.xlsx');
    const report = await writeResultWorkbook([manyIssues(n)], file, { linkFile: () => '县报表.xlsx' });
    expect(report.linksLeftOut.get('校验结果')).toBe(n - MAX_LINKS_PER_SHEET);

    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(file);
    const zip = await JSZip.loadAsync(bytes);
    const sheetXml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    const rels = await zip.file('xl/worksheets/_rels/sheet1.xml.rels')!.async('string');
    expect(sheetXml.match(/<hyperlink /g)).toHaveLength(MAX_LINKS_PER_SHEET);
    expect(rels.match(/<Relationship /g)).toHaveLength(MAX_LINKS_PER_SHEET);
    // The last link is on Excel row 65,531 (the header is row 1); none after it.
    expect(sheetXml).toContain(`<hyperlink ref="C${MAX_LINKS_PER_SHEET + 1}" `);
    expect(sheetXml).not.toContain(`<hyperlink ref="C${MAX_LINKS_PER_SHEET + 2}" `);

    const [sheet] = await readWorkbookBuffer(bytes, 'large.xlsx');
    // Header, every issue, a blank row, the note.
    expect(sheet.values).toHaveLength(n + 3);
    expect(sheet.values[n][3]).toBe(`占位符“XX”不是数值，请填写实际数字；未计入汇总 #${n - 1}`);
    expect(sheet.values[n + 1]).toEqual([]);
    expect(String(sheet.values[n + 2][0])).toContain('第 65,531 行之后的问题没有链接');
  }, 60_000);

  it('cuts a text longer than a cell holds, says where, and never splits a character', async () => {
    const long = `${'统'.repeat(MAX_CELL_TEXT - 1)}😀tail`;
    const sheet: ResultSheet = { ...issues, rows: [['错误', '石门乡', 'D7', long]], links: [null] };
    const file = tmp.file('long-text.xlsx');
    const report = await writeResultWorkbook([sheet], file, { lang: 'en' });
    expect(report.cutCells).toEqual(['校验结果!D2']);
    const [read] = await readWorkbookFile(file);
    const text = read.values[1][3] as string;
    // The emoji's two halves would straddle the limit: the cut comes before it.
    expect(text).toBe('统'.repeat(MAX_CELL_TEXT - 1));
    expect(cutText('abc', 2)).toBe('ab');
    expect(cutText('short')).toBe('short');
    // Texts within the limit are written whole.
    expect(cutText('统'.repeat(MAX_CELL_TEXT))).toHaveLength(MAX_CELL_TEXT);
  });

  it('the ExcelJS reference applies the same limits', () => {
    const sheet = manyIssues(MAX_LINKS_PER_SHEET + 2);
    const wb = resultWorkbook([sheet], { linkFile: () => 'a.xlsx', lang: 'en' });
    const ws = wb.getWorksheet('校验结果')!;
    expect((ws.getCell(`C${MAX_LINKS_PER_SHEET + 1}`).value as ExcelJS.CellHyperlinkValue).hyperlink).toBe("a.xlsx#'乡镇9'!D532");
    expect(ws.getCell(`C${MAX_LINKS_PER_SHEET + 2}`).value).toBe('D533');
    expect(String(ws.getCell(`A${MAX_LINKS_PER_SHEET + 5}`).value)).toMatch(/^Note: Excel holds at most 65,530 links per sheet/);
  });
});
