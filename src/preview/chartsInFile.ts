// The preview's charts into the downloaded .xlsx. ExcelJS writes no charts, so the package it wrote is
// opened again (with JSZip, which ExcelJS itself uses) and each sheet's charts are added as DrawingML
// parts built by the same module as the command line's writer: the chart and drawing parts, their
// relationships, the [Content_Types] overrides and the sheet's <drawing> element.
import JSZip from 'jszip';
import {
  type ChartPart,
  chartAnchorsXml,
  chartOverrideXml,
  chartRelXml,
  chartXml,
  DRAWING_REL_TYPE,
  drawingPackage,
  rangeRef,
} from '../formats/chartPart';
import type { PreviewChart, SheetBox } from './host/charts';
import type { PreviewBook } from './host/model';

const LEGEND: Record<string, ChartPart['legend']> = { Bottom: 'b', Right: 'r', Top: 't', Left: 'l', Corner: 'tr', Custom: 'r' };
const CROSSES: Record<string, ChartPart['categoryAxis']['valueAxisCrosses']> = { Maximum: 'max', Minimum: 'min' };

function cellsOf(book: PreviewBook, { sheet, box }: SheetBox): (number | string | boolean)[] {
  return book.readValues(sheet, box).flat();
}

/** A chart of the preview as the package holds it, its cached values read from the cells now. */
export function chartPartOf(book: PreviewBook, chart: PreviewChart): ChartPart {
  const categories = chart.series.find((s) => s.categories)?.categories ?? null;
  return {
    title: chart.title,
    categories: categories && {
      ref: rangeRef(categories.sheet.ws.name, categories.box.top, categories.box.left, categories.box.bottom, categories.box.right),
      values: cellsOf(book, categories).map(String),
    },
    series: chart.series.map((s) => {
      const { box, sheet } = s.values;
      return {
        name: { ref: null, values: [s.name] },
        values: {
          ref: rangeRef(sheet.ws.name, box.top, box.left, box.bottom, box.right),
          values: cellsOf(book, s.values).map((v) => (typeof v === 'number' ? v : null)),
          formatCode: book.readFormats(sheet, { ...box, bottom: box.top, right: box.left })[0][0] ?? 'General',
        },
      };
    }),
    valueFormat: chart.valueAxis.numberFormat,
    categoryAxis: { reversed: chart.categoryAxis.reversePlotOrder, valueAxisCrosses: CROSSES[chart.categoryAxis.position] ?? 'autoZero' },
    legend: LEGEND[chart.legendPosition] ?? 'r',
    anchor: chart.position,
  };
}

const relsPathOf = (part: string): string => part.replace(/([^/]+)$/, '_rels/$1.rels');
const EMPTY_RELS = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>';

/** The next free rId number of a relationships part. */
function nextRelId(rels: string): number {
  let max = 0;
  for (const m of rels.matchAll(/Id="rId(\d+)"/g)) max = Math.max(max, Number(m[1]));
  return max + 1;
}

/** A path relative to the part `from` lives beside, as a package path. */
function resolve(from: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const parts = from.split('/').slice(0, -1);
  for (const p of target.split('/')) {
    if (p === '..') parts.pop();
    else if (p !== '.') parts.push(p);
  }
  return parts.join('/');
}

const unescapeXml = (t: string): string => t.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Sheet name → its part (xl/worksheets/sheetN.xml), from the workbook and its relationships. */
async function sheetParts(zip: JSZip): Promise<Map<string, string>> {
  const workbook = (await zip.file('xl/workbook.xml')?.async('string')) ?? '';
  const rels = (await zip.file('xl/_rels/workbook.xml.rels')?.async('string')) ?? '';
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, resolve('xl/workbook.xml', target));
  }
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const part = id ? targets.get(id) : undefined;
    if (name !== undefined && part) out.set(unescapeXml(name), part);
  }
  return out;
}

/** Where <drawing> goes in a worksheet: before the first of these (CT_Worksheet's order), else at the end. */
const AFTER_DRAWING = ['<legacyDrawing', '<legacyDrawingHF', '<drawingHF', '<picture', '<oleObjects', '<controls', '<webPublishItems', '<tableParts', '<extLst', '</worksheet>'];

