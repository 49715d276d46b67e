// Why a workbook file cannot be read, and how that is said to the user (zh-CN and en). Shared by the command
// line (UnreadableWorkbookError) and the pane's 导入乡镇文件, so both word a refused file alike.
import type { Lang } from '../engine/types';

export type UnreadableReason =
  | 'missing' // no such file
  | 'directory' // a folder, not a file
  | 'not-xlsx' // no spreadsheet format we read (a .pdf, a letter saved as text…)
  | 'image' // a picture (a photo or scan of the report), told apart so the user can ask for the file itself
  | 'encrypted' // a password-protected workbook (OLE EncryptedPackage, or an encrypted .xls)
  | 'too-large' // larger than a township report can be; refused before it fills the memory
  | 'corrupt' // a workbook format whose content cannot be read
  | 'empty' // a zero-byte file
  | 'permission' // the system refuses to let this user read it (EACCES, EPERM)
  | 'locked' // another program holds it locked (EBUSY)
  | 'io'; // any other system error while reading (the code is kept in detail)

const REASONS: Record<UnreadableReason, Record<Lang, string>> = {
  missing: { 'zh-CN': '文件不存在', en: 'no such file' },
  directory: { 'zh-CN': '这是一个文件夹，不是工作簿', en: 'this is a folder, not a workbook' },
  'not-xlsx': {
    'zh-CN': '不是 Excel 工作簿或表格文件（可读取 .xlsx、.xls、.et、.csv、.ods、.xlsb）',
    en: 'not an Excel workbook or spreadsheet file (.xlsx, .xls, .et, .csv, .ods and .xlsb are read)',
  },
  image: {
    'zh-CN': '这是一张图片（照片或扫描件），不是表格：请让乡镇发送 Excel 或 WPS 表格文件',
    en: 'this is a picture (a photo or a scan), not a spreadsheet: ask the township for the Excel or WPS file itself',
  },
  encrypted: {
    'zh-CN': '工作簿设有打开密码，请在 Excel 中取消密码（文件 › 信息 › 保护工作簿）后另存再试',
    en: 'the workbook is password-protected; remove the password in Excel (File › Info › Protect Workbook) and save it again',
  },
  'too-large': {
    'zh-CN': '文件过大或已损坏：超出乡镇报表不会达到的大小，未读取',
    en: 'file too large or damaged: past any size a township report reaches; not read',
  },
  corrupt: { 'zh-CN': '文件已损坏，无法读取', en: 'the file is damaged and cannot be read' },
  empty: { 'zh-CN': '文件为空（0 字节）', en: 'the file is empty (0 bytes)' },
  permission: {
    'zh-CN': '没有读取权限：请把文件复制到自己的文件夹，或请管理员开放读取权限后再试',
    en: 'permission denied: copy the file into a folder of your own, or ask for read access, and try again',
  },
  locked: {
    'zh-CN': '文件正被其他程序锁定：请先在其他程序（如 Excel、WPS）中关闭它再运行',
    en: 'the file is locked by another program: close it there (Excel, WPS…) and run again',
  },
  io: { 'zh-CN': '读取时出现系统错误', en: 'a system error occurred while reading it' },
};

/** Why a file cannot be read, in words; for a system error ('io') its code is added. */
export function unreadableReasonText(reason: UnreadableReason, lang: Lang, detail?: string): string {
  return REASONS[reason][lang] + (reason === 'io' && detail ? ` (${detail})` : '');
}

/** "无法读取“县报表.xlsx”：文件不存在" */
export function describeUnreadableFile(file: string, reason: UnreadableReason, lang: Lang, detail?: string): string {
  const why = unreadableReasonText(reason, lang, detail);
  return lang === 'en' ? `Cannot read "${file}": ${why}` : `无法读取“${file}”：${why}`;
}

/** A file the pane or the command line could not read as a workbook; detail is for "more info" only. */
export class WorkbookFormatError extends Error {
  constructor(
    readonly file: string,
    readonly reason: UnreadableReason,
    readonly detail?: string,
  ) {
    super(`${file}: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = new.target.name;
  }

  /** The pane's ErrorBar shows this (src/taskpane/errorText.ts). */
  userMessage(lang: Lang): string {
    return describeUnreadableFile(this.file, this.reason, lang);
  }
}
