// Reading one township sheet: its facility rows and total rows as numbers in each indicator's unit, and
// an issue at every cell that could not be read as it stands — saying exactly what was read and what not.
// Cross-row and cross-sheet checks (totals, rates, rules, duplicates) belong to checks.ts.
import { analyzeSheet, indicatorIndex, type TableRow } from './layout';
import { issue } from './messages';
import { cellAddress, columnLetter } from './normalize';
import { FORMAT_PERCENT, FORMAT_PLAIN, formatKind, readNumber } from './values';
import type {
  CellValue,
  Definitions,
  FacilityRecord,
  Issue,
  Lang,
  LayoutOverride,
  SheetInput,
  SheetReading,
  TotalRecord,
} from './types';

export interface ReadOptions {
  lang: Lang;
  override?: LayoutOverride;
}

/** At most this many cells are quoted in one mixed-percent-scale warning. */
const MAX_CELLS_QUOTED = 20;

interface ColumnPlan {
  column: number;
  letter: string;
  code: string;
  unit: string;
  count: boolean;
  min: number | null;
  max: number | null;
  percent: boolean;
  fractions: string[];
  percents: string[];
}

/** Reads a township sheet. Never throws on any SheetInput: an unusable sheet comes back skipped. */
export function readTownshipSheet(sheet: SheetInput, definitions: Definitions, options: ReadOptions): SheetReading {
  const lang: Lang = options?.lang === 'en' ? 'en' : 'zh-CN';
  const analysis = analyzeSheet(sheet, definitions, options?.override);
  const { layout, grid, formats } = analysis;
  const sheetName = layout.sheet;
  const source = layout.source;
  const issues: Issue[] = [];
  const facilities: FacilityRecord[] = [];
  const totals: TotalRecord[] = [];

  if (layout.status === 'skipped') {
    if (layout.skipReason === 'hidden') issues.push(issue('info', 'sheet-hidden', lang, { sheet: sheetName }));
    else issues.push(issue('info', 'sheet-skipped', lang, { sheet: sheetName, params: { reason: layout.skipReason ?? '' } }));
    return { layout, facilities, totals, issues };
  }

  const index = indicatorIndex(definitions);
  const plans: ColumnPlan[] = [];
  for (const col of layout.columns) {
    if (col.indicator === null) {
      if (col.matchedBy !== 'override') {
        const row = analysis.headerCellRow.get(col.column) ?? (layout.headerRows as { first: number }).first;
        issues.push(
          issue('info', 'unmatched-column', lang, {
            sheet: sheetName,
            cell: cellAddress(row, col.column),
            params: { header: col.header },
          }),
        );
      }
      continue;
    }
    const ind = index.byCode.get(col.indicator);
    if (!ind) continue;
    const unit = typeof ind.unit === 'string' ? ind.unit.trim() : '';
    plans.push({
      column: col.column,
      letter: columnLetter(col.column),
      code: ind.code,
      unit,
      count: ind.kind === 'count',
      min: typeof ind.min === 'number' && Number.isFinite(ind.min) ? ind.min : null,
      max: typeof ind.max === 'number' && Number.isFinite(ind.max) ? ind.max : null,
      percent: unit === '%' || unit === '％',
      fractions: [],
      percents: [],
    });
  }

  const facilityColumn = layout.facilityColumn as number;
  for (const tableRow of analysis.rows) {
    const r = tableRow.row;
    const rowNumber = r + 1;
    const rowText = String(rowNumber);
    const cellsRow: CellValue[] = Array.isArray(grid[r]) ? grid[r] : [];
    const formatRow = formats && Array.isArray(formats[r]) ? formats[r] : undefined;
    const isTotal = tableRow.kind === 'total';
    const values: Record<string, number> = {};
    const cells: Record<string, string> = {};

    for (let k = 0; k < plans.length; k++) {
      const plan = plans[k];
      const raw = cellsRow[plan.column];
      if (raw === null || raw === undefined) continue;
      const format = formatRow ? formatRow[plan.column] : undefined;
      const address = plan.letter + rowText;
      let value: number;
      let explicitPercent = false;
      if (typeof raw === 'number' && Number.isFinite(raw) && formatKind(format) === FORMAT_PLAIN) {
        value = raw;
      } else {
        const reading = readNumber(raw, format, plan.unit);
        if (reading.kind === 'blank') continue;
        if (reading.kind === 'invalid') {
          cells[plan.code] = address;
          issues.push(
            issue(isTotal ? 'warning' : 'error', reading.code, lang, {
              sheet: sheetName,
              cell: address,
              indicator: plan.code,
              params: { text: reading.text },
            }),
          );
          continue;
        }
        value = reading.value;
        if (reading.note) {
          issues.push(
            issue('warning', 'unit-in-cell', lang, {
              sheet: sheetName,
              cell: address,
              indicator: plan.code,
              params: { text: reading.note.text, value },
            }),
          );
        }
        if (plan.percent) {
          explicitPercent =
            typeof raw === 'number' ? formatKind(format) === FORMAT_PERCENT : /[%％]/.test(raw as string);
        }
      }
      cells[plan.code] = address;
      if (plan.count && value < 0) {
        issues.push(
          issue('error', 'negative-count', lang, {
            sheet: sheetName,
            cell: address,
            indicator: plan.code,
            params: { value },
          }),
        );
        continue;
      }
      values[plan.code] = value;
      if (isTotal) continue;
      if ((plan.min !== null && value < plan.min) || (plan.max !== null && value > plan.max)) {
        issues.push(
          issue('warning', 'out-of-range', lang, {
            sheet: sheetName,
            cell: address,
            indicator: plan.code,
            params: { value, min: plan.min ?? '-∞', max: plan.max ?? '+∞' },
          }),
        );
      }
      if (plan.percent && value > 0) {
        if (explicitPercent || value > 1) plan.percents.push(address);
        else plan.fractions.push(address);
      }
    }

    const record: FacilityRecord = {
      sheet: sheetName,
      row: rowNumber,
      township: tableRow.township,
      name: tableRow.name !== '' ? tableRow.name : unnamed(rowNumber, lang),
      values,
      cells,
      nameCell: cellAddress(r, facilityColumn),
    };
    if (source !== undefined) record.source = source;
    if (isTotal) totals.push(toTotal(record, tableRow));
    else facilities.push(record);
  }

  for (const plan of plans) {
    if (plan.fractions.length === 0 || plan.percents.length === 0) continue;
    // The minority is the odd one out; on a tie the fractions are, since the column is in %.
    const odd = plan.fractions.length <= plan.percents.length ? plan.fractions : plan.percents;
    const quoted = odd.slice(0, MAX_CELLS_QUOTED).join(', ') + (odd.length > MAX_CELLS_QUOTED ? ', …' : '');
    issues.push(
      issue('warning', 'mixed-percent-scale', lang, {
        sheet: sheetName,
        cell: odd[0],
        indicator: plan.code,
        params: { cells: quoted, count: odd.length },
      }),
    );
  }

  const header = layout.headerRows as { first: number; last: number };
  const headerText = rangeText(header.first, header.last);
  if (layout.facilityCount === 0) {
    issues.push(
      issue('warning', 'no-facility-rows', lang, {
        sheet: sheetName,
        cell: cellAddress(header.first, facilityColumn),
      }),
    );
  }
  issues.push(
    issue('info', 'sheet-read', lang, {
      sheet: sheetName,
      cell: null,
      params: {
        facilities: layout.facilityCount,
        townships: layout.townships.join('、'),
        header: headerText,
        data: layout.firstDataRow === null ? '' : rangeText(layout.firstDataRow, layout.lastDataRow as number),
        totals: totals.length,
        excluded: layout.excludedRows.filter((e) => e.reason !== 'blank').length,
        matched: plans.length,
        unmatched: layout.columns.length - plans.length,
      },
    }),
  );
  return { layout, facilities, totals, issues };
}

function toTotal(record: FacilityRecord, row: TableRow): TotalRecord {
  return {
    ...record,
    name: row.label ?? record.name,
    label: row.label ?? record.name,
    covers: (row.covers ?? []).map((r) => r + 1),
  };
}

function unnamed(rowNumber: number, lang: Lang): string {
  return lang === 'en' ? `Row ${rowNumber}` : `第${rowNumber}行`;
}

/** 0-based rows → "5" or "5–24" (1-based, as Excel shows them). */
function rangeText(first: number, last: number): string {
  return first === last ? String(first + 1) : `${first + 1}–${last + 1}`;
}
