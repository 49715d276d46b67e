// Boots the pane. Opened by an Office host (see officeHost.ts): waits for Excel however long it takes,
// saying so, and never turns into the preview; says plainly when office.js could not load. Anywhere else
// (a plain browser tab): the in-browser preview, whose ExcelJS-backed host is loaded as a separate chunk.
// Both run the engine in the same Web Worker.
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { createWorkbookHost } from '../excel/workbookHost';
import { downloadBytes, fetchWorkbook, previewLang, previewSource } from '../preview/boot';
import type { PreviewWorkbook } from '../preview/workbookFile';
import { App } from './App';
import { Connecting } from './components/Connecting';
import { detectLang } from './i18n';
import { hostLang, openedByOffice, pageMarkers } from './officeHost';
import { PreviewShell } from './PreviewShell';
import type { PageWorkbook } from './PreviewShell';
import { createEngineClient } from './worker/engineClient';
import { spawnEngineWorker } from './worker/spawnWorker';

/** Inside Office: after this long without Office.onReady the pane says it is still waiting. */
const OFFICE_SLOW_MS = 10_000;
/** Outside Office, office.js that loaded but never reports ready must not hold the preview up. */
const OFFICE_READY_TIMEOUT_MS = 10_000;

const officeJsLoaded = (): boolean => typeof Office !== 'undefined' && typeof Office.onReady === 'function';

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

async function bootInOffice(root: Root): Promise<void> {
  const lang = hostLang(pageMarkers(window), navigator.language);
  document.documentElement.lang = lang;
  // The page's own office.js script tag runs before this deferred bundle: no Office now means it failed.
  if (!officeJsLoaded()) {
    root.render(<Connecting lang={lang} state="no-office-js" />);
    return;
  }
  root.render(<Connecting lang={lang} state="waiting" />);
  const slow = setTimeout(() => root.render(<Connecting lang={lang} state="slow" />), OFFICE_SLOW_MS);
  const info = await Office.onReady();
  clearTimeout(slow);
  if (info.host !== Office.HostType.Excel) {
    root.render(<Connecting lang={lang} state="not-excel" />);
    return;
  }
  const engine = createEngineClient(spawnEngineWorker);
  root.render(<App host={createWorkbookHost(Excel)} engine={engine} initialLang={detectLang(Office.context.displayLanguage)} />);
}

/** Outside any Office host, office.js (when it loaded at all) reports no host, or never reports. */
async function excelAnyway(): Promise<boolean> {
  if (!officeJsLoaded()) return false;
  const info = await Promise.race([
    Office.onReady(),
    new Promise<null>((resolve) => setTimeout(() => resolve(null), OFFICE_READY_TIMEOUT_MS)),
  ]);
  return info !== null && info.host === Office.HostType.Excel;
}

async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('taskpane.html has no #root element');
  const root = createRoot(container);
  if (openedByOffice(pageMarkers(window)) || (await excelAnyway())) {
    await bootInOffice(root);
    return;
  }
  const source = previewSource(window.location.search, window.location.href);
  const lang = previewLang(window.location.search);
  document.documentElement.lang = lang;
  const engine = createEngineClient(spawnEngineWorker);
  root.render(
    <PreviewShell
      lang={lang}
      engine={engine}
      initial={async () => ({ data: await fetchWorkbook(source), name: source.name })}
      open={openInPage}
      hostFor={hostFor}
      download={downloadBytes}
    />,
  );
}

void boot();
