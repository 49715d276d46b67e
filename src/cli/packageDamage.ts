// What can be wrong inside an .xlsx package that the fast reader refuses to read past: a part whose
// checksum or length does not match (a file cut off or changed in transfer), XML that does not parse
// to its end, cells Excel itself would refuse, and sizes no county workbook reaches. Said in zh-CN and
// en, naming the file and the part or cell, so a statistician knows which report to ask for again.
import type { Lang } from '../engine/types';

/** How a zip part failed its check: CRC-32, uncompressed length, deflate stream, or cut off by the file's end. */
export type PartCheck = 'crc' | 'size' | 'inflate' | 'cut';

/** The limit a too-large package went past (see LIMITS in zip.ts and xlsxPackage.ts). */
export type SizeLimit = 'part' | 'total' | 'strings' | 'cells' | 'sheets';

export type Damage =
  /** The zip directory itself cannot be read (the file was cut short, or is not a whole zip). */
  | { kind: 'zip'; at: string }
  | { kind: 'part'; part: string; check: PartCheck }
  /** A part that is not well-formed XML, or not the structure its kind must have. */
  | { kind: 'xml'; part: string; at: string }
  /** A row or cell given twice, or out of order: Excel asks to repair such a file. ref: "B5" or "5:5". */
  | { kind: 'duplicate'; sheet: string; ref: string }
  /** A row or column beyond Excel's 1,048,576 × 16,384. ref as written in the file. */
  | { kind: 'beyond-excel'; sheet: string; ref: string }
  | { kind: 'too-large'; part: string; limit: SizeLimit; max: number };

/** Thrown inside the reader; readXlsxPackage turns it into an UnreadableWorkbookError naming the file. */
export class PackageDamageError extends Error {
  constructor(readonly damage: Damage) {
    super(technicalDetail(damage));
    this.name = new.target.name;
  }
}

/** One English line for logs and the error's detail. */
export function technicalDetail(d: Damage): string {
  switch (d.kind) {
    case 'zip':
      return `zip: ${d.at}`;
    case 'part':
      return `${d.part}: ${d.check} check failed`;
    case 'xml':
      return `${d.part}: ${d.at}`;
    case 'duplicate':
      return `${d.sheet}!${d.ref}: given twice or out of order`;
    case 'beyond-excel':
      return `${d.sheet}!${d.ref}: beyond Excel's 1048576 rows × 16384 columns`;
    case 'too-large':
      return `${d.part}: over the ${d.limit} limit of ${d.max}`;
  }
}

const CHECK: Record<PartCheck, Record<Lang, string>> = {
  crc: { 'zh-CN': '校验失败（CRC）', en: 'fails its checksum (CRC)' },
  size: { 'zh-CN': '长度与目录记录不符', en: 'does not have the length the zip directory records' },
  inflate: { 'zh-CN': '无法解压（数据已损坏）', en: 'cannot be decompressed (its data is damaged)' },
  cut: { 'zh-CN': '不完整（文件被截断）', en: 'is cut short (the file was truncated)' },
};

const MB = 1024 * 1024;

function limitText(d: Extract<Damage, { kind: 'too-large' }>, lang: Lang): string {
  const zh = lang !== 'en';
  switch (d.limit) {
    case 'part':
      return zh ? `${d.part} 解压后超过 ${d.max / MB} MB` : `${d.part} inflates to more than ${d.max / MB} MB`;
    case 'total':
      return zh ? `解压后总计超过 ${d.max / MB} MB` : `its parts inflate to more than ${d.max / MB} MB in all`;
    case 'strings':
      return zh ? `${d.part} 中的共享字符串超过 ${d.max} 个` : `${d.part} holds more than ${d.max} shared strings`;
    case 'cells':
      return zh ? `单元格（含其间空白）超过 ${d.max} 个` : `it spans more than ${d.max} cells (blanks between values included)`;
    case 'sheets':
      return zh ? `工作表超过 ${d.max} 张` : `it has more than ${d.max} sheets`;
  }
}

/** The reason part of the CLI's one line, e.g. "文件已损坏：石门乡.xlsx 中的 xl/worksheets/sheet1.xml 校验失败（CRC）". */
export function describeDamage(d: Damage, file: string, lang: Lang): string {
  const en = lang === 'en';
  const again = en ? '; ask for the original file again' : '，请重新获取原文件';
  const repair = en ? '; open and save it in Excel, then try again' : '，请在 Excel 中打开并另存后再试';
  switch (d.kind) {
    case 'zip':
      return en ? `the file is damaged: ${file} is not a whole zip package (${d.at})${again}` : `文件已损坏：${file} 不是完整的压缩包（${d.at}）${again}`;
    case 'part':
      return en ? `the file is damaged: ${d.part} in ${file} ${CHECK[d.check].en}${again}` : `文件已损坏：${file} 中的 ${d.part} ${CHECK[d.check]['zh-CN']}${again}`;
    case 'xml':
      return en ? `the file is damaged: ${d.part} in ${file} is not complete, well-formed XML (${d.at})${repair}` : `文件已损坏：${file} 中的 ${d.part} 不是完整、合规的 XML（${d.at}）${repair}`;
    case 'duplicate':
      return en
        ? `the file is damaged: sheet "${d.sheet}" gives ${d.ref} twice or out of order (Excel would ask to repair it)${repair}`
        : `文件已损坏：${file} 的工作表“${d.sheet}”中 ${d.ref} 重复出现或顺序错乱（Excel 打开时也会要求修复）${repair}`;
    case 'beyond-excel':
      return en
        ? `the file is damaged: sheet "${d.sheet}" has ${d.ref}, beyond Excel's 1,048,576 rows × 16,384 columns${again}`
        : `文件已损坏：${file} 的工作表“${d.sheet}”中 ${d.ref} 超出 Excel 的范围（最多 1048576 行 × 16384 列）${again}`;
    case 'too-large':
      return en ? `file too large or damaged: ${file} (${limitText(d, lang)})` : `文件过大或已损坏：${file}（${limitText(d, lang)}）`;
  }
}
