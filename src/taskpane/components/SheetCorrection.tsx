// The user's correction of how one sheet is read: header rows, facility column, each column's indicator.
import { useState } from 'react';
import { Button, Field, Input, Select, Text } from '@fluentui/react-components';
import { columnLetter } from '../../engine';
import type { CompiledIndicator, Lang, LayoutOverride, SheetLayout } from '../../engine';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';

export interface SheetCorrectionProps {
  lang: Lang;
  layout: SheetLayout;
  /** Columns the sheet has (its widest row). */
  width: number;
  indicators: CompiledIndicator[];
  saved: LayoutOverride | undefined;
  onSave: (override: LayoutOverride) => Promise<void>;
}

export function SheetCorrection({ lang, layout, width, indicators, saved, onSave }: SheetCorrectionProps) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const [first, setFirst] = useState(String((layout.headerRows?.first ?? 0) + 1));
  const [last, setLast] = useState(String((layout.headerRows?.last ?? 0) + 1));
  const [facility, setFacility] = useState(layout.facilityColumn ?? 0);
  const [columns, setColumns] = useState<Record<string, string | null>>(() =>
    Object.fromEntries(layout.columns.map((c) => [c.letter, c.indicator])),
  );
  const [busy, setBusy] = useState(false);

  const firstRow = Number(first);
  const lastRow = Number(last);
  const rowsValid = Number.isInteger(firstRow) && Number.isInteger(lastRow) && firstRow >= 1 && lastRow >= firstRow;

  const save = async () => {
    const changed: Record<string, string | null> = { ...(saved?.columnIndicators ?? {}) };
    for (const c of layout.columns) {
      if (columns[c.letter] !== c.indicator || c.matchedBy === 'override') changed[c.letter] = columns[c.letter] ?? null;
    }
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
        <Field label={t.headerFirst} validationState={rowsValid ? 'none' : 'error'} validationMessage={rowsValid ? undefined : t.rowNumberInvalid}>
          <Input type="number" min={1} value={first} onChange={(_, d) => setFirst(d.value)} />
        </Field>
        <Field label={t.headerLast} validationState={rowsValid ? 'none' : 'error'}>
          <Input type="number" min={1} value={last} onChange={(_, d) => setLast(d.value)} />
        </Field>
        <Field label={t.facilityColumn}>
          <Select value={String(facility)} onChange={(_, d) => setFacility(Number(d.value))}>
            {letters.map((l, n) => (
              <option key={l} value={n}>
                {l}
              </option>
            ))}
          </Select>
        </Field>
      </div>
      {layout.columns.map((c) => (
        <Field key={c.letter} label={t.columnIndicator(c.letter, c.header)}>
          <Select value={columns[c.letter] ?? ''} onChange={(_, d) => setColumns({ ...columns, [c.letter]: d.value || null })}>
            <option value="">{t.ignoreColumn}</option>
            {indicators.map((i) => (
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
