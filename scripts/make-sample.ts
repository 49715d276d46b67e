// Writes the sample county (samples/sample-county.xlsx) and one more township as its own file
// (samples/sample-township-extra.xlsx): sheets laid out as townships really send them — title, 填报单位,
// one or two header rows, 合计 and sign-off rows — with plausible figures from a fixed seed and a few
// deliberate problems for the checks to find. Also last month (samples/sample-county-2024-10.xlsx, every
// township as of 31 October) and the county's 机构名录 (samples/sample-roster.xlsx), for the monthly
// checks. Run: npm run sample.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { CATALOG_INDICATORS } from '../src/engine/catalog';

export const SAMPLE_DIR = path.join(__dirname, '..', 'samples');
export const SAMPLE_COUNTY = path.join(SAMPLE_DIR, 'sample-county.xlsx');
export const SAMPLE_EXTRA = path.join(SAMPLE_DIR, 'sample-township-extra.xlsx');
export const SAMPLE_PREVIOUS = path.join(SAMPLE_DIR, 'sample-county-2024-10.xlsx');
export const SAMPLE_ROSTER = path.join(SAMPLE_DIR, 'sample-roster.xlsx');
/** The reporting date the sample is written for (its titles say 1-11月). */
export const SAMPLE_AS_OF = '2024-11-30';
export const SAMPLE_PREVIOUS_AS_OF = '2024-10-31';

const FIXED_DATE = new Date(Date.UTC(2024, 11, 3, 9, 0, 0));

/** mulberry32: small, fast, and the same numbers on every machine. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const between = (rng: Rng, lo: number, hi: number): number => lo + (hi - lo) * rng();
const int = (rng: Rng, lo: number, hi: number): number => Math.round(between(rng, lo, hi));
const money = (x: number): number => Math.round(x * 100) / 100;
const pct = (num: number, den: number): number => Math.round((num / den) * 10000) / 100;

const NAME_OF = new Map(CATALOG_INDICATORS.map((d) => [d.code, d.name]));
const UNIT_OF = new Map(CATALOG_INDICATORS.map((d) => [d.code, d.unit]));

/** One column of a township sheet: the indicator it holds and the header text the township typed. */
interface Column {
  code: string;
  header: string;
  /** On the two-row header sheet: the group text above, shared by neighbouring columns. */
  group?: string;
}

/** "名称（单位）", as most township sheets write their headers. */
const withUnit = (text: string, code: string): string => `${text}（${UNIT_OF.get(code) ?? ''}）`;

function columnsFor(variant: 'plain' | 'alias'): Column[] {
  const c = (code: string, alias?: string): Column => ({
    code,
    header: withUnit(variant === 'alias' && alias ? alias : NAME_OF.get(code)!, code),
  });
  return [
    c('POP', '辖区常住人口数'),
    c('REC', '建档人数'),
    c('REC_RATE', '建档率'),
    c('HTN', '高血压患者人数'),
    c('HTN_STD', '高血压患者规范管理人数'),
    c('HTN_CTRL', '血压控制人数'),
    c('HTN_RATE', '高血压规范管理率'),
    c('DM', '糖尿病患者人数'),
    c('DM_STD', '糖尿病规范管理人数'),
    c('DM_CTRL', '血糖控制人数'),
    c('SMI', '在册严重精神障碍患者数'),
    c('SMI_STD', '严重精神障碍规范管理人数'),
    c('ELD', '65岁以上老年人数'),
    c('ELD_MGMT', '老年人健康管理人数'),
    c('ELD_TCM', '老年人中医药健康管理人数'),
    c('BIRTH', '活产人数'),
    c('MAT_SYS', '系统管理孕产妇人数'),
    c('CHILD', '0~6岁儿童数'),
    c('CHILD_MGMT', '儿童健康管理人数'),
    c('SIGN', '签约人数'),
    c('VAC_DUE', '应种剂次'),
    c('VAC_DONE', '实种剂次'),
    c('CATARACT', '白内障复明手术数'),
    c('FOLIC', '农村妇女增补叶酸人数'),
    c('EXP_TOTAL', '医疗费用总额'),
    c('EXP_DRUG', '药品费'),
    c('EXP_EXAM', '检查检验费'),
    c('EXP_SELF', '个人自付金额'),
    c('FUND', '新农合补偿支出'),
    c('SELF_PAY_RATE', '自付比例'),
  ];
}

