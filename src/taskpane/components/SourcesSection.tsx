// 数据来源: the sheets a dry run found, include/exclude per sheet, corrections, 导入乡镇文件.
import { useRef, useState } from 'react';
import { Badge, Button, Checkbox, MessageBar, MessageBarBody, Spinner, Text, Subtitle2 } from '@fluentui/react-components';
import { columnLetter } from '../../engine';
import type { CompiledIndicator, Lang, LayoutOverride, SheetInput, SheetLayout } from '../../engine';
import { STRINGS } from '../i18n';
import { usePaneStyles } from '../styles';
import { SheetCorrection } from './SheetCorrection';

export interface SourcesSectionProps {
  lang: Lang;
  loading: boolean;
  layouts: SheetLayout[];
  sheets: SheetInput[];
  indicators: CompiledIndicator[];
  excluded: ReadonlySet<string>;
  overrides: LayoutOverride[];
  canImport: boolean;
  onToggle: (sheet: string, include: boolean) => Promise<void>;
  onSaveOverride: (override: LayoutOverride) => Promise<void>;
  onImport: (files: File[]) => Promise<void>;
  onRefresh: () => void;
}

const SHOWN_ELSEWHERE = new Set(['definitions', 'result']);

function rows(layout: SheetLayout): string {
  if (!layout.headerRows) return '?';
  const { first, last } = layout.headerRows;
  return first === last ? String(first + 1) : `${first + 1}–${last + 1}`;
}

export function SourcesSection(props: SourcesSectionProps) {
  const { lang, loading, layouts, sheets, excluded, overrides } = props;
  const t = STRINGS[lang];
  const styles = usePaneStyles();
  const fileInput = useRef<HTMLInputElement>(null);
  const [correcting, setCorrecting] = useState<string | null>(null);
  const shown = layouts.filter((l) => !SHOWN_ELSEWHERE.has(l.skipReason ?? ''));
  const width = (name: string): number =>
    (sheets.find((s) => s.name === name)?.values ?? []).reduce((w, r) => Math.max(w, r.length), 0);

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
      {loading && <Spinner size="tiny" label={t.reading} />}
      {!loading && shown.length === 0 && <Text>{t.noSources}</Text>}
      {shown.map((layout) => {
        const matched = layout.columns.filter((c) => c.indicator !== null).length;
        const included = !excluded.has(layout.sheet);
        const open = correcting === layout.sheet;
        const correctable = layout.status === 'table' || layout.skipReason === 'no-table';
        return (
          <div key={`${layout.source ?? ''}/${layout.sheet}`} className={styles.sheet}>
            <Checkbox
              checked={included}
              onChange={(_, d) => void props.onToggle(layout.sheet, d.checked === true)}
              label={t.includeSheet(layout.sheet)}
            />
            <Text className={styles.detail}>
              {layout.status === 'table'
                ? t.sheetSummary(layout.facilityCount, layout.townships)
                : t.skipped(t.skipReason[layout.skipReason ?? ''] ?? layout.skipReason ?? '')}
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
              <div className={styles.detail}>
                <Button size="small" appearance="subtle" aria-expanded={open} onClick={() => setCorrecting(open ? null : layout.sheet)}>
                  {t.correct}
                </Button>
              </div>
            )}
            {open && (
              <SheetCorrection
                lang={lang}
                layout={layout}
                width={width(layout.sheet)}
                indicators={props.indicators}
                saved={overrides.find((o) => o.sheet === layout.sheet)}
                onSave={async (o) => {
                  await props.onSaveOverride(o);
                  setCorrecting(null);
                }}
              />
            )}
          </div>
        );
      })}
      <div className={styles.row}>
        <Button onClick={() => fileInput.current?.click()} disabled={!props.canImport || loading}>
          {t.importFiles}
        </Button>
        <input
          ref={fileInput}
          className={styles.hiddenInput}
          type="file"
          multiple
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
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
