// 数据来源: the sheets a dry run found, include/exclude per sheet, corrections, 导入乡镇文件.
import { useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { Badge, Button, Checkbox, mergeClasses, MessageBar, MessageBarBody, Spinner, Text, Subtitle2 } from '@fluentui/react-components';
import { columnLetter, skipReason } from '../../engine';
import type { CompiledIndicator, Lang, LayoutOverride, SheetInput, SheetLayout } from '../../engine';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';
import { isCorrectable, SheetCorrection } from './SheetCorrection';
import { mostlyUnread, UnreadColumns } from './UnreadColumns';

/** Up to this many sheets the list shows open; more fold into their one-line summary until asked for. */
const SHOWN_OPEN = 4;

/** The formats 导入乡镇文件 reads (src/taskpane/files.ts); files are told apart by content, not by this list. */
const IMPORT_ACCEPT = '.xlsx,.xlsm,.xls,.et,.csv,.txt,.ods,.xlsb,.xml,.htm,.html,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv';

export interface SourcesSectionProps {
  lang: Lang;
  loading: boolean;
  /** 导入乡镇文件 under way. */
  importing: boolean;
  layouts: SheetLayout[];
  sheets: SheetInput[];
  indicators: CompiledIndicator[];
  excluded: ReadonlySet<string>;
  overrides: LayoutOverride[];
  canImport: boolean;
  onToggle: (sheet: string, include: boolean) => Promise<void>;
  onSaveOverride: (override: LayoutOverride) => Promise<void>;
  /** 恢复自动识别: the sheet's saved correction is removed. */
  onRemoveOverride: (sheet: string) => Promise<void>;
  onImport: (files: File[]) => Promise<void>;
  onRefresh: () => void;
}

const SHOWN_ELSEWHERE = new Set(['definitions', 'result']);

function rows(layout: SheetLayout): string {
  if (!layout.headerRows) return '?';
  const { first, last } = layout.headerRows;
  return first === last ? String(first + 1) : `${first + 1}–${last + 1}`;
}

/** A header that is the indicator's own name, give or take its unit: no need to say which indicator it is. */
function sameName(header: string, name: string | undefined): boolean {
  const bare = header.replace(/[（(【[][^）)】\]]*[）)】\]]/g, '').replace(/\s+/g, '');
  return name !== undefined && bare === name.replace(/\s+/g, '');
}

