// Failures of the workbook host as named errors with a message for the pane (zh-CN and English) and the
// host's own error kept as inner, for "more info". Office.js errors carry a string code
// (OfficeExtension.Error.code, from Excel.ErrorCodes / OfficeExtension.ErrorCodes).
import type { Lang } from '../engine/types';

export type HostErrorKind =
  | 'cell-edit-mode'
  | 'payload-too-large'
  | 'file-too-large'
  | 'protected'
  | 'read-only'
  | 'co-authoring'
  | 'sheet-deleted'
  | 'unsupported'
  | 'busy'
  | 'host';

const MESSAGES: Record<HostErrorKind, Record<Lang, string>> = {
  'cell-edit-mode': {
    'zh-CN': 'Excel 正在编辑单元格。请按 Enter 或 Esc 结束编辑，然后重试。',
    en: 'Excel is editing a cell. Press Enter or Esc to finish editing, then try again.',
  },
  'payload-too-large': {
    'zh-CN': '工作表数据过大，Excel 无法一次传送，分块后仍然失败。请删除多余的空行或列后重试。',
    en: 'The sheet is too large for Excel to transfer, even in smaller blocks. Remove unused rows or columns and try again.',
  },
  'file-too-large': {
    'zh-CN': '文件过大：Excel 网页版一次最多接收约 5 MB，编码后的文件超过了这个限制，未导入。请在桌面版 Excel 中导入，或把文件拆成几个较小的文件。',
    en: 'The file is too large: Excel on the web accepts about 5 MB in one request, and this file exceeds that once encoded. Nothing was imported. Import it in Excel desktop, or split it into smaller files.',
  },
  protected: {
    'zh-CN': '工作簿或工作表受保护，无法写入结果表，什么也没有改动。请在“审阅”中撤消保护后重试。',
    en: 'The workbook or a sheet is protected, so the result sheets cannot be written; nothing was changed. Unprotect it (Review tab) and try again.',
  },
  'read-only': {
    'zh-CN': '工作簿以只读方式打开，无法写入结果表，什么也没有改动。请以可编辑方式打开（或另存一份）后重试。',
    en: 'The workbook is open read-only, so the result sheets cannot be written; nothing was changed. Open it for editing (or save a copy) and try again.',
  },
  'co-authoring': {
    'zh-CN': '其他人正在同时编辑此工作簿，Excel 拒绝了本次修改。请稍候，待他们的更改同步后重新运行。',
    en: 'Someone else is editing this workbook at the same time and Excel refused the change. Wait for their changes to sync, then run again.',
  },
  'sheet-deleted': {
    'zh-CN': '运行期间有工作表被删除或改名。请重新运行。',
    en: 'A sheet was deleted or renamed while the add-in was working. Run again.',
  },
  unsupported: {
    'zh-CN': '此版本的 Excel 不支持该功能。请更新 Excel，或改用 Excel 网页版。',
    en: 'This version of Excel does not support this. Update Excel, or use Excel on the web.',
  },
  busy: {
    'zh-CN': 'Excel 正忙，请稍候再试。',
    en: 'Excel is busy. Wait a moment and try again.',
  },
  host: {
    'zh-CN': 'Excel 未能完成操作。',
    en: 'Excel could not complete the operation.',
  },
};

export class HostError extends Error {
  constructor(
    readonly kind: HostErrorKind,
    /** The host's error code (e.g. "ItemNotFound"), when it gave one. */
    readonly code: string | null,
    readonly inner: unknown,
    readonly detail?: string,
  ) {
    super(`${MESSAGES[kind].en}${detail ? ` (${detail})` : ''}`);
    this.name = new.target.name;
  }

  /** What the pane shows. */
  userMessage(lang: Lang): string {
    const base = MESSAGES[this.kind][lang];
    if (!this.detail) return base;
    return lang === 'en' ? `${base} (${this.detail})` : `${base}（${this.detail}）`;
  }
}

/** A feature the running Excel lacks (ExcelApi requirement set not supported). */
export class UnsupportedFeatureError extends HostError {
  constructor(
    readonly feature: 'insertWorksheetsFromBase64' | 'mergedAreas' | string,
    readonly requirementSet: string,
  ) {
    super('unsupported', 'ApiNotFound', null, `${feature}, ${requirementSet}`);
  }
}

/** The Office.js error code of e, if it looks like an OfficeExtension.Error. */
export function errorCode(e: unknown): string | null {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof (e as { code: unknown }).code === 'string') return (e as { code: string }).code;
  return null;
}

const PAYLOAD_CODES = new Set(['RequestPayloadSizeLimitExceeded', 'ResponsePayloadSizeLimitExceeded', 'PayloadTooLarge']);

export function isPayloadLimit(e: unknown): boolean {
  const code = errorCode(e);
  return code !== null && PAYLOAD_CODES.has(code);
}

/** Excel refused a range for holding too many cells (RangeExceedsLimit): a smaller block will do. */
export function isRangeLimit(e: unknown): boolean {
  return errorCode(e) === 'RangeExceedsLimit';
}

/**
 * A failure that may be getMergedAreasOrNullObject's limit of 512 merged areas (Excel gives it no code
 * of its own): anything but the failures whose cause is known.
 */
export function mayBeMergedAreaLimit(e: unknown): boolean {
  const code = errorCode(e);
  return !['InvalidOperationInCellEditMode', 'ItemNotFound', 'AccessDenied', 'Conflict', 'ActivityLimitReached', 'ServiceNotAvailable'].includes(code ?? '') && !isPayloadLimit(e);
}

/** A file whose base64 would not fit Excel on the web's request limit; found before anything is sent. */
export class FileTooLargeError extends HostError {
  constructor(
    readonly fileName: string,
    readonly bytes: number,
    readonly limitBytes: number,
  ) {
    super('file-too-large', null, null, `${fileName}, ${(bytes / 1_000_000).toFixed(1)} MB`);
  }
}

export function isCellEditMode(e: unknown): boolean {
  return errorCode(e) === 'InvalidOperationInCellEditMode';
}

const KIND_OF_CODE: ReadonlyMap<string, HostErrorKind> = new Map<string, HostErrorKind>([
  ['InvalidOperationInCellEditMode', 'cell-edit-mode'],
  ['RequestPayloadSizeLimitExceeded', 'payload-too-large'],
  ['ResponsePayloadSizeLimitExceeded', 'payload-too-large'],
  ['PayloadTooLarge', 'payload-too-large'],
  ['RangeExceedsLimit', 'payload-too-large'],
  ['AccessDenied', 'protected'],
  ['Conflict', 'co-authoring'],
  ['ItemNotFound', 'sheet-deleted'],
  ['ApiNotFound', 'unsupported'],
  ['NotImplemented', 'unsupported'],
  ['UnsupportedFeature', 'unsupported'],
  ['ActivityLimitReached', 'busy'],
  ['ServiceNotAvailable', 'busy'],
]);

/** Any failure of a host call as a HostError (HostErrors pass through). */
export function toHostError(e: unknown, detail?: string): HostError {
  if (e instanceof HostError) return e;
  const code = errorCode(e);
  return new HostError((code !== null && KIND_OF_CODE.get(code)) || 'host', code, e, detail);
}
