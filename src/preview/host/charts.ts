// Worksheet.charts in the preview host: ChartCollection.add, a chart's title, position, legend, axes and
// series, as the result sheets use them. As everywhere in the host, calls only queue; the chart is made
// and checked at sync, with Excel's errors. What a sheet's charts are is kept in PreviewSheet.charts; the
// download turns them into DrawingML (workbookFile.ts).
import type { RequestContext } from './objects';
import { PREVIEW_ERROR_CODES, PreviewRichApiError } from './errors';
import { type CellBox, type PreviewSheet, parseBox } from './model';

/** Excel.ChartType's values (ExcelApi 1.1–1.9). */
const CHART_TYPES = new Set(
  (
    'ColumnClustered ColumnStacked ColumnStacked100 3DColumnClustered 3DColumnStacked 3DColumnStacked100 BarClustered BarStacked ' +
    'BarStacked100 3DBarClustered 3DBarStacked 3DBarStacked100 LineStacked LineStacked100 LineMarkers LineMarkersStacked ' +
    'LineMarkersStacked100 PieOfPie PieExploded 3DPieExploded BarOfPie XYScatterSmooth XYScatterSmoothNoMarkers XYScatterLines ' +
    'XYScatterLinesNoMarkers AreaStacked AreaStacked100 3DAreaStacked 3DAreaStacked100 DoughnutExploded RadarMarkers RadarFilled ' +
    'Surface SurfaceWireframe SurfaceTopView SurfaceTopViewWireframe Bubble Bubble3DEffect StockHLC StockOHLC StockVHLC StockVOHLC ' +
    'CylinderColClustered CylinderColStacked CylinderColStacked100 CylinderBarClustered CylinderBarStacked CylinderBarStacked100 ' +
    'CylinderCol ConeColClustered ConeColStacked ConeColStacked100 ConeBarClustered ConeBarStacked ConeBarStacked100 ConeCol ' +
    'PyramidColClustered PyramidColStacked PyramidColStacked100 PyramidBarClustered PyramidBarStacked PyramidBarStacked100 ' +
    'PyramidCol 3DColumn Line 3DLine 3DPie Pie XYScatter 3DArea Area Doughnut Radar Histogram Boxwhisker Pareto RegionMap ' +
    'Treemap Waterfall Sunburst Funnel'
  ).split(' '),
);
/** The types the preview draws (and writes into the downloaded file). */
const DRAWN_TYPES = new Set(['BarClustered']);
const SERIES_BY = new Set(['Auto', 'Columns', 'Rows']);
const LEGEND_POSITIONS = new Set(['Top', 'Bottom', 'Left', 'Right', 'Corner', 'Custom']);
const AXIS_POSITIONS = new Set(['Automatic', 'Maximum', 'Minimum', 'Custom']);
/** Excel's limit: a chart holds at most 255 data series. */
export const MAX_SERIES_PER_CHART = 255;

/** A block of cells on a sheet, resolved at sync. */
export interface SheetBox {
  sheet: PreviewSheet;
  box: CellBox;
}

export interface PreviewChartSeries {
  name: string;
  values: SheetBox;
  categories: SheetBox | null;
}

export interface PreviewChart {
  name: string;
  type: string;
  title: string | null;
  series: PreviewChartSeries[];
  /** The cell the top-left corner is in, and the one past the bottom-right corner (0-based). */
  position: { from: { row: number; column: number }; to: { row: number; column: number } };
  legendPosition: string;
  categoryAxis: { reversePlotOrder: boolean; position: string };
  valueAxis: { numberFormat: string | null };
}

const invalid = (what: string): PreviewRichApiError =>
  new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `The argument is invalid or missing or has an incorrect format: ${what}`);

/** Something with a cell block at sync: the preview's Range. */
interface BoxSource {
  boxNow(): SheetBox;
}

