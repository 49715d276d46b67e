// The Office.js adapter against the preview host on real .xlsx workbooks: the same engine results as the
// CLI's reader, result sheets written in few syncs and as text where text is meant, links, own sheets
// replaced and nobody else's touched.
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readWorkbookBuffer } from '../../src/cli/readWorkbook';
import { buildResultSheets, consolidate } from '../../src/engine';
import type { ResultSheet, SheetInput } from '../../src/engine/types';
import { HostError, UnsupportedFeatureError } from '../../src/excel/errors';
import { CREATED_SHEETS_KEY, createWorkbookHost, EXCLUDED_SHEETS_KEY, OVERRIDES_KEY } from '../../src/excel/workbookHost';
import { openPreviewWorkbook, PREVIEW_SETTINGS_SHEET } from '../../src/preview/workbookFile';
import { openInPreview, toArrayBuffer, townshipWorkbook, TOWNSHIPS } from './workbooks';

const AS_OF = '2024-06-30';

/** A saved sheet's hyperlink elements, their locations by cell and its relationships, as the file holds them. */
async function linksOf(saved: ArrayBuffer, sheetId: number) {
  const zip = await JSZip.loadAsync(saved);
  const sheetFile = `xl/worksheets/sheet${sheetId}.xml`;
  const xml = await zip.file(sheetFile)!.async('string');
  const rels = (await zip.file(sheetFile.replace('worksheets/', 'worksheets/_rels/') + '.rels')?.async('string')) ?? '';
  const hyperlinks = [...xml.matchAll(/<hyperlink\b[^>]*>/g)].map((m) => m[0]);
  const unquote = (x: string) => x.replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const locations = new Map(hyperlinks.map((h) => [/\sref="([^"]+)"/.exec(h)![1], unquote(/\slocation="([^"]+)"/.exec(h)?.[1] ?? '')]));
  return { hyperlinks, locations, rels };
}

async function cliInputs(data: ArrayBuffer): Promise<SheetInput[]> {
  const sheets = await readWorkbookBuffer(Buffer.from(data), 'county.xlsx');
  return sheets.map(({ source: _source, ...s }) => s);
}

function results(inputs: SheetInput[]): ResultSheet[] {
  return buildResultSheets(consolidate(inputs, { asOf: AS_OF }), 'zh-CN');
}

/** Every source sheet's values as the CLI reads them from a saved workbook. */
async function sourceValues(data: ArrayBuffer, names: string[]): Promise<Record<string, unknown>> {
  const sheets = await cliInputs(data);
  return Object.fromEntries(sheets.filter((s) => names.includes(s.name)).map((s) => [s.name, { values: s.values, merges: s.merges }]));
}

const samples = ['sample-county.xlsx', 'sample-township-extra.xlsx']
  .map((f) => path.join(__dirname, '../../samples', f))
  .filter((f) => existsSync(f));

describe('reading through Office.js gives the engine what the CLI gives it', () => {
  it('merged headers, dates and error values: same SheetInput meaning, same result sheets', async () => {
    const data = await townshipWorkbook();
    const { host, preview } = await openInPreview(data);
    const viaAddin = await host.readSheets();
    const viaCli = await cliInputs(data);

    const shimen = viaAddin.find((s) => s.name === '石门乡')!;
    expect(shimen.merges).toEqual(expect.arrayContaining([{ top: 0, left: 0, bottom: 0, right: 4 }, { top: 2, left: 1, bottom: 2, right: 2 }]));
    expect(shimen.merges).toHaveLength(viaCli.find((s) => s.name === '石门乡')!.merges!.length);
    // Office.js semantics: only the top-left of a merged area holds the value.
    expect(shimen.values[0][0]).toBe('石门乡基本公共卫生服务项目进度表');
    expect(shimen.values[0][1]).toBeNull();
    expect(shimen.values[2][2]).toBeNull();
    // Dates arrive as serial numbers with a date format: read as the date, as the CLI reads it.
    expect(shimen.values[1][1]).toEqual(new Date(Date.UTC(2024, 5, 30)));
    expect(shimen.numberFormats![1][1]).toBe('yyyy-mm-dd');
    expect(viaAddin.find((s) => s.name === '城关镇')!.values[5][3]).toEqual({ error: '#DIV/0!' });

    const fromAddin = results(viaAddin);
    expect(fromAddin).toEqual(results(viaCli));
    const rollup = fromAddin.find((s) => s.kind === 'rollup')!;
    expect(rollup.rows.find((r) => r[0] === '石门乡')).toEqual(['石门乡', 3, 903, 690, expect.closeTo((690 / 903) * 100, 9), 321]);
    // Sheets and records, used ranges, the cells, and the valueTypes of the one row holding #DIV/0!.
    expect(preview.stats.syncs).toBeLessThanOrEqual(4);
  });

  it.each(samples)('%s: the same result sheets from both readers', async (file) => {
    const data = toArrayBuffer(readFileSync(file));
    const { host } = await openInPreview(data, path.basename(file));
    expect(results(await host.readSheets())).toEqual(results(await cliInputs(data)));
  });

  it('without merged-area support, merged cells are read unmerged', async () => {
    const preview = await openPreviewWorkbook(await townshipWorkbook(), 'county.xlsx');
    const host = createWorkbookHost(preview.excel, { capabilities: { mergedAreas: false, insertWorksheetsFromBase64: false } });
    const sheets = await host.readSheets();
    expect(sheets.every((s) => (s.merges ?? []).length === 0)).toBe(true);
  });
});

