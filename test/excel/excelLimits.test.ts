// The adapter against what Excel documents and the preview host now enforces: 512 merged areas a read,
// the last visible sheet, ids that change on reopening, insertWorksheetsFromBase64 returning ids, the
// 5 MB request, valueTypes, the 1904 date system, read-only and protected workbooks, co-authoring.
import ExcelJS from 'exceljs';
import { buildResultSheets, consolidate } from '../../src/engine';
import type { ResultSheet } from '../../src/engine/types';
import { FileTooLargeError, HostError } from '../../src/excel/errors';
import { CREATED_SHEETS_KEY, TEMPORARY_PREFIX } from '../../src/excel/ownSheets';
import { createWorkbookHost, EXCLUDED_SHEETS_KEY } from '../../src/excel/workbookHost';
import type { WorkbookHost } from '../../src/excel/host';
import { openPreviewWorkbook, previewOf, type PreviewWorkbook } from '../../src/preview/workbookFile';
import { openInPreview, toArrayBuffer, townshipWorkbook } from './workbooks';

jest.setTimeout(120_000);

const RESULT_NAMES = ['县级汇总', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况'];

async function runOnce(host: WorkbookHost): Promise<ResultSheet[]> {
  const sheets = buildResultSheets(consolidate(await host.readSheets(), { asOf: '2024-06-30' }), 'zh-CN');
  await host.writeResults(sheets);
  return sheets;
}

const names = (preview: PreviewWorkbook): string[] => preview.book.live().map((s) => s.ws.name);

/** A township sheet whose facility names are merged across A:B, one merged area a row. */
async function mergedNamesWorkbook(facilities: number): Promise<ArrayBuffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('石门乡');
  ws.getRow(1).values = ['机构名称', '', '高血压患者数（人）', '高血压规范管理人数（人）'];
  ws.mergeCells(1, 1, 1, 2);
  for (let i = 0; i < facilities; i++) {
    ws.getRow(i + 2).values = [`第${i + 1}村卫生室`, null, 10 + (i % 7), 5 + (i % 5)];
    ws.mergeCells(i + 2, 1, i + 2, 2);
  }
  return toArrayBuffer(await wb.xlsx.writeBuffer());
}

describe('merged areas: at most 512 in one getMergedAreasOrNullObject', () => {
  it('the preview refuses a range holding more than 512, as Excel does', async () => {
    const preview = await openPreviewWorkbook(await mergedNamesWorkbook(600), 'm.xlsx');
    await expect(
      preview.excel.run(async (context) => {
        context.workbook.worksheets.getItem('石门乡').getRange('A1:D601').getMergedAreasOrNullObject().load('address');
        await context.sync();
      }),
    ).rejects.toMatchObject({ name: 'RichApi.Error' });
  });

  it('a 600-facility sheet with merged names is read whole, every merged name kept', async () => {
    const { host, preview } = await openInPreview(await mergedNamesWorkbook(600));
    const [sheet] = await host.readSheets();
    expect(sheet.values).toHaveLength(601);
    expect(sheet.merges).toHaveLength(601);
    expect(sheet.merges).toContainEqual({ top: 600, left: 0, bottom: 600, right: 1 });
    expect(sheet.values[600][0]).toBe('第600村卫生室');
    expect(preview.stats.syncs).toBeLessThan(10);
    const result = consolidate([sheet], { asOf: '2024-06-30' });
    expect(result.sheets[0].status).toBe('table');
  });

  it('RangeAreas.address joins areas with ", " and the adapter reads it', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    const address = await preview.excel.run(async (context) => {
      const areas = context.workbook.worksheets.getItem('石门乡').getRange('A1:E4').getMergedAreasOrNullObject();
      areas.load('address');
      await context.sync();
      return areas.address;
    });
    expect(address).toContain(', ');
    const shimen = (await host.readSheets()).find((s) => s.name === '石门乡')!;
    expect(shimen.merges).toHaveLength(4);
  });
});