/** The series Excel makes of a source range: a column (or row) each, all of it values. */
function seriesOf(source: SheetBox, seriesBy: string): PreviewChartSeries[] {
  const { box, sheet } = source;
  const rows = box.bottom - box.top + 1;
  const columns = box.right - box.left + 1;
  const byColumns = seriesBy === 'Columns' || (seriesBy === 'Auto' && rows >= columns);
  const count = byColumns ? columns : rows;
  if (count > MAX_SERIES_PER_CHART) {
    throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `A chart holds at most ${MAX_SERIES_PER_CHART} series; the range gives ${count}.`);
  }
  return Array.from({ length: count }, (_, k) => ({
    name: `Series${k + 1}`,
    values: {
      sheet,
      box: byColumns ? { top: box.top, bottom: box.bottom, left: box.left + k, right: box.left + k } : { top: box.top + k, bottom: box.top + k, left: box.left, right: box.right },
    },
    categories: null,
  }));
}

export class ChartCollection {
  constructor(
    private readonly context: RequestContext,
    private readonly sheetNow: () => PreviewSheet,
    private readonly path: string,
  ) {}

  /** ExcelApi 1.1: a chart of type on sourceData, one series per column (or row). */
  add(type: string, sourceData: BoxSource, seriesBy: string = 'Auto'): Chart {
    let made: PreviewChart | null = null;
    const chart = new Chart(this.context, () => {
      if (!made) throw new PreviewRichApiError(PREVIEW_ERROR_CODES.itemNotFound, 'The chart was not added.');
      return made;
    }, `${this.path}.add(${type})`);
    this.context.enqueue({ path: this.path, method: 'add', type, seriesBy }, () => {
      const sheet = this.sheetNow();
      this.context.book.checkCellsWritable(sheet);
      if (!CHART_TYPES.has(type)) throw invalid(`type ${type}`);
      if (!DRAWN_TYPES.has(type)) {
        throw new PreviewRichApiError(PREVIEW_ERROR_CODES.invalidArgument, `The preview draws ${[...DRAWN_TYPES].join(', ')} charts only, not ${type}.`);
      }
      if (!SERIES_BY.has(seriesBy)) throw invalid(`seriesBy ${seriesBy}`);
      const source = sourceData.boxNow();
      const series = seriesOf(source, seriesBy);
      const { box } = source;
      // Where Excel puts a new chart until it is moved: beside its data, about 8 columns by 15 rows.
      const from = { row: box.top, column: box.right + 2 };
      made = {
        name: `Chart ${sheet.charts.length + 1}`,
        type,
        title: null,
        series,
        position: { from, to: { row: from.row + 15, column: from.column + 8 } },
        legendPosition: 'Right',
        categoryAxis: { reversePlotOrder: false, position: 'Automatic' },
        valueAxis: { numberFormat: null },
      };
      sheet.charts.push(made);
    });
    return chart;
  }
}

/** Proxies below a chart act on it at sync. */
type ChartAt = () => PreviewChart;

export class Chart {
  readonly title: ChartTitle;
  readonly legend: ChartLegend;
  readonly axes: ChartAxes;
  readonly series: ChartSeriesCollection;

  constructor(
    private readonly context: RequestContext,
    private readonly chartNow: ChartAt,
    private readonly path: string,
  ) {
    this.title = new ChartTitle(context, chartNow, `${path}.title`);
    this.legend = new ChartLegend(context, chartNow, `${path}.legend`);
    this.axes = new ChartAxes(context, chartNow, `${path}.axes`);
    this.series = new ChartSeriesCollection(context, chartNow, `${path}.series`);
  }

  /** ExcelApi 1.1: the chart over startCell to endCell (startCell alone: its size kept). */
  setPosition(startCell: BoxSource | string, endCell?: BoxSource | string): void {
    this.context.enqueue({ path: this.path, method: 'setPosition' }, () => {
      const chart = this.chartNow();
      const boxOf = (cell: BoxSource | string): CellBox => (typeof cell === 'string' ? parseBox(cell) : cell.boxNow().box);
      const start = boxOf(startCell);
      const end = endCell === undefined ? null : boxOf(endCell);
      if (end && (end.bottom < start.top || end.right < start.left)) throw invalid('endCell is above or left of startCell');
      const { from, to } = chart.position;
      chart.position = end
        ? { from: { row: start.top, column: start.left }, to: { row: end.bottom + 1, column: end.right + 1 } }
        : { from: { row: start.top, column: start.left }, to: { row: start.top + to.row - from.row, column: start.left + to.column - from.column } };
    });
  }
}