/** The two-row header: 高血压 and 糖尿病 columns under a merged group cell. */
function groupedColumns(): Column[] {
  const groups: Record<string, [string, string]> = {
    HTN: ['高血压患者', '人数'],
    HTN_STD: ['高血压患者', '规范管理人数'],
    HTN_CTRL: ['高血压患者', '血压控制人数'],
    HTN_RATE: ['高血压患者', '规范管理率'],
    DM: ['2型糖尿病患者', '人数'],
    DM_STD: ['2型糖尿病患者', '规范管理人数'],
    DM_CTRL: ['2型糖尿病患者', '血糖控制人数'],
  };
  return columnsFor('plain').map((col) => {
    const g = groups[col.code];
    return g ? { code: col.code, group: g[0], header: withUnit(g[1], col.code) } : col;
  });
}

const RATE_OF: Record<string, [string, string]> = {
  REC_RATE: ['REC', 'POP'],
  HTN_RATE: ['HTN_STD', 'HTN'],
  SELF_PAY_RATE: ['EXP_SELF', 'EXP_TOTAL'],
};

type Figures = Record<string, number | null>;

/** A facility's year-to-date figures: counts that hang together (管理 ≤ 患者 ≤ 人口…). */
function facilityFigures(rng: Rng, kind: 'hospital' | 'centre' | 'station' | 'village'): Figures {
  const pop = kind === 'village' ? int(rng, 1400, 4200) : kind === 'station' ? int(rng, 4000, 9000) : int(rng, 6000, 14000);
  const f: Figures = { POP: pop };
  f.REC = Math.round(pop * between(rng, 0.84, 0.97));
  f.HTN = Math.round(pop * between(rng, 0.065, 0.1));
  f.HTN_STD = Math.round(f.HTN * between(rng, 0.52, 0.8));
  f.HTN_CTRL = Math.round(f.HTN * between(rng, 0.38, 0.6));
  f.DM = Math.round(pop * between(rng, 0.022, 0.036));
  f.DM_STD = Math.round(f.DM * between(rng, 0.52, 0.78));
  f.DM_CTRL = Math.round(f.DM * between(rng, 0.36, 0.55));
  f.SMI = Math.round(pop * between(rng, 0.003, 0.0055));
  f.SMI_STD = Math.round(f.SMI * between(rng, 0.78, 0.96));
  f.ELD = Math.round(pop * between(rng, 0.13, 0.18));
  f.ELD_MGMT = Math.round(f.ELD * between(rng, 0.55, 0.78));
  f.ELD_TCM = Math.round(f.ELD * between(rng, 0.55, 0.76));
  f.BIRTH = Math.round(pop * between(rng, 0.006, 0.0095));
  f.MAT_SYS = Math.round(f.BIRTH * between(rng, 0.84, 0.98));
  f.CHILD = Math.round(pop * between(rng, 0.055, 0.075));
  f.CHILD_MGMT = Math.round(f.CHILD * between(rng, 0.84, 0.96));
  f.SIGN = Math.round(pop * between(rng, 0.28, 0.44));
  f.VAC_DUE = Math.round(f.CHILD * between(rng, 1.6, 2.2));
  f.VAC_DONE = Math.round(f.VAC_DUE * between(rng, 0.88, 0.99));
  // Only township hospitals operate; village clinics leave the column blank.
  f.CATARACT = kind === 'hospital' ? int(rng, 12, 30) : null;
  f.FOLIC = kind === 'village' || kind === 'station' ? int(rng, 8, 26) : int(rng, 20, 45);
  const total = kind === 'village' ? between(rng, 6, 28) : kind === 'station' ? between(rng, 40, 120) : between(rng, 320, 980);
  f.EXP_TOTAL = money(total);
  f.EXP_DRUG = money(total * between(rng, 0.34, 0.46));
  f.EXP_EXAM = money(total * between(rng, 0.14, 0.24));
  f.EXP_SELF = money(total * between(rng, 0.24, 0.34));
  f.FUND = money(total * between(rng, 0.5, 0.6));
  for (const [code, [num, den]] of Object.entries(RATE_OF)) f[code] = pct(f[num]!, f[den]!);
  return f;
}

/** A cell as the township typed it; deliberate problems replace the number with text. */
type Typed = number | string | null | { formula: string; result: number };

