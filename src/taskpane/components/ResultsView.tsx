// What a run found: counts, the sheets written, issues by sheet (each a way to its cell), 完成情况.
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Button,
  Field,
  mergeClasses,
  MessageBar,
  MessageBarBody,
  Select,
  Subtitle2,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
} from '@fluentui/react-components';
import type { BadgeProps } from '@fluentui/react-components';
import { COUNTY_NAME, isBehind, renderIssue, targetSourceLabel, valueRead } from '../../engine';
import { IssueNote } from './IssueNote';
import { FeedbackPanel, RankingChart, ReadinessBar, ReportingPanel, TownshipTable } from './ResultPanels';
import { StatusChip } from './StatusChip';
import type { CellRef, Issue, Lang, Severity } from '../../engine';
import type { WrittenSheet } from '../../excel/host';
import { describeError } from '../errorText';
import { RESULT_STRINGS, STRINGS } from '../i18n';
import type { PaneResult } from '../worker/protocol';
import { useResultStyles } from '../resultStyles';
import { usePaneStyles } from '../styles';

/** How many issues a group lists before pointing at the 校验结果 sheet. */
export const ISSUES_SHOWN_PER_SHEET = 200;

export const SEVERITY_BADGE: Record<Severity, BadgeProps['color']> = { error: 'danger', warning: 'warning', info: 'informative' };

export interface ResultsViewProps {
  lang: Lang;
  result: PaneResult;
  written: WrittenSheet[];
  /** Selects the cell in the workbook; rejects when it cannot (the sheet was deleted, say). */
  onSelectCell: (ref: CellRef) => Promise<void>;
  /** Scroll to and focus the 汇总结果 heading when shown: after a run, the reader lands on what it found. */
  focusOnShow?: boolean;
  /** Keeps a 情况说明 typed on an error or warning; without it, notes are shown but not written here. */
  onNote?: (issue: Issue, note: string) => Promise<void>;
}

interface IssueGroup {
  key: string;
  title: string;
  issues: Issue[];
}

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

/** "洞口村卫生所 · 增补叶酸人数 · “XX”": who, what and the value read, where the issue has them. */
export function issueContext(i: Issue, names: Map<string, string>, quote: (value: string) => string): string {
  const value = valueRead(i);
  const subject = i.indicator ? (names.get(i.indicator) ?? i.indicator) : i.rule;
  return [i.facility ?? null, subject, value === null ? null : quote(value)].filter((x): x is string => !!x).join(' · ');
}

/** Issues by sheet, in the order the sheets were read; errors first within a sheet, then warnings, then notes. */
function groupIssues(issues: Issue[], wholeWorkbook: string): IssueGroup[] {
  const groups = new Map<string, IssueGroup>();
  for (const i of issues) {
    const key = i.sheet === null ? '' : `${i.source ?? ''}\u0000${i.sheet}`;
    const title = i.sheet === null ? wholeWorkbook : i.source ? `${i.source} › ${i.sheet}` : i.sheet;
    const group = groups.get(key) ?? { key, title, issues: [] };
    group.issues.push(i);
    groups.set(key, group);
  }
  for (const g of groups.values()) g.issues.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  return [...groups.values()];
}

/** The issue whose cell was last asked for, and what came of it. */
type Selection = { key: string; target: CellRef } & ({ state: 'busy' | 'selected' } | { state: 'failed'; error: unknown });

/**
 * Beside the issue clicked: that its cell is selected in Excel, or why it could not be. Under the item,
 * where the eye already is, not at the top of a long pane scrolled out of sight.
 */
function SelectionOutcome({ id, lang, selection }: { id: string; lang: Lang; selection: Selection }) {
  const t = STRINGS[lang];
  const results = useResultStyles();
  const { sheet, cell } = selection.target;
  if (selection.state === 'failed') {
    return (
      <div id={id} role="alert" className={mergeClasses(results.selection, results.selectionFailed)}>
        {t.cellNotSelected(sheet, cell, describeError(selection.error, lang).message)}
      </div>
    );
  }
  return (
    <div id={id} role="status" className={results.selection}>
      {selection.state === 'selected' ? t.cellSelected(sheet, cell) : ''}
    </div>
  );
}

function formatNumber(x: number | null, lang: Lang): string {
  if (x === null) return '—';
  return x.toLocaleString(lang, { maximumFractionDigits: 2 });
}

/** A figure with its unit: 90.66%, 1,018 人. */
function withUnit(x: number | null, unit: string | undefined, lang: Lang): string {
  if (x === null) return '—';
  if (!unit) return formatNumber(x, lang);
  return unit === '%' || unit === '％' || unit === '‰' ? `${formatNumber(x, lang)}${unit}` : `${formatNumber(x, lang)} ${unit}`;
}

