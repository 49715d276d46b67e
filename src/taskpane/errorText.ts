// Turns a thrown failure into what the pane says: a message for the user and the details behind
// "更多信息". Nothing is swallowed: anything unknown is shown with its name and message.
import { DefinitionError, InvalidDateError } from '../engine';
import type { Lang } from '../engine';

export interface ErrorText {
  message: string;
  details: string[];
}

const DEFINITIONS_BROKEN: Record<Lang, string> = {
  'zh-CN': '指标定义表有误，无法汇总。请按下列单元格修改后重试。',
  en: 'The definition sheets cannot be used. Fix the cells below and run again.',
};
const BAD_DATE: Record<Lang, string> = {
  'zh-CN': '统计截止日期无效，请输入“年-月-日”格式的日期。',
  en: 'The as-of date is not valid; enter a year-month-day date.',
};
const UNKNOWN: Record<Lang, string> = {
  'zh-CN': '操作未完成，工作簿未被修改。',
  en: 'The operation did not complete; the workbook was not changed.',
};

/** HostError (src/excel/errors.ts) and PreviewFetchError carry their own wording: userMessage(lang). */
function ownUserMessage(error: object, lang: Lang): string | null {
  const candidate = (error as { userMessage?: unknown }).userMessage;
  if (typeof candidate === 'function') {
    const text: unknown = candidate.call(error, lang);
    return typeof text === 'string' && text ? text : null;
  }
  if (typeof candidate === 'string' && candidate) return candidate;
  if (candidate && typeof candidate === 'object' && typeof (candidate as Record<string, unknown>)[lang] === 'string') {
    return (candidate as Record<string, string>)[lang];
  }
  return null;
}

export function describeError(error: unknown, lang: Lang): ErrorText {
  if (error instanceof DefinitionError) {
    return { message: DEFINITIONS_BROKEN[lang], details: error.problems.map((p) => `${p.sheet}!${p.cell}: ${p.message}`) };
  }
  if (error instanceof InvalidDateError) return { message: BAD_DATE[lang], details: [error.message] };
  if (error instanceof Error) {
    const own = ownUserMessage(error, lang);
    const details = [`${error.name}: ${error.message}`];
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code) details.push(`code: ${code}`);
    // HostError keeps the host's own error as inner; others may carry a standard cause.
    for (const inner of [(error as { inner?: unknown }).inner, (error as { cause?: unknown }).cause]) {
      if (inner instanceof Error) details.push(`${inner.name}: ${inner.message}`);
      else if (inner !== undefined && inner !== null) details.push(String(inner));
    }
    return { message: own ?? (error.message || UNKNOWN[lang]), details };
  }
  return { message: UNKNOWN[lang], details: [String(error)] };
}
