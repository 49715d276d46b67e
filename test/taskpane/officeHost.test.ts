// Knowing the page was opened by Office before office.js says so, from the markers office.js itself reads.
import { hostInfoOf, hostLang, openedByOffice } from '../../src/taskpane/officeHost';
import type { PageMarkers } from '../../src/taskpane/officeHost';

const page = (m: Partial<PageMarkers>): PageMarkers => ({ search: '', hash: '', windowName: '', storedHostInfo: null, externalHostInfo: false, ...m });

describe('openedByOffice', () => {
  it.each<[string, Partial<PageMarkers>, boolean]>([
    ['a plain browser tab', {}, false],
    ['the preview with its own parameters', { search: '?preview=samples/x.xlsx&lang=en' }, false],
    ['Excel on the web (_host_Info in the query)', { search: '?_host_Info=Excel$Web$16.01$zh-CN$$$$0' }, true],
    ['Excel desktop (| separated)', { search: '?_host_Info=Excel|Win32|16.01|zh-CN|telemetry|isDialog|0' }, true],
    ['_host_Info in the hash', { hash: '#_host_Info=Excel$Mac$16.01$en-US$$$$0' }, true],
    ['window.name JSON with hostInfo', { windowName: JSON.stringify({ hostInfo: 'Excel|Web|16.01|zh-CN' }) }, true],
    ['window.name that is not JSON', { windowName: 'preview-frame' }, false],
    ['office.js kept the host info from an earlier load', { storedHostInfo: 'Excel$Web$16.01$zh-CN$$$$0' }, true],
    ['an older desktop host’s window.external', { externalHostInfo: true }, true],
  ])('%s', (_, m, inside) => expect(openedByOffice(page(m))).toBe(inside));

  it('reads the host info office.js would read', () => {
    expect(hostInfoOf(page({ search: '?_host_Info=Excel%24Web%2416.01%24zh-CN%24%24%24%240&et=' }))).toBe('Excel$Web$16.01$zh-CN$$$$0');
  });
});

describe('hostLang', () => {
  it.each<[Partial<PageMarkers>, string | undefined, string]>([
    [{ search: '?_host_Info=Excel$Web$16.01$zh-CN$$$$0' }, 'en-US', 'zh-CN'],
    [{ search: '?_host_Info=Excel|Win32|16.01|en-US|telemetry' }, 'zh-CN', 'en'],
    [{}, 'en-GB', 'en'],
    [{}, undefined, 'zh-CN'],
  ])('%j with browser %s → %s', (m, browser, lang) => expect(hostLang(page(m), browser)).toBe(lang));
});
