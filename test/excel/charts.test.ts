// The chart in 完成情况 through the Office.js adapter on the preview host: charts.add on the lagging
// townships' 完成率 and 序时进度, named series, categories, position and axes, queued with the sheet's
// other writes (no sync of its own); the preview host as strict as Excel about what it is given; and the
// chart in the downloaded workbook (下载工作簿), which openpyxl and ExcelJS open.
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { buildResultSheets, consolidate } from '../../src/engine';
import { createWorkbookHost } from '../../src/excel/workbookHost';
import type { PreviewChart } from '../../src/preview/host/charts';
import { openPreviewWorkbook } from '../../src/preview/workbookFile';
import { SAMPLE_AS_OF } from '../../scripts/make-sample';
import { chartsIn, openpyxlCharts, parseRef } from '../helpers/charts';
import { scratchDir } from '../cli/helpers';
import { toArrayBuffer } from './workbooks';

const tmp = scratchDir('preview-charts');
afterAll(() => tmp.cleanup());

const SAMPLE = path.join(__dirname, '../../samples/sample-county.xlsx');

async function open(options: { charts?: boolean; chartAxes?: boolean } = {}) {
  const preview = await openPreviewWorkbook(toArrayBuffer(readFileSync(SAMPLE)), 'sample-county.xlsx');
  const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities, suspendCalculation: true, sleep: async () => {}, ...options });
  return { preview, host };
}

async function writeOnce(options: { charts?: boolean; chartAxes?: boolean } = {}) {
  const { preview, host } = await open(options);
  const sheets = buildResultSheets(consolidate(await host.readSheets(), { asOf: SAMPLE_AS_OF }), 'zh-CN');
  const before = preview.stats.syncs;
  await host.writeResults(sheets);
  return { preview, host, sheets, writeSyncs: preview.stats.syncs - before };
}

const box = (top: number, left: number, bottom: number, right: number) => ({ top, left, bottom, right });

