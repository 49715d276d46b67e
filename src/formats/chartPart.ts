// Native Excel charts as DrawingML parts (ECMA-376 Part 1, §21.2 charts and §20.5 spreadsheet drawing):
// xl/charts/chartN.xml (a clustered bar chart whose series refer to sheet ranges, with cached values so a
// reader that does not recalculate still draws it), xl/drawings/drawingN.xml (where each chart sits) and
// their relationships. Pure TypeScript, no Node: the command line's writer and the preview's download
// (which adds them to what ExcelJS wrote) build the same parts here.
import { headerRowOf } from '../engine/report';
import type { CellValue, ResultChart, ResultSheet } from '../engine/types';

export const CHART_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
export const DRAWING_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
export const DRAWING_REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing';
export const CHART_REL_TYPE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart';

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const C_NS = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const A_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const XDR_NS = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Bar colours of the series, in order: Office's first accent colours. */
const SERIES_COLOURS = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000'];

/** A range the chart reads and what it held when written (Excel redraws from the range on open). */
export interface ChartStrings {
  /** Absolute reference with the sheet, e.g. '完成情况'!$C$3:$C$9; null for a series name given as text. */
  ref: string | null;
  values: string[];
}

export interface ChartNumbers {
  ref: string;
  values: (number | null)[];
  /** The cells' number format, kept with the cached values. */
  formatCode: string;
}

/** One chart as the package holds it. Cells are 0-based; `to` is the cell the chart's bottom-right corner is in. */
export interface ChartPart {
  title: string | null;
  categories: ChartStrings | null;
  series: { name: ChartStrings | null; values: ChartNumbers }[];
  /** The value axis's number format; null: the cells' own. */
  valueFormat: string | null;
  /** reversed: the first category at the top; valueAxisCrosses: where on it the value axis crosses. */
  categoryAxis: { reversed: boolean; valueAxisCrosses: 'autoZero' | 'max' | 'min' };
  legend: 'b' | 'r' | 't' | 'l' | 'tr';
  anchor: { from: { row: number; column: number }; to: { row: number; column: number } };
}

/** A file of the package, by its path inside the zip. */
export interface PackageFile {
  name: string;
  data: string;
}