function withDrawing(sheetXml: string, relId: string): string {
  const at = Math.min(...AFTER_DRAWING.map((tag) => sheetXml.indexOf(tag)).filter((i) => i >= 0));
  return `${sheetXml.slice(0, at)}<drawing r:id="${relId}"/>${sheetXml.slice(at)}`;
}

/** The highest N of the package's parts named prefixN.xml. */
function highest(zip: JSZip, prefix: string): number {
  let max = 0;
  const re = new RegExp(`^${prefix}(\\d+)\\.xml$`);
  zip.forEach((name) => {
    const m = re.exec(name);
    if (m) max = Math.max(max, Number(m[1]));
  });
  return max;
}

/** The .xlsx ExcelJS wrote, with the book's charts added; the same bytes when no sheet has one. */
export async function withCharts(xlsx: ArrayBuffer, book: PreviewBook): Promise<ArrayBuffer> {
  const sheets = book.live().filter((s) => s.charts.length > 0);
  if (sheets.length === 0) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  const parts = await sheetParts(zip);
  const overrides: string[] = [];
  let drawings = highest(zip, 'xl/drawings/drawing');
  let charts = highest(zip, 'xl/charts/chart');
  for (const sheet of sheets) {
    const part = parts.get(sheet.ws.name);
    if (!part) continue;
    const chartParts = sheet.charts.map((c) => chartPartOf(book, c));
    const sheetXml = await zip.file(part)!.async('string');
    const relsPath = relsPathOf(part);
    const rels = (await zip.file(relsPath)?.async('string')) ?? EMPTY_RELS;
    const existing = /<drawing r:id="([^"]+)"\s*\/>/.exec(sheetXml);
    if (existing) {
      // The sheet has a drawing already (pictures): the charts join it.
      const target = /<Relationship\b[^>]*>/g;
      const rel = [...rels.matchAll(target)].map((m) => m[0]).find((r) => r.includes(`Id="${existing[1]}"`));
      const drawingPath = resolve(part, /\bTarget="([^"]+)"/.exec(rel ?? '')?.[1] ?? '');
      await addToDrawing(zip, drawingPath, chartParts, charts + 1, overrides);
    } else {
      const drawing = drawingPackage(chartParts, ++drawings, charts + 1);
      for (const file of drawing.files) zip.file(file.name, file.data);
      overrides.push(...drawing.overrides);
      const relId = `rId${nextRelId(rels)}`;
      zip.file(relsPath, rels.replace('</Relationships>', `<Relationship Id="${relId}" Type="${DRAWING_REL_TYPE}" Target="${drawing.sheetTarget}"/></Relationships>`));
      zip.file(part, withDrawing(sheetXml, relId));
    }
    charts += chartParts.length;
  }
  const typesPath = '[Content_Types].xml';
  const types = await zip.file(typesPath)!.async('string');
  zip.file(typesPath, types.replace('</Types>', `${overrides.join('')}</Types>`));
  return zip.generateAsync({ type: 'arraybuffer', compression: 'DEFLATE' });
}

/** Charts added to a drawing part the sheet already has, numbered from firstChart. */
async function addToDrawing(zip: JSZip, drawingPath: string, parts: ChartPart[], firstChart: number, overrides: string[]): Promise<void> {
  const drawing = await zip.file(drawingPath)!.async('string');
  const relsPath = relsPathOf(drawingPath);
  const rels = (await zip.file(relsPath)?.async('string')) ?? EMPTY_RELS;
  const firstRel = nextRelId(rels);
  let shapes = 1;
  for (const m of drawing.matchAll(/<xdr:cNvPr [^>]*id="(\d+)"/g)) shapes = Math.max(shapes, Number(m[1]));
  zip.file(drawingPath, drawing.replace('</xdr:wsDr>', `${chartAnchorsXml(parts, firstRel, shapes + 1)}</xdr:wsDr>`));
  zip.file(relsPath, rels.replace('</Relationships>', `${parts.map((_p, k) => chartRelXml(firstRel + k, firstChart + k)).join('')}</Relationships>`));
  parts.forEach((p, k) => {
    zip.file(`xl/charts/chart${firstChart + k}.xml`, chartXml(p));
    overrides.push(chartOverrideXml(firstChart + k));
  });
}
