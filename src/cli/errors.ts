// Failures the command line turns into one readable line and exit code 2: unreadable workbooks and bad
// arguments. Problems in the data are engine Issues, never these. The reasons a file cannot be read, and
// their wording, are shared with the pane (src/formats/reasons.ts).
import * as path from 'node:path';
import type { Lang } from '../engine/types';
import { describeUnreadableFile, unreadableReasonText as reasonText, type UnreadableReason } from '../formats/reasons';

import { describeDamage, type Damage } from './packageDamage';

export type { UnreadableReason };

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

/** What a system error code means when reading a workbook, and when writing a result. */
interface ErrnoMeaning {
  read: UnreadableReason;
  write: OutputProblem;
}

/**
 * The system error codes the command line words, one table for reading and writing. Reading never says
 * "damaged" for a file that was not read; EPERM is decided by the platform (errnoMeaning).
 */
const ERRNO_MEANINGS = new Map<string, ErrnoMeaning>([
  ['ENOENT', { read: 'missing', write: 'no-folder' }],
  ['ENOTDIR', { read: 'missing', write: 'not-a-folder' }],
  ['EISDIR', { read: 'directory', write: 'directory' }],
  ['EACCES', { read: 'permission', write: 'permission' }],
  ['EBUSY', { read: 'locked', write: 'locked' }],
  ['ETXTBSY', { read: 'locked', write: 'locked' }],
  ['EROFS', { read: 'io', write: 'read-only' }],
  ['ENOSPC', { read: 'io', write: 'disk-full' }],
  ['EDQUOT', { read: 'io', write: 'disk-full' }],
  ['SYMLINK', { read: 'io', write: 'symlink' }],
]);
const LOCKED: ErrnoMeaning = { read: 'locked', write: 'locked' };
const NOT_PERMITTED: ErrnoMeaning = { read: 'permission', write: 'permission' };
const OTHER: ErrnoMeaning = { read: 'io', write: 'other' };

function errnoMeaning(code: string | undefined, platform: NodeJS.Platform): ErrnoMeaning {
  // Windows says EPERM (access denied) for a file another program (Excel) holds open without sharing.
  if (code === 'EPERM') return platform === 'win32' ? LOCKED : NOT_PERMITTED;
  return (code !== undefined ? ERRNO_MEANINGS.get(code) : undefined) ?? OTHER;
}

/** The reason a read failing with a system error code gives: never "damaged" for a file that was not read. */
export function unreadableReasonOf(code: string | undefined, platform: NodeJS.Platform = process.platform): UnreadableReason {
  return errnoMeaning(code, platform).read;
}

/** The error readWorkbookFile's read of filePath should throw for a system error. */
export function unreadableFromErrno(filePath: string, e: unknown, platform: NodeJS.Platform = process.platform): UnreadableWorkbookError {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  const reason = unreadableReasonOf(code, platform);
  return new UnreadableWorkbookError(filePath, reason, reason === 'io' ? (code ?? String(e)) : undefined);
}

/** Why a workbook cannot be read, in words (the system code added for an 'io' failure). */
export function unreadableReasonText(e: UnreadableWorkbookError, lang: Lang): string {
  return reasonText(e.reason, lang, e.detail);
}

/** "无法读取 “县报表.xlsx”：文件不存在" — the one line the CLI prints. */
export function describeUnreadable(e: UnreadableWorkbookError, lang: Lang): string {
  if (e.damage) {
    const reason = describeDamage(e.damage, path.basename(e.path), lang);
    return lang === 'en' ? `Cannot read "${e.path}": ${reason}` : `无法读取“${e.path}”：${reason}`;
  }
  return describeUnreadableFile(e.path, e.reason, lang, e.detail);
}

/** The result workbook or JSON file cannot be written (folder missing, file open in Excel, no permission). */
export class OutputError extends Error {
  constructor(
    readonly path: string,
    /** A system error code (EACCES, ENOSPC…), or SYMLINK for a link found where the file goes. */
    readonly code: string,
  ) {
    super(`${path}: ${code}`);
    this.name = new.target.name;
  }
}

