// --explain: what the engine made of each sheet, in words a statistician can check against the sheet —
// header rows, facility and township columns, data rows, rows left out and how columns were matched.
import { columnLetter, skipReason } from '../engine';
import type { ExcludedRowReason, Lang, SheetLayout } from '../engine/types';

const REASONS: Record<ExcludedRowReason, Record<Lang, string>> = {
  total: { 'zh-CN': '合计行', en: 'total' },
  breakdown: { 'zh-CN': '其中项', en: 'breakdown' },
  signoff: { 'zh-CN': '签字行', en: 'sign-off' },
  note: { 'zh-CN': '注释', en: 'note' },
  blank: { 'zh-CN': '空行', en: 'blank' },
  'column-numbers': { 'zh-CN': '栏次行', en: 'column numbers' },
};


const T = {
  header: { 'zh-CN': '表头', en: 'header' },
  rows: { 'zh-CN': (s: string) => `第 ${s} 行`, en: (s: string) => `row${s.includes('-') ? 's' : ''} ${s}` },
  facilityColumn: { 'zh-CN': '机构列', en: 'facility column' },
  townshipColumn: { 'zh-CN': '乡镇列', en: 'township column' },
  data: { 'zh-CN': '数据', en: 'data' },
  facilities: { 'zh-CN': (n: number) => `${n} 个机构`, en: (n: number) => `${n} facilit${n === 1 ? 'y' : 'ies'}` },
  townships: { 'zh-CN': '乡镇', en: 'townships' },
  excluded: { 'zh-CN': '未计入的行', en: 'rows left out' },
  matched: { 'zh-CN': '对应的列', en: 'matched columns' },
  unmatched: { 'zh-CN': '未对应的列', en: 'unmatched columns' },
  skipped: { 'zh-CN': '跳过', en: 'skipped' },
  corrected: { 'zh-CN': '（已按用户更正）', en: ' (user correction applied)' },
  none: { 'zh-CN': '无', en: 'none' },
  sep: { 'zh-CN': '；', en: '; ' },
  colon: { 'zh-CN': '：', en: ': ' },
};

const span = (first: number, last: number): string => (first === last ? String(first + 1) : `${first + 1}-${last + 1}`);

function title(layout: SheetLayout, lang: Lang): string {
  const from = layout.source ? (lang === 'en' ? ` (${layout.source})` : `（${layout.source}）`) : '';
  return `${layout.sheet}${from}`;
}

/** Lines describing one sheet's layout. */
export function explainSheet(layout: SheetLayout, lang: Lang): string[] {
  const c = T.colon[lang];
  if (layout.status === 'skipped') {
    const reason = skipReason(layout.skipReason ?? 'no-table', lang);
    return [localise(`${title(layout, lang)}${c}${T.skipped[lang]}（${reason}）`, lang)];
  }
  const lines = [`${title(layout, lang)}${layout.overridden ? T.corrected[lang] : ''}`];
  const parts: string[] = [];
  if (layout.headerRows) parts.push(`${T.header[lang]}${c}${T.rows[lang](span(layout.headerRows.first, layout.headerRows.last))}`);
  if (layout.facilityColumn !== null) parts.push(`${T.facilityColumn[lang]}${c}${columnLetter(layout.facilityColumn)}`);
  if (layout.townshipColumn !== null) parts.push(`${T.townshipColumn[lang]}${c}${columnLetter(layout.townshipColumn)}`);
  if (layout.firstDataRow !== null && layout.lastDataRow !== null) {
    parts.push(`${T.data[lang]}${c}${T.rows[lang](span(layout.firstDataRow, layout.lastDataRow))}（${T.facilities[lang](layout.facilityCount)}）`);
  } else {
    parts.push(`${T.data[lang]}${c}${T.none[lang]}`);
  }
  lines.push(`  ${parts.join(T.sep[lang])}`);
  if (layout.townships.length > 1 || layout.townshipColumn !== null) {
    lines.push(`  ${T.townships[lang]}${c}${layout.townships.join(lang === 'en' ? ', ' : '、')}`);
  }
  const excluded = layout.excludedRows.filter((r) => r.reason !== 'blank');
  if (excluded.length > 0) {
    const shown = excluded.map((r) => `${T.rows[lang](String(r.row + 1))} ${r.label ? `“${r.label}”` : ''}（${REASONS[r.reason][lang]}）`);
    lines.push(`  ${T.excluded[lang]}${c}${shown.join(T.sep[lang])}`);
  }
  const matched = layout.columns.filter((m) => m.indicator !== null);
  const unmatched = layout.columns.filter((m) => m.indicator === null);
  lines.push(`  ${T.matched[lang]}${c}${matched.length === 0 ? T.none[lang] : ''}`);
  for (const m of matched) lines.push(`    ${m.letter}  ${m.header} → ${m.indicator}`);
  if (unmatched.length > 0) {
    lines.push(`  ${T.unmatched[lang]}${c}${unmatched.map((m) => `${m.letter} ${m.header}`).join(T.sep[lang])}`);
  }
  return lines.map((l) => localise(l, lang));
}

/** Full-width brackets and quotes are written once above; English lines get ASCII ones. */
function localise(line: string, lang: Lang): string {
  return lang === 'en' ? line.replace(/（/g, ' (').replace(/）/g, ')').replace(/[“”]/g, '"') : line;
}

/** --explain for every sheet, in workbook order. */
export function explainLayouts(layouts: SheetLayout[], lang: Lang): string {
  return layouts.flatMap((l) => explainSheet(l, lang)).join('\n');
}
