// The result panels a statistician reads after a run: readiness (可以上报), townships side by side
// (sortable, the county on top), the ranking of townships on one indicator, 上报情况 and 乡镇反馈 with
// a 复制 button. Figures come from the engine (townshipGrid, statusLabel, readinessText); nothing here
// judges anything.
import { useId, useMemo, useRef, useState } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Button,
  Field,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  mergeClasses,
  Select,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import { LEVEL_TEXT, readinessOf, readinessText, townshipGrid } from '../../engine';
import type { CompiledIndicator, GridRow, Lang, ReportingRow, TownshipFeedback, UnitLevel } from '../../engine';
import { RESULT_STRINGS, STRINGS } from '../i18n';
import { useResultStyles } from '../resultStyles';
import { StatusChip } from './StatusChip';
import { usePaneStyles } from '../styles';
import type { PaneResult } from '../worker/protocol';

function figure(x: number | null, ind: CompiledIndicator | undefined, lang: Lang): string {
  if (x === null) return '—';
  const rate = ind?.kind === 'rate';
  const text = x.toLocaleString(lang, rate ? { minimumFractionDigits: 2, maximumFractionDigits: 2 } : { maximumFractionDigits: 2 });
  return rate && ind?.unit === '%' ? `${text}%` : text;
}

/** 完成率 and 序时进度 with the same two decimals as the sheets' 0.00%. */
function percent(x: number, lang: Lang): string {
  return `${(x * 100).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
}

// ---------------------------------------------------------------------------------------------

export function ReadinessBar({ lang, result }: { lang: Lang; result: PaneResult }) {
  const r = RESULT_STRINGS[lang];
  const readiness = result.readiness ?? readinessOf(result.issues);
  const { label } = readinessText(readiness, lang);
  return (
    <MessageBar intent={readiness.ready ? 'success' : 'warning'} layout="multiline" aria-label={label}>
      <MessageBarBody>
        <MessageBarTitle>{label}</MessageBarTitle>
        {r.readinessDetail(readiness.errors, readiness.unexplainedWarnings)}
      </MessageBarBody>
    </MessageBar>
  );
}

// ---------------------------------------------------------------------------------------------

type Sort = { column: number; direction: 'ascending' | 'descending' };

/** Townships in the order asked for; the county row is never sorted (it stays on top). */
function sortRows(rows: GridRow[], sort: Sort | null, lang: Lang): GridRow[] {
  const county = rows.filter((r) => r.level === 'county');
  const towns = rows.filter((r) => r.level === 'township');
  if (sort) {
    const sign = sort.direction === 'ascending' ? 1 : -1;
    towns.sort((a, b) => {
      if (sort.column < 0) return sign * a.name.localeCompare(b.name, lang);
      const x = a.cells[sort.column].value;
      const y = b.cells[sort.column].value;
      // Blanks last whichever way.
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return sign * (x - y);
    });
  }
  return [...county, ...towns];
}

export function TownshipTable({ lang, result }: { lang: Lang; result: PaneResult }) {
  const r = RESULT_STRINGS[lang];
  const styles = useResultStyles();
  const pane = usePaneStyles();
  const grid = useMemo(() => townshipGrid(result), [result]);
  const [sort, setSort] = useState<Sort | null>(null);
  // 乡镇对比, or 县区对比 when the units are counties.
  const level = result.unitLevel ?? 'township';
  const heading = level === 'township' ? r.townships : STRINGS[lang].comparisonTitle[level];
  const rows = useMemo(() => sortRows(grid.rows, sort, lang), [grid, sort, lang]);
  const titleId = useId();

  const toggle = (column: number): void =>
    setSort((s) => ({
      column,
      // A figure is first sorted high to low (the best first), a name A to Z.
      direction: s?.column === column ? (s.direction === 'ascending' ? 'descending' : 'ascending') : column < 0 ? 'ascending' : 'descending',
    }));
  const header = (column: number, text: string, className?: string) => (
    <TableHeaderCell
      key={column}
      className={className}
      aria-sort={sort?.column === column ? sort.direction : 'none'}
    >
      <Button appearance="transparent" size="small" className={styles.sortButton} title={r.sortBy(text)} onClick={() => toggle(column)}>
        {text}
        {sort?.column === column ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ''}
      </Button>
    </TableHeaderCell>
  );

  return (
    <section className={pane.section} aria-labelledby={titleId}>
      <Subtitle2 as="h2" id={titleId}>
        {heading}
      </Subtitle2>
      {grid.indicators.length === 0 ? (
        <Text>{r.noTownships}</Text>
      ) : (
        // Focusable so a keyboard user can scroll it sideways.
        <div className={styles.scroller} role="region" aria-label={`${heading}（${r.scrollHint}）`} tabIndex={0}>
          <Table size="extra-small" className={styles.grid} aria-labelledby={titleId}>
            <TableHeader>
              <TableRow>
                {header(-1, level === 'township' ? r.townshipColumn : LEVEL_TEXT[level].unit[lang], styles.nameCell)}
                {grid.indicators.map((ind, k) => header(k, ind.unit ? `${ind.name}（${ind.unit}）` : ind.name, styles.valueHeader))}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={`${row.level}/${row.name}`} className={mergeClasses(row.level === 'county' && styles.countyRow)}>
                  <TableCell className={styles.nameCell}>{row.name}</TableCell>
                  {row.cells.map((c, k) => (
                    <TableCell key={k} className={styles.valueCell}>
                      {figure(c.value, grid.indicators[k], lang)}
                      {c.status && <StatusChip status={c.status} lang={lang} className={styles.status} />}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
    </section>
  );
}

// ---------------------------------------------------------------------------------------------

const BAR = { row: 22, label: 64, value: 52, width: 300, top: 18 };

export function RankingChart({ lang, result }: { lang: Lang; result: PaneResult }) {
  const r = RESULT_STRINGS[lang];
  const styles = useResultStyles();
  const pane = usePaneStyles();
  const titleId = useId();
  // Indicators on which at least one township has a 完成率.
  const indicators = useMemo(
    () => result.indicators.filter((i) => result.completion.some((c) => c.level === 'township' && c.indicator === i.code && c.completion !== null)),
    [result],
  );
  const [picked, setPicked] = useState<string>('');
  const code = indicators.some((i) => i.code === picked) ? picked : (indicators[0]?.code ?? '');
  const ind = indicators.find((i) => i.code === code);
  const ranked = result.completion
    .filter((c) => c.level === 'township' && c.indicator === code && c.completion !== null)
    .sort((a, b) => b.completion! - a.completion! || a.name.localeCompare(b.name, lang));
  if (indicators.length === 0) return null;

  // 序时进度 matters for counts that accumulate; every bar is measured against its own target (100 %).
  const progress = ind?.kind === 'count' ? result.timeProgress : null;
  const scale = Math.max(1, progress ?? 0, ...ranked.map((c) => c.completion!));
  const plot = BAR.width - BAR.label - BAR.value;
  const x = (ratio: number): number => BAR.label + (plot * Math.max(0, ratio)) / scale;
  const height = BAR.top + ranked.length * BAR.row + 4;
  const name = ind?.name ?? code;
  const level = result.unitLevel ?? 'township';

  return (
    <section className={pane.section} aria-labelledby={titleId}>
      <Subtitle2 as="h2" id={titleId}>
        {r.ranking(level)}
      </Subtitle2>
      <Field label={r.rankingIndicator}>
        <Select value={code} onChange={(_, d) => setPicked(d.value)}>
          {indicators.map((i) => (
            <option key={i.code} value={i.code}>
              {i.name}
            </option>
          ))}
        </Select>
      </Field>
      {ranked.length === 0 ? (
        <Text>{r.noRanking(level)}</Text>
      ) : (
        <svg className={styles.chart} viewBox={`0 0 ${BAR.width} ${height}`} role="img" aria-labelledby={`${titleId}-chart`}>
          <title id={`${titleId}-chart`}>
            {`${r.rankingDescription(name, ranked.length, level)}：${ranked.map((c) => `${c.name} ${percent(c.completion!, lang)}`).join('，')}`}
          </title>
          {ranked.map((c, k) => {
            const y = BAR.top + k * BAR.row;
            const behind = c.status === 'lagging' || c.status === 'unmet' || c.status === 'over-limit';
            return (
              <g key={c.name} data-township={c.name}>
                <text x={BAR.label - 4} y={y + BAR.row / 2 + 4} textAnchor="end" className={styles.chartLabel}>
                  {c.name}
                </text>
                <rect
                  x={BAR.label}
                  y={y + 4}
                  width={Math.max(1, x(c.completion!) - BAR.label)}
                  height={BAR.row - 8}
                  rx={2}
                  style={{ fill: behind ? tokens.colorPaletteMarigoldBorderActive : tokens.colorBrandBackground }}
                />
                <text x={x(c.completion!) + 3} y={y + BAR.row / 2 + 4} className={styles.chartValue}>
                  {percent(c.completion!, lang)}
                </text>
              </g>
            );
          })}
          <Line at={x(1)} height={height} label={r.rankingLine(r.targetLine, '100%')} colour={tokens.colorNeutralStroke1} />
          {progress !== null && (
            <Line at={x(progress)} height={height} label={r.rankingLine(r.progressLine, percent(progress, lang))} colour={tokens.colorPaletteRedBorderActive} dashed />
          )}
        </svg>
      )}
      <div className={styles.legend} aria-hidden="true">
        <span>— {r.targetLine} 100%</span>
        {progress !== null && <span>┄ {r.rankingLine(r.progressLine, percent(progress, lang))}</span>}
      </div>
    </section>
  );
}

function Line({ at, height, label, colour, dashed = false }: { at: number; height: number; label: string; colour: string; dashed?: boolean }) {
  return (
    <g data-line={label}>
      <line x1={at} x2={at} y1={BAR.top - 4} y2={height} style={{ stroke: colour, strokeWidth: 1.5, strokeDasharray: dashed ? '4 3' : undefined }} />
      <text x={at} y={BAR.top - 7} textAnchor="middle" style={{ fill: colour, fontSize: '9px' }}>
        {label}
      </text>
    </g>
  );
}

// ---------------------------------------------------------------------------------------------

export function ReportingPanel({ lang, rows, level = 'township' }: { lang: Lang; rows: ReportingRow[]; level?: UnitLevel }) {
  const r = RESULT_STRINGS[lang];
  const styles = useResultStyles();
  const pane = usePaneStyles();
  const titleId = useId();
  const ordered = [...rows.filter((x) => x.level === 'county'), ...rows.filter((x) => x.level === 'township')];
  const known = rows.some((x) => x.expected !== null);
  const c = r.reportingColumns;
  return (
    <section className={pane.section} aria-labelledby={titleId}>
      <Subtitle2 as="h2" id={titleId}>
        {r.reporting}
      </Subtitle2>
      {!known && <Text>{r.noExpected}</Text>}
      <div className={styles.scroller}>
        <Table size="extra-small" aria-labelledby={titleId}>
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{level === 'township' ? c.name : LEVEL_TEXT[level].unit[lang]}</TableHeaderCell>
              <TableHeaderCell className={styles.valueCell}>{c.expected}</TableHeaderCell>
              <TableHeaderCell className={styles.valueCell}>{c.reported}</TableHeaderCell>
              <TableHeaderCell className={styles.valueCell}>{c.rate}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {ordered.map((row) => (
              <TableRow key={`${row.level}/${row.name}`} className={mergeClasses(row.level === 'county' && styles.countyRow)}>
                <TableCell>
                  {row.name}
                  {row.level === 'township' && row.missing.length > 0 && <span className={styles.missing}>{r.missing(row.missing)}</span>}
                  {row.level === 'township' && row.unlisted.length > 0 && <span className={styles.missing}>{r.unlisted(row.unlisted)}</span>}
                </TableCell>
                <TableCell className={styles.valueCell}>{row.expected ?? '—'}</TableCell>
                <TableCell className={styles.valueCell}>{row.reported}</TableCell>
                <TableCell className={styles.valueCell}>{row.rate === null ? '—' : percent(row.rate, lang)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </div>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------

/** Copies text: the clipboard API where the host allows it, else the selected text and execCommand. */
async function copyText(text: string, fallback: HTMLTextAreaElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Office on some hosts refuses the clipboard API to add-ins: fall back to a selection.
  }
  if (!fallback) return false;
  fallback.focus();
  fallback.select();
  try {
    return typeof document.execCommand === 'function' && document.execCommand('copy');
  } catch {
    return false;
  }
}

function FeedbackItem({ lang, feedback }: { lang: Lang; feedback: TownshipFeedback }) {
  const r = RESULT_STRINGS[lang];
  const styles = useResultStyles();
  const text = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  return (
    <AccordionItem value={feedback.township}>
      <AccordionHeader size="small">{r.feedbackFor(feedback.township, feedback.problems.length)}</AccordionHeader>
      <AccordionPanel>
        <textarea ref={text} readOnly className={styles.feedbackText} value={feedback.text} aria-label={feedback.township} rows={8} />
        <div className={styles.feedbackActions}>
          <Button size="small" aria-label={r.copyLabel(feedback.township)} onClick={() => void copyText(feedback.text, text.current).then((ok) => setState(ok ? 'copied' : 'failed'))}>
            {r.copy}
          </Button>
          <span role="status" className={styles.copied}>
            {state === 'copied' ? r.copied : state === 'failed' ? r.copyFailed : ''}
          </span>
        </div>
      </AccordionPanel>
    </AccordionItem>
  );
}

export function FeedbackPanel({ lang, feedback, level = 'township' }: { lang: Lang; feedback: TownshipFeedback[]; level?: UnitLevel }) {
  const r = RESULT_STRINGS[lang];
  const pane = usePaneStyles();
  const titleId = useId();
  return (
    <section className={pane.section} aria-labelledby={titleId}>
      <Subtitle2 as="h2" id={titleId}>
        {r.feedback(level)}
      </Subtitle2>
      {feedback.length === 0 ? (
        <Text>{r.noFeedback(level)}</Text>
      ) : (
        <Accordion multiple collapsible>
          {feedback.map((f) => (
            <FeedbackItem key={f.township} lang={lang} feedback={f} />
          ))}
        </Accordion>
      )}
    </section>
  );
}