/** Everything the engine detected on a sheet, as issue 4 lists it, so it can be checked against the sheet. */
function LayoutDetails({ layout, lang, indicators }: { layout: SheetLayout; lang: Lang; indicators: CompiledIndicator[] }) {
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const sep = lang === 'en' ? ', ' : '、';
  const names = new Map(indicators.map((i) => [i.code, i.name]));
  const matched = layout.columns.filter((c) => c.indicator !== null);
  const unmatched = layout.columns.filter((c) => c.indicator === null);
  const leftOut = layout.excludedRows.filter((r) => r.reason !== 'blank');
  const span = (a: number | null, b: number | null) => (a === null || b === null ? t.none : t.rowSpan(a + 1, b + 1));
  const entries: [string, ReactNode][] = [
    [t.detailHeader, layout.headerRows ? t.rowSpan(layout.headerRows.first + 1, layout.headerRows.last + 1) : t.none],
    [t.detailFacility, layout.facilityColumn === null ? t.none : columnLetter(layout.facilityColumn)],
    [t.detailTownship, layout.townshipColumn === null ? t.townshipFromName : columnLetter(layout.townshipColumn)],
    [t.detailData, span(layout.firstDataRow, layout.lastDataRow)],
    [
      t.detailLeftOut,
      leftOut.length === 0
        ? t.none
        : leftOut.map((r) => t.leftOutRow(r.row + 1, r.label, t.rowReason[r.reason] ?? r.reason)).join(sep),
    ],
    [
      t.detailMatched,
      matched.length === 0 ? (
        t.none
      ) : (
        <ul className={styles.columnList}>
          {matched.map((c) => (
            <li key={c.letter}>
              <span className={styles.cellRef}>{c.letter}</span> {c.header}
              {sameName(c.header, names.get(c.indicator!)) ? '' : ` → ${names.get(c.indicator!) ?? c.indicator}`}
            </li>
          ))}
        </ul>
      ),
    ],
    [
      t.detailUnmatched,
      unmatched.length === 0 ? (
        t.none
      ) : (
        <ul className={styles.columnList}>
          {unmatched.map((c) => (
            <li key={c.letter}>
              <span className={styles.cellRef}>{c.letter}</span> {c.header}
            </li>
          ))}
        </ul>
      ),
    ],
  ];
  return (
    <dl className={styles.layoutDetails} aria-label={t.detailsTitle(layout.sheet)}>
      {entries.map(([label, value]) => (
        <div key={label} className={styles.layoutDetail}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function SourcesSection(props: SourcesSectionProps) {
  const { lang, loading, layouts, sheets, excluded, overrides } = props;
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const fileInput = useRef<HTMLInputElement>(null);
  const [correcting, setCorrecting] = useState<string | null>(null);
  // 更正识别 of each sheet: the form closed, the keyboard goes back to the button that opened it.
  const correctButtons = useRef(new Map<string, HTMLElement>());
  const closeCorrection = (sheet: string) => {
    setCorrecting(null);
    correctButtons.current.get(sheet)?.focus();
  };
  const [showing, setShowing] = useState<ReadonlySet<string>>(new Set());
  const shown = layouts.filter((l) => !SHOWN_ELSEWHERE.has(l.skipReason ?? ''));
  const [opened, setOpened] = useState<boolean | null>(null);
  const listOpen = opened ?? shown.length <= SHOWN_OPEN;
  const tables = shown.filter((l) => l.status === 'table').length;
  const unrecognised = shown.filter((l) => l.status !== 'table' && l.skipReason !== 'excluded').length;
  const partlyRead = shown.filter(mostlyUnread).length;

  return (
    <section className={styles.section} aria-labelledby="sources-title">
      <div className={styles.header}>
        <Subtitle2 as="h2" id="sources-title">
          {t.sources}
        </Subtitle2>
        <Button size="small" onClick={props.onRefresh} disabled={loading}>
          {t.refresh}
        </Button>
      </div>
      <Text className={styles.hint}>{t.sourcesHint}</Text>
      {loading && <Spinner size="tiny" label={t.reading} />}
      {!loading && shown.length === 0 && <Text>{t.noSources}</Text>}
      {!loading && shown.length > 0 && (
        <div className={styles.sourcesSummary}>
          <Text>
            {t.sourcesSummary(tables, unrecognised)}
            {partlyRead ? t.sourcesColumnsUnread(partlyRead) : ''}
          </Text>
          <Button size="small" appearance="subtle" aria-expanded={listOpen} aria-label={t.sourcesToggle(listOpen)} onClick={() => setOpened(!listOpen)}>
            {listOpen ? t.hideSources : t.showSources}
          </Button>
        </div>
      )}
      {listOpen && shown.map((layout) => {
        const matched = layout.columns.filter((c) => c.indicator !== null).length;
        const included = !excluded.has(layout.sheet);
        // A sheet that is not a table (notes, empty, hidden, a chart) cannot be summed: its box is off and
        // greyed, with the reason beside it, rather than ticked while the line says 未汇总.
        const choosable = layout.status === 'table' || layout.skipReason === 'excluded';
        const open = correcting === layout.sheet;
        const detailsOpen = showing.has(layout.sheet) && layout.status === 'table';
        // A sheet read wrongly can be put right: no header found, or no column taken for an indicator.
        // A sheet whose cells are no table (notes, say) is not offered the form.
        const values = sheets.find((x) => x.name === layout.sheet)?.values ?? [];
        const correctable = isCorrectable(layout, values);
        return (
          <div key={`${layout.source ?? ''}/${layout.sheet}`} className={styles.sheet}>
            <Checkbox
              // A sheet skipped only for being left out shows ticked at once, before the dry run reads it again.
              checked={included && (layout.status === 'table' || layout.skipReason === 'excluded')}
              disabled={!choosable}
              onChange={(_, d) => void props.onToggle(layout.sheet, d.checked === true)}
              label={t.includeSheet(layout.sheet)}
            />
            <Text className={styles.detail}>
              {layout.status === 'table'
                ? t.sheetSummary(layout.facilityCount, layout.townships)
                : t.skipped(t.skipReason[layout.skipReason ?? ''] ?? skipReason(layout.skipReason, lang))}
            </Text>
            {layout.status === 'table' && (
              <Text className={styles.detail}>
                {t.layoutSummary(
                  rows(layout),
                  layout.facilityColumn === null ? '?' : columnLetter(layout.facilityColumn),
                  matched,
                  layout.columns.length - matched,
                )}
                {layout.overridden && (
                  <>
                    {' '}
                    <Badge appearance="tint" color="brand" size="small">
                      {t.overridden}
                    </Badge>
                  </>
                )}
              </Text>
            )}
            {correctable && included && (
              <div className={mergeClasses(styles.detail, styles.sheetActions)}>
                {layout.status === 'table' && (
                  <Button
                    size="small"
                    appearance="subtle"
                    aria-expanded={detailsOpen}
                    aria-label={t.forSheet(t.showDetails, layout.sheet)}
                    onClick={() => {
                      const next = new Set(showing);
                      if (detailsOpen) next.delete(layout.sheet);
                      else next.add(layout.sheet);
                      setShowing(next);
                    }}
                  >
                    {t.showDetails}
                  </Button>
                )}
                <Button
                  ref={(b) => {
                    if (b) correctButtons.current.set(layout.sheet, b);
                    else correctButtons.current.delete(layout.sheet);
                  }}
                  size="small"
                  appearance="subtle"
                  aria-expanded={open}
                  aria-label={t.forSheet(t.correct, layout.sheet)}
                  onClick={() => setCorrecting(open ? null : layout.sheet)}
                >
                  {t.correct}
                </Button>
              </div>
            )}
            {included && mostlyUnread(layout) && (
              <UnreadColumns
                lang={lang}
                layout={layout}
                indicators={props.indicators}
                saved={overrides.find((o) => o.sheet === layout.sheet)}
                onSaveOverride={props.onSaveOverride}
              />
            )}
            {detailsOpen && <LayoutDetails layout={layout} lang={lang} indicators={props.indicators} />}
            {open && (
              <SheetCorrection
                lang={lang}
                layout={layout}
                values={values}
                indicators={props.indicators}
                saved={overrides.find((o) => o.sheet === layout.sheet)}
                onSave={async (o) => {
                  await props.onSaveOverride(o);
                  closeCorrection(layout.sheet);
                }}
                onRestore={async () => {
                  await props.onRemoveOverride(layout.sheet);
                  closeCorrection(layout.sheet);
                }}
                onCancel={() => closeCorrection(layout.sheet)}
              />
            )}
          </div>
        );
      })}
      <div className={styles.row}>
        <Button onClick={() => fileInput.current?.click()} disabled={!props.canImport || loading || props.importing}>
          {t.importFiles}
        </Button>
        {props.importing && <Spinner size="tiny" label={t.importing} />}
        <input
          ref={fileInput}
          className={styles.hiddenInput}
          type="file"
          multiple
          accept={IMPORT_ACCEPT}
          aria-label={t.importFilesInput}
          onChange={(e) => {
            const files = [...(e.currentTarget.files ?? [])];
            e.currentTarget.value = '';
            if (files.length) void props.onImport(files);
          }}
        />
      </div>
      {!props.canImport && (
        <MessageBar intent="warning" layout="multiline">
          <MessageBarBody>{t.importUnsupported}</MessageBarBody>
        </MessageBar>
      )}
    </section>
  );
}