interface FacilityRow {
  name: string;
  figures: Figures;
  /** Cells typed otherwise than as the plain number (problems, or numbers typed as text). */
  typed?: Record<string, Typed>;
}

interface TownshipSheet {
  township: string;
  reporter: string;
  facilities: FacilityRow[];
  columns: Column[];
  /** 合计 as SUM formulas (with their results), or typed numbers. */
  totals: 'formula' | 'typed';
  /** Rates as fractions with a 0.00% format, or as numbers in % units. */
  rateStyle: 'percent-format' | 'percent-number' | 'percent-text';
  /** Overrides of the 合计 row (a total that does not add up). */
  totalTyped?: Record<string, number>;
  remarks?: Record<string, string>;
  /** The month the figures run to (11 unless said), for the title and dates. */
  month?: number;
}

const VILLAGE_NAMES: Record<string, string[]> = {
  城关镇: ['东街', '西关', '南门', '北苑'],
  石门乡: ['石门村', '杨家坪村', '黄土岭村', '张家湾村', '柳树沟村', '上庄村', '下庄村'],
  白沙镇: ['白沙村', '沙湾村', '河西村', '新建村', '红星村', '向阳村'],
  桃源乡: ['桃源村', '李家庄村', '枫树坪村', '竹园村', '金鸡村'],
  青龙镇: ['青龙村', '龙潭村', '双河村', '马鞍山村', '茶园村', '高桥村', '新田村'],
  河口乡: ['河口村', '渡口村', '柏树村', '大坪村', '长岭村'],
  双溪镇: ['双溪村', '溪口村', '梅子村', '庙前村', '团结村', '光明村'],
  龙泉乡: ['龙泉村', '泉水村', '凤凰村', '岩头村', '石桥村'],
};

function township(rng: Rng, name: string): FacilityRow[] {
  if (name === '城关镇') {
    return [
      { name: '城关镇社区卫生服务中心', figures: facilityFigures(rng, 'centre') },
      ...VILLAGE_NAMES[name].map((v) => ({ name: `${v}社区卫生服务站`, figures: facilityFigures(rng, 'station') })),
    ];
  }
  return [
    { name: `${name}卫生院`, figures: facilityFigures(rng, 'hospital') },
    ...VILLAGE_NAMES[name].map((v) => ({ name: `${v}卫生室`, figures: facilityFigures(rng, 'village') })),
  ];
}

/** The county's townships, each sheet a little different, with the deliberate problems in place. */
export function sampleTownships(): { county: TownshipSheet[]; extra: TownshipSheet } {
  const rng = random(20241130);
  const sheet = (name: string, init: Partial<TownshipSheet> = {}): TownshipSheet => ({
    township: name,
    reporter: name === '城关镇' ? '城关镇社区卫生服务中心' : `${name}卫生院`,
    facilities: township(rng, name),
    columns: columnsFor('plain'),
    totals: 'formula',
    rateStyle: 'percent-number',
    ...init,
  });

  const chengguan = sheet('城关镇', { rateStyle: 'percent-format' });
  const shimen = sheet('石门乡', { columns: groupedColumns() });
  const baisha = sheet('白沙镇', { columns: columnsFor('alias'), totals: 'typed', rateStyle: 'percent-text' });
  const taoyuan = sheet('桃源乡');
  const qinglong = sheet('青龙镇', { totals: 'typed' });
  const hekou = sheet('河口乡', { columns: columnsFor('alias') });
  const shuangxi = sheet('双溪镇');
  const longquan = sheet('龙泉乡', { columns: columnsFor('alias') });

  // 白沙镇: a placeholder where a figure belongs, a number typed as text with a thousands separator and a
  // full-width number (both read as numbers), and a remark column nobody defined.
  const bs = baisha.facilities;
  bs[3].typed = { FOLIC: 'XX' };
  bs[1].typed = { POP: bs[1].figures.POP!.toLocaleString('en-US') };
  bs[2].typed = { REC: toFullWidth(String(bs[2].figures.REC)) };
  baisha.remarks = { [bs[4].name]: '8月起由邻村卫生室代管' };

  // 桃源乡: the hospital prints a 高血压规范管理率 its own numerator and denominator do not give.
  const ty = taoyuan.facilities[0].figures;
  taoyuan.facilities[0].typed = { HTN_RATE: Math.round(pct(ty.HTN_STD!, ty.HTN!) + 13.4) };

  // 青龙镇: the 合计 row's population was typed by hand and is 1,000 short.
  const qlPop = qinglong.facilities.reduce((s, f) => s + f.figures.POP!, 0);
  qinglong.totalTyped = { POP: qlPop - 1000 };

  // 河口乡: a village reports more 规范管理 hypertension patients than it has patients.
  const hk = hekou.facilities[2].figures;
  hk.HTN_STD = hk.HTN! + 7;
  hk.HTN_RATE = pct(hk.HTN_STD, hk.HTN!);

  // 双溪镇: one village clinic was entered twice.
  shuangxi.facilities.splice(4, 0, { name: shuangxi.facilities[3].name, figures: { ...shuangxi.facilities[3].figures } });

  // 石门乡: a "—" for a figure not yet reported.
  shimen.facilities[5].typed = { DM_CTRL: '—' };

  return { county: [chengguan, shimen, baisha, taoyuan, qinglong, hekou, shuangxi], extra: longquan };
}

