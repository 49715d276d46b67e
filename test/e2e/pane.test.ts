// End to end in real Chromium: the production build served locally, office.js unreachable (so the pane
// comes up as the in-browser preview), the sample workbook, a township file imported, a run, an issue
// clicked, the workbook downloaded and checked with ExcelJS. Screenshots go to test-artifacts/.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readWorkbookFile } from '../../src/cli/readWorkbook';
import { buildResultSheets, consolidate } from '../../src/engine';
import type { SheetInput } from '../../src/engine/types';
import { BENCH_SIZE, writeLargeCounty } from '../../bench/workbook';
import { chartsIn } from '../helpers/charts';

const ROOT = path.resolve(__dirname, '../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const COUNTY = path.join(ROOT, 'samples/sample-county.xlsx');
const EXTRA = path.join(ROOT, 'samples/sample-township-extra.xlsx');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const AS_OF = '2024-06-30';
const OFFICE_CDN = 'https://appsforoffice.microsoft.com/';
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.xml': 'application/xml',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

jest.setTimeout(300_000);

let dist: string;
let server: Server;
let base: string;
let browser: Browser;

/** A production build into a fresh temporary folder. */
async function build(env: string[]): Promise<string> {
  const out = mkdtempSync(path.join(tmpdir(), 'pane-dist-'));
  const args = [require.resolve('webpack-cli/bin/cli.js'), '--mode', 'production', '--env', `outputPath=${out}`, ...env.flatMap((e) => ['--env', e])];
  await promisify(execFile)(process.execPath, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  return out;
}

function urlOf(s: Server): string {
  const address = s.address();
  if (address === null || typeof address === 'string') throw new Error('no server address');
  return `http://127.0.0.1:${address.port}`;
}

function serve(dir: string): Promise<Server> {
  const s = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = path.join(dir, decodeURIComponent(url.pathname));
    if (!file.startsWith(dir) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => s.listen(0, '127.0.0.1', () => resolve(s)));
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (apt-get install chromium, as .ci/run does) or set CHROMIUM_PATH.`);
  }
  for (const f of [COUNTY, EXTRA]) {
    if (!existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run npm run sample first.`);
  }
  dist = await build([]);
  server = await serve(dist);
  base = urlOf(server);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  // A production build takes minutes on a loaded machine.
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  if (dist) rmSync(dist, { recursive: true, force: true });
});

/** The same workbook as the pane will hold: the sample's sheets, then the imported file's, as one workbook. */
async function expected() {
  const sheets: SheetInput[] = [...(await readWorkbookFile(COUNTY)), ...(await readWorkbookFile(EXTRA))].map(({ source: _source, ...s }) => s);
  return consolidate(sheets, { asOf: AS_OF, lang: 'zh-CN' });
}

interface Watch {
  outside: string[];
  problems: string[];
}

/**
 * axe-core's WCAG 2.x A/AA checks and best practices on the pane as it is now: zero violations, or the
 * rules broken with the elements that break them. axe is injected from npm (the pane's CSP would refuse
 * it: these pages are opened with the CSP bypassed, which changes nothing the pane itself loads).
 */
async function expectAccessible(page: Page, state: string): Promise<void> {
  // Colours are judged once Fluent's fades (a dialog opening, say) have run; a spinner turns for ever.
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((a) => a.effect?.getComputedTiming().endTime !== Infinity)
        .map((a) => a.finished.catch(() => undefined)),
    ),
  );
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: { id: string; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } });
    return result.violations.map((v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join('\n')}`);
  });
  expect({ state, violations }).toEqual({ state, violations: [] });
}

/** Nothing in the pane runs off its side: the page never scrolls sideways (tables scroll inside themselves). */
/**
 * How far the page scrolls sideways, and (when it does) the innermost elements that reach past its right
 * edge, so a failure names what overflows rather than only by how much.
 */
const sideways = (page: Page) =>
  page.evaluate(() => {
    const root = document.documentElement;
    const overflow = root.scrollWidth - root.clientWidth;
    if (overflow <= 0) return { overflow, past: [] as string[] };
    const past = [...document.body.querySelectorAll<HTMLElement>('*')]
      .filter((el) => el.getBoundingClientRect().right > root.clientWidth + 0.5)
      // Inside a table that scrolls sideways by itself, running past the edge is what it is for.
      .filter((el) => {
        for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) if (getComputedStyle(up).overflowX !== 'visible') return false;
        return true;
      })
      .filter((el, _i, all) => !all.some((other) => other !== el && el.contains(other)))
      .slice(0, 8)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')} "${(el.textContent ?? '').trim().slice(0, 40)}" right=${Math.round(el.getBoundingClientRect().right)}`);
    return { overflow, past };
  });

