// Finding the table on a township sheet as it really arrives: merged areas filled, the header row(s)
// after titles and 填报单位 lines, columns matched to indicators, the 序号/机构/乡镇 columns, and every row
// sorted into facility, total (合计/小计/总计), breakdown (其中), blank, sign-off, note or column numbering.
import { columnIndex, columnLetter, headerKey, headerPeriod, nameKey, periodWord, toHalfWidth, type HeaderPeriod } from './normalize';
import type {
  CellValue,
  ColumnMatch,
  CompiledIndicator,
  Definitions,
  ExcludedRowReason,
  LayoutOverride,
  SheetInput,
  SheetLayout,
} from './types';

/** The header block starts within this many rows. */
const HEADER_SCAN_ROWS = 20;
const MAX_HEADER_HEIGHT = 3;
/** Rows sampled when the facility column has to be recognised by its text. */
const FACILITY_SAMPLE_ROWS = 200;

const keys = (texts: string[]): Set<string> => new Set(texts.map(headerKey));
const FACILITY_HEADERS = keys([
  '机构名称', '单位名称', '机构', '单位', '医疗机构', '医疗机构名称', '医疗卫生机构', '卫生室名称', '卫生院名称', '村卫生室',
  '村卫生室名称', '卫生室', '卫生院', '名称', '机构名', '单位名', '社区卫生服务站', '站点名称', '服务站名称', '村名', '村名称',
  '行政村', '村(社区)', '村居', 'facility', 'facilityname', 'name', 'institution', 'unit',
]);
const SERIAL_HEADERS = keys(['序号', '编号', '序', 'No', 'No.', '#', 'NO.', 'S/N']);
const TOWNSHIP_HEADERS = keys([
  '乡镇', '乡镇(街道)', '乡镇街道', '乡镇/街道', '街道', '乡镇名称', '所属乡镇', '乡(镇)', '乡', '镇', '乡镇(社区)', 'township', 'town',
]);