describe('re-running: the new result sheets are added before the old ones go', () => {
  async function hiddenTownships(): Promise<ArrayBuffer> {
    return townshipWorkbook((wb) => {
      for (const ws of wb.worksheets) ws.state = 'hidden';
      wb.addWorksheet('说明').getCell('A1').value = '临时';
    });
  }

  it('when the result sheets are the only visible ones, a re-run replaces them', async () => {
    const { host, preview } = await openInPreview(await hiddenTownships());
    await runOnce(host);
    preview.book.deleteSheet(preview.book.byName('说明')!);
    const visible = () => preview.book.live().filter((s) => s.ws.state === 'visible').map((s) => s.ws.name);
    expect(visible()).toEqual(RESULT_NAMES);
    await runOnce(host);
    expect(names(preview)).toEqual(['石门乡', '城关镇', ...RESULT_NAMES]);
  });

  it('a failure at any sync of a re-run keeps a full set of results; the next run leaves exactly one set', async () => {
    const probe = await openInPreview(await townshipWorkbook());
    await runOnce(probe.host);
    const before = probe.preview.stats.syncs;
    await runOnce(probe.host);
    const syncsOfRun = probe.preview.stats.syncs - before;
    expect(syncsOfRun).toBeGreaterThan(4);

    for (let k = 0; k < syncsOfRun; k++) {
      const { host, preview } = await openInPreview(await townshipWorkbook());
      await runOnce(host);
      const firstRollup = preview.book.byName('县级汇总')!.ws.getCell('A2').value;
      preview.faults.failAfter(k, 'GeneralException');
      await expect(runOnce(host)).rejects.toBeInstanceOf(HostError);

      // Whatever stage failed, each result is still there in full under its name or a temporary one.
      const rollups = preview.book.live().filter((s) => s.ws.getCell('A2').value === firstRollup && s.ws.getCell('A1').value === '乡镇');
      expect(rollups.length).toBeGreaterThanOrEqual(1);
      expect(names(preview).slice(0, 2)).toEqual(['石门乡', '城关镇']);

      // The next run (after a download and reopen: new ids) cleans up and leaves one set.
      const reopened = await openInPreview(await preview.save());
      await runOnce(reopened.host);
      expect(names(reopened.preview)).toEqual(['石门乡', '城关镇', ...RESULT_NAMES]);
      expect(names(reopened.preview).some((n) => n.startsWith(TEMPORARY_PREFIX))).toBe(false);
    }
  });
});

describe('own sheets after closing and reopening (ids are not kept)', () => {
  it.each([
    ['custom properties (ExcelApi 1.12)', true],
    ['the header row, where custom properties are missing', false],
  ])('next month replaces last month’s sheets, recognised by %s', async (_how, customProperties) => {
    const open = async (data: ArrayBuffer) => {
      const preview = await openPreviewWorkbook(data, 'county.xlsx', { sheetIds: 'regenerated' });
      const capabilities = { ...preview.capabilities, customProperties };
      return { preview, host: createWorkbookHost(preview.excel, { capabilities, sleep: async () => {} }) };
    };
    const first = await open(await townshipWorkbook());
    await runOnce(first.host);
    const oldIds = first.preview.book.live().map((s) => s.id);

    const next = await open(await first.preview.save());
    expect(next.preview.book.live().map((s) => s.id).some((id) => oldIds.includes(id))).toBe(false);
    expect((await next.host.listSheets()).filter((s) => s.createdByAddin).map((s) => s.name)).toEqual(RESULT_NAMES);
    await runOnce(next.host);
    expect(names(next.preview)).toEqual(['石门乡', '城关镇', ...RESULT_NAMES]);
  });

  it('a sheet with the remembered name but not our mark is the user’s', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    await runOnce(host);
    const reopened = await openPreviewWorkbook(await preview.save(), 'county.xlsx');
    // The user deleted our 完成情况 and made their own under that name.
    reopened.book.deleteSheet(reopened.book.byName('完成情况')!);
    reopened.book.addSheet('完成情况').ws.getCell('A1').value = '我的完成情况';
    const host2 = createWorkbookHost(reopened.excel, { capabilities: reopened.capabilities });
    await runOnce(host2);
    expect(names(reopened)).toEqual(['石门乡', '城关镇', '完成情况', '县级汇总', '完成情况(2)', '校验结果', '乡镇对比', '机构明细', '上报情况']);
    expect(reopened.book.byName('完成情况')!.ws.getCell('A1').value).toBe('我的完成情况');
  });
});

describe('importing township files', () => {
  it('insertWorksheetsFromBase64 gives ids; the pane is told the sheet names', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    const other = Buffer.from(await townshipWorkbook()).toString('base64');
    const ids = await preview.excel.run(async (context) => {
      const result = context.workbook.insertWorksheetsFromBase64(other);
      await context.sync();
      return result.value;
    });
    expect(ids).toEqual(preview.book.live().slice(2).map((s) => s.id));
    expect(ids.every((id) => /^\{[0-9A-F-]+\}$/.test(id))).toBe(true);
    expect(await host.importFiles([{ name: 'b.xlsx', base64: other }])).toEqual(['石门乡 (3)', '城关镇 (3)']);
  });

  it('a file over Excel on the web’s 5 MB request is refused before anything is sent', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    const small = Buffer.from(await townshipWorkbook()).toString('base64');
    const big = 'A'.repeat(5_000_000);
    const syncs = preview.stats.syncs;
    const error = await host.importFiles([{ name: 'small.xlsx', base64: small }, { name: '大文件.xlsx', base64: big }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileTooLargeError);
    expect((error as HostError).userMessage('zh-CN')).toContain('5 MB');
    expect((error as HostError).userMessage('zh-CN')).toContain('大文件.xlsx');
    expect((error as HostError).userMessage('en')).toContain('Excel on the web');
    expect(preview.stats.syncs).toBe(syncs);
    expect(names(preview)).toEqual(['石门乡', '城关镇']);
  });
});