describe('the adapter draws 完成情况’s charts', () => {
  test('charts.add on each lagging indicator’s 完成率 and 序时进度, with its townships as categories, placed beside the table', async () => {
    const { preview, sheets } = await writeOnce();
    const completion = sheets.find((s) => s.kind === 'completion')!;
    const drawn = preview.book.byName('完成情况')!.charts;
    expect(completion.charts).toHaveLength(2);
    expect(drawn).toHaveLength(completion.charts!.length);
    completion.charts!.forEach((chart, k) => {
      // Data rows start under the header, Excel row 2 (0-based 1).
      const top = 1 + chart.rows.first;
      const bottom = 1 + chart.rows.last;
      const expected: Partial<PreviewChart> = {
        type: 'BarClustered',
        title: chart.title,
        legendPosition: 'Bottom',
        categoryAxis: { reversePlotOrder: true, position: 'Maximum' },
        valueAxis: { numberFormat: '0%' },
        position: { from: { row: chart.anchor.row, column: 10 }, to: { row: chart.anchor.row + chart.anchor.rows, column: 18 } },
      };
      expect(drawn[k]).toMatchObject(expected);
      expect(drawn[k].series.map((s) => ({ name: s.name, values: s.values.box, categories: s.categories?.box }))).toEqual([
        { name: '完成率', values: box(top, 6, bottom, 6), categories: box(top, 2, bottom, 2) },
        { name: '序时进度', values: box(top, 7, bottom, 7), categories: box(top, 2, bottom, 2) },
      ]);
    });
  });

  test('no sync of their own: as many syncs as a write without charts', async () => {
    const withCharts = await writeOnce();
    const without = await writeOnce({ charts: false });
    expect(without.preview.book.byName('完成情况')!.charts).toHaveLength(0);
    expect(withCharts.writeSyncs).toBe(without.writeSyncs);
  });

  test('without ExcelApi 1.8 the chart is drawn, its axes left as Excel makes them', async () => {
    const { preview } = await writeOnce({ chartAxes: false });
    const [first] = preview.book.byName('完成情况')!.charts;
    expect(first).toMatchObject({ categoryAxis: { reversePlotOrder: true, position: 'Automatic' }, valueAxis: { numberFormat: null } });
  });

  test('the downloaded workbook holds the charts over the cells they came from; openpyxl and ExcelJS open it', async () => {
    const { preview } = await writeOnce();
    const saved = await preview.save();
    const charts = await chartsIn(saved);
    expect(charts.map((c) => c.part)).toEqual(['xl/charts/chart1.xml', 'xl/charts/chart2.xml']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(saved);
    const ws = wb.getWorksheet('完成情况')!;
    for (const chart of charts) {
      expect(chart.sheet).toBe('完成情况');
      const cat = parseRef(chart.categories.ref);
      expect(cat.sheet).toBe('完成情况');
      expect(chart.categories.cached).toEqual(Array.from({ length: cat.bottom - cat.top + 1 }, (_, k) => ws.getCell(cat.top + 1 + k, cat.left + 1).value));
      for (const s of chart.series) {
        const v = parseRef(s.ref);
        expect(s.cached).toEqual(Array.from({ length: v.bottom - v.top + 1 }, (_, k) => ws.getCell(v.top + 1 + k, v.left + 1).value));
      }
      expect(chart.series.map((s) => s.name)).toEqual(['完成率', '序时进度']);
      expect(chart.xml).toContain('<c:numFmt formatCode="0%" sourceLinked="0"/>');
    }
    const file = tmp.file('downloaded.xlsx');
    writeFileSync(file, Buffer.from(saved));
    expect(openpyxlCharts(file)['完成情况']).toEqual(charts.map((c) => ({ type: 'BarChart', barDir: 'bar', series: c.series.map((s) => s.ref), categories: c.categories.ref })));
    // Opened again in the preview and written again: the new 完成情况 has the charts, once.
    const again = await openPreviewWorkbook(saved, 'again.xlsx');
    const host = createWorkbookHost(again.excel, { capabilities: again.capabilities, suspendCalculation: true, sleep: async () => {} });
    await host.writeResults(buildResultSheets(consolidate(await host.readSheets(), { asOf: SAMPLE_AS_OF }), 'zh-CN'));
    expect((await chartsIn(await again.save())).map((c) => c.sheet)).toEqual(['完成情况', '完成情况']);
  });
});

describe('the preview host’s charts are as strict as Excel', () => {
  async function attempt(queue: (ws: Excel.Worksheet) => void): Promise<unknown> {
    const { preview } = await open();
    return preview.excel
      .run(async (context) => {
        const ws = context.workbook.worksheets.getItem('城关镇');
        queue(ws);
        await context.sync();
      })
      .then(() => null, (e: unknown) => e);
  }
  const code = (e: unknown): string | undefined => (e as { code?: string } | null)?.code;

  test('a chart type Excel does not have, or a series direction, is an invalid argument', async () => {
    expect(code(await attempt((ws) => ws.charts.add('BarClumped' as Excel.ChartType, ws.getRange('D5:E9'), 'Columns' as Excel.ChartSeriesBy)))).toBe('InvalidArgument');
    expect(code(await attempt((ws) => ws.charts.add('BarClustered' as Excel.ChartType, ws.getRange('D5:E9'), 'Diagonal' as Excel.ChartSeriesBy)))).toBe('InvalidArgument');
  });

  test('more than 255 series, a series that is not there, a legend position that is not one', async () => {
    expect(code(await attempt((ws) => ws.charts.add('BarClustered' as Excel.ChartType, ws.getRangeByIndexes(0, 0, 2, 256), 'Columns' as Excel.ChartSeriesBy)))).toBe('InvalidArgument');
    expect(code(await attempt((ws) => void (ws.charts.add('BarClustered' as Excel.ChartType, ws.getRange('D5:E9'), 'Columns' as Excel.ChartSeriesBy).series.getItemAt(2).name = 'x')))).toBe('ItemNotFound');
    expect(code(await attempt((ws) => void (ws.charts.add('BarClustered' as Excel.ChartType, ws.getRange('D5:E9'), 'Columns' as Excel.ChartSeriesBy).legend.position = 'Middle' as Excel.ChartLegendPosition)))).toBe('InvalidArgument');
  });

  test('nothing is drawn on a protected sheet', async () => {
    const { preview } = await open();
    const sheet = preview.book.byName('城关镇')!;
    preview.book.protectedSheets.add(sheet.id);
    const e = await preview.excel
      .run(async (context) => {
        const ws = context.workbook.worksheets.getItem('城关镇');
        ws.charts.add('BarClustered' as Excel.ChartType, ws.getRange('D5:E9'), 'Columns' as Excel.ChartSeriesBy);
        await context.sync();
      })
      .then(() => null, (err: unknown) => err);
    expect(code(e)).toBe('AccessDenied');
    expect(sheet.charts).toHaveLength(0);
  });
});
