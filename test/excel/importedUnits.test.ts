// A county's results imported as one unit, through the Office.js adapter on the preview host: its
// 县级汇总 and 校验结果 under the county's name, remembered as one source across save and reopen,
// read back with that source; importing next month's replaces them, or keeps both, as the user chose.
import ExcelJS from 'exceljs';
import { resultWorkbookBytes } from '../../src/cli/writeWorkbook';
import { buildResultSheets, consolidate } from '../../src/engine';
import type { SheetInput } from '../../src/engine/types';
import { matchImportedUnits, unitPropertyValue, unitSheetName } from '../../src/excel/importedUnits';
import { createWorkbookHost, IMPORTED_UNITS_KEY } from '../../src/excel/workbookHost';
import { openPreviewWorkbook, previewOf } from '../../src/preview/workbookFile';
import { unitImportOf } from '../../src/taskpane/unitImport';

const HEADER = ['机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'];

function countyResult(unit: string, patients: number): string {
  const sheets: SheetInput[] = [{ name: '城关镇', values: [HEADER, ['城关镇卫生院', patients, 300]] }];
  const result = consolidate(sheets, { asOf: '2024-11-30', unitName: unit, runDate: '2024-12-05' });
  return resultWorkbookBytes(buildResultSheets(result, 'zh-CN')).toString('base64');
}

function cityHost(wb = new ExcelJS.Workbook()) {
  if (wb.worksheets.length === 0) wb.addWorksheet('说明').addRow(['临江市']);
  const preview = previewOf(wb, '临江市.xlsx');
  return { preview, host: createWorkbookHost(preview.excel, { capabilities: preview.capabilities }) };
}

const plan = (file: string) => {
  const p = unitImportOf(file, ['县级汇总', '完成情况', '校验结果', '县区对比', '机构明细'])!;
  return p.sheets;
};

it('names the sheets after the unit and hands them to the engine as one unit, also after save and reopen', async () => {
  const { preview, host } = cityHost();
  const names = await host.importUnit({ name: '青山县-汇总结果.xlsx', base64: countyResult('青山县', 400), sheets: plan('青山县-汇总结果.xlsx') });
  expect(names).toEqual(['青山县 县级汇总', '青山县 校验结果']);
  const read = await host.readSheets();
  expect(read.map((s) => [s.name, s.source ?? null, s.unitSheet ?? null])).toEqual([
    ['说明', null, null],
    ['青山县 县级汇总', '青山县-汇总结果.xlsx', 'rollup'],
    ['青山县 校验结果', '青山县-汇总结果.xlsx', 'issues'],
  ]);
  const result = consolidate(read, { asOf: '2024-11-30', unitName: '临江市' });
  expect(result.unitLevel).toBe('county');
  expect(result.rollup.map((r) => [r.name, r.values.HTN ?? null])).toEqual([['青山县', 400], ['临江市合计', 400]]);

  const reopened = await openPreviewWorkbook(await preview.save(), '临江市.xlsx');
  const again = createWorkbookHost(reopened.excel, { capabilities: reopened.capabilities });
  expect((await again.readSheets()).filter((s) => s.unitSheet).map((s) => s.source)).toEqual(['青山县-汇总结果.xlsx', '青山县-汇总结果.xlsx']);
});

it('next month’s results replace the unit’s sheets when the user says so; kept beside, they are a second source', async () => {
  const { preview, host } = cityHost();
  const file = { name: '青山县-汇总结果.xlsx', sheets: plan('青山县-汇总结果.xlsx') };
  await host.importUnit({ ...file, base64: countyResult('青山县', 400) });
  const replaced = await host.importUnit({ ...file, base64: countyResult('青山县', 500), replace: ['青山县 县级汇总', '青山县 校验结果'] });
  expect(replaced).toEqual(['青山县 县级汇总', '青山县 校验结果']);
  expect(preview.book.live().map((s) => s.ws.name)).toEqual(['说明', '青山县 县级汇总', '青山县 校验结果']);
  let result = consolidate(await host.readSheets(), { asOf: '2024-11-30' });
  expect(result.rollup.map((r) => r.values.HTN ?? null)).toEqual([500, 500]);
  expect(JSON.parse(preview.book.settings.get(IMPORTED_UNITS_KEY)!)).toHaveLength(2);

  const kept = await host.importUnit({ ...file, base64: countyResult('青山县', 600) });
  expect(kept).toEqual(['青山县 县级汇总(2)', '青山县 校验结果(2)']);
  const read = await host.readSheets();
  expect(new Set(read.filter((s) => s.unitSheet).map((s) => s.source))).toEqual(new Set(['青山县-汇总结果.xlsx', '青山县-汇总结果.xlsx (2)']));
  result = consolidate(read, { asOf: '2024-11-30' });
  // Both copies are added, and the engine says the same unit came twice.
  expect(result.rollup.map((r) => r.values.HTN ?? null)).toEqual([500, 600, 1100]);
  expect(result.issues.some((i) => i.code === 'unit-duplicate')).toBe(true);
});