class ChartTitle {
  constructor(
    private readonly context: RequestContext,
    private readonly chartNow: ChartAt,
    private readonly path: string,
  ) {}

  set text(value: string) {
    this.context.enqueue({ path: this.path, set: 'text', value }, () => {
      this.chartNow().title = value;
    });
  }
}

class ChartLegend {
  constructor(
    private readonly context: RequestContext,
    private readonly chartNow: ChartAt,
    private readonly path: string,
  ) {}

  set position(value: string) {
    this.context.enqueue({ path: this.path, set: 'position', value }, () => {
      if (!LEGEND_POSITIONS.has(value)) throw invalid(`legend position ${value}`);
      this.chartNow().legendPosition = value;
    });
  }
}

class ChartAxes {
  readonly categoryAxis: CategoryAxis;
  readonly valueAxis: ValueAxis;

  constructor(context: RequestContext, chartNow: ChartAt, path: string) {
    this.categoryAxis = new CategoryAxis(context, chartNow, `${path}.categoryAxis`);
    this.valueAxis = new ValueAxis(context, chartNow, `${path}.valueAxis`);
  }
}

class CategoryAxis {
  constructor(
    private readonly context: RequestContext,
    private readonly chartNow: ChartAt,
    private readonly path: string,
  ) {}

  /** ExcelApi 1.7. */
  set reversePlotOrder(value: boolean) {
    this.context.enqueue({ path: this.path, set: 'reversePlotOrder', value }, () => {
      this.chartNow().categoryAxis.reversePlotOrder = value;
    });
  }

  /** ExcelApi 1.8: where the value axis crosses this one. */
  set position(value: string) {
    this.context.enqueue({ path: this.path, set: 'position', value }, () => {
      if (!AXIS_POSITIONS.has(value)) throw invalid(`axis position ${value}`);
      this.chartNow().categoryAxis.position = value;
    });
  }
}

class ValueAxis {
  constructor(
    private readonly context: RequestContext,
    private readonly chartNow: ChartAt,
    private readonly path: string,
  ) {}

  /** ExcelApi 1.8. */
  set numberFormat(value: string) {
    this.context.enqueue({ path: this.path, set: 'numberFormat', value }, () => {
      this.chartNow().valueAxis.numberFormat = value;
    });
  }
}

class ChartSeriesCollection {
  constructor(
    private readonly context: RequestContext,
    private readonly chartNow: ChartAt,
    private readonly path: string,
  ) {}

  getItemAt(index: number): ChartSeries {
    const path = `${this.path}.getItemAt(${index})`;
    return new ChartSeries(
      this.context,
      () => {
        const series = this.chartNow().series[index];
        if (!Number.isInteger(index) || !series) throw new PreviewRichApiError(PREVIEW_ERROR_CODES.itemNotFound, `The requested resource doesn't exist: ${path}`);
        return series;
      },
      path,
    );
  }
}

class ChartSeries {
  constructor(
    private readonly context: RequestContext,
    private readonly seriesNow: () => PreviewChartSeries,
    private readonly path: string,
  ) {}

  set name(value: string) {
    this.context.enqueue({ path: this.path, set: 'name', value }, () => {
      this.seriesNow().name = value;
    });
  }

  /** ExcelApi 1.7: the categories, one cell per point. */
  setXAxisValues(sourceData: BoxSource): void {
    this.context.enqueue({ path: this.path, method: 'setXAxisValues' }, () => {
      const series = this.seriesNow();
      const source = sourceData.boxNow();
      const { box } = source;
      if (box.top !== box.bottom && box.left !== box.right) throw invalid('the preview takes x-axis values from one row or one column');
      series.categories = source;
    });
  }
}