describe('writing result sheets', () => {
  async function runOnce(host: Awaited<ReturnType<typeof openInPreview>>['host']): Promise<ResultSheet[]> {
    const sheets = results(await host.readSheets());
    await host.writeResults(sheets);
    return sheets;
  }

  it('writes the three sheets with their values, formats, links, colours and frozen header; source sheets unchanged', async () => {
    const data = await townshipWorkbook();
    const { host, preview } = await openInPreview(data);
    const before = await sourceValues(data, ['石门乡', '城关镇']);
    const sheets = await runOnce(host);
    const syncsForWrite = preview.stats.requests.length;
    expect(syncsForWrite).toBeLessThan(12);
    expect(preview.stats.calculationSuspendedSyncs).toBeGreaterThan(0);

    const saved = await preview.save();
    expect(await sourceValues(saved, ['石门乡', '城关镇'])).toEqual(before);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(saved);
    expect(wb.worksheets.filter((w) => w.state !== 'veryHidden').map((w) => w.name)).toEqual(['石门乡', '城关镇', '县级汇总', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
    expect(wb.getWorksheet(PREVIEW_SETTINGS_SHEET)?.state).toBe('veryHidden');
    for (const sheet of sheets) {
      const ws = wb.getWorksheet(sheet.name)!;
      expect(ws.getRow(1).getCell(1).value).toBe(sheet.columns[0].header);
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: sheet.freeze.rows, xSplit: sheet.freeze.columns });
      expect(ws.getColumn(1).width).toBeCloseTo(sheet.columns[0].width, 0);
    }
    const issues = sheets.find((s) => s.kind === 'issues')!;
    const ws = wb.getWorksheet('校验结果')!;
    const linked = issues.links!.map((l, i) => [l, i] as const).filter(([l]) => l !== null);
    expect(linked.length).toBeGreaterThan(0);
    // Each link is a location in the workbook, with no external relationship beside it: Excel follows
    // a relationship before a location, and one to the text 'Sheet'!D7 looks for a file of that name.
    const { hyperlinks, locations, rels } = await linksOf(saved, ws.id);
    expect(rels).not.toContain('TargetMode="External"');
    expect(hyperlinks).toHaveLength(linked.length);
    expect(hyperlinks.filter((h) => h.includes('r:id='))).toEqual([]);
    for (const [link, i] of linked) {
      const cellCol = issues.rows[i].indexOf(link!.cell) + 1;
      const cell = ws.getRow(i + 2).getCell(cellCol);
      expect(cell.text).toBe(link!.cell);
      expect(locations.get(cell.address)).toBe(`'${link!.sheet}'!${link!.cell.split(':')[0]}`);
    }
    const completion = sheets.find((s) => s.kind === 'completion')!;
    const cf = (wb.getWorksheet('完成情况') as unknown as { conditionalFormattings: { ref: string; rules: { type: string; formulae: string[] }[] }[] })
      .conditionalFormattings;
    const shownStatuses = new Set(completion.rows.map((r) => r[completion.statusColumn!]));
    expect(cf.map((c) => c.rules[0].formulae[0]).sort()).toEqual([...shownStatuses].map((s) => `"${s}"`).sort());
    expect(cf.every((c) => c.ref === `I2:I${completion.rows.length + 1}` && c.rules[0].type === 'cellIs')).toBe(true);
  });

  it('a user sheet named 县级汇总 is never touched; re-running replaces only the add-in sheets', async () => {
    const data = await townshipWorkbook((wb) => {
      const mine = wb.addWorksheet('县级汇总');
      mine.getCell('A1').value = '我自己的汇总';
      mine.getCell('B2').value = 42;
    });
    const { host, preview } = await openInPreview(data);
    await runOnce(host);
    const names1 = preview.book.live().map((s) => s.ws.name);
    expect(names1).toEqual(['石门乡', '城关镇', '县级汇总', '县级汇总(2)', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
    const listed = await host.listSheets();
    expect(listed.filter((s) => s.createdByAddin).map((s) => s.name)).toEqual(['县级汇总(2)', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
    const ids1 = preview.book.live().map((s) => s.id);

    // Re-run after a round trip through the file (下载工作簿 and open again).
    const reopened = await openInPreview(await preview.save());
    await runOnce(reopened.host);
    const live = reopened.preview.book.live();
    expect(live.map((s) => s.ws.name)).toEqual(['石门乡', '城关镇', '县级汇总', '县级汇总(2)', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
    // Excel does not promise ids across reopening, and the preview gives new ones: ours are still known.
    expect(live.map((s) => s.id).filter((id) => ids1.includes(id))).toEqual([]);
    const mine = live[2].ws;
    expect([mine.getCell('A1').value, mine.getCell('B2').value, mine.actualRowCount]).toEqual(['我自己的汇总', 42, 2]);
    const remembered = JSON.parse(reopened.preview.book.settings.get(CREATED_SHEETS_KEY)!);
    expect(remembered.map((c: { name: string }) => c.name)).toEqual(['县级汇总(2)', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
  });

  it('with a unit name: the title on row 1, the header on row 2 and everything below one row lower; still known as ours by that header', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    const sheets = buildResultSheets(consolidate(await host.readSheets(), { asOf: AS_OF, unitName: '青山县', runDate: '2024-07-05' }), 'zh-CN');
    await host.writeResults(sheets);
    const saved = await preview.save();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(saved);
    for (const sheet of sheets) {
      const ws = wb.getWorksheet(sheet.name)!;
      expect(ws.getCell('A1').value).toBe(`青山县 2024年1-6月 ${sheet.name}（制表日期：2024-07-05）`);
      expect(ws.getRow(2).getCell(1).value).toBe(sheet.columns[0].header);
      expect(ws.getRow(2).getCell(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      if (sheet.rows.length > 0) expect(ws.getRow(3).getCell(1).value ?? null).toEqual(sheet.rows[0][0] ?? null);
    }
    const rollup = sheets.find((s) => s.kind === 'rollup')!;
    const total = rollup.rows.length - 1;
    expect(wb.getWorksheet('县级汇总')!.getRow(total + 3).getCell(1)).toMatchObject({ value: '青山县合计', font: { bold: true } });
    const issues = sheets.find((s) => s.kind === 'issues')!;
    const i = issues.links!.findIndex((l) => l !== null);
    const cellCol = issues.rows[i].indexOf(issues.links![i]!.cell) + 1;
    const linkCell = wb.getWorksheet('校验结果')!.getRow(i + 3).getCell(cellCol);
    expect(linkCell.text).toBe(issues.links![i]!.cell);
    expect((await linksOf(saved, wb.getWorksheet('校验结果')!.id)).locations.get(linkCell.address)).toMatch(/^'.+'![A-Z]+\d+$/);

    // Reopened in an Excel without custom properties: the header on row 2 still marks the sheets as ours.
    const reopened = await openPreviewWorkbook(saved, 'county.xlsx');
    const older = createWorkbookHost(reopened.excel, { capabilities: { ...reopened.capabilities, customProperties: false }, suspendCalculation: true, sleep: async () => {} });
    expect((await older.listSheets()).filter((s) => s.createdByAddin).map((s) => s.name)).toEqual(['县级汇总', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
  });

  it('a result sheet the user renamed is left alone and no longer read as ours', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    await runOnce(host);
    preview.book.byName('完成情况')!.ws.name = '六月完成情况';
    await runOnce(host);
    expect(preview.book.live().map((s) => s.ws.name)).toEqual(['石门乡', '城关镇', '六月完成情况', '县级汇总', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
  });

  it('text beginning with = + - @ or an apostrophe stays exactly that text', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    const tricky = ['=SUM(A1:A3)', '+86 0591', '-上湾村卫生室', '@张三', "'001", '007', '=1+2'];
    const sheet: ResultSheet = {
      name: '校验结果',
      kind: 'issues',
      columns: [{ header: '=说明', width: 20, format: 'text' }, { header: '数', width: 10, format: 'integer' }],
      rows: tricky.map((t, i) => [t, i]),
      freeze: { rows: 1, columns: 0 },
    };
    await host.writeResults([sheet]);
    const read = await preview.excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem('校验结果').getRange(`A1:B${tricky.length + 1}`);
      range.load('values');
      await context.sync();
      return range.values;
    });
    expect(read.map((r) => r[0])).toEqual(['=说明', ...tricky]);
    expect(read.slice(1).map((r) => r[1])).toEqual(tricky.map((_, i) => i));

    // The host does make formulas of such text when nothing protects it: the check above can fail.
    const raw = await preview.excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem('石门乡').getRange('H1');
      range.values = [['=1+2']];
      range.load('values');
      await context.sync();
      return range.values[0][0];
    });
    expect(raw).toBe('#NAME?');
  });
});

describe('load and sync semantics of the preview host', () => {
  it('reading a property that was not loaded and synced throws PropertyNotLoaded', async () => {
    const { preview } = await openInPreview(await townshipWorkbook());
    await preview.excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem('石门乡').getRange('A1:B2');
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      range.load('values');
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
      await context.sync();
      expect(range.values).toEqual([['石门乡基本公共卫生服务项目进度表', ''], ['填报日期', 45473]]);
      expect(() => range.numberFormat).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }));
    });
  });

  it('writes are queued and applied at sync; a missing sheet fails at sync with ItemNotFound', async () => {
    const { preview } = await openInPreview(await townshipWorkbook());
    await expect(
      preview.excel.run(async (context) => {
        const ws = context.workbook.worksheets.getItem('石门乡');
        ws.getRange('H1').values = [['queued']];
        expect(preview.book.byName('石门乡')!.ws.getCell('H1').value).toBeNull();
        await context.sync();
        expect(preview.book.byName('石门乡')!.ws.getCell('H1').value).toBe('queued');
        context.workbook.worksheets.getItem('没有这个表').getRange('A1').load('values');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'ItemNotFound' });
  });
});

describe('host failures', () => {
  it('cell-edit mode is retried with backoff, then reported as a HostError', async () => {
    const { preview } = await openInPreview(await townshipWorkbook());
    const waits: number[] = [];
    const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities, sleep: async (ms) => void waits.push(ms) });
    preview.faults.failNextSyncs('InvalidOperationInCellEditMode', 2);
    expect((await host.listSheets()).map((s) => s.name)).toEqual(['石门乡', '城关镇']);
    expect(waits).toEqual([250, 500]);

    preview.faults.failNextSyncs('InvalidOperationInCellEditMode', 10);
    const error = await host.listSheets().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HostError);
    expect(error).toMatchObject({ kind: 'cell-edit-mode', code: 'InvalidOperationInCellEditMode' });
    expect((error as HostError).userMessage('zh-CN')).toContain('Enter');
  });

  it('a sheet deleted mid-run becomes a sheet-deleted HostError', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    // Small budget: one block a sync, so the user can delete the second sheet between them.
    const slow = createWorkbookHost(preview.excel, { capabilities: preview.capabilities, payloadBudgetBytes: 1500 });
    const error = await slow
      .readSheets((p) => {
        if (p.sheet === '石门乡' && p.done === p.total) preview.book.deleteSheet(preview.book.byName('城关镇')!);
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'sheet-deleted', code: 'ItemNotFound' });
    expect((await host.listSheets()).map((s) => s.name)).toEqual(['石门乡']);
  });

  it('a protected workbook (AccessDenied) is reported as protected', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    preview.faults.failNextSyncs('AccessDenied', 1);
    await expect(host.writeResults([])).rejects.toMatchObject({ kind: 'protected' });
  });
});