/** A total's label as a labelKey (no spaces, upper case): 合计/小计/总计 first or last, Total, Subtotal, Grand total, Sum. */
const TOTAL_LABEL = /^(?:合计|小计|总计)|(?:合计|小计|总计)$|^(?:GRAND|SUB-?)?TOTALS?(?:$|[:(])|^SUM$|(?:SUB-?)?TOTAL$/;
const SUBTOTAL_LABEL = /小计|SUB-?TOTAL/;
const SIGNOFF_LABEL =
  /^(?:单位负责人|负责人|填表人|填报人|审核人|审核|制表人|制表|联系电话|电话|填报日期|报送日期|制表日期|统计人|统计员|分管领导|主管领导|科室负责人)/;
const NOTE_LABEL = /^(?:注(?:$|[:：0-9一二三四五六七八九十、.．])|备注|说明|填报说明|资料来源|数据来源)/;
/** English sign-off and note lines, on the half-width lead text. */
const SIGNOFF_EN =
  /^(?:(?:prepared|filled(?:\s*in)?|compiled|completed|checked|reviewed|approved|verified|reported|signed)\s*by\b|(?:contact(?:\s*(?:person|phone|number|no\.?))?|tel(?:ephone)?|phone|date|signature|head\s+of\s+unit)\s*(?:[:.]|\d|$))/i;
const NOTE_EN = /^(?:notes?|remarks?|(?:data\s+)?source)\s*(?:[:.\d]|$)/i;
/** Rows that say the table ends here: 以下空白, 以下无数据, 空白. */
const BLANK_NOTE = /^(?:以下(?:空白|无数据|无|为空|空)|此(?:处|行)?(?:以下)?空白|空白)(?:行)?$/;
/** First characters of sign-off, note and 以下空白 labels: other rows need no closer look. */
const TRAILER_FIRST_CODES = new Set(
  '单负填审制联电报统分主科注备说资数以空此PCRAVSTDNHpcravstdnh'.split('').map((ch) => ch.charCodeAt(0)),
);
/** First characters of English total labels (the Chinese ones all hold 计). */
const TOTAL_FIRST_CODES = new Set('TSGtsg'.split('').map((ch) => ch.charCodeAt(0)));
/** Headers of a time column (a chart's data, a monthly series): never the facility column. */
const TIME_HEADERS = keys(['月份', '月', '日期', '时间', '年份', '年', '季度', '季', '年月', '月度', '统计月份', '报告月份', 'month', 'date', 'year', 'quarter', 'period']);
/** Units as they stand alone in a units row under the header: 人, 例, 万元, %… */
const BARE_UNITS = new Set([
  '人', '例', '户', '名', '个', '次', '人次', '家', '所', '份', '剂', '剂次', '张', '床', '位', '对', '台', '辆', '间', '天', '岁',
  '元', '万元', '千元', '%', '‰', '％', '人/次', '单位', '计量单位',
]);
/** Characters nameKey changes (whitespace, full-width forms, full-width brackets): names without them are their own key. */
const NAME_NEEDS_KEY = /[\s\uff01-\uff5e【】〔〕［］]/;
const quickNameKey = (name: string): string => (NAME_NEEDS_KEY.test(name) ? nameKey(name) : name);
const NUMBERING_TOKEN = /^[(（]?\s*(?:(\d{1,3})|[甲乙丙丁戊己庚辛壬癸]|[A-Za-z])\s*[)）]?$/;
const GENERIC_SHEET = /^(?:sheet|工作表|表格?|table)\s*\d*(?:\s*\(\d+\))?$/i;
const REPORTER = /^(?:填报单位|填报机构|报送单位|填报单位名称)(?:\((?:盖章|公章)\))?\s*[:：]?\s*(.*)$/;
const REPORTER_SUFFIX = /(?:中心卫生院|卫生院|社区卫生服务中心|卫生服务中心|人民政府|政府)$/;
const NUMERIC_TEXT = /^[\s\d.,%+\-（）()]*$/;
const BREAKDOWN_WORD = /^其\s*中\s*[:：]?\s*/;

const EMPTY_ROW: CellValue[] = [];

export type RowKind = 'facility' | 'total';

/** A row the reader reads: a facility or a total, with where it belongs. */
export interface TableRow {
  kind: RowKind;
  /** 0-based. */
  row: number;
  name: string;
  township: string;
  /** For totals: the text of the label (合计, 石门乡小计…) and whether it is a 小计. */
  label?: string;
  subtotal?: boolean;
  /** For totals: 0-based rows of the facility rows it covers. */
  covers?: number[];
}

/** Everything detection learned, for the reader to use without working it out again. */
export interface SheetAnalysis {
  layout: SheetLayout;
  /** The sheet's values with merged areas filled from their top-left cell. */
  grid: CellValue[][];
  formats: (string | null)[][] | undefined;
  rows: TableRow[];
  /** Per matched column: the 0-based header row where its header text starts (for pointing at it). */
  headerCellRow: Map<number, number>;
  /** The township the sheet stands for when no 乡镇 column says otherwise. */
  sheetTownship: string;
  /**
   * Another table stacked under this one (表2 with its own header): 0-based first row of it (its title or
   * header) and its header row, with the header row's first text. Nothing from row on is read.
   */
  otherTable: { row: number; headerRow: number; header: string } | null;
}

interface IndicatorIndex {
  byKey: Map<string, { code: string; by: 'code' | 'name' | 'alias' }>;
  byCode: Map<string, CompiledIndicator>;
}

const indexCache = new WeakMap<Definitions, IndicatorIndex>();

/** Lookup of indicators by header key (code, then name, then alias) and by code; cached per Definitions. */
export function indicatorIndex(definitions: Definitions): IndicatorIndex {
  let index = indexCache.get(definitions);
  if (index) return index;
  const byKey: IndicatorIndex['byKey'] = new Map();
  const byCode = new Map<string, CompiledIndicator>();
  const indicators = Array.isArray(definitions?.indicators) ? definitions.indicators : [];
  for (const ind of indicators) byCode.set(ind.code, ind);
  const add = (text: unknown, code: string, by: 'code' | 'name' | 'alias') => {
    if (typeof text !== 'string') return;
    const k = headerKey(text);
    if (k !== '' && !byKey.has(k)) byKey.set(k, { code, by });
  };
  for (const ind of indicators) add(ind.code, ind.code, 'code');
  for (const ind of indicators) add(ind.name, ind.code, 'name');
  for (const ind of indicators) for (const a of ind.aliases ?? []) add(a, ind.code, 'alias');
  index = { byKey, byCode };
  indexCache.set(definitions, index);
  return index;
}

/** Detects where the table is on a sheet and what each row and column holds. */
export function detectLayout(sheet: SheetInput, definitions: Definitions, override?: LayoutOverride): SheetLayout {
  return analyzeSheet(sheet, definitions, override).layout;
}

const keyCache = new Map<string, string>();

/** headerKey, remembered: the same header texts come back on every sheet of a county. */
function keyOf(t: string): string {
  let k = keyCache.get(t);
  if (k === undefined) {
    k = headerKey(t);
    if (keyCache.size > 20000) keyCache.clear();
    keyCache.set(t, k);
  }
  return k;
}

function text(v: CellValue | undefined): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return '';
}

function isBlankCell(v: CellValue | undefined): boolean {
  return v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
}

function isBlankRow(row: CellValue[]): boolean {
  for (let c = 0; c < row.length; c++) if (!isBlankCell(row[c])) return false;
  return true;
}

/** Copies only the rows a merged area touches, then fills the area from its top-left cell. */
function fillMerged<T>(rows: T[][], merges: SheetInput['merges'], width: number, blank: T): T[][] {
  if (!merges || merges.length === 0) return rows;
  const out = rows.slice();
  const copied = new Uint8Array(rows.length);
  for (const m of merges) {
    if (!m || !Number.isInteger(m.top) || !Number.isInteger(m.left)) continue;
    const top = Math.max(0, m.top);
    const left = Math.max(0, m.left);
    const bottom = Math.min(Number.isInteger(m.bottom) ? m.bottom : top, rows.length - 1);
    const right = Math.min(Number.isInteger(m.right) ? m.right : left, width - 1);
    if (top >= rows.length || bottom < top || right < left) continue;
    const src = rows[top]?.[left];
    if (src === undefined || src === null) continue;
    for (let r = top; r <= bottom; r++) {
      if (!copied[r]) {
        out[r] = Array.isArray(rows[r]) ? rows[r].slice() : [];
        copied[r] = 1;
      }
      const row = out[r];
      while (row.length <= right) row.push(blank);
      for (let c = left; c <= right; c++) if (r !== top || c !== left) row[c] = src;
    }
  }
  return out;
}

interface HeadMatch {
  indicator: string | null;
  by: ColumnMatch['matchedBy'];
  header: string;
  role: 'facility' | 'serial' | 'township' | null;
  /** Row where the matched text starts. */
  row: number;
  /** The period its words name, when they were taken off to match: to-date columns are read, others not. */
  period?: HeaderPeriod;
}

