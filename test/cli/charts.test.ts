// The chart in 完成情况 as the command line writes it: DrawingML parts that refer to the sheet's own
// cells holding the lagging indicators' township 完成率 and 序时进度, with the same values cached, in
// the element order the schema gives, opened by openpyxl and by ExcelJS.
import { writeFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readWorkbookFile } from '../../src/cli/readWorkbook';
import { resultWorkbookBytes } from '../../src/cli/writeWorkbook';
import { buildResultSheets, consolidate, statusLabel } from '../../src/engine';
import type { ResultSheet } from '../../src/engine/types';
import { SAMPLE_AS_OF, SAMPLE_COUNTY } from '../../scripts/make-sample';
import { chartsIn, openpyxlCharts, parseRef } from '../helpers/charts';
import { scratchDir } from './helpers';

const tmp = scratchDir('charts');
afterAll(() => tmp.cleanup());

let sheets: ResultSheet[];
beforeAll(async () => {
  sheets = buildResultSheets(consolidate(await readWorkbookFile(SAMPLE_COUNTY), { asOf: SAMPLE_AS_OF }), 'zh-CN');
});

/** The cells of ref as ExcelJS reads them back. */
function cellsOf(wb: ExcelJS.Workbook, ref: string): ExcelJS.CellValue[] {
  const box = parseRef(ref);
  const ws = wb.getWorksheet(box.sheet)!;
  const out: ExcelJS.CellValue[] = [];
  for (let r = box.top; r <= box.bottom; r++) for (let c = box.left; c <= box.right; c++) out.push(ws.getCell(r + 1, c + 1).value);
  return out;
}

/** True when the elements named appear in xml in this order (each first occurrence after the one before). */
function inOrder(xml: string, names: string[]): boolean {
  const at = names.map((n) => xml.search(new RegExp(`<c:${n}[ />]`)));
  return at.every((i) => i >= 0) && at.every((i, k) => k === 0 || i > at[k - 1]);
}

