// The command line run in-process on real .xlsx files: outputs, exit codes, one-line failures,
// inputs left untouched, --explain, --write-catalog round trip, --lang en.
import { promises as fs, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { run } from '../../src/cli/main';
import type { SummaryJson } from '../../src/engine';
import { addSheet, captureIo, HEADER, readBack, scratchDir, soundTownship, writeWorkbook } from './helpers';

const tmp = scratchDir('cli');
afterAll(() => tmp.cleanup());

let county: string;
let extra: string;
let flawed: string;

beforeAll(async () => {
  county = await writeWorkbook(tmp.file('县报表.xlsx'), (wb) => {
    addSheet(wb, '石门乡', soundTownship('石门乡'));
    addSheet(wb, '白沙镇', soundTownship('白沙镇'));
    addSheet(wb, '填报说明', [['各乡镇于每月3日前报送。']]);
  });
  extra = await writeWorkbook(tmp.file('龙泉乡.xlsx'), (wb) => {
    addSheet(wb, '龙泉乡', soundTownship('龙泉乡'));
  });
  // 桃源乡: a placeholder (error), a rule failure (error) and a facility whose name looks like a formula.
  flawed = await writeWorkbook(tmp.file('桃源乡.xlsx'), (wb) => {
    addSheet(wb, '桃源乡', [
      ['桃源乡统计表'],
      HEADER,
      [1, '桃源乡卫生院', 8000, 'XX', 500, null],
      [2, '=SUM(C3:C4)', 2000, 150, 170, null],
      [3, '=SUM(C3:C4)', 2000, 150, 100, null],
    ]);
  });
});

const exists = async (file: string): Promise<boolean> =>
  fs.stat(file).then(
    () => true,
    () => false,
  );

describe('a run with results', () => {
  it('writes the result workbook, prints a short summary and exits 0', async () => {
    const io = captureIo();
    const out = tmp.file('result.xlsx');
    const code = await run([county, '--as-of', '2024-11-30', '--out', out], io);
    expect(code).toBe(0);
    expect(io.err()).toBe('');
    expect(io.out()).toContain('统计截止日期 2024-11-30');
    expect(io.out()).toContain(`结果工作簿：${out}`);
    const wb = await readBack(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['县级汇总', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
    const rollup = wb.getWorksheet('县级汇总')!;
    const names = rollup.getColumn(1).values.slice(2);
    expect(names).toEqual(['石门乡', '白沙镇', '全县合计']);
    expect(rollup.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    const header = (rollup.getRow(1).values as unknown[]).slice(1);
    const popColumn = header.indexOf('常住人口数（人）') + 1;
    expect(popColumn).toBeGreaterThan(0);
    expect(rollup.getRow(4).getCell(popColumn).value).toBe(26000);
    expect(rollup.getRow(4).getCell(1).font?.bold).toBe(true);
    const completion = wb.getWorksheet('完成情况')!;
    const percentColumns = (completion.getRow(1).values as unknown[]).flatMap((h, c) => (h === '完成率' || h === '序时进度' ? [c] : []));
    expect(percentColumns).toHaveLength(2);
    for (const c of percentColumns) expect(completion.getRow(2).getCell(c).numFmt).toBe('0.00%');
    // 乡镇对比: the county on top, then each township; every status word filled with its colour.
    const side = wb.getWorksheet('乡镇对比')!;
    expect(side.getColumn(1).values.slice(1)).toEqual(['乡镇', '全县合计', '石门乡', '白沙镇']);
    expect(side.getRow(2).getCell(1).font?.bold).toBe(true);
    const statusCells = (side.getRow(1).values as unknown[]).flatMap((h, c) => (h === '状态' ? [c] : []));
    expect(statusCells.length).toBeGreaterThan(0);
    let coloured = 0;
    side.eachRow((row, r) => {
      if (r === 1) return;
      for (const c of statusCells) {
        const cell = row.getCell(c);
        if (typeof cell.value !== 'string') continue;
        expect(['达标', '未达标', '超标', '已完成', '序时进度内', '进度滞后', '无数据']).toContain(cell.value);
        expect((cell.fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb).toMatch(/^FF[0-9A-F]{6}$/);
        coloured++;
      }
    });
    expect(coloured).toBeGreaterThan(0);
  });

  it('writes next to the first report when no --out or --json is given', async () => {
    const io = captureIo();
    expect(await run([extra, '--as-of', '2024-11-30'], io)).toBe(0);
    expect(await exists(tmp.file('龙泉乡-汇总结果.xlsx'))).toBe(true);
  });

  it('combines several files; issues name the file of their sheet and link into it', async () => {
    const io = captureIo();
    const out = tmp.file('combined.xlsx');
    const json = tmp.file('combined.json');
    expect(await run([county, extra, flawed, '--as-of', '2024-11-30', '--out', out, '--json', json], io)).toBe(0);
    const summary = JSON.parse(await fs.readFile(json, 'utf8')) as SummaryJson;
    expect(summary.rollup.map((r) => r.name)).toEqual(['石门乡', '白沙镇', '龙泉乡', '桃源乡', '全县合计']);
    const placeholder = summary.issues.find((i) => i.code === 'placeholder');
    expect(placeholder).toMatchObject({ severity: 'error', sheet: '桃源乡', cell: 'D3', source: '桃源乡.xlsx' });
    const issues = (await readBack(out)).getWorksheet('校验结果')!;
    const link = issues
      .getSheetValues()
      .flat()
      .find((v): v is ExcelJS.CellHyperlinkValue => typeof v === 'object' && v !== null && 'hyperlink' in v && v.text === 'D3');
    expect(link?.hyperlink).toBe("桃源乡.xlsx#'桃源乡'!D3");
  });

  it('writes facility names that look like formulas as text', async () => {
    const out = tmp.file('formula-names.xlsx');
    expect(await run([flawed, '--as-of', '2024-11-30', '--out', out], captureIo())).toBe(0);
    const ws = (await readBack(out)).getWorksheet('校验结果')!;
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((row) => row.eachCell((cell) => cells.push(cell)));
    const duplicate = cells.find((c) => typeof c.value === 'string' && c.value.includes('=SUM(C3:C4)'));
    expect(duplicate).toBeDefined();
    expect(cells.every((c) => c.type !== ExcelJS.ValueType.Formula)).toBe(true);
  });
});

describe('--json', () => {
  it('writes the summary to a file', async () => {
    const json = tmp.file('summary.json');
    const io = captureIo();
    expect(await run([county, '--as-of', '2012-11-30', '--json', json], io)).toBe(0);
    const summary = JSON.parse(await fs.readFile(json, 'utf8')) as SummaryJson;
    expect(summary.asOf).toBe('2012-11-30');
    expect(summary.timeProgress).toBeCloseTo(11 / 12, 10);
    const countyRow = summary.rollup.find((r) => r.level === 'county')!;
    expect(countyRow.values.HTN).toBe(2200);
    // Σ规范管理 ÷ Σ患者 × 100, unrounded.
    expect(countyRow.values.HTN_RATE).toBeCloseTo((1520 / 2200) * 100, 10);
    expect(summary.indicators.find((i) => i.code === 'HTN_RATE')).toMatchObject({ unit: '%', kind: 'rate' });
    // No workbook unless asked for one when --json is given.
    expect(await exists(tmp.file('县报表-汇总结果.xlsx'))).toBe(false);
    expect(io.out()).toContain(`JSON 摘要：${json}`);
  });

  it('writes only JSON to stdout with "-", the summary going to stderr', async () => {
    const io = captureIo();
    expect(await run([county, '--as-of', '2024-11-30', '--json', '-'], io)).toBe(0);
    const summary = JSON.parse(io.out()) as SummaryJson;
    expect(summary.rollup.at(-1)?.name).toBe('全县合计');
    expect(io.err()).toContain('统计截止日期');
  });
});

describe('exit codes', () => {
  it('--strict: 1 when an error-level issue exists, 0 when none', async () => {
    const bad = captureIo();
    expect(await run([flawed, '--as-of', '2024-11-30', '--json', tmp.file('strict.json'), '--strict'], bad)).toBe(1);
    expect(bad.out()).toContain('--strict');
    expect(await run([county, '--as-of', '2024-11-30', '--json', tmp.file('strict2.json'), '--strict'], captureIo())).toBe(0);
    // Without --strict, errors in the data still give 0: the results were written.
    expect(await run([flawed, '--as-of', '2024-11-30', '--json', tmp.file('strict3.json')], captureIo())).toBe(0);
  });

  it.each([
    [['--as-of', '2023-02-29'], '--as-of'],
    [['--lang', 'fr'], '--lang'],
    [['--bogus'], '--bogus'],
    [['--out'], '--out'],
    [[], '.xlsx'],
  ])('bad arguments %j → one line, exit 2', async (extraArgs, mention) => {
    const io = captureIo();
    const args = extraArgs.length === 0 ? [] : [county, ...extraArgs];
    expect(await run(args, io)).toBe(2);
    expect(io.err().trimEnd().split('\n')).toHaveLength(1);
    expect(io.err()).toContain(mention);
    expect(io.out()).toBe('');
  });

  it('refuses to write over an input', async () => {
    const io = captureIo();
    expect(await run([county, '--out', county], io)).toBe(2);
    expect(io.err()).toContain('输入文件不会被覆盖');
  });

  it('--help prints usage and exits 0', async () => {
    const io = captureIo();
    expect(await run(['--help'], io)).toBe(0);
    expect(io.out()).toContain('用法：indicator-rollup');
    const en = captureIo();
    expect(await run(['--help', '--lang', 'en'], en)).toBe(0);
    expect(en.out()).toContain('Usage: indicator-rollup');
  });
});

describe('unreadable input: one clear line per file, exit 2, no stack trace', () => {
  const cases: [string, () => Promise<string>, string][] = [
    ['missing', async () => tmp.file('不存在.xlsx'), '文件不存在'],
    ['not an xlsx', async () => {
      await fs.writeFile(tmp.file('notes.xlsx'), '这不是工作簿');
      return tmp.file('notes.xlsx');
    }, '不是 Excel 工作簿'],
    ['corrupt', async () => {
      const bytes = await fs.readFile(county);
      await fs.writeFile(tmp.file('broken.xlsx'), Buffer.concat([bytes.subarray(0, 200), Buffer.alloc(400, 7)]));
      return tmp.file('broken.xlsx');
    }, '文件已损坏'],
    ['password-protected', async () => {
      const cfb = Buffer.alloc(1536);
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb, 0);
      Buffer.from('EncryptedPackage', 'utf16le').copy(cfb, 1024);
      await fs.writeFile(tmp.file('locked.xlsx'), cfb);
      return tmp.file('locked.xlsx');
    }, '密码'],
  ];

  it.each(cases)('%s', async (_label, make, words) => {
    const file = await make();
    const io = captureIo();
    expect(await run([county, file, '--as-of', '2024-11-30', '--out', tmp.file('never.xlsx')], io)).toBe(2);
    const lines = io.err().trimEnd().split('\n');
    // The file and why, then what to do: with another report readable, --skip-unreadable is offered.
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain(file);
    expect(lines[0]).toContain(words);
    expect(lines[1]).toContain('--skip-unreadable');
    expect(io.err()).not.toMatch(/\n\s+at /);
    expect(await exists(tmp.file('never.xlsx'))).toBe(false);
  });

  it('speaks English with --lang en', async () => {
    const io = captureIo();
    expect(await run([tmp.file('不存在.xlsx'), '--lang', 'en'], io)).toBe(2);
    expect(io.err().trim()).toBe(`Cannot read "${tmp.file('不存在.xlsx')}": no such file`);
  });
});

describe('inputs are never modified', () => {
  it('leaves the bytes and modification time of every input as they were', async () => {
    const before = await Promise.all([county, extra, flawed].map(async (f) => ({ bytes: await fs.readFile(f), mtime: statSync(f).mtimeMs })));
    expect(await run([county, extra, flawed, '--as-of', '2024-11-30', '--out', tmp.file('untouched.xlsx'), '--json', tmp.file('untouched.json')], captureIo())).toBe(0);
    const after = await Promise.all([county, extra, flawed].map(async (f) => ({ bytes: await fs.readFile(f), mtime: statSync(f).mtimeMs })));
    after.forEach((a, i) => {
      expect(a.bytes.equals(before[i].bytes)).toBe(true);
      expect(a.mtime).toBe(before[i].mtime);
    });
  });
});

describe('--explain', () => {
  it("prints each sheet's header rows, facility column, data rows, excluded rows and matched columns", async () => {
    const io = captureIo();
    expect(await run([county, '--as-of', '2024-11-30', '--json', tmp.file('explain.json'), '--explain'], io)).toBe(0);
    const text = io.out();
    expect(text).toContain('石门乡（县报表.xlsx）');
    expect(text).toContain('表头：第 2 行；机构列：B；数据：第 3-5 行（3 个机构）');
    expect(text).toContain('第 6 行 “合计”（合计行）');
    expect(text).toMatch(/C {2}常住人口数（人） → POP/);
    expect(text).toMatch(/F {2}高血压患者规范管理率（%） → HTN_RATE/);
    expect(text).toContain('填报说明（县报表.xlsx）：跳过');
  });

  it('in English with --lang en', async () => {
    const io = captureIo();
    expect(await run([county, '--as-of', '2024-11-30', '--json', tmp.file('explain-en.json'), '--explain', '--lang', 'en'], io)).toBe(0);
    expect(io.out()).toContain('header: row 2; facility column: B; data: rows 3-5 (3 facilities)');
    expect(io.out()).toContain('rows left out: row 6 "合计" (total)');
  });
});

describe('--lang en', () => {
  it('names the result sheets and writes messages in English', async () => {
    const out = tmp.file('result-en.xlsx');
    const json = tmp.file('result-en.json');
    const io = captureIo();
    expect(await run([flawed, '--as-of', '2024-11-30', '--out', out, '--json', json, '--lang', 'en'], io)).toBe(0);
    expect((await readBack(out)).worksheets.map((w) => w.name)).toEqual(['County rollup', 'Completion', 'Validation', 'Townships', 'Facilities', 'Reporting']);
    const summary = JSON.parse(await fs.readFile(json, 'utf8')) as SummaryJson;
    expect(summary.lang).toBe('en');
    expect(summary.issues.find((i) => i.code === 'placeholder')?.message).toMatch(/^Placeholder "XX"/);
    expect(summary.rollup.at(-1)?.name).toBe('County total');
    expect(io.out()).toContain('Result workbook:');
  });
});

describe('--write-catalog and --definitions', () => {
  it('writes the catalog as editable sheets, which read back as definitions', async () => {
    const catalog = tmp.file('catalog.xlsx');
    const io = captureIo();
    expect(await run(['--write-catalog', catalog], io)).toBe(0);
    const wb = await readBack(catalog);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['指标定义', '校验规则', '任务数']);
    expect(wb.getWorksheet('指标定义')!.getRow(1).getCell(1).value).toBe('代码');

    // Unchanged, the catalog gives the same figures as the built-in one.
    const builtIn = tmp.file('builtin.json');
    const fromFile = tmp.file('fromfile.json');
    expect(await run([county, '--as-of', '2024-11-30', '--json', builtIn], captureIo())).toBe(0);
    expect(await run([county, '--as-of', '2024-11-30', '--json', fromFile, '--definitions', catalog], captureIo())).toBe(0);
    const a = JSON.parse(await fs.readFile(builtIn, 'utf8')) as SummaryJson;
    const b = JSON.parse(await fs.readFile(fromFile, 'utf8')) as SummaryJson;
    expect(b.definitionsSource).toBe('definitions-file');
    expect(b.rollup).toEqual(a.rollup);
    expect(b.indicators.map((i) => i.code)).toEqual(a.indicators.map((i) => i.code));
  });

  it('uses an edited target and a township 任务数 from the definitions file', async () => {
    const catalog = tmp.file('edited.xlsx');
    expect(await run(['--write-catalog', catalog], captureIo())).toBe(0);
    const wb = await readBack(catalog);
    const defs = wb.getWorksheet('指标定义')!;
    const headers = (defs.getRow(1).values as unknown[]).map(String);
    defs.eachRow((row) => {
      if (row.getCell(1).value === 'HTN_RATE') row.getCell(headers.indexOf('目标')).value = 75;
    });
    const targets = wb.getWorksheet('任务数')!;
    const targetHeaders = (targets.getRow(1).values as unknown[]).map(String);
    const row = targets.getRow(2);
    row.getCell(1).value = '石门乡';
    row.getCell(targetHeaders.indexOf('增补叶酸人数')).value = 400;
    await wb.xlsx.writeFile(catalog);

    const json = tmp.file('edited.json');
    expect(await run([county, '--as-of', '2024-11-30', '--json', json, '--definitions', catalog], captureIo())).toBe(0);
    const summary = JSON.parse(await fs.readFile(json, 'utf8')) as SummaryJson;
    expect(summary.indicators.find((i) => i.code === 'HTN_RATE')?.target).toBe(75);
    const folic = summary.completion.find((c) => c.level === 'township' && c.name === '石门乡' && c.indicator === 'FOLIC');
    expect(folic?.target).toBe(400);
  });

  it('bad definitions: every problem at its sheet!cell, exit 2', async () => {
    const defs = await writeWorkbook(tmp.file('bad-defs.xlsx'), (wb) => {
      addSheet(wb, '指标定义', [
        ['代码', '名称', '单位', '类型', '分子', '分母', '系数'],
        ['HTN', '高血压患者数', '人', '数量'],
        ['HTN_RATE', '高血压患者规范管理率', '%', '比率', '[HTN_STD]', '[HTN]', 100],
      ]);
    });
    const io = captureIo();
    expect(await run([county, '--definitions', defs, '--as-of', '2024-11-30'], io)).toBe(2);
    expect(io.err()).toContain('指标定义!E3');
    expect(io.err()).not.toMatch(/\n\s+at /);
  });

  it('a definitions file without definition sheets, exit 2', async () => {
    const io = captureIo();
    expect(await run([county, '--definitions', extra], io)).toBe(2);
    expect(io.err().trim().split('\n')).toHaveLength(1);
    expect(io.err()).toContain('指标定义');
  });
});

describe('bin/indicator-rollup.js', () => {
  it('runs the command line from the package bin (as npx does)', () => {
    const bin = path.join(__dirname, '..', '..', 'bin', 'indicator-rollup.js');
    const ok = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('indicator-rollup');
    const missing = spawnSync(process.execPath, [bin, tmp.file('没有.xlsx'), '--lang', 'en'], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`Cannot read "${tmp.file('没有.xlsx')}": no such file`);
  });
});

describe("Excel's limits, through the command line", () => {
  it('a text longer than a cell holds is cut, with a warning naming the cell', async () => {
    const long = await writeWorkbook(tmp.file('长文本.xlsx'), (wb) => {
      addSheet(wb, '长文本乡', [['长文本乡统计表'], HEADER, [1, '长文本乡卫生院', 8000, '数'.repeat(40_000), 500, null]]);
    });
    const out = tmp.file('long-result.xlsx');
    const io = captureIo();
    expect(await run([long, '--as-of', '2024-11-30', '--out', out], io)).toBe(0);
    expect(io.err()).toMatch(/^警告：1 个单元格的文字超过 Excel 的 32,767 字符上限，已截断（首个：校验结果!H\d+）$/m);
    const issues = (await readBack(out)).getWorksheet('校验结果')!;
    const texts = issues.getColumn(8).values.filter((v): v is string => typeof v === 'string');
    expect(Math.max(...texts.map((t) => t.length))).toBe(32_767);
  });
});