/** A column with no header text. */
const NO_HEAD: HeadMatch = { indicator: null, by: null, header: '', role: null, row: -1 };

interface Block {
  first: number;
  last: number;
  matches: HeadMatch[];
  indicatorCount: number;
  namedFacility: boolean;
}

/**
 * Detection in full: the layout plus the filled grid and the rows to read. Never throws on any input;
 * an unusable sheet comes back skipped.
 */
export function analyzeSheet(sheet: SheetInput, definitions: Definitions, override?: LayoutOverride): SheetAnalysis {
  const name = typeof sheet?.name === 'string' ? sheet.name : String(sheet?.name ?? '');
  const hidden = sheet?.hidden === true;
  const layout: SheetLayout = {
    sheet: name,
    status: 'skipped',
    hidden,
    headerRows: null,
    facilityColumn: null,
    townshipColumn: null,
    serialColumn: null,
    firstDataRow: null,
    lastDataRow: null,
    excludedRows: [],
    columns: [],
    townships: [],
    facilityCount: 0,
    overridden: false,
  };
  if (sheet?.source !== undefined) layout.source = sheet.source;
  const raw: CellValue[][] = Array.isArray(sheet?.values) ? sheet.values : [];
  const result: SheetAnalysis = {
    layout,
    grid: raw,
    formats: undefined,
    rows: [],
    headerCellRow: new Map(),
    sheetTownship: name,
    otherTable: null,
  };
  if (sheet?.kind === 'chart') return skip(result, 'chart');
  if (hidden) return skip(result, 'hidden');

  let width = 0;
  let lastNonBlank = -1;
  for (let r = 0; r < raw.length; r++) {
    const row = Array.isArray(raw[r]) ? raw[r] : EMPTY_ROW;
    if (row.length > width) width = row.length;
    if (row.length > 0 && !isBlankRow(row)) lastNonBlank = r;
  }
  if (lastNonBlank < 0) return skip(result, 'empty');

  const merges = Array.isArray(sheet.merges) ? sheet.merges : [];
  const grid = fillMerged(raw, merges, width, null as CellValue);
  result.grid = grid;
  const fmts = Array.isArray(sheet.numberFormats) ? sheet.numberFormats : undefined;
  result.formats = fmts ? fillMerged(fmts, merges, width, null as string | null) : undefined;
  const rowAt = (r: number): CellValue[] => (Array.isArray(grid[r]) ? grid[r] : EMPTY_ROW);

  const index = indicatorIndex(definitions);

  // Cells filled from a merged area above them within the header zone: one header, not two.
  const zone = Math.min(HEADER_SCAN_ROWS + MAX_HEADER_HEIGHT, grid.length);
  const fromAbove: Uint8Array[] = [];
  // Header texts of the zone: text cells only (a number under a header is data or a column number).
  const zoneText: string[][] = [];
  const zoneTextCount = new Int32Array(zone);
  for (let r = 0; r < zone; r++) {
    fromAbove.push(new Uint8Array(width));
    const row = rowAt(r);
    const texts: string[] = new Array<string>(width).fill('');
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (typeof v === 'string') {
        texts[c] = v.trim();
        if (texts[c] !== '') zoneTextCount[r]++;
      }
    }
    zoneText.push(texts);
  }
  for (const m of merges) {
    if (!m || !Number.isInteger(m.top) || m.top >= zone) continue;
    for (let r = Math.max(m.top + 1, 0); r <= Math.min(m.bottom, zone - 1); r++) {
      for (let c = Math.max(m.left, 0); c <= Math.min(m.right, width - 1); c++) fromAbove[r][c] = 1;
    }
  }

  // A column's texts within a candidate header block, and their joins from each text to the last: kept
  // from one column to the next, since every block of every sheet is weighed column by column.
  const parts: string[] = [];
  const partRows: number[] = [];
  const joins: string[] = [];
  const joinKeys: string[] = [];
  // The last texts matched and their match: a merged title or group header gives the next column the same.
  const previousParts: string[] = [];
  const previousRows: number[] = [];
  let previousCount = 0;
  let previous: HeadMatch = NO_HEAD;
  const sameParts = (n: number): boolean => {
    if (n !== previousCount) return false;
    for (let i = 0; i < n; i++) if (parts[i] !== previousParts[i] || partRows[i] !== previousRows[i]) return false;
    return true;
  };

  const matchColumn = (c: number, first: number, last: number): HeadMatch => {
    let n = 0;
    for (let r = first; r <= last; r++) {
      let t = r < zone ? zoneText[r][c] : text(rowAt(r)[c]);
      if (t === '') continue;
      if (r > first && r < zone && fromAbove[r][c]) continue;
      if (n > 0 && parts[n - 1] === t) continue;
      // 高血压 over 其中：规范管理人数 is 高血压规范管理人数.
      if (t.startsWith('其中')) t = t.replace(BREAKDOWN_WORD, '');
      if (t === '') continue;
      parts[n] = t;
      partRows[n] = r;
      n++;
    }
    if (n === 0) return NO_HEAD;
    if (sameParts(n)) return previous;
    previousCount = n;
    previous = matchParts(n);
    for (let i = 0; i < n; i++) {
      previousParts[i] = parts[i];
      previousRows[i] = partRows[i];
    }
    return previous;
  };

  const matchParts = (n: number): HeadMatch => {
    // A bare unit (人, %) from a units row under the header says nothing more: 门诊 over 人次 is still 门诊人次.
    if (n > 1 && BARE_UNITS.has(parts[n - 1])) {
      const whole = matchText(n);
      return whole.indicator !== null || whole.period !== undefined ? whole : matchText(n - 1);
    }
    return matchText(n);
  };

  const matchText = (n: number): HeadMatch => {
    joins[n - 1] = parts[n - 1];
    for (let i = n - 2; i >= 0; i--) joins[i] = parts[i] + joins[i + 1];
    for (let i = 0; i < n; i++) {
      joinKeys[i] = keyOf(joins[i]);
      const hit = index.byKey.get(joinKeys[i]);
      if (hit) return { indicator: hit.code, by: hit.by, header: joins[i], role: null, row: partRows[i] };
    }
    // Period words taken off (1-11月…, …累计, 本月): the year to date is the indicator, other periods are not read.
    for (let i = 0; i < n; i++) {
      const p = headerPeriod(joinKeys[i]);
      const hit = p === null ? undefined : index.byKey.get(p.key);
      if (p === null || hit === undefined) continue;
      if (p.period === 'to-date') return { indicator: hit.code, by: hit.by, header: joins[i], role: null, row: partRows[i], period: p.period };
      return { indicator: null, by: null, header: joins[i], role: null, row: partRows[i], period: p.period };
    }
    for (let i = 0; i < n; i++) {
      const k = joinKeys[i];
      const role = FACILITY_HEADERS.has(k)
        ? 'facility'
        : SERIAL_HEADERS.has(k)
          ? 'serial'
          : TOWNSHIP_HEADERS.has(k)
            ? 'township'
            : null;
      if (role) return { indicator: null, by: null, header: joins[i], role, row: partRows[i] };
    }
    return { indicator: null, by: null, header: joins[0], role: null, row: partRows[n - 1] };
  };

  const evaluate = (first: number, last: number): Block => {
    const matches: HeadMatch[] = [];
    const seen = new Set<string>();
    let namedFacility = false;
    for (let c = 0; c < width; c++) {
      const m = matchColumn(c, first, last);
      matches.push(m);
      if (m.indicator !== null) seen.add(m.indicator);
      if (m.role === 'facility') namedFacility = true;
    }
    return { first, last, matches, indicatorCount: seen.size, namedFacility };
  };

  let block: Block | null = null;
  if (override?.headerRows && isValidRange(override.headerRows, grid.length)) {
    block = evaluate(override.headerRows.first, override.headerRows.last);
    layout.overridden = true;
  } else {
    const scan = Math.min(HEADER_SCAN_ROWS, grid.length);
    for (let first = 0; first < scan; first++) {
      if (isBlankRow(rowAt(first))) continue;
      for (let last = first; last < Math.min(first + MAX_HEADER_HEIGHT, grid.length); last++) {
        if (last > first && isBlankRow(rowAt(last))) break;
        // A block matches at most one indicator per text cell: data rows need no closer look.
        let texts = 0;
        for (let r = first; r <= last; r++) texts += zoneTextCount[r];
        if (texts === 0 || (block !== null && texts < block.indicatorCount)) continue;
        const b = evaluate(first, last);
        if (b.indicatorCount === 0) continue;
        if (!block || better(b, block)) block = b;
      }
    }
  }
  if (!block && override?.columnIndicators) {
    // The user named the columns of a header nothing matched: the row naming the facility column, else the first.
    const scan = Math.min(HEADER_SCAN_ROWS, grid.length);
    for (let r = 0; r < scan && !block; r++) {
      const b = evaluate(r, r);
      if (b.namedFacility) block = b;
    }
    for (let r = 0; r < scan && !block; r++) if (!isBlankRow(rowAt(r))) block = evaluate(r, r);
  }
  if (!block) return skip(result, hasFacilityHeader(zoneText) ? 'no-indicator' : 'no-table');
  if (!override?.headerRows) {
    // A group row above the header (慢病管理 | 妇幼 …) belongs to it even when no name needs its text.
    while (block.first > 0 && block.last - block.first + 1 < MAX_HEADER_HEIGHT && isGroupRow(rowAt(block.first - 1))) {
      const taller = evaluate(block.first - 1, block.last);
      if (taller.indicatorCount < block.indicatorCount) break;
      block = taller;
    }
    // A row of units ((人) (人) (%) / 人 例 万元) or periods (本月 | 累计) under the header is part of it:
    // it is never data, and 本月/累计 decides which column is the indicator.
    while (block.last + 1 <= lastNonBlank && block.last - block.first + 1 < MAX_HEADER_HEIGHT + 2) {
      const r = block.last + 1;
      if (!isQualifierRow(rowAt(r), r < zone ? fromAbove[r] : null)) break;
      block = evaluate(block.first, r);
    }
  }

  // Columns: indicators (each at most once), the 序号/机构/乡镇 columns, the rest listed as unmatched.
  let facilityColumn: number | null = null;
  let serialColumn: number | null = null;
  let townshipColumn: number | null = null;
  const columnByIndex = new Map<number, ColumnMatch>();
  const used = new Set<string>();
  block.matches.forEach((m, c) => {
    if (m.header === '') return;
    if (m.role === 'facility' && facilityColumn === null) facilityColumn = c;
    else if (m.role === 'serial' && serialColumn === null) serialColumn = c;
    else if (m.role === 'township' && townshipColumn === null) townshipColumn = c;
    else {
      const indicator = m.indicator !== null && !used.has(m.indicator) ? m.indicator : null;
      if (indicator !== null) used.add(indicator);
      columnByIndex.set(c, {
        column: c,
        letter: columnLetter(c),
        header: m.header,
        indicator,
        matchedBy: indicator !== null ? m.by : null,
      });
      result.headerCellRow.set(c, m.row);
    }
  });

  if (override) {
    if (override.columnIndicators && typeof override.columnIndicators === 'object') {
      for (const [letter, code] of Object.entries(override.columnIndicators)) {
        if (!/^[A-Za-z]{1,3}$/.test(letter)) continue;
        const c = columnIndex(letter);
        const indicator = typeof code === 'string' && index.byCode.has(code) ? code : null;
        if (indicator !== null) {
          for (const other of columnByIndex.values()) {
            if (other.indicator === indicator && other.column !== c) {
              other.indicator = null;
              other.matchedBy = null;
            }
          }
        }
        const m = block.matches[c];
        columnByIndex.set(c, {
          column: c,
          letter: columnLetter(c),
          header: m ? m.header : '',
          indicator,
          matchedBy: 'override',
        });
        if (!result.headerCellRow.has(c)) result.headerCellRow.set(c, m && m.row >= 0 ? m.row : block.first);
        if (serialColumn === c) serialColumn = null;
        if (townshipColumn === c) townshipColumn = null;
        if (facilityColumn === c) facilityColumn = null;
      }
      layout.overridden = true;
    }
    if (Number.isInteger(override.facilityColumn) && (override.facilityColumn as number) >= 0) {
      facilityColumn = override.facilityColumn as number;
      columnByIndex.delete(facilityColumn);
      if (serialColumn === facilityColumn) serialColumn = null;
      if (townshipColumn === facilityColumn) townshipColumn = null;
      layout.overridden = true;
    }
  }

  if (![...columnByIndex.values()].some((c) => c.indicator !== null)) {
    return skip(result, facilityColumn !== null || hasFacilityHeader(zoneText) ? 'no-indicator' : 'no-table');
  }

  const dataStart = block.last + 1;
  if (facilityColumn === null) {
    const matches = block.matches;
    facilityColumn = guessFacilityColumn(grid, dataStart, lastNonBlank, width, (c) => {
      const m = columnByIndex.get(c);
      if (c === serialColumn || c === townshipColumn || (m !== undefined && m.indicator !== null)) return true;
      // 月份 | 高血压患者规范管理率 … is a chart's data, not a list of facilities.
      const head = matches[c];
      return head !== undefined && head.header !== '' && TIME_HEADERS.has(keyOf(head.header));
    });
    // The column found is the facility column, not an unmatched one.
    if (facilityColumn !== null) columnByIndex.delete(facilityColumn);
  }
  if (facilityColumn === null) return skip(result, 'no-table');
  const columns = [...columnByIndex.values()].sort((a, b) => a.column - b.column);
  const indicatorColumns = columns.filter((c) => c.indicator !== null);

  layout.status = 'table';
  delete layout.skipReason;
  layout.headerRows = { first: block.first, last: block.last };
  layout.facilityColumn = facilityColumn;
  layout.serialColumn = serialColumn;
  layout.townshipColumn = townshipColumn;
  layout.columns = columns;
  result.sheetTownship = sheetTownshipName(name, sheet.source, grid, block.first);

  const namesIndicator = (t: string): boolean => {
    const k = keyOf(t);
    if (index.byKey.has(k)) return true;
    const p = headerPeriod(k);
    return p !== null && index.byKey.has(p.key);
  };
  classifyRows(result, grid, dataStart, lastNonBlank, indicatorColumns.map((c) => c.column), namesIndicator);
  return result;
}