describe('selectCell, importFiles, overrides', () => {
  it('selectCell activates the sheet and selects the cell', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    await host.selectCell({ sheet: '城关镇', cell: 'D6' });
    expect(preview.book.activeSheetId).toBe(preview.book.byName('城关镇')!.id);
    expect(preview.book.selection).toEqual({ sheetId: preview.book.byName('城关镇')!.id, address: 'D6' });
    await expect(host.selectCell({ sheet: '不存在', cell: 'A1' })).rejects.toMatchObject({ kind: 'sheet-deleted' });
  });

  it('importFiles inserts every sheet of each file, renaming clashes as Excel does', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    const other = Buffer.from(await townshipWorkbook()).toString('base64');
    expect(await host.importFiles([{ name: 'b.xlsx', base64: other }])).toEqual(['石门乡 (2)', '城关镇 (2)']);
    const sheets = await host.readSheets();
    expect(sheets.map((s) => s.name)).toEqual(['石门乡', '城关镇', '石门乡 (2)', '城关镇 (2)']);
    expect(sheets[2].values).toEqual(sheets[0].values);
    expect(sheets[3]).toEqual({ ...sheets[1], name: '城关镇 (2)' });
    expect(preview.book.live()).toHaveLength(4);
  });

  it('importFiles without ExcelApi 1.13 says so by name', async () => {
    const preview = await openPreviewWorkbook(await townshipWorkbook(), 'county.xlsx');
    const host = createWorkbookHost(preview.excel, { capabilities: { insertWorksheetsFromBase64: false, mergedAreas: true } });
    await expect(host.importFiles([{ name: 'b.xlsx', base64: 'UEsDBA==' }])).rejects.toBeInstanceOf(UnsupportedFeatureError);
  });

  it('layout overrides are kept in the workbook, also through a download', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    expect(await host.loadOverrides()).toEqual([]);
    const overrides = [{ sheet: '石门乡', headerRows: { first: 2, last: 3 }, columnIndicators: { D: 'DM', E: null } }];
    await host.saveOverrides(overrides);
    const reopened = await openInPreview(await preview.save());
    expect(await reopened.host.loadOverrides()).toEqual(overrides);
    expect(reopened.preview.book.live().map((s) => s.ws.name)).toEqual(TOWNSHIPS.map((t) => t.name));
  });

  it('the sheets left out of the roll-up are kept in the workbook beside the corrections, also through a download and a run', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    expect(await host.loadExcludedSheets()).toEqual([]);
    const overrides = [{ sheet: '石门乡', facilityColumn: 0 }];
    await host.saveOverrides(overrides);
    await host.saveExcludedSheets(['城关镇', '填报说明', '城关镇']);
    expect(await host.loadExcludedSheets()).toEqual(['城关镇', '填报说明']);

    // A run writes its sheets and its own list of them; the user's choices stay as they were.
    await host.writeResults(results(await host.readSheets()));
    const reopened = await openInPreview(await preview.save());
    expect(await reopened.host.loadExcludedSheets()).toEqual(['城关镇', '填报说明']);
    expect(await reopened.host.loadOverrides()).toEqual(overrides);
    // Kept in the very hidden settings sheet of the file, never as a sheet the user sees.
    const saved = new ExcelJS.Workbook();
    await saved.xlsx.load(await preview.save());
    const settingsSheet = saved.getWorksheet(PREVIEW_SETTINGS_SHEET)!;
    expect(settingsSheet.state).toBe('veryHidden');
    const keys: unknown[] = [];
    settingsSheet.eachRow((row) => keys.push(row.getCell(1).value));
    expect(keys).toEqual(expect.arrayContaining([EXCLUDED_SHEETS_KEY, OVERRIDES_KEY, CREATED_SHEETS_KEY]));
    expect(reopened.preview.book.live().map((s) => s.ws.name)).not.toContain(PREVIEW_SETTINGS_SHEET);

    // Including every sheet again is remembered too.
    await reopened.host.saveExcludedSheets([]);
    expect(await (await openInPreview(await reopened.preview.save())).host.loadExcludedSheets()).toEqual([]);
  });

  it('a damaged excluded-sheets setting reads as nothing excluded; names that are not text are dropped', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    preview.book.settings.set(EXCLUDED_SHEETS_KEY, JSON.stringify({ not: 'a list' }));
    expect(await host.loadExcludedSheets()).toEqual([]);
    preview.book.settings.set(EXCLUDED_SHEETS_KEY, JSON.stringify(['石门乡', 7, null, '']));
    expect(await host.loadExcludedSheets()).toEqual(['石门乡']);
  });
});
