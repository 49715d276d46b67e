// Which workbook the browser preview opens: taskpane.html?preview=<url of an .xlsx>, else the bundled
// sample. Also the page's language (?lang=en) and saving a workbook as a download.
import type { Lang } from '../engine';

/** Where the build puts the sample workbook, next to taskpane.html. */
export const SAMPLE_WORKBOOK = 'samples/sample-county.xlsx';

export interface PreviewSource {
  url: string;
  /** File name shown in the pane and used for the download's default. */
  name: string;
}

/** The workbook to open from the page's query string (?preview=…), else the sample. */
export function previewSource(search: string, base: string): PreviewSource {
  const asked = new URLSearchParams(search).get('preview');
  const url = new URL(asked && asked.trim() ? asked.trim() : SAMPLE_WORKBOOK, base);
  const name = decodeURIComponent(url.pathname.split('/').pop() || 'workbook.xlsx');
  return { url: url.href, name };
}

export function previewLang(search: string): Lang {
  return new URLSearchParams(search).get('lang') === 'en' ? 'en' : 'zh-CN';
}

export class PreviewFetchError extends Error {
  constructor(
    readonly url: string,
    readonly status: number | null,
    cause?: unknown,
  ) {
    super(`Could not load ${url}${status === null ? '' : ` (HTTP ${status})`}`, cause === undefined ? undefined : { cause });
    this.name = 'PreviewFetchError';
  }

  userMessage(lang: Lang): string {
    return lang === 'en'
      ? `The workbook ${this.url} could not be opened. Choose one with “Open workbook”.`
      : `无法打开工作簿 ${this.url}，请用“打开工作簿”选择文件。`;
  }
}

export async function fetchWorkbook(source: PreviewSource, fetcher: typeof fetch = fetch): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetcher(source.url);
  } catch (e) {
    throw new PreviewFetchError(source.url, null, e);
  }
  if (!response.ok) throw new PreviewFetchError(source.url, response.status);
  return response.arrayBuffer();
}

const TYPES: Record<string, string> = {
  json: 'application/json',
  csv: 'text/csv;charset=utf-8',
  zip: 'application/zip',
  txt: 'text/plain;charset=utf-8',
};

/** Offers bytes as a file download (下载工作簿, 导出, 下载反馈), typed by the file's extension. */
export function downloadBytes(data: ArrayBuffer, fileName: string, doc: Document = document): void {
  const ext = fileName.split('.').pop()?.toLowerCase() ?? '';
  const blob = new Blob([data], { type: TYPES[ext] ?? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  doc.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