/** Units or period words in brackets or bare: （人）, [%], 万元, 本月, 累计, (本年累计). */
function isQualifier(t: string): boolean {
  if (BARE_UNITS.has(t)) return true;
  const h = toHalfWidth(t).replace(/\s+/g, '');
  const m = /^[([]([^()[\]]{1,8})[)\]]$/.exec(h);
  const inner = m ? m[1] : h;
  if (BARE_UNITS.has(inner) || periodWord(inner.toUpperCase()) !== null) return true;
  // 累计（人）: a period and its unit.
  const pu = /^(.+?)[([]([^()[\]]{1,6})[)\]]$/.exec(h);
  return pu !== null && periodWord(pu[1].toUpperCase()) !== null && BARE_UNITS.has(pu[2]);
}

/**
 * A row of only units and period words, with no number: the last row of the header. Cells filled from a
 * merged area above (机构名称 merged down) do not count.
 */
function isQualifierRow(row: CellValue[], fromAbove: Uint8Array | null): boolean {
  let found = 0;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (isBlankCell(v)) continue;
    if (fromAbove !== null && fromAbove[c]) continue;
    if (typeof v !== 'string' || !isQualifier(v.trim())) return false;
    found++;
  }
  return found > 0;
}

/** Two or more different texts, none of them a 填报单位：/截止日期： line: group headers, not a title. */
function isGroupRow(row: CellValue[]): boolean {
  const texts = new Set<string>();
  for (let c = 0; c < row.length; c++) {
    const t = text(row[c]);
    if (t === '') continue;
    if (t.includes(':') || t.includes('：')) return false;
    texts.add(t);
  }
  return texts.size >= 2;
}

