// The add-in manifest: valid against Microsoft's manifest schemas (offline copies in ../shared), and
// saying what the pane needs — Excel workbooks, zh-CN first with English, icons that exist, the dev URL.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { validateManifest as validate, XSD_DIR as xsdDir } from '../scripts/validate-manifest';

const root = path.resolve(__dirname, '..');
const manifest = readFileSync(path.join(root, 'manifest.xml'), 'utf8');

describe('manifest.xml', () => {
  it('the schemas are where the README says', () => {
    expect(existsSync(path.join(xsdDir, 'OfficeAppManifestV1_1.xsd'))).toBe(true);
  });

  it('is valid against OfficeAppManifestV1_1.xsd', async () => {
    const result = await validate(manifest);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it.each([
    ['an Id that is not a UUID', (m: string) => m.replace(/<Id>[^<]*<\/Id>/, '<Id>not-a-uuid</Id>')],
    ['Version after ProviderName', (m: string) => m.replace('<Version>0.1.0.0</Version>', '').replace('</ProviderName>', '</ProviderName><Version>0.1.0.0</Version>')],
    ['a button without its label', (m: string) => m.replace(/(<Control xsi:type="Button"[^>]*>)\s*<Label[^>]*\/>/, '$1')],
  ])('the schema check rejects %s', async (_what, spoil) => {
    const spoiled = spoil(manifest);
    expect(spoiled).not.toBe(manifest);
    expect((await validate(spoiled)).valid).toBe(false);
  });

  it('is a task pane for Excel workbooks with a Home-tab button', () => {
    expect(manifest).toMatch(/xsi:type="TaskPaneApp"/);
    expect(manifest).toMatch(/<Host Name="Workbook"\/>/);
    expect(manifest).toMatch(/<OfficeTab id="TabHome">/);
    expect(manifest).toMatch(/<Action xsi:type="ShowTaskpane">/);
    expect(manifest).toMatch(/<SourceLocation DefaultValue="https:\/\/localhost:3000\/taskpane.html"\/>/);
  });

  it('names the lowest ExcelApi the core flow needs', () => {
    expect(manifest).toMatch(/<Set Name="ExcelApi" MinVersion="1\.\d+"\/>/);
  });

  it('is zh-CN first with English overrides for the name and description', () => {
    expect(manifest).toMatch(/<DefaultLocale>zh-CN<\/DefaultLocale>/);
    expect(manifest).toMatch(/<DisplayName DefaultValue="县级卫生统计汇总">\s*<Override Locale="en-US" Value="[^"]+"\/>/);
    expect(manifest).toMatch(/<Description DefaultValue="[^"]*[\u4e00-\u9fff][^"]*">\s*<Override Locale="en-US" Value="[^"]+"\/>/);
  });

  it('every icon it names is a PNG of that size in assets/', () => {
    const urls = [...manifest.matchAll(/https:\/\/localhost:3000\/assets\/(icon-(\d+)\.png)/g)];
    expect(urls.length).toBeGreaterThan(0);
    for (const [, file, size] of urls) {
      const png = readFileSync(path.join(root, 'assets', file));
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(Number(size));
      expect(png.readUInt32BE(20)).toBe(Number(size));
    }
  });

  it('asks for nothing from any host but the pane’s own', () => {
    const hosts = new Set([...manifest.matchAll(/https?:\/\/([^/"\s)]+)/g)].map((m) => m[1]).filter((h) => !h.startsWith('schemas.microsoft.com') && h !== 'www.w3.org'));
    expect([...hosts]).toEqual(['localhost:3000']);
  });
});