function toFullWidth(text: string): string {
  return text.replace(/[0-9.,]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
}

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

const SIGNERS: Record<string, [string, string, string]> = {
  城关镇: ['刘芳', '陈建华', '0739-5221064'],
  石门乡: ['张丽', '王建国', '0739-5310218'],
  白沙镇: ['李娟', '赵志强', '0739-5402337'],
  桃源乡: ['周敏', '孙卫东', '0739-5517625'],
  青龙镇: ['吴霞', '郑国平', '0739-5603391'],
  河口乡: ['黄婷', '何永红', '0739-5718842'],
  双溪镇: ['杨洁', '邓小军', '0739-5820956'],
  龙泉乡: ['罗琴', '谢德明', '0739-5933170'],
};

function columnLetterOf(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function addTownshipSheet(workbook: ExcelJS.Workbook, t: TownshipSheet): void {
  const ws = workbook.addWorksheet(t.township);
  const cols = t.columns;
  const hasRemarks = t.remarks !== undefined;
  const width = 2 + cols.length + (hasRemarks ? 1 : 0);
  const last = columnLetterOf(width - 1);
  const grouped = cols.some((c) => c.group);

  const month = t.month ?? 11;
  ws.getCell('A1').value = `${t.township}2024年1-${month}月基本公共卫生服务及重点工作进展情况统计表`;
  ws.mergeCells(`A1:${last}1`);
  ws.getCell('A1').font = { bold: true, size: 14 };
  ws.getCell('A1').alignment = { horizontal: 'center' };
  ws.getCell('A2').value = `填报单位（盖章）：${t.reporter}`;
  ws.mergeCells('A2:E2');
  ws.getCell(`${columnLetterOf(width - 4)}2`).value = month === 11 ? '统计截止：2024年11月30日' : `统计截止：2024年${month}月31日`;

  const headerTop = 3;
  const headerBottom = grouped ? 4 : 3;
  const headerCells: { col: number; text: string; group?: string }[] = [
    { col: 0, text: '序号' },
    { col: 1, text: '机构名称' },
    ...cols.map((c, i) => ({ col: i + 2, text: c.header, group: c.group })),
    ...(hasRemarks ? [{ col: width - 1, text: '备注' }] : []),
  ];
  for (const h of headerCells) {
    const letter = columnLetterOf(h.col);
    if (!grouped) {
      ws.getCell(`${letter}${headerTop}`).value = h.text;
    } else if (h.group) {
      ws.getCell(`${letter}${headerTop}`).value = h.group;
      ws.getCell(`${letter}${headerBottom}`).value = h.text;
    } else {
      ws.getCell(`${letter}${headerTop}`).value = h.text;
      ws.mergeCells(`${letter}${headerTop}:${letter}${headerBottom}`);
    }
  }
  if (grouped) {
    // Merge each run of columns under the same group text.
    let start = 0;
    for (let i = 1; i <= headerCells.length; i++) {
      const g = headerCells[start].group;
      if (i < headerCells.length && headerCells[i].group === g && g) continue;
      if (g && i - 1 > start) ws.mergeCells(`${columnLetterOf(headerCells[start].col)}${headerTop}:${columnLetterOf(headerCells[i - 1].col)}${headerTop}`);
      start = i;
    }
  }
  for (let r = headerTop; r <= headerBottom; r++) {
    const row = ws.getRow(r);
    row.height = 42;
    for (let c = 1; c <= width; c++) {
      const cell = row.getCell(c);
      cell.font = { bold: true };
      cell.alignment = { wrapText: true, vertical: 'middle', horizontal: 'center' };
      cell.border = THIN;
    }
  }

  const firstData = headerBottom + 1;
  const rateFormat = t.rateStyle === 'percent-format';
  const write = (cell: ExcelJS.Cell, code: string, value: Typed): void => {
    const isRate = code in RATE_OF;
    if (isRate && typeof value === 'number' && rateFormat) {
      cell.value = Math.round(value * 100) / 10000;
      cell.numFmt = '0.00%';
    } else if (isRate && typeof value === 'number' && t.rateStyle === 'percent-text') {
      cell.value = `${value.toFixed(2)}%`;
    } else if (value !== null && typeof value === 'object' && isRate && rateFormat) {
      cell.value = { formula: value.formula, result: value.result };
      cell.numFmt = '0.00%';
    } else {
      cell.value = value;
      if (typeof value === 'number' && UNIT_OF.get(code) === '万元') cell.numFmt = '0.00';
      if (typeof value === 'number' && isRate) cell.numFmt = '0.00';
    }
    cell.border = THIN;
  };

  t.facilities.forEach((f, k) => {
    const r = firstData + k;
    const row = ws.getRow(r);
    row.getCell(1).value = k + 1;
    row.getCell(2).value = f.name;
    row.getCell(1).border = THIN;
    row.getCell(2).border = THIN;
    cols.forEach((c, i) => write(row.getCell(i + 3), c.code, f.typed?.[c.code] ?? f.figures[c.code] ?? null));
    if (hasRemarks) {
      row.getCell(width).value = t.remarks?.[f.name] ?? null;
      row.getCell(width).border = THIN;
    }
  });

  const lastData = firstData + t.facilities.length - 1;
  const totalRow = ws.getRow(lastData + 1);
  totalRow.getCell(2).value = '合计';
  totalRow.font = { bold: true };
  const columnOf = new Map(cols.map((c, i) => [c.code, columnLetterOf(i + 2)]));
  // The 合计 a township would print: Excel's SUM skips anything typed as text; a total typed by hand
  // counts the numbers typed as text too, but not a placeholder.
  const counted = (f: FacilityRow, code: string): number | null => {
    const typed = f.typed?.[code];
    if (typed === undefined || typeof typed === 'number') return typed ?? f.figures[code] ?? null;
    if (t.totals === 'formula' || typeof typed !== 'string' || !/^[\d,.\uff10-\uff19\uff0c\uff0e]+$/.test(typed)) return null;
    return f.figures[code] ?? null;
  };
  const sums = new Map<string, number>();
  for (const c of cols) {
    if (c.code in RATE_OF) continue;
    const values = t.facilities.map((f) => counted(f, c.code));
    if (values.every((v) => v === null)) continue;
    sums.set(c.code, money(values.reduce<number>((s, v) => s + (v ?? 0), 0)));
  }
  cols.forEach((c, i) => {
    const cell = totalRow.getCell(i + 3);
    const letter = columnOf.get(c.code)!;
    const rate = RATE_OF[c.code];
    if (rate) {
      // The rate printed on the 合计 row is worked out from that row's own figures.
      const num = t.totalTyped?.[rate[0]] ?? sums.get(rate[0]);
      const den = t.totalTyped?.[rate[1]] ?? sums.get(rate[1]);
      if (num === undefined || den === undefined) return;
      const ratio = `${columnOf.get(rate[0])}${lastData + 1}/${columnOf.get(rate[1])}${lastData + 1}`;
      if (t.totals === 'typed') write(cell, c.code, pct(num, den));
      else if (rateFormat) write(cell, c.code, { formula: ratio, result: num / den });
      else write(cell, c.code, { formula: `ROUND(${ratio}*100,2)`, result: pct(num, den) });
      return;
    }
    const sum = t.totalTyped?.[c.code] ?? sums.get(c.code);
    if (sum === undefined) return;
    const byHand = t.totals === 'typed' || t.totalTyped?.[c.code] !== undefined;
    write(cell, c.code, byHand ? sum : { formula: `SUM(${letter}${firstData}:${letter}${lastData})`, result: sum });
  });
  totalRow.getCell(1).border = THIN;
  totalRow.getCell(2).border = THIN;

  const [filler, checker, phone] = SIGNERS[t.township];
  const sign = ws.getRow(lastData + 3);
  sign.getCell(1).value = `填表人：${filler}`;
  sign.getCell(6).value = `审核人：${checker}`;
  sign.getCell(11).value = `联系电话：${phone}`;
  sign.getCell(16).value = `填报日期：2024年${month + 1}月3日`;

  ws.getColumn(1).width = 6;
  ws.getColumn(2).width = 24;
  for (let c = 3; c <= width; c++) ws.getColumn(c).width = 11;
  ws.views = [{ state: 'frozen', xSplit: 2, ySplit: headerBottom }];
}

function addInstructions(workbook: ExcelJS.Workbook): void {
  const ws = workbook.addWorksheet('填报说明');
  const lines = [
    '填报说明',
    '1. 各乡镇卫生院（社区卫生服务中心）汇总本辖区村卫生室（服务站）数据后，于每月3日前报县卫健局。',
    '2. 数据为当年1月1日起的累计数；费用以万元为单位，保留两位小数。',
    '3. 比率指标按“分子÷分母×100”计算，保留两位小数。',
    '4. 不得以“XX”“—”等代替数字；无数据的留空。',
  ];
  lines.forEach((l, i) => {
    ws.getCell(`A${i + 1}`).value = l;
  });
  ws.getColumn(1).width = 90;
}

function addTargets(workbook: ExcelJS.Workbook, townships: string[]): void {
  const ws = workbook.addWorksheet('任务数');
  ws.addRow(['乡镇', '白内障复明手术例数', '增补叶酸人数', '家庭医生签约人数']);
  const rng = random(7);
  const cataract = [30, 28, 26, 24, 26, 22, 24, 20];
  townships.forEach((t, i) => {
    ws.addRow([t, cataract[i % cataract.length], 220 + 10 * Math.round(between(rng, 0, 8)), 2000 + 100 * Math.round(between(rng, 0, 20))]);
  });
  ws.getRow(1).font = { bold: true };
  ws.getColumn(1).width = 12;
  for (const c of [2, 3, 4]) ws.getColumn(c).width = 20;
}

/** A sheet kept from last year, hidden: never read as this month's data. */
function addHiddenOldSheet(workbook: ExcelJS.Workbook, t: TownshipSheet): void {
  const ws = workbook.addWorksheet('旧表2023', { state: 'hidden' });
  ws.addRow(['序号', '机构名称', '常住人口数（人）', '高血压患者数（人）']);
  t.facilities.slice(0, 3).forEach((f, i) => ws.addRow([i + 1, f.name, f.figures.POP, f.figures.HTN]));
}

function newWorkbook(): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '县卫生健康局';
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  return workbook;
}

export function sampleCountyWorkbook(): ExcelJS.Workbook {
  const { county, extra } = sampleTownships();
  const workbook = newWorkbook();
  addInstructions(workbook);
  for (const t of county) addTownshipSheet(workbook, t);
  addTargets(workbook, [...county.map((t) => t.township), extra.township]);
  addHiddenOldSheet(workbook, county[1]);
  return workbook;
}

export function sampleExtraWorkbook(): ExcelJS.Workbook {
  const workbook = newWorkbook();
  addTownshipSheet(workbook, sampleTownships().extra);
  return workbook;
}

/**
 * Zip entries carry the time they were packed; a fixed time keeps the checked-in samples byte-identical
 * from one run to the next. Patches every local and central-directory header's DOS time and date.
 */
export function fixZipTimes(buf: Buffer): Buffer {
  const out = Buffer.from(buf);
  const dosTime = 9 << 11;
  const dosDate = ((2024 - 1980) << 9) | (12 << 5) | 3;
  const eocd = out.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) return out;
  const entries = out.readUInt16LE(eocd + 10);
  let at = out.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (out.readUInt32LE(at) !== 0x02014b50) break;
    out.writeUInt16LE(dosTime, at + 12);
    out.writeUInt16LE(dosDate, at + 14);
    const local = out.readUInt32LE(at + 42);
    if (out.readUInt32LE(local) === 0x04034b50) {
      out.writeUInt16LE(dosTime, local + 10);
      out.writeUInt16LE(dosDate, local + 12);
    }
    at += 46 + out.readUInt16LE(at + 28) + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}