/** A row in the header zone naming the facility column (机构名称, 单位名称…) next to other headers. */
function hasFacilityHeader(zoneText: string[][]): boolean {
  for (const texts of zoneText) {
    let filled = 0;
    let facility = false;
    for (const t of texts) {
      if (t === '') continue;
      filled++;
      if (!facility && t.length <= 12 && FACILITY_HEADERS.has(keyOf(t))) facility = true;
    }
    if (facility && filled >= 2) return true;
  }
  return false;
}

function isValidRange(range: { first: number; last: number }, rows: number): boolean {
  return (
    Number.isInteger(range.first) && Number.isInteger(range.last) && range.first >= 0 && range.last >= range.first && range.last < rows
  );
}

/** More indicators matched wins; then a named facility column; then the shorter, then the earlier block. */
function better(a: Block, b: Block): boolean {
  if (a.indicatorCount !== b.indicatorCount) return a.indicatorCount > b.indicatorCount;
  if (a.namedFacility !== b.namedFacility) return a.namedFacility;
  const ha = a.last - a.first;
  const hb = b.last - b.first;
  if (ha !== hb) return ha < hb;
  return a.first < b.first;
}

function skip(result: SheetAnalysis, reason: NonNullable<SheetLayout['skipReason']>): SheetAnalysis {
  result.layout.status = 'skipped';
  result.layout.skipReason = reason;
  return result;
}

