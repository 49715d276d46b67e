// Whether the page was opened by an Office host, known before office.js reports ready. The markers are
// the ones office.js itself reads to find its host (OSF._OfficeAppFactory's _retrieveHostInfo): the
// `_host_Info` query parameter Office adds to the add-in's URL (Excel on the web and desktop), a
// window.name JSON carrying hostInfo, the hostInfoValue office.js keeps in sessionStorage for later
// navigations, and window.external.GetHostInfo of older desktop hosts. Inside a host the pane never
// falls back to the browser preview: it waits for Excel.
import type { Lang } from '../engine';
import { detectLang } from './i18n';

export interface PageMarkers {
  search: string;
  hash: string;
  windowName: string;
  /** sessionStorage.hostInfoValue, kept by office.js once it has found its host. */
  storedHostInfo: string | null;
  /** window.external.GetHostInfo exists (older Office desktop hosts). */
  externalHostInfo: boolean;
}

/** "Excel$Web$16.01$zh-CN$…" (or "|"-separated), where the page says it; else null. */
export function hostInfoOf(m: PageMarkers): string | null {
  for (const part of [m.search, m.hash]) {
    const value = new URLSearchParams(part.replace(/^[?#]/, '')).get('_host_Info');
    if (value) return value;
  }
  try {
    const parsed: unknown = JSON.parse(m.windowName);
    const info = parsed && typeof parsed === 'object' ? (parsed as { hostInfo?: unknown }).hostInfo : undefined;
    if (typeof info === 'string' && info) return info;
  } catch {
    // window.name is usually empty or not JSON: not from Office.
  }
  return m.storedHostInfo || null;
}

export function openedByOffice(m: PageMarkers): boolean {
  return hostInfoOf(m) !== null || m.externalHostInfo;
}

/** The pane's language before Office says it: the host's locale (4th part of _host_Info), else the browser's. */
export function hostLang(m: PageMarkers, browserLanguage: string | undefined): Lang {
  const info = hostInfoOf(m);
  const parts = info ? (info.includes('$') ? info.split('$') : info.split('|')) : [];
  return detectLang(parts[3] || browserLanguage);
}

export function pageMarkers(w: Window): PageMarkers {
  let stored: string | null = null;
  try {
    stored = w.sessionStorage?.getItem('hostInfoValue') ?? null;
  } catch {
    // Storage can be blocked (third-party frame settings): then this marker is simply absent.
  }
  let external = false;
  try {
    external = typeof (w.external as unknown as { GetHostInfo?: unknown } | undefined)?.GetHostInfo === 'function';
  } catch {
    // Some hosts throw on touching window.external.
  }
  return { search: w.location.search, hash: w.location.hash, windowName: w.name, storedHostInfo: stored, externalHostInfo: external };
}