export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return fixZipTimes(Buffer.from(await workbook.xlsx.writeBuffer()));
}

/** 口径 累计 in the catalog: last month's year-to-date figure is about 10/11 of this month's. */
const CUMULATIVE = new Set(CATALOG_INDICATORS.filter((d) => d.measure === 'cumulative').map((d) => d.code));

/** A facility's figures a month earlier: 累计 counts about 10/11 of now, stocks a little lower. */
function lastMonth(f: Figures): Figures {
  const out: Figures = {};
  for (const [code, v] of Object.entries(f)) {
    if (v === null || code in RATE_OF) out[code] = v;
    else if (UNIT_OF.get(code) === '万元') out[code] = money((v * 10) / 11);
    else out[code] = Math.round(CUMULATIVE.has(code) ? (v * 10) / 11 : v * 0.99);
  }
  for (const [code, [num, den]] of Object.entries(RATE_OF)) if (out[num] != null && out[den]) out[code] = pct(out[num]!, out[den]!);
  return out;
}

/**
 * Last month, every township in one workbook as the county kept it: clean figures, with what the
 * monthly checks should find — 河口乡卫生院's 实种剂次 higher then than now (a 累计 that went down),
 * 青龙镇卫生院's 叶酸 a third of now (a change far beyond 环比阈值), and 竹林村卫生室 in 石门乡, which
 * reported then and has not this month.
 */