/** The first column (not 序号, 乡镇 or an indicator) whose cells under the header are mostly words. */
function guessFacilityColumn(
  grid: CellValue[][],
  start: number,
  end: number,
  width: number,
  excluded: (c: number) => boolean,
): number | null {
  const stop = Math.min(end, start + FACILITY_SAMPLE_ROWS - 1);
  for (let c = 0; c < width; c++) {
    if (excluded(c)) continue;
    let words = 0;
    let filled = 0;
    for (let r = start; r <= stop; r++) {
      const v = grid[r]?.[c];
      if (isBlankCell(v)) continue;
      filled++;
      if (typeof v === 'string' && !NUMERIC_TEXT.test(v)) words++;
    }
    if (words > 0 && words * 2 >= filled) return c;
  }
  return null;
}

/** The number Excel appends to a copied or imported sheet whose name was taken: 石门乡 (2). */
const COPY_SUFFIX = /\s*[(（]\d{1,3}[)）]\s*$/;

/** A period in brackets after the name: 河东镇（11月）, 河东镇(2024年11月), 河东镇（1-11月）, 河东镇(本月). */
const PERIOD_IN_BRACKETS = /\s*[([]([^()[\]]{1,16})[)\]]\s*$/;
/** A period written after the name: 河西乡11月, 河西乡2024年11月, 河西乡1-11月, 河西乡 2024. */
const PERIOD_AFTER = /\s*[-_ ]?(?:(?:\d{2,4}年度?)?(?:\d{1,2}\s*[-—–~至到]\s*)?\d{1,2}月份?(?:报表|报|数据)?|\d{4}年?度?)\s*$/;
/** A numbering before the name: 1.河西乡, 01-河西乡, 1、河西乡, (1)河西乡, 一、河西乡. */
const NUMBERING_BEFORE = /^\s*(?:\d{1,3}\s*[.、\-—_)]|[(]\d{1,3}[)]|[一二三四五六七八九十]{1,3}\s*[、.])\s*/;

/** A period before the name: 2024年11月河东镇, 11月-河东镇, 1-11月河东镇. */
const PERIOD_BEFORE = /^\s*(?:\d{2,4}年度?)?(?:\d{1,2}\s*[-—–~至到]\s*)?\d{1,2}月份?\s*[-_ ]?\s*/;

/** The sheet name without copy number, period and numbering: 1.河西乡（11月） (2) → 河西乡. Empty when nothing else is left. */
export function sheetTownshipPart(sheetName: string): string {
  let s = nameKey(sheetName);
  for (let guard = 0; guard < 4; guard++) {
    const before = s;
    s = s.replace(COPY_SUFFIX, '');
    const b = PERIOD_IN_BRACKETS.exec(s);
    if (b && periodWord(b[1].replace(/\s+/g, '').toUpperCase()) !== null) s = s.slice(0, b.index);
    s = s.replace(PERIOD_AFTER, '').replace(NUMBERING_BEFORE, '').replace(PERIOD_BEFORE, '').trim();
    if (s === before) break;
  }
  return s;
}

/**
 * The sheet name without Excel's copy number (石门乡 (2) is still 石门乡), a period (河东镇（11月）) or a
 * numbering (1.河西乡), unless generic (Sheet1, 表1, 11月…): then the 填报单位 line above the header,
 * else the file name.
 */
function sheetTownshipName(sheetName: string, source: string | undefined, grid: CellValue[][], headerFirst: number): string {
  const own = sheetTownshipPart(sheetName);
  if (own !== '' && !GENERIC_SHEET.test(own)) return own;
  for (let r = 0; r < headerFirst; r++) {
    const row = Array.isArray(grid[r]) ? grid[r] : EMPTY_ROW;
    for (let c = 0; c < row.length; c++) {
      const t = text(row[c]);
      if (t === '') continue;
      const m = REPORTER.exec(toHalfWidth(t).trim());
      if (!m) continue;
      let value = m[1].trim();
      if (value === '') {
        for (let k = c + 1; k < row.length && value === ''; k++) value = toHalfWidth(text(row[k]));
      }
      value = value.split(/\s+/)[0] ?? '';
      value = value.replace(/\((?:盖章|公章)\)$/, '');
      const stripped = value.replace(REPORTER_SUFFIX, '');
      const township = nameKey(stripped !== '' ? stripped : value);
      if (township !== '') return township;
    }
  }
  if (typeof source === 'string' && source.trim() !== '') {
    const file = source.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '');
    const base = sheetTownshipPart(file) || nameKey(file);
    if (base !== '') return base;
  }
  return own || nameKey(sheetName);
}

