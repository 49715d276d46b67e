// The county's figures in the form the information systems above it import: DHIS2 data value sets, at
// facility level (DHIS2 aggregates itself), one value per facility and count indicator. Rates are left
// out (DHIS2 computes indicators from their parts); a cell with an error was never read as a value, so it
// is not exported, and the summary counts those cells so the user knows what is missing.
import type { ConsolidationResult, Lang, ResultSheet } from './types';

export interface DataValue {
  dataElement: string;
  /** YYYYMM of 统计截止日期. */
  period: string;
  orgUnit: string;
  value: string;
  /** Where the value was read: 文件!工作表!单元格. */
  comment: string;
}

export interface DataValueSet {
  dataValues: DataValue[];
}

export interface Dhis2Export {
  set: DataValueSet;
  /** Facility cells of count indicators that held an error, left out of the export. */
  leftOut: number;
}

/** Column names of DHIS2's CSV data value import, in its order. */
export const DHIS2_CSV_COLUMNS = ['dataelement', 'period', 'orgunit', 'catoptcombo', 'attroptcombo', 'value', 'storedby', 'lastupdated', 'comment', 'followup'] as const;

/** "2024-11-30" → "202411". */
export function dhis2Period(asOf: string): string {
  return asOf.slice(0, 4) + asOf.slice(5, 7);
}

/** A number as DHIS2 reads it: no exponent, no trailing noise from floating point. */
function valueText(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(12)));
}

/** Every facility's count figures as DHIS2 data values; dataElement is the indicator's code, orgUnit the facility's name. */
export function toDataValueSet(result: ConsolidationResult): Dhis2Export {
  const counts = result.indicators.filter((d) => d.kind === 'count');
  const period = dhis2Period(result.asOf);
  const dataValues: DataValue[] = [];
  let leftOut = 0;
  for (const f of result.facilities) {
    for (const d of counts) {
      const value = f.values[d.code];
      const cell = f.cells[d.code] ?? '';
      // A cell was read but gave no value: it held an error (a placeholder, text, a negative count).
      if (value === undefined) {
        if (cell) leftOut++;
        continue;
      }
      dataValues.push({
        dataElement: d.code,
        period,
        orgUnit: f.name,
        value: valueText(value),
        comment: [f.source, f.sheet, cell].filter((x) => x).join('!'),
      });
    }
  }
  return { set: { dataValues }, leftOut };
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The same values in DHIS2's CSV import layout, with its header line; lines end in CRLF. */
export function toDhis2Csv(set: DataValueSet): string {
  const lines = [DHIS2_CSV_COLUMNS.join(',')];
  for (const v of set.dataValues) {
    lines.push([v.dataElement, v.period, v.orgUnit, '', '', v.value, '', '', v.comment, 'false'].map(csvField).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The sheet 导出: the pane writes the CSV's columns into the workbook, for the user to save as CSV. */
export const EXPORT_SHEET_NAMES: Record<Lang, string> = { 'zh-CN': '导出', en: 'Export' };

/**
 * The data values as a sheet with DHIS2's CSV columns, every cell text, so that Excel's "CSV UTF-8"
 * saves exactly what toDhis2Csv writes (periods such as 202411 stay text, values keep their digits).
 */
export function dhis2Sheet(set: DataValueSet, lang: Lang): ResultSheet {
  const width = (header: string, widest: number) => Math.min(40, Math.max(header.length + 2, widest + 2));
  const longest = (pick: (v: DataValue) => string) => set.dataValues.reduce((m, v) => Math.max(m, [...pick(v)].length), 0);
  const wide: Partial<Record<(typeof DHIS2_CSV_COLUMNS)[number], number>> = {
    dataelement: longest((v) => v.dataElement),
    orgunit: longest((v) => v.orgUnit) * 2,
    value: longest((v) => v.value),
    comment: longest((v) => v.comment) * 2,
  };
  return {
    name: EXPORT_SHEET_NAMES[lang],
    kind: 'export',
    columns: DHIS2_CSV_COLUMNS.map((header) => ({ header, format: 'text' as const, width: width(header, wide[header] ?? 0) })),
    rows: set.dataValues.map((v) => [v.dataElement, v.period, v.orgUnit, null, null, v.value, null, null, v.comment || null, 'false']),
    freeze: { rows: 1, columns: 0 },
  };
}
