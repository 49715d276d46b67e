// Failures the command line turns into one readable line and exit code 2: unreadable workbooks and bad
// arguments. Problems in the data are engine Issues, never these.
import * as path from 'node:path';
import type { Lang } from '../engine/types';
import { describeDamage, type Damage } from './packageDamage';

export type UnreadableReason =
  | 'missing' // no such file
  | 'directory' // a folder, not a file
  | 'not-xlsx' // not a zip package at all (a .csv, a .pdf…)
  | 'old-xls' // an Excel 97-2003 .xls file (OLE compound file)
  | 'encrypted' // a password-protected workbook (an OLE compound file holding EncryptedPackage)
  | 'corrupt' // a zip that is not a readable workbook
  | 'empty' // a zero-byte file
  | 'too-large'; // past a size limit no county workbook reaches (a zip bomb, or damage); damage says which

/** An input or definitions workbook that cannot be opened. */
export class UnreadableWorkbookError extends Error {
  constructor(
    readonly path: string,
    readonly reason: UnreadableReason,
    readonly detail?: string,
    /** Set by the package reader: which part or cell is damaged, for a message that names it. */
    readonly damage?: Damage,
  ) {
    super(`${path}: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = new.target.name;
  }
}

/** A command line that cannot be run as written. message is already in the user's language. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const REASONS: Record<UnreadableReason, Record<Lang, string>> = {
  missing: { 'zh-CN': '文件不存在', en: 'no such file' },
  directory: { 'zh-CN': '这是一个文件夹，不是工作簿', en: 'this is a folder, not a workbook' },
  'not-xlsx': { 'zh-CN': '不是 Excel 工作簿（.xlsx）', en: 'not an Excel workbook (.xlsx)' },
  'old-xls': {
    'zh-CN': '是旧版 .xls 格式，请在 Excel 中另存为 .xlsx 后再试',
    en: 'an old .xls file; save it as .xlsx in Excel and try again',
  },
  encrypted: {
    'zh-CN': '工作簿设有打开密码，请在 Excel 中取消密码（文件 › 信息 › 保护工作簿）后另存再试',
    en: 'the workbook is password-protected; remove the password in Excel (File › Info › Protect Workbook) and save it again',
  },
  corrupt: { 'zh-CN': '文件已损坏，无法读取', en: 'the file is damaged and cannot be read' },
  empty: { 'zh-CN': '文件为空（0 字节）', en: 'the file is empty (0 bytes)' },
  'too-large': { 'zh-CN': '文件过大或已损坏', en: 'file too large or damaged' },
};

/** "无法读取 “县报表.xlsx”：文件不存在" — the one line the CLI prints. */
export function describeUnreadable(e: UnreadableWorkbookError, lang: Lang): string {
  const reason = e.damage ? describeDamage(e.damage, path.basename(e.path), lang) : REASONS[e.reason][lang];
  return lang === 'en' ? `Cannot read "${e.path}": ${reason}` : `无法读取“${e.path}”：${reason}`;
}

/** The result workbook or JSON file cannot be written (folder missing, file open in Excel, no permission). */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    readonly code: string,
  ) {
    super(`${path}: ${code}`);
    this.name = new.target.name;
  }
}

export function describeOutputError(e: OutputError, lang: Lang): string {
  const busy = e.code === 'EBUSY' || e.code === 'EPERM' || e.code === 'EACCES';
  if (lang === 'en') {
    const why = e.code === 'ENOENT' ? 'the folder does not exist' : busy ? 'the file is open in another program or not writable' : e.code;
    return `Cannot write "${e.path}": ${why}`;
  }
  const why = e.code === 'ENOENT' ? '文件夹不存在' : busy ? '文件正被其他程序（如 Excel）打开，或没有写入权限' : e.code;
  return `无法写入“${e.path}”：${why}`;
}
