// Boots the pane: inside Excel on the open workbook; anywhere else — office.js blocked or missing, or a
// plain browser tab — as the in-browser preview, whose ExcelJS-backed host is loaded as a separate chunk.
import { createRoot } from 'react-dom/client';
import { createWorkbookHost } from '../excel/workbookHost';
import { downloadBytes, fetchWorkbook, previewLang, previewSource } from '../preview/boot';
import type { PreviewWorkbook } from '../preview/workbookFile';
import { App } from './App';
import { detectLang } from './i18n';
import { PreviewShell } from './PreviewShell';
import type { PageWorkbook } from './PreviewShell';

/** office.js that loaded but never reports ready (outside any Office host) must not hold the pane up. */
const OFFICE_READY_TIMEOUT_MS = 10_000;

async function insideExcel(): Promise<boolean> {
  if (typeof Office === 'undefined' || typeof Office.onReady !== 'function') return false;
  const info = await Promise.race([
    Office.onReady(),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), OFFICE_READY_TIMEOUT_MS)),
  ]);
  return info !== null && info.host === Office.HostType.Excel;
}

interface PageBook extends PageWorkbook {
  preview: PreviewWorkbook;
}

async function openInPage(data: ArrayBuffer, name: string): Promise<PageBook> {
  const { openPreviewWorkbook } = await import(/* webpackChunkName: "preview" */ '../preview/workbookFile');
  const preview = await openPreviewWorkbook(data, name);
  return {
    preview,
    name,
    save: () => preview.save(),
    selection: () => {
      const at = preview.book.selection;
      if (!at) return null;
      const sheet = preview.book.byId(at.sheetId)?.ws.name;
      return sheet && !at.address.includes('!') ? `${sheet}!${at.address}` : at.address;
    },
  };
}

const hostFor = (book: PageBook) => createWorkbookHost(book.preview.excel, { capabilities: book.preview.capabilities });

async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('taskpane.html has no #root element');
  const root = createRoot(container);
  if (await insideExcel()) {
    root.render(<App host={createWorkbookHost(Excel)} initialLang={detectLang(Office.context.displayLanguage)} />);
    return;
  }
  const source = previewSource(window.location.search, window.location.href);
  const lang = previewLang(window.location.search);
  document.documentElement.lang = lang;
  root.render(
    <PreviewShell
      lang={lang}
      initial={async () => ({ data: await fetchWorkbook(source), name: source.name })}
      open={openInPage}
      hostFor={hostFor}
      download={downloadBytes}
    />,
  );
}

void boot();
