// Failures the command line turns into one readable line and exit code 2: unreadable workbooks and bad
// arguments. Problems in the data are engine Issues, never these. The reasons a file cannot be read, and
// their wording, are shared with the pane (src/formats/reasons.ts).
import type { Lang } from '../engine/types';
import { describeUnreadableFile, type UnreadableReason } from '../formats/reasons';

export type { UnreadableReason };

/** An input or definitions workbook that cannot be opened. */
export class UnreadableWorkbookError extends Error {
  constructor(
    readonly path: string,
    readonly reason: UnreadableReason,
    readonly detail?: string,
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

/** "无法读取 “县报表.xlsx”：文件不存在" — the one line the CLI prints. */
export function describeUnreadable(e: UnreadableWorkbookError, lang: Lang): string {
  return describeUnreadableFile(e.path, e.reason, lang);
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