describe('reading what the cells hold', () => {
  it('a row too large for any request is reported with the response code', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('宽表');
    const text = 'x'.repeat(30_000);
    ws.getRow(1).values = Array.from({ length: 180 }, () => text);
    const preview = previewOf(wb, 'wide.xlsx');
    const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities });
    await expect(host.readSheets()).rejects.toMatchObject({ kind: 'payload-too-large', code: 'ResponsePayloadSizeLimitExceeded' });
  });

  it('sheets the user left out are not read', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    await host.saveExcludedSheets(['城关镇']);
    const read = await host.readSheets();
    expect(read.map((s) => s.name)).toEqual(['石门乡', '城关镇']);
    expect(read[1].values).toEqual([]);
    expect(read[0].values.length).toBeGreaterThan(5);
    expect(preview.book.settings.get(EXCLUDED_SHEETS_KEY)).toBe('["城关镇"]');
    const result = consolidate(read, { asOf: '2024-06-30', excludedSheets: ['城关镇'] });
    expect(result.sheets.find((l) => l.sheet === '城关镇')!.skipReason).toBe('excluded');
  });

  it('text that reads #N/A is text; an error value is an error', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('石门乡');
    ws.getCell('A1').value = '#N/A';
    ws.getCell('B1').value = { error: '#N/A' } as ExcelJS.CellErrorValue;
    ws.getCell('C1').value = '#DIV/0!';
    const { host } = await openInPreview(toArrayBuffer(await wb.xlsx.writeBuffer()));
    const [sheet] = await host.readSheets();
    expect(sheet.values[0]).toEqual(['#N/A', { error: '#N/A' }, '#DIV/0!']);
  });

  it('a workbook on the 1904 date system reads its dates as the dates they show', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet('石门乡');
    ws.getCell('A1').value = '填报日期';
    ws.getCell('B1').value = new Date(Date.UTC(2024, 5, 30));
    ws.getCell('B1').numFmt = 'yyyy-mm-dd';
    const { host, preview } = await openInPreview(toArrayBuffer(await wb.xlsx.writeBuffer()));
    expect(preview.book.date1904).toBe(true);
    const raw = await preview.excel.run(async (context) => {
      const r = context.workbook.worksheets.getItem('石门乡').getRange('B1');
      r.load('values');
      await context.sync();
      return r.values[0][0];
    });
    expect(raw).toBe(45473 - 1462);
    const [sheet] = await host.readSheets();
    expect(sheet.values[0][1]).toEqual(new Date(Date.UTC(2024, 5, 30)));
  });
});