/** The user renames a sheet in Excel. */
async function rename(excel: typeof Excel, from: string, to: string): Promise<void> {
  await excel.run(async (context) => {
    context.workbook.worksheets.getItem(from).name = to;
    await context.sync();
  });
}

const units = (read: SheetInput[]) => read.filter((s) => s.unitSheet).map((s) => [s.name, s.source, s.unitSheet]);

it('a unit’s sheet the user renamed is still that unit, in the session and after save and reopen', async () => {
  const { preview, host } = cityHost();
  await host.importUnit({ name: '青山县-汇总结果.xlsx', base64: countyResult('青山县', 400), sheets: plan('青山县-汇总结果.xlsx') });
  await host.importUnit({ name: '绿水县-汇总结果.xlsx', base64: countyResult('绿水县', 250), sheets: plan('绿水县-汇总结果.xlsx') });
  await rename(preview.excel, '青山县 县级汇总', '青山');
  const expected = [
    ['青山', '青山县-汇总结果.xlsx', 'rollup'],
    ['青山县 校验结果', '青山县-汇总结果.xlsx', 'issues'],
    ['绿水县 县级汇总', '绿水县-汇总结果.xlsx', 'rollup'],
    ['绿水县 校验结果', '绿水县-汇总结果.xlsx', 'issues'],
  ];
  expect(units(await host.readSheets())).toEqual(expected);
  const result = consolidate(await host.readSheets(), { asOf: '2024-11-30', unitName: '临江市' });
  expect(result.rollup.map((r) => [r.name, r.values.HTN ?? null])).toEqual([['青山县', 400], ['绿水县', 250], ['临江市合计', 650]]);

  // Reopened, the sheets have new ids: the sheet's own mark says which unit it is.
  const reopened = await openPreviewWorkbook(await preview.save(), '临江市.xlsx');
  const again = createWorkbookHost(reopened.excel, { capabilities: reopened.capabilities });
  expect(units(await again.readSheets())).toEqual(expected);
  await rename(reopened.excel, '绿水县 校验结果', '绿水 校验');
  expect(units(await again.readSheets())).toEqual([...expected.slice(0, 3), ['绿水 校验', '绿水县-汇总结果.xlsx', 'issues']]);

});

it('in Excel without custom properties a renamed sheet is the unit for the session; reopened, the run says the unit is missing, never misreads it', async () => {
  const { preview } = cityHost();
  const older = { ...preview.capabilities, customProperties: false };
  const host = createWorkbookHost(preview.excel, { capabilities: older });
  await host.importUnit({ name: '青山县-汇总结果.xlsx', base64: countyResult('青山县', 400), sheets: plan('青山县-汇总结果.xlsx') });
  await host.importUnit({ name: '绿水县-汇总结果.xlsx', base64: countyResult('绿水县', 250), sheets: plan('绿水县-汇总结果.xlsx') });
  await rename(preview.excel, '青山县 县级汇总', '青山');
  expect(units(await host.readSheets())[0]).toEqual(['青山', '青山县-汇总结果.xlsx', 'rollup']);

  const reopened = await openPreviewWorkbook(await preview.save(), '临江市.xlsx');
  const again = createWorkbookHost(reopened.excel, { capabilities: { ...reopened.capabilities, customProperties: false } });
  const result = consolidate(await again.readSheets(), { asOf: '2024-11-30', unitName: '临江市' });
  const missing = result.issues.find((i) => i.code === 'unit-rollup-missing');
  expect(missing).toMatchObject({ severity: 'error', source: '青山县-汇总结果.xlsx', sheet: '青山县 校验结果' });
  expect(missing?.message).toBe(
    '“青山县-汇总结果.xlsx”导入的校验结果（青山县 校验结果）在本工作簿中，其县级汇总却不在（工作表被改名或删除）：该单位未计入合计。请把改名的工作表改回原名，或重新导入该文件',
  );
  expect(result.rollup.map((r) => [r.name, r.values.HTN ?? null])).toEqual([['绿水县', 250], ['临江市合计', 250]]);
});

it('a copy of a unit’s sheet carries its mark, but while the unit’s own sheet is there the copy is not the unit', () => {
  const record = [{ sheet: '绿水县 县级汇总', source: '绿水县-汇总结果.xlsx', part: 'rollup' as const, id: '{old}' }];
  const mark = unitPropertyValue(record[0]);
  const sheets = [
    { id: '{a}', name: '绿水县 县级汇总' },
    { id: '{b}', name: '绿水县 县级汇总 (2)' },
  ];
  const properties = new Map([['{a}', mark], ['{b}', mark]]);
  expect([...matchImportedUnits(sheets, record, properties).keys()]).toEqual(['{a}']);
  // Renamed and copied: one of them is the unit, never both.
  expect(matchImportedUnits([{ id: '{a}', name: '绿水' }, sheets[1]], record, properties).size).toBe(1);
});

it('a unit name too long for a sheet name is cut to Excel’s 31 characters, and characters Excel refuses replaced', () => {
  expect(unitSheetName('某某省某某市某某县[试点]:第一片区卫生健康统计单位', '县级汇总')).toHaveLength(31);
  expect(unitSheetName('A/B县', '校验结果')).toBe('A_B县 校验结果');
});