function labelKey(t: string): string {
  return headerKey(t).replace(/[:：]+$/, '');
}

function isNumberingRow(row: CellValue[]): boolean {
  let filled = 0;
  let previous = -Infinity;
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (isBlankCell(v)) continue;
    filled++;
    let n: number | null = null;
    if (typeof v === 'number') {
      if (!Number.isInteger(v) || v < 0 || v > 999) return false;
      n = v;
    } else if (typeof v === 'string') {
      const m = NUMBERING_TOKEN.exec(toHalfWidth(v.trim()));
      if (!m) return false;
      if (m[1] !== undefined) n = Number(m[1]);
    } else {
      return false;
    }
    if (n !== null) {
      if (n <= previous) return false;
      previous = n;
    }
  }
  return filled >= 2;
}

function classifyRows(
  result: SheetAnalysis,
  grid: CellValue[][],
  start: number,
  end: number,
  indicatorCols: number[],
  namesIndicator: (t: string) => boolean,
): void {
  const layout = result.layout;
  const facilityCol = layout.facilityColumn as number;
  const townshipCol = layout.townshipColumn;
  const serialCol = layout.serialColumn;
  const firstIndicator = Math.min(...indicatorCols);
  // Where a row's label (合计, 其中…) may stand: 序号, name and 乡镇 columns and any text column before the figures.
  const labelSet = new Set<number>();
  for (let c = 0; c < firstIndicator; c++) if (!indicatorCols.includes(c)) labelSet.add(c);
  labelSet.add(facilityCol);
  if (serialCol !== null) labelSet.add(serialCol);
  if (townshipCol !== null) labelSet.add(townshipCol);
  const labelCols = [...labelSet].sort((a, b) => a - b);

  const excluded = layout.excludedRows;
  const exclude = (row: number, reason: ExcludedRowReason, label: string) => excluded.push({ row, reason, label });
  const rows = result.rows;
  let trailer: ExcludedRowReason | null = null;
  let currentTownship: string | null = null;
  let numberingChecked = false;

  for (let r = start; r <= end; r++) {
    const row = Array.isArray(grid[r]) ? grid[r] : EMPTY_ROW;
    if (isBlankRow(row)) {
      exclude(r, 'blank', '');
      continue;
    }
    if (!numberingChecked) {
      numberingChecked = true;
      if (isNumberingRow(row)) {
        exclude(r, 'column-numbers', firstText(row));
        continue;
      }
    }

    let totalLabel: string | null = null;
    let breakdown: string | null = null;
    for (const c of labelCols) {
      const v = row[c];
      if (typeof v !== 'string') continue;
      const t = v.trim();
      if (t === '') continue;
      if (t.includes('计') || TOTAL_FIRST_CODES.has(t.charCodeAt(0))) {
        const k = labelKey(t);
        if (k.length <= 20 && TOTAL_LABEL.test(k)) {
          totalLabel = t;
          break;
        }
      }
      if (t.startsWith('其中') || t.startsWith('其 中')) {
        breakdown = t;
        break;
      }
    }
    if (totalLabel === null && breakdown === null) {
      // The lead text is needed whole only for a row left out; a number never leads a sign-off or note.
      const leadAt = firstTextAt(row);
      const leadCell = leadAt < 0 ? undefined : row[leadAt];
      const lead = typeof leadCell === 'string' ? leadCell.trim() : '';
      const k = lead !== '' && TRAILER_FIRST_CODES.has(lead.charCodeAt(0)) ? labelKey(lead) : '';
      if (k !== '' && (SIGNOFF_LABEL.test(k) || SIGNOFF_EN.test(toHalfWidth(lead)))) trailer = 'signoff';
      else if (k !== '' && (NOTE_LABEL.test(k) || NOTE_EN.test(toHalfWidth(lead)))) trailer = 'note';
      else if (k !== '' && BLANK_NOTE.test(k)) {
        // 以下空白 says the table ends; a sign-off may still follow, and anything else is still read.
        exclude(r, 'note', lead);
        continue;
      } else if (trailer !== null) {
        // After the sign-off or notes nothing is a facility: dates, names, phone numbers follow.
      } else {
        if (isHeaderRow(row, indicatorCols, namesIndicator)) {
          endTable(result, r, indicatorCols);
          break;
        }
        const facility = text(row[facilityCol]);
        let hasFigures = false;
        if (facility === '') {
          for (const c of indicatorCols) {
            if (!isBlankCell(row[c])) {
              hasFigures = true;
              break;
            }
          }
          if (!hasFigures) {
            exclude(r, 'blank', text(leadCell));
            continue;
          }
        }
        if (townshipCol !== null) {
          const t = text(row[townshipCol]);
          if (t !== '') currentTownship = quickNameKey(t);
        }
        rows.push({
          kind: 'facility',
          row: r,
          name: quickNameKey(facility),
          township: currentTownship ?? result.sheetTownship,
        });
        continue;
      }
      exclude(r, trailer, text(leadCell));
      continue;
    }
    if (breakdown !== null) {
      exclude(r, 'breakdown', breakdown);
      continue;
    }
    const label = totalLabel as string;
    let township: string | null = null;
    if (townshipCol !== null) {
      const t = text(row[townshipCol]);
      if (t !== '' && !TOTAL_LABEL.test(labelKey(t))) township = nameKey(t);
    }
    exclude(r, 'total', label);
    rows.push({ kind: 'total', row: r, name: label, township: township ?? '', label, subtotal: SUBTOTAL_LABEL.test(labelKey(label)) });
  }

  assignCoverage(result);

  const townships: string[] = [];
  const seenTownships = new Set<string>();
  let count = 0;
  for (const t of rows) {
    if (t.kind !== 'facility') continue;
    count++;
    if (layout.firstDataRow === null) layout.firstDataRow = t.row;
    layout.lastDataRow = t.row;
    if (!seenTownships.has(t.township)) {
      seenTownships.add(t.township);
      townships.push(t.township);
    }
  }
  layout.facilityCount = count;
  layout.townships = townships;
}

