// One level up through the command line, on real .xlsx files: each county runs the tool with
// --unit-name, then the city runs the same command over the counties' result workbooks.
import { promises as fs } from 'node:fs';
import type ExcelJS from 'exceljs';
import { run } from '../../src/cli/main';
import type { SummaryJson } from '../../src/engine';
import { addSheet, captureIo, HEADER, readBack, scratchDir, soundTownship, writeWorkbook } from './helpers';

const tmp = scratchDir('city');
afterAll(() => tmp.cleanup());

const AS_OF = ['--as-of', '2024-11-30'];

async function summaryOf(args: string[], name: string): Promise<{ summary: SummaryJson; out: string; err: string; code: number }> {
  const io = captureIo();
  const json = tmp.file(`${name}.json`);
  const code = await run([...args, ...AS_OF, '--json', json], io);
  const summary = code === 2 ? (null as unknown as SummaryJson) : (JSON.parse(await fs.readFile(json, 'utf8')) as SummaryJson);
  return { summary, out: io.out(), err: io.err(), code };
}

/** Each row's values from column A on, as ExcelJS reads them back. */
const rowsOf = (sheet: ExcelJS.Worksheet): unknown[][] => sheet.getSheetValues().slice(1).map((r) => ((r as unknown[]) ?? []).slice(1));

let qingshan: string; // 青山县's township reports
let lvshui: string; // 绿水县's
let qingshanResult: string;
let lvshuiResult: string;
let cityDefinitions: string;

beforeAll(async () => {
  qingshan = await writeWorkbook(tmp.file('青山县报表.xlsx'), (wb) => {
    addSheet(wb, '城关镇', soundTownship('城关镇'));
    // 大坪村卫生室 gives its 患者数 but not its 规范管理人数 (an error): the rate leaves it out, so 石门乡's
    // Σ分母 (950) is not its 患者数 (1100), and 县级汇总 must carry the rate's own 分子 and 分母.
    addSheet(wb, '石门乡', [
      HEADER,
      [1, '石门乡卫生院', 8000, 700, 500, 71.43],
      [2, '大坪村卫生室', 2000, 150, 'XX', null],
      [3, '小河村卫生室', 3000, 250, 160, 64],
    ]);
  });
  lvshui = await writeWorkbook(tmp.file('绿水县报表.xlsx'), (wb) => {
    addSheet(wb, '白沙镇', [HEADER, [1, '白沙镇卫生院', 20000, 3000, 1200, 40], [2, '南村卫生室', 1000, 100, 90, 90]]);
    addSheet(wb, '龙泉乡', [HEADER, [1, '龙泉乡卫生院', 5000, 400, 380, 95]]);
  });
  qingshanResult = tmp.file('青山县-汇总结果.xlsx');
  lvshuiResult = tmp.file('绿水县-汇总结果.xlsx');
  expect(await run([qingshan, ...AS_OF, '--unit-name', '青山县', '--out', qingshanResult], captureIo())).toBe(0);
  expect(await run([lvshui, ...AS_OF, '--unit-name', '绿水县', '--out', lvshuiResult], captureIo())).toBe(0);

  // The city's definitions: the catalog with a 任务数 per county.
  cityDefinitions = tmp.file('市定义.xlsx');
  expect(await run(['--write-catalog', cityDefinitions], captureIo())).toBe(0);
  const wb = await readBack(cityDefinitions);
  const targets = wb.getWorksheet('任务数')!;
  const headers = (targets.getRow(1).values as unknown[]).map(String);
  targets.getCell(1, 1).value = '县';
  targets.getRow(2).getCell(1).value = '青山县';
  targets.getRow(2).getCell(headers.indexOf('高血压患者规范管理率')).value = 70;
  targets.getRow(3).getCell(1).value = '绿水县';
  targets.getRow(3).getCell(headers.indexOf('高血压患者规范管理率')).value = 50;
  await wb.xlsx.writeFile(cityDefinitions);
});