export type OutputProblem = 'permission' | 'locked' | 'directory' | 'no-folder' | 'not-a-folder' | 'read-only' | 'disk-full' | 'symlink' | 'other';

/** What went wrong, from the system's code; EPERM on Windows is almost always a file open in Excel. */
export function outputProblemOf(code: string, platform: NodeJS.Platform = process.platform): OutputProblem {
  return errnoMeaning(code, platform).write;
}

const OUTPUT_TEXT: Record<OutputProblem, Record<Lang, (file: string, name: string, folder: string, code: string) => string>> = {
  permission: {
    'zh-CN': (_f, _n, folder) => `没有写入权限：请换一个有写入权限的文件夹（如“文档”），或请管理员开放“${folder}”的写入权限`,
    en: (_f, _n, folder) => `permission denied: choose a folder you can write to (e.g. Documents), or ask for write access to "${folder}"`,
  },
  locked: {
    'zh-CN': (_f, name) => `文件正被其他程序打开：请先在 Excel 中关闭 ${name} 再运行`,
    en: (_f, name) => `the file is open in another program: close ${name} in Excel and run again`,
  },
  directory: {
    'zh-CN': (f) => `这是一个文件夹；请给出文件名，如 ${joinShown(f, '结果.xlsx')}`,
    en: (f) => `this is a folder; give a file name, e.g. ${joinShown(f, 'result.xlsx')}`,
  },
  'no-folder': {
    'zh-CN': (_f, _n, folder) => `文件夹“${folder}”不存在；请先创建它，或换一个路径`,
    en: (_f, _n, folder) => `the folder "${folder}" does not exist; create it first or choose another path`,
  },
  'not-a-folder': {
    'zh-CN': () => `路径中有一段是文件而不是文件夹；请检查路径`,
    en: () => `part of the path is a file, not a folder; check the path`,
  },
  'read-only': {
    'zh-CN': () => `该位置只读（只读磁盘、光盘或只读共享）；请换一个位置`,
    en: () => `that place is read-only (a read-only disk, disc or share); choose another place`,
  },
  'disk-full': {
    'zh-CN': () => `磁盘空间不足；请清理磁盘或换一个磁盘后再运行（原有文件未被改动）`,
    en: () => `the disk is full; free some space or choose another disk and run again (no existing file was changed)`,
  },
  symlink: {
    'zh-CN': () => `这是一个符号链接；为安全起见不会通过它写入，请删除该链接或换一个文件名`,
    en: () => `this is a symbolic link; for safety nothing is written through it: remove the link or choose another name`,
  },
  other: {
    'zh-CN': (_f, _n, _d, code) => `系统错误 ${code}`,
    en: (_f, _n, _d, code) => `system error ${code}`,
  },
};

function joinShown(folder: string, name: string): string {
  return /[\\/]$/.test(folder) ? `${folder}${name}` : `${folder}/${name}`;
}

/** "无法写入“结果.xlsx”：文件正被其他程序打开：请先在 Excel 中关闭 结果.xlsx 再运行" */
export function describeOutputError(e: OutputError, lang: Lang, platform: NodeJS.Platform = process.platform): string {
  const name = e.path.split(/[\\/]/).filter((p) => p !== '').pop() ?? e.path;
  const cut = Math.max(e.path.lastIndexOf('/'), e.path.lastIndexOf('\\'));
  const folder = cut > 0 ? e.path.slice(0, cut) : cut === 0 ? e.path.slice(0, 1) : '.';
  const why = OUTPUT_TEXT[outputProblemOf(e.code, platform)][lang](e.path, name, folder, e.code);
  return lang === 'en' ? `Cannot write "${e.path}": ${why}` : `无法写入“${e.path}”：${why}`;
}