/** 完成率 with the two decimals of the sheets' 0.00%, so pane and sheet agree and the column lines up: 94.00%. */
function formatRate(x: number | null, lang: Lang): string {
  if (x === null) return '—';
  return `${(x * 100).toLocaleString(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 })}%`;
}

export function ResultsView({ lang, result, written, onSelectCell, focusOnShow = false, onNote }: ResultsViewProps) {
  const summary = useRef<HTMLElement>(null);
  const idBase = useId();
  useEffect(() => {
    const heading = summary.current?.querySelector('h2');
    if (!focusOnShow || !heading) return;
    // jsdom has no scrollIntoView.
    heading.scrollIntoView?.({ block: 'start' });
    heading.focus({ preventScroll: true });
  }, [focusOnShow]);
  const t = STRINGS[lang];
  const r = RESULT_STRINGS[lang];
  const styles = usePaneStyles();
  const results = useResultStyles();
  const [showInfo, setShowInfo] = useState(false);
  const [selection, setSelection] = useState<Selection | null>(null);
  const goTo = (key: string, target: CellRef) => {
    setSelection({ key, target, state: 'busy' });
    onSelectCell(target).then(
      () => setSelection((s) => (s?.key === key ? { key, target, state: 'selected' } : s)),
      (error: unknown) => setSelection((s) => (s?.key === key ? { key, target, state: 'failed', error } : s)),
    );
  };
  const [scope, setScope] = useState('');
  const visible = useMemo(() => result.issues.filter((i) => showInfo || i.severity !== 'info'), [result, showInfo]);
  const groups = useMemo(() => groupIssues(visible, t.workbookIssues), [visible, t]);
  const townships = useMemo(() => [...new Set(result.completion.filter((c) => c.level === 'township').map((c) => c.name))], [result]);
  const indicatorNames = useMemo(() => new Map(result.indicators.map((i) => [i.code, i])), [result]);
  const plainNames = useMemo(() => new Map(result.indicators.map((i) => [i.code, i.name])), [result]);
  // Indicators nobody reported stay out of the pane, as they stay out of the result sheets.
  const rows = result.completion.filter(
    (c) => c.status !== 'no-data' && (scope === '' ? c.level === 'county' : c.level === 'township' && c.name === scope),
  );
  // The units' level words: 全县 and 全县合计, or 全市 and 全市合计 (or 临江市合计) when the units are counties.
  const level = result.unitLevel ?? 'township';
  const wholeName = result.completion.find((c) => c.level === 'county')?.name ?? COUNTY_NAME[lang];
  const behind = new Set(result.completion.filter((c) => c.level === 'county' && isBehind(c.status)).map((c) => c.indicator)).size;

  const counts: { label: string; value: number; className: string }[] = [
    { label: t.unitsCount[level], value: result.counts.townships, className: styles.countNarrow },
    { label: t.facilities, value: result.counts.facilities, className: styles.countNarrow },
    { label: t.behind, value: behind, className: styles.countNarrow },
    { label: t.errors, value: result.counts.errors, className: mergeClasses(styles.countWide, result.counts.errors > 0 && styles.countBad) },
    { label: t.warnings, value: result.counts.warnings, className: mergeClasses(styles.countWide, result.counts.warnings > 0 && styles.countWarn) },
  ];

  return (
    <>
      <section ref={summary} className={styles.section} aria-labelledby="summary-title">
        <Subtitle2 as="h2" id="summary-title" tabIndex={-1}>
          {t.summary}
        </Subtitle2>
        <ReadinessBar lang={lang} result={result} />
        <dl className={styles.counts}>
          {counts.map(({ label, value, className }) => (
            <div key={label} className={mergeClasses(styles.count, className)}>
              <dt className={styles.countLabel}>{label}</dt>
              <dd className={styles.countValue}>{value.toLocaleString(lang)}</dd>
            </div>
          ))}
        </dl>
        {written.length > 0 && (
          <MessageBar intent="success" layout="multiline">
            <MessageBarBody>
              {t.written(written.map((w) => w.actual))}
              {written
                .filter((w) => w.actual !== w.requested)
                .map((w) => (
                  <div key={w.requested}>{t.renamed(w.requested, w.actual)}</div>
                ))}
            </MessageBarBody>
          </MessageBar>
        )}
      </section>

      <section className={styles.section} aria-labelledby="issues-title">
        <div className={styles.header}>
          <Subtitle2 as="h2" id="issues-title">
            {t.issues}
          </Subtitle2>
          <Switch checked={showInfo} onChange={(_, d) => setShowInfo(d.checked)} label={t.showInfo} />
        </div>
        {groups.length === 0 && <Text>{t.noIssues}</Text>}
        <Accordion multiple collapsible defaultOpenItems={groups.map((g) => g.key)}>
          {groups.map((g, groupIndex) => {
            const errors = g.issues.filter((i) => i.severity === 'error').length;
            const warnings = g.issues.filter((i) => i.severity === 'warning').length;
            return (
              <AccordionItem key={g.key} value={g.key}>
                <AccordionHeader size="small">{t.groupTitle(g.title, errors, warnings, g.issues.length)}</AccordionHeader>
                <AccordionPanel>
                  <ul className={styles.issueList}>
                    {g.issues.slice(0, ISSUES_SHOWN_PER_SHEET).map((i, n) => {
                      const context = issueContext(i, plainNames, r.valueRead);
                      const body = (
                        <>
                          <Badge appearance="filled" color={SEVERITY_BADGE[i.severity]} size="small" className={mergeClasses(styles.badge, lang === 'en' && styles.severityEn)}>
                            {t.severity[i.severity]}
                          </Badge>
                          <span className={styles.issueText}>
                            {i.cell && <span className={styles.cellRef}>{i.cell}</span>}
                            {context && <span className={results.context}>{context}</span>}
                            <span>{renderIssue(i, lang)}</span>
                          </span>
                        </>
                      );
                      const target = i.sheet !== null && i.cell !== null ? { sheet: i.sheet, cell: i.cell } : null;
                      const key = `${g.key}\u0000${n}`;
                      const outcome = selection?.key === key ? selection : null;
                      const outcomeId = `${idBase}-${groupIndex}-${n}`;
                      return (
                        <li key={n}>
                          {target ? (
                            <Button
                              appearance="subtle"
                              className={styles.issue}
                              title={t.goToCell(target.sheet, target.cell)}
                              aria-describedby={outcome && outcome.state !== 'busy' ? outcomeId : undefined}
                              onClick={() => goTo(key, target)}
                            >
                              {body}
                            </Button>
                          ) : (
                            <div className={styles.issue}>{body}</div>
                          )}
                          {outcome && <SelectionOutcome id={outcomeId} lang={lang} selection={outcome} />}
                          {onNote && i.severity !== 'info' && <IssueNote lang={lang} note={i.note ?? null} onSave={(note) => onNote(i, note)} />}
                        </li>
                      );
                    })}
                  </ul>
                  {g.issues.length > ISSUES_SHOWN_PER_SHEET && <Text>{t.moreIssues(g.issues.length - ISSUES_SHOWN_PER_SHEET)}</Text>}
                </AccordionPanel>
              </AccordionItem>
            );
          })}
        </Accordion>
      </section>

      <section className={styles.section} aria-labelledby="completion-title">
        <Subtitle2 as="h2" id="completion-title">
          {t.completion}
        </Subtitle2>
        {townships.length > 0 && (
          <Field label={t.scope}>
            <Select value={scope} onChange={(_, d) => setScope(d.value)}>
              <option value="">{t.scopeWhole(level)}</option>
              {townships.map((name) => (
                <option key={name} value={name}>
                  {name}
                </option>
              ))}
            </Select>
          </Field>
        )}
        {rows.length === 0 ? (
          <Text>{t.noCompletion}</Text>
        ) : (
          <div className={styles.tableWrap}>
            <Table size="extra-small" aria-label={`${t.completion}：${scope || wholeName}`}>
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t.indicatorFigures}</TableHeaderCell>
                  <TableHeaderCell className={styles.rateColumn} button={{ className: styles.numberHeader }}>
                    {t.rate}
                  </TableHeaderCell>
                  <TableHeaderCell className={styles.statusColumn}>{t.status}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((c) => {
                  const indicator = indicatorNames.get(c.indicator);
                  // Name on one line, 实际 and 目标 under it: three columns fit a 320 px pane without
                  // breaking an indicator name into three-character pieces.
                  return (
                    <TableRow key={`${c.name}/${c.indicator}`}>
                      <TableCell>
                        <span className={styles.indicatorName}>{indicator?.name ?? c.indicator}</span>
                        <span className={styles.figures}>
                          <span>{t.figure(t.actual, withUnit(c.actual, indicator?.unit, lang))}</span>
                          <span>{t.figure(indicator?.direction === '<=' ? r.limit : t.target, withUnit(c.target, indicator?.unit, lang))}</span>
                          <span>{r.targetFrom(targetSourceLabel(c.targetSource, lang))}</span>
                        </span>
                      </TableCell>
                      <TableCell className={styles.number}>{formatRate(c.completion, lang)}</TableCell>
                      <TableCell>
                        <StatusChip status={c.status} lang={lang} />
                      </TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          </div>
        )}
      </section>

      <TownshipTable lang={lang} result={result} />
      <RankingChart lang={lang} result={result} />
      {result.reporting && result.reporting.length > 0 && <ReportingPanel lang={lang} rows={result.reporting} level={level} />}
      {result.feedback && <FeedbackPanel lang={lang} feedback={result.feedback} level={level} />}
    </>
  );
}
