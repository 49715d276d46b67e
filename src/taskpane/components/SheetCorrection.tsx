// The user's correction of how one sheet is read: header rows, facility column, each column's indicator.
import { useState } from 'react';
import { Button, Field, Input, Select, Text } from '@fluentui/react-components';
import { columnLetter, rankIndicators } from '../../engine';
import type { CellValue, ColumnMatch, CompiledIndicator, Lang, LayoutOverride, SheetLayout } from '../../engine';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';

export interface SheetCorrectionProps {
  lang: Lang;
  layout: SheetLayout;
  /** The sheet's cells, for the header texts of columns the engine did not take as a table. */
  values: CellValue[][];
  indicators: CompiledIndicator[];
  saved: LayoutOverride | undefined;
  onSave: (override: LayoutOverride) => Promise<void>;
}

const cellText = (v: CellValue | undefined): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * The columns to give an indicator: those the engine read as the table's, or — on a sheet it could not
 * read as a table — every column but the facility column, headed by its text in the header rows.
 */
function columnsOf(layout: SheetLayout, values: CellValue[][], first: number, last: number, facility: number): ColumnMatch[] {
  if (layout.columns.length > 0) return layout.columns;
  const width = values.reduce((w, r) => Math.max(w, r.length), 0);
  const columns: ColumnMatch[] = [];
  for (let c = 0; c < width; c++) {
    if (c === facility) continue;
    const parts: string[] = [];
    for (let r = Math.max(0, first); r <= Math.min(last, values.length - 1); r++) {
      const text = cellText(values[r]?.[c]);
      if (text && parts[parts.length - 1] !== text) parts.push(text);
    }
    columns.push({ column: c, letter: columnLetter(c), header: parts.join(''), indicator: null, matchedBy: null });
  }
  return columns;
}

export function SheetCorrection({ lang, layout, values, indicators, saved, onSave }: SheetCorrectionProps) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const [first, setFirst] = useState(String((layout.headerRows?.first ?? 0) + 1));
  const [last, setLast] = useState(String((layout.headerRows?.last ?? 0) + 1));
  const [facility, setFacility] = useState(layout.facilityColumn ?? 0);
  const [columns, setColumns] = useState<Record<string, string | null>>(() => ({
    ...(saved?.columnIndicators ?? {}),
    ...Object.fromEntries(layout.columns.map((c) => [c.letter, c.indicator])),
  }));
  const [busy, setBusy] = useState(false);

  const firstRow = Number(first);
  const lastRow = Number(last);
  const rowsValid = Number.isInteger(firstRow) && Number.isInteger(lastRow) && firstRow >= 1 && lastRow >= firstRow;
  const shown = columnsOf(layout, values, firstRow - 1, rowsValid ? lastRow - 1 : firstRow - 1, facility);

  const save = async () => {
    const changed: Record<string, string | null> = { ...(saved?.columnIndicators ?? {}) };
    for (const c of shown) {
      const chosen = columns[c.letter] ?? null;
      if (chosen !== c.indicator || c.matchedBy === 'override') changed[c.letter] = chosen;
    }
    // On a sheet not read as a table, only the columns given an indicator say anything.
    if (layout.columns.length === 0) for (const [k, v] of Object.entries(changed)) if (v === null) delete changed[k];
    setBusy(true);
    try {
      await onSave({
        sheet: layout.sheet,
        headerRows: { first: firstRow - 1, last: lastRow - 1 },
        facilityColumn: facility,
        ...(Object.keys(changed).length ? { columnIndicators: changed } : {}),
      });
    } finally {
      setBusy(false);
    }
  };

  const width = values.reduce((w, r) => Math.max(w, r.length), 0);
  const letters = Array.from({ length: Math.max(width, 1) }, (_, n) => columnLetter(n));
  return (
    <form
      className={styles.correction}
      aria-label={t.correctTitle(layout.sheet)}
      onSubmit={(e) => {
        e.preventDefault();
        if (rowsValid) void save();
      }}
    >
      <Text weight="semibold">{t.correctTitle(layout.sheet)}</Text>
      <div className={styles.numbers}>
        <Field label={t.headerFirst} className={styles.fitField} validationState={rowsValid ? 'none' : 'error'} validationMessage={rowsValid ? undefined : t.rowNumberInvalid}>
          <Input className={styles.fitSelect} input={{ className: styles.fitSelectInner }} type="number" min={1} value={first} onChange={(_, d) => setFirst(d.value)} />
        </Field>
        <Field label={t.headerLast} className={styles.fitField} validationState={rowsValid ? 'none' : 'error'}>
          <Input className={styles.fitSelect} input={{ className: styles.fitSelectInner }} type="number" min={1} value={last} onChange={(_, d) => setLast(d.value)} />
        </Field>
        <Field label={t.facilityColumn} className={styles.fitField}>
          <Select className={styles.fitSelect} select={{ className: styles.fitSelectInner }} value={String(facility)} onChange={(_, d) => setFacility(Number(d.value))}>
            {letters.map((l, n) => (
              <option key={l} value={n}>
                {l}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {shown.map((c) => (
        <Field key={c.letter} label={t.columnIndicator(c.letter, c.header)} className={styles.fitField}>
          <Select className={styles.fitSelect} select={{ className: styles.fitSelectInner }} value={columns[c.letter] ?? ''} onChange={(_, d) => setColumns({ ...columns, [c.letter]: d.value || null })}>
            <option value="">{t.ignoreColumn}</option>
            {/* The indicators closest to the column's header first. */}
            {rankIndicators(c.header, indicators).map((i) => (
              <option key={i.code} value={i.code}>
                {i.name}（{i.code}）
              </option>
            ))}
          </Select>
        </Field>
      ))}
      <div className={styles.row}>
        <Button type="submit" appearance="primary" disabled={!rowsValid || busy}>
          {t.saveCorrection}
        </Button>
      </div>
    </form>
  );
}
