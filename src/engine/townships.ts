// Townships side by side: one row per township (the county on top), one column per indicator judged
// somewhere, each cell its value and its status. The pane draws it as a sortable table and the result
// workbook gets it as the sheet 乡镇对比 (县区对比 when the units are counties); both come from
// townshipGrid, so they always agree.
import { LEVEL_TEXT } from './levels';
import { comparisonSheetName, headerWithUnit, statusLabel } from './report';
import type { CompiledIndicator, CompletionRow, CompletionStatus, ConsolidationResult, Lang, ResultColumn, ResultSheet } from './types';

export interface GridCell {
  value: number | null;
  /** null where this township is not judged on the indicator (no 任务数 for a count). */
  status: CompletionStatus | null;
  completion: number | null;
}

export interface GridRow {
  level: 'township' | 'county';
  name: string;
  /** One per grid indicator, in order. */
  cells: GridCell[];
}

export interface TownshipGrid {
  indicators: CompiledIndicator[];
  /** The county first, then the townships in roll-up order. */
  rows: GridRow[];
}

/** What the grid needs of a result: the pane has it without the facility records. */
export type GridSource = Pick<ConsolidationResult, 'indicators' | 'rollup' | 'completion'> & Partial<Pick<ConsolidationResult, 'unitLevel'>>;

/** Indicators judged somewhere (a 目标 or a 任务数) with a figure somewhere, in definition order. */
export function townshipGrid(result: GridSource): TownshipGrid {
  const judged = new Map<string, CompletionRow>();
  for (const c of result.completion) judged.set(`${c.level}\u0000${c.name}\u0000${c.indicator}`, c);
  const indicators = result.indicators.filter(
    (i) => result.completion.some((c) => c.indicator === i.code) && result.rollup.some((r) => (r.values[i.code] ?? null) !== null),
  );
  const ordered = [...result.rollup.filter((r) => r.level === 'county'), ...result.rollup.filter((r) => r.level === 'township')];
  const rows = ordered.map((r) => ({
    level: r.level,
    name: r.name,
    cells: indicators.map((i) => {
      const c = judged.get(`${r.level}\u0000${r.name}\u0000${i.code}`);
      return { value: r.values[i.code] ?? null, status: c?.status ?? null, completion: c?.completion ?? null };
    }),
  }));
  return { indicators, rows };
}

const round2 = (x: number | null): number | null => (x === null ? null : Math.round(x * 100) / 100);

const TEXT = {
  status: { 'zh-CN': '状态', en: 'Status' },
} satisfies Record<string, Record<Lang, string>>;

/**
 * 乡镇对比 (县区对比 …): 乡镇 (县 …), then for each indicator its value and its status (coloured as in 完成情况); the county
 * row first and bold. A status column per indicator keeps the words in the sheet, not only the colours.
 */
export function townshipSheet(result: GridSource, lang: Lang): ResultSheet {
  const grid = townshipGrid(result);
  const rows = grid.rows.map((r) => [
    r.name,
    ...r.cells.flatMap((c, k) => [
      grid.indicators[k].kind === 'rate' ? round2(c.value) : c.value,
      c.status === null ? null : statusLabel(c.status, lang),
    ]),
  ]);
  const columns: ResultColumn[] = [
    { header: LEVEL_TEXT[result.unitLevel ?? 'township'].unit[lang], format: 'text', width: 14 },
    ...grid.indicators.flatMap((i): ResultColumn[] => {
      const header = headerWithUnit(i.name, i.unit, lang);
      const format = i.kind === 'rate' ? 'decimal2' : 'number';
      return [
        { header, format, width: Math.min(24, Math.max(10, [...header].length + 2)) },
        { header: `${TEXT.status[lang]}`, format: 'text', width: lang === 'en' ? 12 : 10 },
      ];
    }),
  ];
  return {
    name: comparisonSheetName(result.unitLevel, lang),
    kind: 'townships',
    columns,
    rows,
    statusColumns: grid.indicators.map((_, k) => 2 + 2 * k),
    boldRows: grid.rows.flatMap((r, k) => (r.level === 'county' ? [k] : [])),
    freeze: { rows: 1, columns: 1 },
  };
}