/**
 * A row under the table whose figure columns hold header texts (2型糖尿病患者数（人）…) and no number:
 * the header of another table on the same sheet.
 */
function isHeaderRow(row: CellValue[], indicatorCols: number[], namesIndicator: (t: string) => boolean): boolean {
  let named = false;
  for (const c of indicatorCols) {
    const v = row[c];
    if (typeof v === 'number') return false;
    if (typeof v !== 'string' || named) continue;
    const t = v.trim();
    if (t !== '' && !NUMERIC_TEXT.test(t) && namesIndicator(t)) named = true;
  }
  return named;
}

/**
 * Another table starts at row r: it and everything under it are not read. The rows just above it that
 * hold no figure (its title 表2 …, a group row of its header) go with it.
 */
function endTable(result: SheetAnalysis, r: number, indicatorCols: number[]): void {
  const rows = result.rows;
  let start = r;
  while (rows.length > 0) {
    const last = rows[rows.length - 1];
    if (last.kind !== 'facility') break;
    const row = Array.isArray(result.grid[last.row]) ? result.grid[last.row] : EMPTY_ROW;
    if (indicatorCols.some((c) => typeof row[c] === 'number' || (typeof row[c] === 'string' && NUMERIC_TEXT.test(row[c] as string) && (row[c] as string).trim() !== ''))) break;
    rows.pop();
    start = last.row;
  }
  const excluded = result.layout.excludedRows;
  while (excluded.length > 0 && excluded[excluded.length - 1].row >= start) excluded.pop();
  result.otherTable = { row: start, headerRow: r, header: firstText(Array.isArray(result.grid[r]) ? result.grid[r] : EMPTY_ROW) };
}

/** Index of the first cell with text (a number counts), -1 for none. */
function firstTextAt(row: CellValue[]): number {
  for (let c = 0; c < row.length; c++) {
    const v = row[c];
    if (typeof v === 'string' ? v.trim() !== '' : typeof v === 'number' && Number.isFinite(v)) return c;
  }
  return -1;
}

function firstText(row: CellValue[]): string {
  for (let c = 0; c < row.length; c++) {
    const t = text(row[c]);
    if (t !== '') return t;
  }
  return '';
}

/**
 * A 总计, or a 合计 after 小计 rows, totals the whole sheet even when the rows just above it are one
 * township's: the last township of a list often has no 小计 of its own.
 */
function grandTotal(total: TableRow, rows: TableRow[], index: number): boolean {
  if ((total.label ?? '').includes('总计')) return true;
  for (let j = 0; j < index; j++) if (rows[j].kind === 'total' && rows[j].subtotal) return true;
  return false;
}

/**
 * Which facility rows each total covers. 小计: the rows since the previous total (if none, up to the next).
 * 合计/总计: the sheet's rows, or one township's when the sheet has a 乡镇 column and the total belongs to
 * one township (named in its 乡镇 cell, or all the rows since the previous total are that township's and
 * it is not a grand total).
 */
function assignCoverage(result: SheetAnalysis): void {
  const rows = result.rows;
  const multiTownship = result.layout.townshipColumn !== null;
  const all = rows.filter((t) => t.kind === 'facility');
  const townshipsOnSheet = new Set(all.map((t) => t.township));
  // A sheet whose first 小计 comes before any facility row puts each 小计 above the rows it sums.
  const firstSubtotal = rows.findIndex((t) => t.kind === 'total' && t.subtotal);
  const subtotalsLead = firstSubtotal >= 0 && (firstSubtotal === 0 || rows[firstSubtotal - 1].kind !== 'facility');
  for (let i = 0; i < rows.length; i++) {
    const total = rows[i];
    if (total.kind !== 'total') continue;
    const before: TableRow[] = [];
    for (let j = i - 1; j >= 0 && rows[j].kind === 'facility'; j--) before.push(rows[j]);
    before.reverse();
    let covered: TableRow[];
    if (total.subtotal) {
      covered = [];
      if (subtotalsLead) {
        for (let j = i + 1; j < rows.length && rows[j].kind === 'facility'; j++) covered.push(rows[j]);
      } else {
        covered = before;
      }
      if (total.township !== '') covered = covered.filter((t) => t.township === total.township);
    } else if (multiTownship && total.township !== '' && townshipsOnSheet.has(total.township)) {
      covered = all.filter((t) => t.township === total.township);
    } else if (
      multiTownship &&
      townshipsOnSheet.size > 1 &&
      !grandTotal(total, rows, i) &&
      before.length > 0 &&
      before.every((t) => t.township === before[0].township)
    ) {
      total.township = before[0].township;
      covered = all.filter((t) => t.township === total.township);
    } else {
      covered = all;
    }
    if (total.township === '') {
      total.township = covered.length > 0 && covered.every((t) => t.township === covered[0].township)
        ? covered[0].township
        : result.sheetTownship;
    }
    total.covers = covered.map((t) => t.row);
  }
}