describe('完成情况 chart in the result workbook', () => {
  test('a bar chart per lagging indicator, referring to the cells of its townships’ 完成率 and 序时进度', async () => {
    const bytes = resultWorkbookBytes(sheets);
    const charts = await chartsIn(bytes);
    const completion = sheets.find((s) => s.kind === 'completion')!;
    expect(charts.map((c) => c.part)).toEqual(['xl/charts/chart1.xml', 'xl/charts/chart2.xml']);
    expect(charts.map((c) => c.title)).toEqual(completion.charts!.map((c) => c.title));

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    const lagging = statusLabel('lagging', 'zh-CN');
    for (const chart of charts) {
      expect(chart.sheet).toBe('完成情况');
      expect(chart.series.map((s) => s.name)).toEqual(['完成率', '序时进度']);
      expect(chart.series.map((s) => cellsOf(wb, s.nameRef)[0])).toEqual(['完成率', '序时进度']);
      // Categories are the 名称 cells of one indicator's township rows.
      const towns = cellsOf(wb, chart.categories.ref);
      expect(towns).toEqual(chart.categories.cached);
      const box = parseRef(chart.categories.ref);
      const ws = wb.getWorksheet('完成情况')!;
      const rows = Array.from({ length: box.bottom - box.top + 1 }, (_, k) => ws.getRow(box.top + 1 + k));
      expect(new Set(rows.map((r) => r.getCell(1).value)).size).toBe(1);
      expect(rows.every((r) => r.getCell(2).value === '乡镇')).toBe(true);
      expect(rows.some((r) => r.getCell(9).value === lagging)).toBe(true);
      expect(chart.title).toContain(String(rows[0].getCell(1).value).replace(/（.*）$/, ''));
      // Each series is the column it is named after, its cached values those the cells hold.
      for (const s of chart.series) {
        expect(cellsOf(wb, s.ref)).toEqual(s.cached);
        expect(parseRef(s.ref)).toMatchObject({ top: box.top, bottom: box.bottom, left: parseRef(s.nameRef).left });
      }
      // A lagging township's bar is shorter than the 序时进度 beside it.
      rows.forEach((r, k) => {
        if (r.getCell(9).value === lagging) expect(chart.series[0].cached[k]!).toBeLessThan(chart.series[1].cached[k]!);
      });
    }
  });

  test('the chart XML follows the schema’s element order', async () => {
    const [chart] = await chartsIn(resultWorkbookBytes(sheets));
    const xml = chart.xml;
    expect(inOrder(xml, ['chartSpace', 'roundedCorners', 'chart', 'title', 'autoTitleDeleted', 'plotArea', 'legend', 'plotVisOnly', 'dispBlanksAs'])).toBe(true);
    expect(inOrder(xml, ['plotArea', 'layout', 'barChart', 'catAx', 'valAx'])).toBe(true);
    expect(inOrder(xml, ['barChart', 'barDir', 'grouping', 'varyColors', 'ser', 'gapWidth', 'axId'])).toBe(true);
    const ser = /<c:ser>[\s\S]*?<\/c:ser>/.exec(xml)![0];
    expect(inOrder(ser, ['ser', 'idx', 'order', 'tx', 'spPr', 'invertIfNegative', 'cat', 'val'])).toBe(true);
    const catAx = /<c:catAx>[\s\S]*?<\/c:catAx>/.exec(xml)![0];
    expect(inOrder(catAx, ['axId', 'scaling', 'delete', 'axPos', 'numFmt', 'majorTickMark', 'minorTickMark', 'tickLblPos', 'crossAx', 'crosses', 'auto', 'lblAlgn', 'lblOffset', 'noMultiLvlLbl'])).toBe(true);
    const valAx = /<c:valAx>[\s\S]*?<\/c:valAx>/.exec(xml)![0];
    expect(inOrder(valAx, ['axId', 'scaling', 'delete', 'axPos', 'majorGridlines', 'numFmt', 'majorTickMark', 'minorTickMark', 'tickLblPos', 'crossAx', 'crosses', 'crossBetween'])).toBe(true);
    expect(valAx).toContain('<c:numFmt formatCode="0%" sourceLinked="0"/>');
    expect(inOrder(/<c:scaling>[\s\S]*?<\/c:scaling>/.exec(valAx)![0], ['orientation', 'min'])).toBe(true);
  });

  test('openpyxl opens the workbook and finds the charts with their ranges; English too', async () => {
    for (const lang of ['zh-CN', 'en'] as const) {
      const result = consolidate(await readWorkbookFile(SAMPLE_COUNTY), { asOf: SAMPLE_AS_OF, lang });
      const built = buildResultSheets(result, lang);
      const file = tmp.file(`charts-${lang}.xlsx`);
      writeFileSync(file, resultWorkbookBytes(built));
      const seen = await chartsIn(resultWorkbookBytes(built));
      const name = built.find((s) => s.kind === 'completion')!.name;
      const read = openpyxlCharts(file);
      expect(read[name]).toEqual(seen.map((c) => ({ type: 'BarChart', barDir: 'bar', series: c.series.map((s) => s.ref), categories: c.categories.ref })));
      expect(Object.entries(read).filter(([sheet]) => sheet !== name).every(([, charts]) => charts.length === 0)).toBe(true);
    }
  });

  test('a sheet with links and charts keeps both relationships apart; content types name every part', async () => {
    const completion = sheets.find((s) => s.kind === 'completion')!;
    const linked: ResultSheet = { ...completion, links: completion.rows.map(() => ({ sheet: '石门乡', cell: 'D5' })) };
    const bytes = resultWorkbookBytes([linked], { linkFile: () => '石门乡.xlsx' });
    const zip = await JSZip.loadAsync(bytes);
    const rels = await zip.file('xl/worksheets/_rels/sheet1.xml.rels')!.async('string');
    const ids = [...rels.matchAll(/Id="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(rels).toContain('Target="../drawings/drawing1.xml"');
    const types = await zip.file('[Content_Types].xml')!.async('string');
    for (const part of ['/xl/drawings/drawing1.xml', '/xl/charts/chart1.xml', '/xl/charts/chart2.xml']) expect(types).toContain(`PartName="${part}"`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(wb.getWorksheet(completion.name)!.getCell('I3').hyperlink).toBe("石门乡.xlsx#'石门乡'!D5");
    expect(await chartsIn(bytes)).toHaveLength(2);
  });

  test('no drawing when nothing lags', async () => {
    const quiet = sheets.map(({ charts: _charts, ...s }) => s);
    const zip = await JSZip.loadAsync(resultWorkbookBytes(quiet));
    expect(Object.keys(zip.files).filter((f) => /drawing|chart/.test(f))).toEqual([]);
  });
});