describe('--unit-name on a county', () => {
  it('titles every result sheet and names the total row; 县级汇总 carries the rate’s 分子 and 分母', async () => {
    const wb = await readBack(qingshanResult);
    for (const sheet of wb.worksheets) expect(String(sheet.getCell('A1').value)).toBe(`青山县 2024年1-11月 ${sheet.name}（制表日期：2024-12-05）`);
    const rows = rowsOf(wb.getWorksheet('县级汇总')!);
    const header = rows[1].map(String);
    expect(header.slice(0, 2)).toEqual(['乡镇', '机构数']);
    expect(header).toContain('高血压患者规范管理率分子');
    expect(header).toContain('高血压患者规范管理率分母');
    const total = rows[rows.length - 1];
    expect(total[0]).toBe('青山县合计');
    expect(total[header.indexOf('高血压患者数（人）')]).toBe(2200);
    // 大坪村卫生室 has no 规范管理人数: its 150 patients are in 患者数 but not in the rate's 分母.
    expect(total[header.indexOf('高血压患者规范管理率分子')]).toBe(1420);
    expect(total[header.indexOf('高血压患者规范管理率分母')]).toBe(2050);
    // The header is on row 2: frozen under it, filtered on it.
    expect(wb.getWorksheet('县级汇总')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    expect(wb.getWorksheet('县级汇总')!.autoFilter).toMatch(/^A2:[A-Z]+2$/);
  });

  it('without a unit name the sheets are as before: header on row 1, 全县合计', async () => {
    const out = tmp.file('无名称.xlsx');
    expect(await run([lvshui, ...AS_OF, '--out', out], captureIo())).toBe(0);
    const rows = rowsOf((await readBack(out)).getWorksheet('县级汇总')!);
    expect(rows[0][0]).toBe('乡镇');
    expect(rows[rows.length - 1][0]).toBe('全县合计');
  });

  it('reads its own titled results back: 机构明细 with --previous, 情况说明 with --notes', async () => {
    const noted = tmp.file('青山县-已说明.xlsx');
    const wb = await readBack(qingshanResult);
    const issues = wb.getWorksheet('校验结果')!;
    const header = (issues.getRow(2).values as unknown[]).map((v) => String(v ?? ''));
    issues.eachRow((row, n) => {
      if (n > 2 && row.getCell(header.indexOf('单元格')).text === 'E3') row.getCell(header.indexOf('情况说明')).value = '村医休假，12月补报';
    });
    await wb.xlsx.writeFile(noted);
    const { summary, out } = await summaryOf([qingshan, '--unit-name', '青山县', '--previous', qingshanResult, '--notes', noted], 'again');
    expect(out).toContain('与上期（2024-11-30）比较');
    expect(summary.issues.filter((i) => i.code === 'not-reported-now')).toEqual([]);
    expect(summary.issues.find((i) => i.cell === 'E3' && i.severity === 'error')?.note).toBe('村医休假，12月补报');
  });
});

describe('a city rolls up its counties’ result workbooks', () => {
  it('one unit per county from its total row; rates recomputed from Σ分子/Σ分母, as if all townships were rolled up together', async () => {
    const city = await summaryOf([qingshanResult, lvshuiResult], 'city');
    expect(city.code).toBe(0);
    expect(city.summary.unitLevel).toBe('county');
    expect(city.summary.rollup.map((r) => [r.level, r.name, r.facilities])).toEqual([
      ['township', '青山县', 6],
      ['township', '绿水县', 3],
      ['county', '全市合计', 9],
    ]);

    // The same townships rolled up in one run: the city's figures to the last digit.
    const together = await summaryOf([qingshan, lvshui], 'together');
    const direct = together.summary.rollup.find((r) => r.level === 'county')!;
    const total = city.summary.rollup.find((r) => r.level === 'county')!;
    for (const code of ['POP', 'HTN', 'HTN_STD', 'HTN_RATE']) expect([code, total.values[code]]).toEqual([code, direct.values[code]]);
    expect(total.values.HTN_RATE).toBe((3090 / 5550) * 100);

    // Averaging the counties' rates would be wrong: (69.27 % + 47.71 %) ÷ 2 = 58.49 %, not 55.68 %.
    const [a, b] = city.summary.rollup.map((r) => r.values.HTN_RATE as number);
    expect(a).toBeCloseTo((1420 / 2050) * 100, 10);
    expect(b).toBeCloseTo((1670 / 3500) * 100, 10);
    expect(Math.abs((a + b) / 2 - (total.values.HTN_RATE as number))).toBeGreaterThan(2.8);
  });

  it('names each county’s remaining errors in one line, without reporting them as the city’s', async () => {
    const city = await summaryOf([qingshanResult, lvshuiResult], 'city-issues');
    expect(city.summary.counts.errors).toBe(0);
    expect(city.summary.issues.some((i) => i.code === 'placeholder' || i.cell === 'E3')).toBe(false);
    expect(city.summary.units).toEqual([
      { name: '青山县', source: '青山县-汇总结果.xlsx', errors: 1, warnings: expect.any(Number) },
      { name: '绿水县', source: '绿水县-汇总结果.xlsx', errors: 0, warnings: 0 },
    ]);
    const line = city.summary.issues.find((i) => i.code === 'unit-read' && i.source === '青山县-汇总结果.xlsx')!;
    expect(line.severity).toBe('info');
    expect(line.message).toContain('错误 1 条');
    expect(city.out).toContain('青山县 错误 1 条');
  });

  it('writes the city’s 县级汇总 / 完成情况 / 校验结果 with 任务数 per county and the city’s name', async () => {
    const out = tmp.file('临江市-汇总结果.xlsx');
    const { summary, code } = await summaryOf([qingshanResult, lvshuiResult, '--definitions', cityDefinitions, '--unit-name', '临江市', '--out', out], 'city-named');
    expect(code).toBe(0);
    expect(summary.rollup.map((r) => r.name)).toEqual(['青山县', '绿水县', '临江市合计']);
    const targets = summary.completion.filter((c) => c.indicator === 'HTN_RATE').map((c) => [c.level, c.name, c.target, c.status]);
    expect(targets).toEqual([
      ['county', '临江市合计', 60, 'unmet'],
      ['township', '青山县', 70, 'unmet'],
      ['township', '绿水县', 50, 'unmet'],
    ]);

    const wb = await readBack(out);
    // The units are counties: the side-by-side sheet says so, in its name and its first column.
    expect(wb.worksheets.map((s) => s.name)).toEqual(['县级汇总', '完成情况', '校验结果', '县区对比', '机构明细']);
    expect(rowsOf(wb.getWorksheet('县区对比')!)[1][0]).toBe('县');
    const rollup = rowsOf(wb.getWorksheet('县级汇总')!);
    expect(rollup[0][0]).toBe('临江市 2024年1-11月 县级汇总（制表日期：2024-12-05）');
    expect(rollup[1][0]).toBe('县');
    expect(rollup.slice(2).map((r) => r[0])).toEqual(['青山县', '绿水县', '临江市合计']);
    const completion = rowsOf(wb.getWorksheet('完成情况')!);
    expect(new Set(completion.slice(2).map((r) => r[1]))).toEqual(new Set(['市', '县']));
  });

  it('and a province rolls up its cities the same way (村 → 乡镇 → 县 → 市 → 省)', async () => {
    const cityOut = tmp.file('临江市.xlsx');
    expect(await run([qingshanResult, lvshuiResult, ...AS_OF, '--unit-name', '临江市', '--out', cityOut], captureIo())).toBe(0);
    const { summary } = await summaryOf([cityOut], 'province');
    expect(summary.unitLevel).toBe('city');
    expect(summary.rollup.map((r) => r.name)).toEqual(['临江市', '全省合计']);
    expect(summary.rollup[1].values.HTN_RATE).toBe((3090 / 5550) * 100);
  });

  it('refuses a result workbook given with township reports, naming both', async () => {
    const mixed = await summaryOf([qingshanResult, lvshui], 'mixed');
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('青山县-汇总结果.xlsx 是本工具写出的汇总结果');
    expect(mixed.err).toContain('绿水县报表.xlsx 是下一级的报表');
  });
});