async function openPane(width: number): Promise<{ page: Page; watch: Watch }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, locale: 'zh-CN', bypassCSP: true });
  const page = await context.newPage();
  const watch: Watch = { outside: [], problems: [] };
  // No network here, as on a government intranet: office.js cannot load and the pane must still come up.
  await page.route(`${OFFICE_CDN}**`, (route) => route.abort('internetdisconnected'));
  page.on('request', (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) watch.outside.push(r.url());
  });
  page.on('pageerror', (e) => watch.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().includes('net::ERR_INTERNET_DISCONNECTED')) watch.problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${base}/taskpane.html`);
  return { page, watch };
}

describe('the pane in Chromium (browser preview)', () => {
  it('the Office path (entry and engine worker) stays within the bundle size goal; ExcelJS is a separate chunk', () => {
    const html = readFileSync(path.join(dist, 'taskpane.html'), 'utf8');
    const scripts = [...html.matchAll(/<script[^>]*src="?([^" >]+)"?/g)].map((m) => m[1]).filter((s) => !s.startsWith('http'));
    expect(scripts.length).toBeGreaterThan(0);
    // The worker is its own chunk, started by the pane as it opens: not a page script, but counted.
    const worker = readdirSync(dist).filter((f) => /^engine\.[0-9a-f]{8}\.js$/.test(f));
    expect(worker).toHaveLength(1);
    expect(scripts).not.toContain(worker[0]);
    const gz = [...scripts, ...worker].reduce((n, s) => n + gzipSync(readFileSync(path.join(dist, s))).length, 0);
    expect(gz).toBeLessThanOrEqual(350 * 1024);
    for (const s of [...scripts, ...worker]) expect(readFileSync(path.join(dist, s), 'utf8')).not.toContain('exceljs');
    expect(html).toContain('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    const csp = /http-equiv="?Content-Security-Policy"? content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' https://appsforoffice.microsoft.com;");
    expect(csp).toContain("connect-src 'self' blob: data:");
    expect(existsSync(path.join(dist, 'manifest.xml'))).toBe(true);
    expect(existsSync(path.join(dist, 'samples/sample-county.xlsx'))).toBe(true);
  });

  it('opens the sample, imports a township file, runs, goes to an issue and downloads the workbook', async () => {
    const want = await expected();
    const { page, watch } = await openPane(400);

    await page.getByText('当前工作簿：sample-county.xlsx').waitFor();
    await page.getByText(/这是浏览器中的预览/).waitFor();
    // The sample's many sheets fold into one line; the list opens on demand.
    await page.getByText(/^\d+ 个乡镇工作表/).waitFor();
    await page.getByRole('button', { name: '展开数据来源' }).click();
    await page.getByRole('checkbox', { name: '汇总“城关镇”' }).waitFor();
    for (const name of ['石门乡', '白沙镇', '桃源乡', '青龙镇', '河口乡', '双溪镇']) {
      expect(await page.getByRole('checkbox', { name: `汇总“${name}”` }).isChecked()).toBe(true);
    }
    await expectAccessible(page, 'sources read');

    await page.getByLabel('选择要导入的乡镇文件（.xlsx、.xls、.et、.csv、.ods、.xlsb，可多选）').setInputFiles(EXTRA);
    await page.getByText('sample-township-extra.xlsx：已导入 龙泉乡').waitFor();
    await page.getByRole('checkbox', { name: '汇总“龙泉乡”' }).waitFor();
    // The same file again: the pane asks before a township is counted twice; 取消 leaves the workbook as it is.
    await page.getByLabel('选择要导入的乡镇文件（.xlsx、.xls、.et、.csv、.ods、.xlsb，可多选）').setInputFiles(EXTRA);
    const prompt = page.getByRole('alertdialog', { name: '工作簿中已有“龙泉乡”' });
    await prompt.waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-import-prompt.png') });
    await expectAccessible(page, 'import prompt open');
    await prompt.getByRole('button', { name: '取消' }).click();
    await page.getByText('sample-township-extra.xlsx：已取消导入').waitFor();
    expect(await page.getByRole('checkbox', { name: /^汇总“龙泉乡 \(2\)”$/ }).count()).toBe(0);

    // Typed as a month, the date is that month's end.
    await page.getByLabel('统计截止日期').fill('2024年6月');
    await page.getByText('序时进度 6/12').waitFor();
    // From the date, Tab reaches 开始汇总 in the footer. The dry run for the new date may still re-render
    // the footer as the date is focused, so the step is tried again until the pane has settled.
    let reached: string | null | undefined = null;
    for (let attempt = 0; attempt < 6 && reached !== '开始汇总'; attempt++) {
      if (attempt > 0) await page.waitForTimeout(500);
      await page.getByLabel('统计截止日期').focus();
      await page.keyboard.press('Tab');
      reached = await page.evaluate(() => document.activeElement?.textContent);
    }
    expect(reached).toBe('开始汇总');
    expect(await page.getByLabel('统计截止日期').inputValue()).toBe(AS_OF);
    await page.getByRole('button', { name: '开始汇总' }).click();
    await page
      .getByRole('heading', { name: '汇总结果' })
      .waitFor({ timeout: 60_000 })
      .catch(async (e: Error) => {
        await page.screenshot({ path: path.join(ARTIFACTS, 'pane-failed.png'), fullPage: true });
        throw new Error(`${e.message}\n--- the pane said:\n${await page.locator('main').innerText()}\n--- page problems:\n${watch.problems.join('\n')}`);
      });

    const summary = page.getByRole('region', { name: '汇总结果' });
    const count = async (label: string) => Number(await summary.locator('div', { has: page.locator(`dt:text-is("${label}")`) }).locator('dd').textContent());
    expect(await count('乡镇')).toBe(want.counts.townships);
    expect(await count('机构')).toBe(want.counts.facilities);
    expect(await count('错误')).toBe(want.counts.errors);
    expect(await count('警告')).toBe(want.counts.warnings);
    expect(want.counts.errors + want.counts.warnings).toBeGreaterThan(0);
    await page.getByText(/^已写入结果表：县级汇总、完成情况、校验结果/).waitFor();

    const table = page.getByRole('table', { name: '完成情况：全县合计' });
    const shown = want.completion.filter((c) => c.level === 'county' && c.status !== 'no-data');
    expect(await table.locator('tbody tr').count()).toBe(shown.length);

    // The first issue that points at a cell: clicking it selects that cell in the workbook.
    const first = want.issues.find((i) => i.severity !== 'info' && i.sheet !== null && i.cell !== null)!;
    await page.getByRole('button', { name: new RegExp(`^\\S+\\s*${first.cell}`) }).first().click();
    await page.getByText(`选中的单元格：${first.sheet}!${first.cell}`).waitFor();
    // Said beside the issue clicked.
    const clicked = page.getByRole('listitem').filter({ has: page.getByRole('button', { name: new RegExp(`^\\S+\\s*${first.cell}`) }) }).first();
    await clicked.getByRole('status').getByText(`已在 Excel 中选中 ${first.sheet}!${first.cell}`).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-zh-CN.png'), fullPage: true });
    await expectAccessible(page, 'results shown');
    await page.setViewportSize({ width: 350, height: 700 });
    await page.getByRole('heading', { name: '汇总结果' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-350-zh-CN.png') });
    expect(await sideways(page)).toMatchObject({ past: [] });
    expect((await sideways(page)).overflow).toBeLessThanOrEqual(0);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载工作簿' }).click()]);
    expect(download.suggestedFilename()).toBe('workbook.xlsx');
    const saved = path.join(ARTIFACTS, 'workbook.xlsx');
    await download.saveAs(saved);

    await page.getByRole('button', { name: '界面语言：中文' }).click();
    await page.getByRole('menuitemradio', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Summary' }).waitFor();
    await page.getByRole('button', { name: 'Run rollup' }).waitFor();
    await page.getByRole('heading', { name: 'Summary' }).scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-350-en.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-en.png'), fullPage: true });
    await expectAccessible(page, 'results shown, in English');
    await page.setViewportSize({ width: 320, height: 700 });
    expect(await sideways(page)).toMatchObject({ past: [] });
    expect((await sideways(page)).overflow).toBeLessThanOrEqual(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-320-en.png'), fullPage: true });

    // The downloaded workbook: result sheets as the CLI would write them, every source sheet unchanged.
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(saved);
    const names = out.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['县级汇总', '完成情况', '校验结果', '龙泉乡']));
    const issuesSheet = out.getWorksheet('校验结果')!;
    // Header, the readiness line, then one row per issue.
    expect(issuesSheet.rowCount - 2).toBe(want.issues.length);
    const rollup = out.getWorksheet('县级汇总')!;
    const townshipNames = want.rollup.filter((r) => r.level === 'township').map((r) => r.name);
    const column1 = rollup.getColumn(1).values.slice(2).map(String);
    for (const t of townshipNames) expect(column1).toContain(t);
    // 完成情况's chart of the lagging indicators, as a native chart of the downloaded file.
    const charted = buildResultSheets(want, 'zh-CN').find((s) => s.kind === 'completion')!.charts ?? [];
    expect(charted.length).toBeGreaterThan(0);
    const charts = await chartsIn(readFileSync(saved));
    expect(charts.map((c) => [c.part, c.sheet, c.title])).toEqual(charted.map((c, k) => [`xl/charts/chart${k + 1}.xml`, '完成情况', c.title]));

    for (const file of [COUNTY, EXTRA]) {
      const original = new ExcelJS.Workbook();
      await original.xlsx.readFile(file);
      for (const ws of original.worksheets) {
        const copy = out.getWorksheet(ws.name);
        expect(copy).toBeDefined();
        const cells = (w: ExcelJS.Worksheet) => {
          const all: [string, unknown][] = [];
          w.eachRow({ includeEmpty: false }, (row) =>
            row.eachCell({ includeEmpty: false }, (cell) => {
              if (cell.isMerged && cell.master !== cell) return;
              all.push([cell.address, cell.value instanceof Date ? cell.value.toISOString() : cell.value]);
            }),
          );
          return all;
        };
        expect(cells(copy!)).toEqual(cells(ws));
      }
    }

    expect(watch.outside.every((u) => u.startsWith(OFFICE_CDN))).toBe(true);
    expect(watch.problems).toEqual([]);
  });

  it('at 320 px: a sheet left out stays out once the workbook is downloaded and opened again; nothing runs off the side', async () => {
    const { page, watch } = await openPane(320);
    await page.getByText('当前工作簿：sample-county.xlsx').waitFor();
    await page.getByRole('button', { name: '展开数据来源' }).click();
    const box = page.getByRole('checkbox', { name: '汇总“双溪镇”' });
    await box.click();
    expect(await box.isChecked()).toBe(false);
    await page.getByText('未汇总：已取消汇总').waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载工作簿' }).click()]);
    const saved = path.join(mkdtempSync(path.join(tmpdir(), 'pane-reload-')), 'county.xlsx');
    await download.saveAs(saved);
    await page.getByLabel('打开工作簿', { exact: true }).and(page.locator('input')).setInputFiles(saved);
    await page.getByText('当前工作簿：county.xlsx').waitFor();
    await page.getByRole('button', { name: '展开数据来源' }).click();
    await page.getByRole('checkbox', { name: '汇总“城关镇”' }).waitFor();
    expect(await page.getByRole('checkbox', { name: '汇总“双溪镇”' }).isChecked()).toBe(false);
    expect(await page.getByRole('checkbox', { name: '汇总“石门乡”' }).isChecked()).toBe(true);

    await page.getByRole('button', { name: '识别详情：石门乡' }).click();
    await page.getByLabel('“石门乡”的识别详情').waitFor();
    const correct = page.getByRole('button', { name: '更正识别：石门乡' });
    await correct.click();
    const form = page.getByRole('form', { name: '更正“石门乡”的识别结果' });
    await form.screenshot({ path: path.join(ARTIFACTS, 'pane-320-correction.png') });
    expect(await form.evaluate((f) => f.scrollWidth - f.clientWidth)).toBeLessThanOrEqual(0);
    // The indicator list open, searched.
    const column = form.getByRole('combobox', { name: /^[C-Z] 列/ }).first();
    await column.click();
    await page.getByRole('listbox').waitFor();
    await expectAccessible(page, 'correction form, indicator list open');
    await page.keyboard.press('Escape');
    expect(await sideways(page)).toMatchObject({ past: [] });
    expect((await sideways(page)).overflow).toBeLessThanOrEqual(0);
    await correct.click();
    await form.waitFor({ state: 'detached' });
    await page.getByRole('button', { name: '开始汇总' }).click();
    await page.getByRole('heading', { name: '汇总结果' }).waitFor({ timeout: 60_000 });
    const table = page.getByRole('table', { name: '完成情况：全县合计' });
    await table.waitFor();
    // Readable at the narrowest pane: no horizontal scrolling, badges on one line; the township table
    // is wider than the pane and scrolls inside itself.
    expect(await sideways(page)).toMatchObject({ past: [] });
    expect((await sideways(page)).overflow).toBeLessThanOrEqual(0);
    const townships = page.getByRole('region', { name: /^乡镇对比（/ });
    expect(await townships.evaluate((r) => r.scrollWidth > r.clientWidth)).toBe(true);
    const wrap = await table.evaluate((t) => (t.parentElement!.scrollWidth > t.parentElement!.clientWidth ? 'scrolls' : 'fits'));
    expect(wrap).toBe('fits');
    // A badge is a fixed-height pill: words that wrap or spill show as content larger than the pill.
    const spilled = await page
      .locator('main .fui-Badge')
      .evaluateAll((bs) => bs.filter((b) => b.scrollHeight > b.clientHeight + 1 || b.scrollWidth > b.clientWidth + 1).map((b) => b.textContent));
    expect(spilled).toEqual([]);
    expect(await page.locator('main .fui-Badge').count()).toBeGreaterThan(5);
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-320-zh-CN.png'), fullPage: true });
    await expectAccessible(page, 'results shown at 320 px');

    // By keyboard in the real browser: from a sheet's issue group, Tab reaches its first issue; Enter goes to the cell.
    await page.getByRole('button', { name: /^石门乡（\d+ 个错误/ }).focus();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('title'))).toMatch(/^转到 石门乡!/);
    await page.keyboard.press('Enter');
    await page.getByText(/^选中的单元格：石门乡!/).waitFor();
    await page.getByText(/^已在 Excel 中选中 石门乡!/).waitFor();
    expect(watch.problems).toEqual([]);
    rmSync(path.dirname(saved), { recursive: true, force: true });
    await page.context().close();
  });

  it('opened by Excel (_host_Info) with office.js unreachable: says so and names the intranet build, never the preview', async () => {
    const context = await browser.newContext({ viewport: { width: 350, height: 700 } });
    const page = await context.newPage();
    await page.route(`${OFFICE_CDN}**`, (route) => route.abort('internetdisconnected'));
    await page.goto(`${base}/taskpane.html?_host_Info=Excel$Web$16.01$zh-CN$$$$0`);
    await page.getByText('无法加载 Office.js').waitFor();
    await page.getByText(/npm run build:intranet/).waitFor();
    expect(await page.getByText(/当前工作簿/).count()).toBe(0);
    await context.close();
  });

  it('?preview=<url> opens that workbook instead of the sample', async () => {
    const context = await browser.newContext({ viewport: { width: 320, height: 700 } });
    const page = await context.newPage();
    await page.route(`${OFFICE_CDN}**`, (route) => route.abort('internetdisconnected'));
    await page.goto(`${base}/taskpane.html?preview=samples/sample-township-extra.xlsx&lang=en`);
    await page.getByText('Workbook: sample-township-extra.xlsx').waitFor();
    await page.getByRole('checkbox', { name: 'Include “龙泉乡”' }).waitFor();
    expect(await page.getByRole('checkbox', { name: /Include “城关镇”/ }).count()).toBe(0);
    await context.close();
  });
});

describe('the engine in its Web Worker, on a large county in the preview', () => {
  // 60 townships × 200 facility rows × 27 indicators: about 1.6 s of engine time on a fast machine.
  const LARGE = 'large-county.xlsx';

  beforeAll(async () => {
    await writeLargeCounty(path.join(dist, LARGE), BENCH_SIZE);
  });

  /** Records in the page every tick of a 16 ms timer, and when the progress first and last named a sheet being consolidated. */
  const watchTicks = (page: Page) =>
    page.evaluate(() => {
      const w = window as unknown as { ticks: number[]; engine: { from: number; to: number } };
      w.ticks = [];
      w.engine = { from: 0, to: 0 };
      setInterval(() => w.ticks.push(performance.now()), 16);
      new MutationObserver(() => {
        const consolidating = /正在汇总 \S+（第/.test(document.body.innerText);
        if (consolidating && !w.engine.from) w.engine.from = performance.now();
        if (consolidating) w.engine.to = performance.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });

  const ticksDuringEngine = (page: Page) =>
    page.evaluate(() => {
      const w = window as unknown as { ticks: number[]; engine: { from: number; to: number } };
      const inside = w.ticks.filter((t) => t >= w.engine.from && t <= w.engine.to);
      let gap = 0;
      for (let i = 1; i < inside.length; i++) gap = Math.max(gap, inside[i] - inside[i - 1]);
      return { ms: w.engine.to - w.engine.from, ticks: inside.length, longestGap: gap };
    });

  it('the pane keeps ticking while the engine works in its worker; 取消 stops a run and writes nothing', async () => {
    const context = await browser.newContext({ viewport: { width: 350, height: 700 }, acceptDownloads: true, locale: 'zh-CN' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    await page.route(`${OFFICE_CDN}**`, (route) => route.abort('internetdisconnected'));
    await page.goto(`${base}/taskpane.html?preview=${LARGE}`);
    await page.getByText(`当前工作簿：${LARGE}`).waitFor({ timeout: 120_000 });
    await page.getByText('60 个乡镇工作表').waitFor({ timeout: 120_000 });
    await page.getByRole('button', { name: '开始汇总' }).waitFor();

    // At 350 × 700, 开始汇总 is in sight without scrolling, the 60 sheets' list open or folded.
    const inSight = () =>
      page.getByRole('button', { name: '开始汇总' }).evaluate((b) => {
        const r = b.getBoundingClientRect();
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        return r.top >= 0 && r.bottom <= window.innerHeight && hit !== null && b.contains(hit);
      });
    expect(await page.evaluate(() => window.scrollY)).toBe(0);
    expect(await inSight()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-350-large.png') });
    await page.getByRole('button', { name: '展开数据来源' }).click();
    await page.getByRole('checkbox', { name: '汇总“乡镇60”' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeGreaterThan(3000);
    expect(await inSight()).toBe(true);
    await page.getByRole('checkbox', { name: '汇总“乡镇30”' }).scrollIntoViewIfNeeded();
    expect(await page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
    expect(await inSight()).toBe(true);
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-350-large-scrolled.png') });
    // The dry run itself runs in the worker: the page has one, from the engine's chunk.
    expect(page.workers().map((w) => w.url()).some((u) => /\/engine\.[0-9a-f]{8}\.js$/.test(u))).toBe(true);

    // A first run, cancelled before it writes.
    await page.getByRole('button', { name: '开始汇总' }).click();
    // As soon as 取消 shows (the engine's own phase can be over before a click lands on a busy machine;
    // cancelling the worker itself is tested in test/taskpane).
    await page.getByRole('button', { name: '取消' }).click({ timeout: 120_000 });
    await page.getByText('已取消汇总，工作簿未被修改。').waitFor();
    expect(await page.getByRole('progressbar').count()).toBe(0);

    // A second run, to its end, with a timer ticking in the page throughout.
    await watchTicks(page);
    await page.getByRole('button', { name: '开始汇总' }).click();
    await page.getByText(/^正在汇总 \S+（第 \d+\/\d+ 个工作表）$/).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-350-running.png') });
    await page.getByRole('heading', { name: '汇总结果' }).waitFor({ timeout: 180_000 });
    const during = await ticksDuringEngine(page);
    process.stdout.write(`engine phase ${during.ms.toFixed(0)} ms, ${during.ticks} ticks, longest gap ${during.longestGap.toFixed(0)} ms\n`);
    expect(during.ms).toBeGreaterThan(300);
    // On the UI thread the engine held the page for its whole run; in the worker only message copies do.
    expect(during.longestGap).toBeLessThan(Math.max(400, during.ms / 3));
    expect(during.ticks).toBeGreaterThan(during.ms / 100);
    await page.getByText(/^已写入结果表：县级汇总、完成情况、校验结果/).waitFor();
    expect(await page.getByRole('heading', { name: '汇总结果' }).evaluate((h) => h === document.activeElement)).toBe(true);

    // The cancelled run wrote nothing: the workbook holds the township sheets and the one run's results.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载工作簿' }).click()]);
    const saved = path.join(mkdtempSync(path.join(tmpdir(), 'pane-large-')), 'county.xlsx');
    await download.saveAs(saved);
    const out = new ExcelJS.Workbook();
    await out.xlsx.readFile(saved);
    const names = out.worksheets.map((w) => w.name);
    expect(names.filter((n) => /^(县级汇总|完成情况|校验结果)/.test(n))).toEqual(['县级汇总', '完成情况', '校验结果']);
    const original = new ExcelJS.Workbook();
    await original.xlsx.readFile(path.join(dist, LARGE));
    // The preview keeps the add-in's settings (its own result sheets) in a hidden sheet of its own.
    const sources = names.filter((n) => !/^(县级汇总|完成情况|校验结果|乡镇对比|机构明细|上报情况)/.test(n) && n !== '__addinSettings');
    expect(sources).toEqual(original.worksheets.map((w) => w.name));
    expect(problems).toEqual([]);
    rmSync(path.dirname(saved), { recursive: true, force: true });
    await context.close();
  });
});

describe('the intranet build', () => {
  let intranet: string;
  let intranetServer: Server;

  beforeAll(async () => {
    intranet = await build(['intranet']);
    intranetServer = await serve(intranet);
  }, 900_000);

  afterAll(async () => {
    await new Promise((resolve) => (intranetServer ? intranetServer.close(resolve) : resolve(undefined)));
    if (intranet) rmSync(intranet, { recursive: true, force: true });
  });

  it('serves office.js itself, asks nothing from outside, and outside Office comes up as the preview', async () => {
    const html = readFileSync(path.join(intranet, 'taskpane.html'), 'utf8');
    expect(html).not.toContain('appsforoffice.microsoft.com');
    expect(/http-equiv="?Content-Security-Policy"? content="([^"]+)"/.exec(html)?.[1]).toContain("script-src 'self';");
    expect(existsSync(path.join(intranet, 'office-js/office.js'))).toBe(true);

    const local = urlOf(intranetServer);
    const context = await browser.newContext({ viewport: { width: 450, height: 800 } });
    const page = await context.newPage();
    const requests: string[] = [];
    const failed: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      // office.js outside Office tries to frame its telemetry page; the pane's CSP blocks it before any
      // request leaves (the requests list below stays local), and Chromium logs the block as an error.
      if (m.type() === 'error' && !/violates the following Content Security Policy directive[\s\S]*The request has been blocked/.test(m.text())) {
        problems.push(m.text());
      }
    });
    await page.goto(`${local}/taskpane.html`);
    await page.getByText('当前工作簿：sample-county.xlsx').waitFor({ timeout: 30_000 });
    // The sample's sources are folded into one line; opened, every sheet is there.
    await page.getByRole('button', { name: '展开数据来源' }).click();
    await page.getByRole('checkbox', { name: '汇总“城关镇”' }).waitFor();
    expect(requests).toContain(`${local}/office-js/office.js`);
    expect(requests.filter((u) => !u.startsWith(local) && !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([]);
    expect(failed).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('opened by Excel (_host_Info) that never answers: keeps waiting, says so after 10 s, never opens the sample', async () => {
    const context = await browser.newContext({ viewport: { width: 350, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${urlOf(intranetServer)}/taskpane.html?_host_Info=Excel$Web$16.01$zh-CN$$$$0`);
    await page.getByText('正在连接 Excel…').waitFor();
    await page.getByText(/^Excel 还没有响应，加载项会继续等待/).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(2_000);
    expect(await page.getByText(/当前工作簿/).count()).toBe(0);
    expect(await page.getByText('正在连接 Excel…').count()).toBe(1);
    await page.screenshot({ path: path.join(ARTIFACTS, 'pane-350-connecting.png') });
    await context.close();
  });
});
