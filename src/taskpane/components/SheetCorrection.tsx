// The user's correction of how one sheet is read: header rows, facility column, each column's indicator
// (a searchable list, the indicators most like the column's header first), with the sheet's first rows
// to look at; 恢复自动识别 drops a saved correction, 取消 closes the form unchanged.
import { useId, useMemo, useState } from 'react';
import { Button, Combobox, Field, Input, makeStyles, mergeClasses, Option, Select, Text, tokens } from '@fluentui/react-components';
import { columnLetter, headerSimilarity, rankIndicators, SUGGESTION_THRESHOLD } from '../../engine';
import type { CellValue, ColumnMatch, CompiledIndicator, Lang, LayoutOverride, SheetLayout } from '../../engine';
import { STRINGS } from '../i18n';
import type { Strings } from '../i18n';
import { usePaneStyles } from '../styles';

export interface SheetCorrectionProps {
  lang: Lang;
  layout: SheetLayout;
  /** The sheet's cells, for the header texts of columns the engine did not take as a table. */
  values: CellValue[][];
  indicators: CompiledIndicator[];
  saved: LayoutOverride | undefined;
  onSave: (override: LayoutOverride) => Promise<void>;
  /** Removes the saved correction: the sheet is read by its header again. Offered only with one saved. */
  onRestore: () => Promise<void>;
  onCancel: () => void;
}

/** How many of the sheet's rows the form shows, to find the header by. */
export const PREVIEW_ROWS = 6;

const cellText = (v: CellValue | undefined): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/**
 * Whether correcting a sheet makes sense: one read as a table, one with facilities but no indicator
 * column, or one with no header found whose cells still form a grid (two rows of two cells or more).
 * A sheet of notes, a chart, an empty or hidden sheet is not offered the form.
 */
export function isCorrectable(layout: SheetLayout, values: CellValue[][]): boolean {
  if (layout.status === 'table' || layout.skipReason === 'no-indicator') return true;
  if (layout.skipReason !== 'no-table') return false;
  return values.filter((row) => row.filter((v) => cellText(v) !== '').length >= 2).length >= 2;
}

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

const useCorrectionStyles = makeStyles({
  combobox: {
    minWidth: 0,
    width: '100%',
    maxWidth: '100%',
  },
  comboboxInput: {
    minWidth: 0,
    width: '100%',
    textOverflow: 'ellipsis',
  },
  // A target a finger or an unsteady hand can hit: 24 px at least (WCAG 2.2, 2.5.8).
  expandIcon: {
    minWidth: '24px',
    minHeight: '24px',
    display: 'inline-flex',
    alignItems: 'center',
    justifyContent: 'center',
  },
  // The preview scrolls sideways inside itself, never the pane.
  preview: {
    overflowX: 'auto',
    maxWidth: '100%',
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  previewTable: {
    borderCollapse: 'collapse',
    fontSize: tokens.fontSizeBase100,
    lineHeight: tokens.lineHeightBase200,
    '& th, & td': {
      border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      padding: `0 ${tokens.spacingHorizontalXS}`,
      maxWidth: '8em',
      overflow: 'hidden',
      textOverflow: 'ellipsis',
      whiteSpace: 'nowrap',
      textAlign: 'start',
    },
    '& th': {
      fontWeight: tokens.fontWeightRegular,
      color: tokens.colorNeutralForeground2,
      backgroundColor: tokens.colorNeutralBackground3,
    },
  },
  caption: {
    captionSide: 'top',
    textAlign: 'start',
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
  },
  // The rows taken as the header and the facility column stand out, as they are now set in the form.
  headerRow: {
    '& td': { backgroundColor: tokens.colorBrandBackground2, fontWeight: tokens.fontWeightSemibold },
  },
  facilityCell: {
    outline: `${tokens.strokeWidthThick} solid ${tokens.colorBrandStroke1}`,
    outlineOffset: `calc(-1 * ${tokens.strokeWidthThick})`,
  },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    columnGap: tokens.spacingHorizontalS,
    rowGap: tokens.spacingVerticalXS,
  },
});