export function samplePreviousWorkbook(): ExcelJS.Workbook {
  const { county, extra } = sampleTownships();
  const workbook = newWorkbook();
  for (const t of [...county, extra]) {
    const facilities = t.facilities.map((f) => ({ name: f.name, figures: lastMonth(f.figures) }));
    if (t.township === '河口乡') facilities[0].figures.VAC_DONE = t.facilities[0].figures.VAC_DONE! + 36;
    if (t.township === '青龙镇') facilities[0].figures.FOLIC = Math.round(t.facilities[0].figures.FOLIC! / 3);
    if (t.township === '石门乡') facilities.push({ name: '竹林村卫生室', figures: lastMonth(facilityFigures(random(1031), 'village')) });
    addTownshipSheet(workbook, { ...t, facilities, month: 10, totals: 'formula', totalTyped: undefined, remarks: undefined });
  }
  return workbook;
}

/**
 * The county's 机构名录: every facility by township, with a code — 竹林村卫生室 still listed, and
 * 白沙镇's 向阳村 listed as 卫生所 where the township writes 卫生室 (to be suggested, not merged).
 */
export function sampleRosterWorkbook(): ExcelJS.Workbook {
  const { county, extra } = sampleTownships();
  const workbook = newWorkbook();
  const ws = workbook.addWorksheet('机构名录');
  ws.addRow(['乡镇', '机构名称', '机构代码', '别名']);
  [...county, extra].forEach((t, i) => {
    const names = [...new Set(t.facilities.map((f) => f.name))];
    if (t.township === '石门乡') names.push('竹林村卫生室');
    names.forEach((name, k) => {
      const listed = name === '向阳村卫生室' ? '向阳村卫生所' : name;
      ws.addRow([k === 0 ? t.township : null, listed, `4307${String(i + 1).padStart(2, '0')}${String(k + 1).padStart(2, '0')}`, null]);
    });
  });
  ws.getRow(1).font = { bold: true };
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 28;
  ws.getColumn(3).width = 12;
  return workbook;
}

/** Writes the sample files into dir; returns their paths. */
export async function writeSamples(dir = SAMPLE_DIR): Promise<{ county: string; extra: string; previous: string; roster: string }> {
  await fs.mkdir(dir, { recursive: true });
  const county = path.join(dir, path.basename(SAMPLE_COUNTY));
  const extra = path.join(dir, path.basename(SAMPLE_EXTRA));
  const previous = path.join(dir, path.basename(SAMPLE_PREVIOUS));
  const roster = path.join(dir, path.basename(SAMPLE_ROSTER));
  await fs.writeFile(county, await workbookBytes(sampleCountyWorkbook()));
  await fs.writeFile(extra, await workbookBytes(sampleExtraWorkbook()));
  await fs.writeFile(previous, await workbookBytes(samplePreviousWorkbook()));
  await fs.writeFile(roster, await workbookBytes(sampleRosterWorkbook()));
  return { county, extra, previous, roster };
}

if (require.main === module) {
  writeSamples().then(
    (p) => process.stdout.write(`样例已生成：${path.relative(process.cwd(), p.county)}、${path.relative(process.cwd(), p.extra)}\n`),
    (e: unknown) => {
      process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