const XML_SPECIAL = /[&<>"]/g;
const XML_ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xmlText = (text: string): string => text.replace(NOT_IN_XML, '').replace(XML_SPECIAL, (c) => XML_ENTITY[c]);

/** 0-based column → "A", "B", …, "AA". */
function columnLetters(c: number): string {
  let name = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** An absolute reference to a block of cells (0-based, inclusive) on sheet: '完成情况'!$C$3:$C$9. */
export function rangeRef(sheet: string, top: number, left: number, bottom = top, right = left): string {
  const cell = (r: number, c: number): string => `$${columnLetters(c)}$${r + 1}`;
  const quoted = `'${sheet.replace(/'/g, "''")}'`;
  return top === bottom && left === right ? `${quoted}!${cell(top, left)}` : `${quoted}!${cell(top, left)}:${cell(bottom, right)}`;
}

const shownText = (v: CellValue | undefined): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return typeof v === 'object' ? v.error : String(v);
};
const shownNumber = (v: CellValue | undefined): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

const NUMBER_FORMAT_OF_PERCENT = '0.00%';

/**
 * The charts of a result sheet as parts, their ranges on sheetName (the name the sheet is written
 * under) and their cached values taken from the sheet's rows.
 */
export function chartPartsOf(sheet: ResultSheet, sheetName: string = sheet.name): ChartPart[] {
  const header = headerRowOf(sheet);
  return (sheet.charts ?? []).map((chart) => chartPartOf(sheet, chart, sheetName, header));
}

function chartPartOf(sheet: ResultSheet, chart: ResultChart, sheetName: string, header: number): ChartPart {
  const { first, last } = chart.rows;
  const top = header + 1 + first;
  const bottom = header + 1 + last;
  const rows = sheet.rows.slice(first, last + 1);
  return {
    title: chart.title,
    categories: { ref: rangeRef(sheetName, top, chart.categoryColumn, bottom), values: rows.map((r) => shownText(r[chart.categoryColumn])) },
    series: chart.seriesColumns.map((c) => ({
      name: { ref: rangeRef(sheetName, header, c), values: [sheet.columns[c]?.header ?? ''] },
      values: {
        ref: rangeRef(sheetName, top, c, bottom),
        values: rows.map((r) => shownNumber(r[c])),
        formatCode: sheet.columns[c]?.format === 'percent' ? NUMBER_FORMAT_OF_PERCENT : 'General',
      },
    })),
    valueFormat: chart.valueFormat,
    categoryAxis: { reversed: true, valueAxisCrosses: 'max' },
    legend: 'b',
    anchor: {
      from: { row: header + chart.anchor.row, column: chart.anchor.column },
      to: { row: header + chart.anchor.row + chart.anchor.rows, column: chart.anchor.column + chart.anchor.columns },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// The chart part: elements in the order CT_ChartSpace, CT_Chart, CT_PlotArea, CT_BarChart, CT_BarSer,
// CT_CatAx and CT_ValAx give them (Excel refuses a chart whose children are out of order).

function strRef(s: ChartStrings): string {
  if (s.ref === null) return `<c:v>${xmlText(s.values[0] ?? '')}</c:v>`;
  const points = s.values.map((v, i) => `<c:pt idx="${i}"><c:v>${xmlText(v)}</c:v></c:pt>`).join('');
  return `<c:strRef><c:f>${xmlText(s.ref)}</c:f><c:strCache><c:ptCount val="${s.values.length}"/>${points}</c:strCache></c:strRef>`;
}

function numRef(n: ChartNumbers): string {
  const points = n.values.map((v, i) => (v === null ? '' : `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>`)).join('');
  return `<c:numRef><c:f>${xmlText(n.ref)}</c:f><c:numCache><c:formatCode>${xmlText(n.formatCode)}</c:formatCode><c:ptCount val="${n.values.length}"/>${points}</c:numCache></c:numRef>`;
}

function seriesXml(part: ChartPart, k: number): string {
  const s = part.series[k];
  return [
    `<c:ser><c:idx val="${k}"/><c:order val="${k}"/>`,
    s.name ? `<c:tx>${strRef(s.name)}</c:tx>` : '',
    `<c:spPr><a:solidFill><a:srgbClr val="${SERIES_COLOURS[k % SERIES_COLOURS.length]}"/></a:solidFill></c:spPr>`,
    '<c:invertIfNegative val="0"/>',
    part.categories ? `<c:cat>${strRef(part.categories)}</c:cat>` : '',
    `<c:val>${numRef(s.values)}</c:val>`,
    '</c:ser>',
  ].join('');
}

function titleXml(title: string | null): string {
  if (title === null) return '<c:autoTitleDeleted val="1"/>';
  return [
    '<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>',
    `<a:p><a:pPr><a:defRPr sz="1200" b="1"/></a:pPr><a:r><a:rPr lang="zh-CN" sz="1200" b="1"/><a:t>${xmlText(title)}</a:t></a:r></a:p>`,
    '</c:rich></c:tx><c:overlay val="0"/></c:title>',
    '<c:autoTitleDeleted val="0"/>',
  ].join('');
}

/** xl/charts/chartN.xml for part: horizontal clustered bars, categories top to bottom as in the table. */
export function chartXml(part: ChartPart): string {
  const catAx = 50010001;
  const valAx = 50010002;
  return [
    XML_HEAD,
    `<c:chartSpace xmlns:c="${C_NS}" xmlns:a="${A_NS}" xmlns:r="${R_NS}">`,
    '<c:roundedCorners val="0"/>',
    '<c:chart>',
    titleXml(part.title),
    '<c:plotArea><c:layout/>',
    '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>',
    ...part.series.map((_s, k) => seriesXml(part, k)),
    `<c:gapWidth val="80"/><c:axId val="${catAx}"/><c:axId val="${valAx}"/>`,
    '</c:barChart>',
    // Reversed: the first township at the top, as in the table; the value axis then crosses at the bottom ("max").
    `<c:catAx><c:axId val="${catAx}"/><c:scaling><c:orientation val="${part.categoryAxis.reversed ? 'maxMin' : 'minMax'}"/></c:scaling><c:delete val="0"/><c:axPos val="l"/>`,
    '<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>',
    `<c:crossAx val="${valAx}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`,
    `<c:valAx><c:axId val="${valAx}"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/><c:axPos val="b"/><c:majorGridlines/>`,
    part.valueFormat === null ? '<c:numFmt formatCode="General" sourceLinked="1"/>' : `<c:numFmt formatCode="${xmlText(part.valueFormat)}" sourceLinked="0"/>`,
    `<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>`,
    `<c:crossAx val="${catAx}"/><c:crosses val="${part.categoryAxis.valueAxisCrosses}"/><c:crossBetween val="between"/></c:valAx>`,
    '</c:plotArea>',
    `<c:legend><c:legendPos val="${part.legend}"/><c:overlay val="0"/></c:legend>`,
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>',
    '</c:chart>',
    '</c:chartSpace>',
  ].join('');
}

// ---------------------------------------------------------------------------------------------
// The drawing part: one two-cell anchor per chart, the k-th chart's relationship being rId{k+1}.

const marker = (tag: 'from' | 'to', at: { row: number; column: number }): string =>
  `<xdr:${tag}><xdr:col>${at.column}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${at.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;

/** The two-cell anchors of parts, the k-th referring to its chart as rId{firstRelId + k}. */
export function chartAnchorsXml(parts: ChartPart[], firstRelId = 1, firstShapeId = 2): string {
  return parts
    .map((part, k) =>
    [
      '<xdr:twoCellAnchor>',
      marker('from', part.anchor.from),
      marker('to', part.anchor.to),
      '<xdr:graphicFrame macro="">',
      `<xdr:nvGraphicFramePr><xdr:cNvPr id="${firstShapeId + k}" name="Chart ${firstShapeId + k - 1}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>`,
      '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>',
      `<a:graphic><a:graphicData uri="${C_NS}"><c:chart xmlns:c="${C_NS}" xmlns:r="${R_NS}" r:id="rId${firstRelId + k}"/></a:graphicData></a:graphic>`,
      '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>',
    ].join(''),
    )
    .join('');
}

/** xl/drawings/drawingN.xml placing parts on their sheet. */
export function drawingXml(parts: ChartPart[]): string {
  return `${XML_HEAD}<xdr:wsDr xmlns:xdr="${XDR_NS}" xmlns:a="${A_NS}">${chartAnchorsXml(parts)}</xdr:wsDr>`;
}

/** The relationship from a drawing to chart number n, as rId{id}. */
export const chartRelXml = (id: number, n: number): string => `<Relationship Id="rId${id}" Type="${CHART_REL_TYPE}" Target="../charts/chart${n}.xml"/>`;
/** The [Content_Types] override of chart number n. */
export const chartOverrideXml = (n: number): string => `<Override PartName="/xl/charts/chart${n}.xml" ContentType="${CHART_CONTENT_TYPE}"/>`;

/**
 * A sheet's charts as package files: the drawing (xl/drawings/drawing{drawing}.xml), its relationships
 * and the charts, numbered from firstChart. Also the [Content_Types] overrides they need and the
 * target the sheet's relationship to the drawing has (relative to xl/worksheets/).
 */
export function drawingPackage(parts: ChartPart[], drawing: number, firstChart: number): { files: PackageFile[]; overrides: string[]; sheetTarget: string } {
  const charts = parts.map((part, k) => ({ number: firstChart + k, part }));
  const rels = [
    XML_HEAD,
    `<Relationships xmlns="${PKG_REL_NS}">`,
    ...charts.map((c, k) => chartRelXml(k + 1, c.number)),
    '</Relationships>',
  ].join('');
  return {
    files: [
      { name: `xl/drawings/drawing${drawing}.xml`, data: drawingXml(parts) },
      { name: `xl/drawings/_rels/drawing${drawing}.xml.rels`, data: rels },
      ...charts.map((c) => ({ name: `xl/charts/chart${c.number}.xml`, data: chartXml(c.part) })),
    ],
    overrides: [
      `<Override PartName="/xl/drawings/drawing${drawing}.xml" ContentType="${DRAWING_CONTENT_TYPE}"/>`,
      ...charts.map((c) => chartOverrideXml(c.number)),
    ],
    sheetTarget: `../drawings/drawing${drawing}.xml`,
  };
}