/** The sheet's first rows, the header rows and the facility column marked, to set the form by. */
function SheetPreview({ sheet, values, first, last, facility, t }: { sheet: string; values: CellValue[][]; first: number; last: number; facility: number; t: Strings }) {
  const styles = useCorrectionStyles();
  const rows = values.slice(0, PREVIEW_ROWS);
  const width = Math.max(1, rows.reduce((w, r) => Math.max(w, r.length), 0));
  const caption = t.sheetPreview(sheet, rows.length);
  if (rows.length === 0) return null;
  return (
    // Focusable so a keyboard user can scroll it sideways.
    <div className={styles.preview} role="region" aria-label={`${caption}（${t.previewScrollHint}）`} tabIndex={0}>
      <table className={styles.previewTable}>
        <caption className={styles.caption}>{caption}</caption>
        <thead>
          <tr>
            <td />
            {Array.from({ length: width }, (_, c) => (
              <th key={c} scope="col">
                {columnLetter(c)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, r) => (
            <tr key={r} className={mergeClasses(r + 1 >= first && r + 1 <= last && styles.headerRow)}>
              <th scope="row">{r + 1}</th>
              {Array.from({ length: width }, (_, c) => (
                <td key={c} className={mergeClasses(c === facility && styles.facilityCell)} title={cellText(row[c]) || undefined}>
                  {cellText(row[c])}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Whether a typed text finds an indicator: in its name, code or an alias, or a header much like it. */
function matches(query: string, indicator: CompiledIndicator): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  const names = [indicator.name, ...indicator.aliases];
  if (indicator.code.toLowerCase().includes(q) || names.some((n) => n.toLowerCase().includes(q))) return true;
  return names.some((n) => headerSimilarity(query, n) >= SUGGESTION_THRESHOLD);
}

/**
 * One column's indicator: type to narrow the list (name, code or alias); the list is ordered by how
 * alike each indicator is to the column's header, the closest first, as the engine ranks them.
 */
function IndicatorPicker({ t, header, indicators, value, onChange }: { t: Strings; header: string; indicators: CompiledIndicator[]; value: string | null; onChange: (code: string | null) => void }) {
  const styles = useCorrectionStyles();
  const byCode = useMemo(() => new Map(indicators.map((i) => [i.code, i])), [indicators]);
  const ranked = useMemo(() => rankIndicators(header, indicators).map((s) => byCode.get(s.code)!), [header, indicators, byCode]);
  // What the user is typing; null while the field shows the choice.
  const [query, setQuery] = useState<string | null>(null);
  // The options are rendered while the list is open only: a sheet of 30 columns would otherwise hold
  // 30 hidden lists of every indicator.
  const [open, setOpen] = useState(false);
  const textOf = (code: string | null): string => {
    const i = code === null ? undefined : byCode.get(code);
    return i ? `${i.name}（${i.code}）` : code === null ? t.ignoreColumn : code;
  };
  const shown = query === null ? ranked : ranked.filter((i) => matches(query, i));
  return (
    <Combobox
      className={styles.combobox}
      input={{ className: styles.comboboxInput }}
      expandIcon={{ className: styles.expandIcon }}
      // The list opens in the form, inside the pane's landmarks, not in a layer at the page's end.
      inlinePopup
      placeholder={t.searchIndicator}
      value={query ?? textOf(value)}
      selectedOptions={[value ?? '']}
      onChange={(e) => {
        // Typed after the choice shown in the field: the search is what was typed.
        const typed = e.target.value;
        const chosen = textOf(value);
        setQuery(query === null && typed.startsWith(chosen) && typed !== chosen ? typed.slice(chosen.length) : typed);
      }}
      // Focused, the choice is selected: typing replaces it with a search.
      onFocus={(e) => e.currentTarget.select()}
      onBlur={() => setQuery(null)}
      onOptionSelect={(_, d) => {
        if (d.optionValue === undefined) return;
        onChange(d.optionValue === '' ? null : d.optionValue);
        setQuery(null);
      }}
      onOpenChange={(_, d) => {
        setOpen(d.open);
      }}
    >
      {!open ? null : query === null || query.trim() === '' ? (
        <Option value="" text={t.ignoreColumn}>
          {t.ignoreColumn}
        </Option>
      ) : null}
      {open && shown.map((i) => (
        <Option key={i.code} value={i.code} text={textOf(i.code)}>
          {textOf(i.code)}
        </Option>
      ))}
      {open && shown.length === 0 ? (
        <Option value={'\u0000none'} text={t.noIndicatorFound} disabled>
          {t.noIndicatorFound}
        </Option>
      ) : null}
    </Combobox>
  );
}

export function SheetCorrection({ lang, layout, values, indicators, saved, onSave, onRestore, onCancel }: SheetCorrectionProps) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const own = useCorrectionStyles();
  const titleId = useId();
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

  const busyWhile = async (work: () => Promise<void>) => {
    setBusy(true);
    try {
      await work();
    } finally {
      setBusy(false);
    }
  };

  const save = () => {
    const changed: Record<string, string | null> = { ...(saved?.columnIndicators ?? {}) };
    for (const c of shown) {
      const chosen = columns[c.letter] ?? null;
      if (chosen !== c.indicator || c.matchedBy === 'override') changed[c.letter] = chosen;
    }
    // On a sheet not read as a table, only the columns given an indicator say anything.
    if (layout.columns.length === 0) for (const [k, v] of Object.entries(changed)) if (v === null) delete changed[k];
    return busyWhile(() =>
      onSave({
        sheet: layout.sheet,
        headerRows: { first: firstRow - 1, last: lastRow - 1 },
        facilityColumn: facility,
        ...(Object.keys(changed).length ? { columnIndicators: changed } : {}),
      }),
    );
  };

  const width = values.reduce((w, r) => Math.max(w, r.length), 0);
  const letters = Array.from({ length: Math.max(width, 1) }, (_, n) => columnLetter(n));
  return (
    <form
      className={styles.correction}
      aria-labelledby={titleId}
      onSubmit={(e) => {
        e.preventDefault();
        if (rowsValid) void save();
      }}
    >
      <Text weight="semibold" id={titleId}>
        {t.correctTitle(layout.sheet)}
      </Text>
      <SheetPreview sheet={layout.sheet} values={values} first={rowsValid ? firstRow : 0} last={rowsValid ? lastRow : -1} facility={facility} t={t} />
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
          <IndicatorPicker
            t={t}
            header={c.header}
            indicators={indicators}
            value={columns[c.letter] ?? null}
            onChange={(code) => setColumns((all) => ({ ...all, [c.letter]: code }))}
          />
        </Field>
      ))}
      <div className={own.actions}>
        <Button type="submit" appearance="primary" disabled={!rowsValid || busy}>
          {t.saveCorrection}
        </Button>
        {saved && (
          <Button title={t.restoreAutoHint(layout.sheet)} disabled={busy} onClick={() => void busyWhile(onRestore)}>
            {t.restoreAuto}
          </Button>
        )}
        <Button appearance="subtle" disabled={busy} onClick={onCancel}>
          {t.cancelCorrection}
        </Button>
      </div>
    </form>
  );
}