describe('writing: calculation, hyperlinks, workbooks Excel will not change', () => {
  afterEach(() => {
    delete (globalThis as { Office?: unknown }).Office;
  });

  it('calculation is suspended where ExcelApi 1.6 is supported, and requested once the sheets are written', async () => {
    const supported = (v: string) => Number(v.split('.')[1]) <= 7;
    (globalThis as { Office?: unknown }).Office = { context: { requirements: { isSetSupported: (_n: string, v: string) => supported(v) }, platform: 'PC' } };
    const preview = await openPreviewWorkbook(await townshipWorkbook(), 'county.xlsx');
    const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities });
    await runOnce(host);
    expect(preview.stats.calculationSuspendedSyncs).toBeGreaterThan(0);
    expect(preview.book.calculations).toBe(1);
  });

  it('校验结果 links at most 65,530 rows, the limit of a sheet, in requests under the budget', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('石门乡').getCell('A1').value = 'x';
    const preview = previewOf(wb, 'w.xlsx');
    const host = createWorkbookHost(preview.excel, { capabilities: preview.capabilities });
    const rows = Array.from({ length: 66_000 }, (_, i) => ['警告', '石门乡', `D${i + 2}`]);
    await host.writeResults([
      {
        name: '校验结果',
        kind: 'issues',
        columns: ['级别', '工作表', '单元格'].map((header) => ({ header, width: 12, format: 'text' as const })),
        rows,
        links: rows.map((r) => ({ sheet: '石门乡', cell: String(r[2]) })),
        freeze: { rows: 1, columns: 0 },
      },
    ]);
    const ws = preview.book.byName('校验结果')!.ws;
    expect(ws.getCell('C65531').value).toEqual({ text: 'D65531', hyperlink: "'石门乡'!D65531" });
    expect(ws.getCell('C65532').value).toBe('D65532');
    expect(preview.stats.largestRequestBytes).toBeLessThanOrEqual(4_000_000);
  });

  it.each([
    ['read-only', (p: PreviewWorkbook) => void (p.book.readOnly = true)],
    ['protected', (p: PreviewWorkbook) => void (p.book.structureProtected = true)],
  ])('a %s workbook: a clear message and nothing written', async (kind, prepare) => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    await runOnce(host);
    const settings = preview.book.settings.get(CREATED_SHEETS_KEY);
    prepare(preview);
    const error = await runOnce(host).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind });
    expect((error as HostError).userMessage('zh-CN')).toMatch(/什么也没有改动/);
    expect((error as HostError).userMessage('en')).toMatch(/nothing was changed/);
    expect(names(preview)).toEqual(['石门乡', '城关镇', ...RESULT_NAMES]);
    expect(preview.book.settings.get(CREATED_SHEETS_KEY)).toBe(settings);
  });

  it('a protected township sheet does not stop a run: the add-in never writes it', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    await runOnce(host);
    // Excel lets a protected sheet be deleted, not changed: the new sheets are written, then swapped.
    preview.book.protectedSheets.add(preview.book.byName('石门乡')!.id);
    await runOnce(host);
    expect(names(preview)).toEqual(['石门乡', '城关镇', ...RESULT_NAMES]);
  });

  it('a change refused because someone else is editing (co-authoring) says so', async () => {
    const { host, preview } = await openInPreview(await townshipWorkbook());
    preview.faults.failNextSyncs('Conflict', 1);
    const error = await host.listSheets().catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'co-authoring' });
    expect((error as HostError).userMessage('zh-CN')).toContain('同时编辑');
  });
});

describe('the preview host is as strict as Excel', () => {
  it('refuses to delete the last visible sheet and a very hidden one', async () => {
    const { preview } = await openInPreview(
      await townshipWorkbook((wb) => {
        wb.getWorksheet('城关镇')!.state = 'veryHidden';
      }),
    );
    const del = (name: string) =>
      preview.excel.run(async (context) => {
        context.workbook.worksheets.getItem(name).delete();
        await context.sync();
      });
    await expect(del('城关镇')).rejects.toMatchObject({ code: 'InvalidOperation' });
    await expect(del('石门乡')).rejects.toMatchObject({ code: 'InvalidOperation' });
    expect(names(preview)).toEqual(['石门乡', '城关镇']);
  });

  it('refuses ranges past 1,048,576 rows × 16,384 columns and reads of more than five million cells', async () => {
    const { preview } = await openInPreview(await townshipWorkbook());
    const read = (r: number, c: number, rows: number, cols: number) =>
      preview.excel.run(async (context) => {
        const range = context.workbook.worksheets.getItem('石门乡').getRangeByIndexes(r, c, rows, cols);
        range.load('rowCount');
        await context.sync();
        return range.rowCount;
      });
    expect(await read(1_048_575, 16_383, 1, 1)).toBe(1);
    await expect(read(1_048_575, 0, 2, 1)).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(read(0, 16_383, 1, 2)).rejects.toMatchObject({ code: 'InvalidArgument' });
    await expect(
      preview.excel.run(async (context) => {
        context.workbook.worksheets.getItem('石门乡').getRangeByIndexes(0, 0, 1_048_576, 5).load('values');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'RangeExceedsLimit' });
  });

  it('rejects a request over 5,000,000 bytes and counts each action’s overhead', async () => {
    const { preview } = await openInPreview(await townshipWorkbook());
    const write = (bytes: number) =>
      preview.excel.run(async (context) => {
        context.workbook.worksheets.getItem('石门乡').getRange('H1').values = [['x'.repeat(bytes)]];
        await context.sync();
      });
    await expect(write(5_000_000)).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    const before = preview.stats.requests.length;
    await preview.excel.run(async (context) => {
      for (let r = 1; r <= 100; r++) context.workbook.worksheets.getItem('石门乡').getRange(`H${r}`).values = [[r]];
      await context.sync();
    });
    const record = preview.stats.requests[before];
    expect(record.actions).toBe(100);
    expect(record.requestBytes).toBeGreaterThan(100 * 250);
    expect(record.modelledMs).toBeGreaterThan(60);
  });

  it('rejects "History" as a sheet name', async () => {
    const { preview } = await openInPreview(await townshipWorkbook());
    await expect(
      preview.excel.run(async (context) => {
        context.workbook.worksheets.add('history');
        await context.sync();
      }),
    ).rejects.toMatchObject({ code: 'InvalidArgument' });
  });
});
