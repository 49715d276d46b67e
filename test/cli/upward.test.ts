// --feedback and --export through the command line, on real .xlsx files.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { run } from '../../src/cli/main';
import { fileNameOf } from '../../src/cli/upward';
import { addSheet, captureIo, HEADER, readBack, scratchDir, soundTownship, writeWorkbook } from './helpers';

const scratch = scratchDir('upward');
afterAll(() => scratch.cleanup());

let reports: string;
beforeAll(async () => {
  reports = await writeWorkbook(scratch.file('county.xlsx'), (wb) => {
    addSheet(wb, '城关镇', soundTownship('城关镇'));
    addSheet(wb, '石门乡', [
      ['石门乡2024年1-11月报表'],
      HEADER,
      [1, '石门乡卫生院', 8000, 700, 500, 71.43],
      [2, '大坪村卫生室', 2000, 150, 'XX', null],
      [3, '小河村卫生室', 3000, 250, 160, 64],
      [undefined, '合计', 13000, 1100, 760, 69.09],
    ]);
    // A township named in a 乡镇 column can hold characters no file name may.
    addSheet(wb, '乡镇列表', [['乡镇', ...HEADER.slice(1)], ['A/B乡', 'A/B乡卫生院', 8000, 700, 800, 114.29]]);
  });
});

describe('--feedback', () => {
  it('writes a workbook and a message for each township with something to correct, and names the others', async () => {
    const io = captureIo();
    const folder = scratch.file('反馈');
    expect(await run([reports, '--as-of', '2024-11-30', '--json', scratch.file('s.json'), '--feedback', folder], io)).toBe(0);
    expect(readdirSync(folder).sort()).toEqual(['A_B乡.txt', 'A_B乡.xlsx', '石门乡.txt', '石门乡.xlsx'].sort());
    expect(io.out()).toContain('乡镇反馈（2 个乡镇');
    expect(io.out()).toContain('无需反馈（没有错误或警告）：城关镇');

    const text = readFileSync(`${folder}/石门乡.txt`, 'utf8');
    expect(text.startsWith('\ufeff石门乡：请核对以下')).toBe(true);
    expect(text).toContain('大坪村卫生室 高血压规范管理人数（石门乡!E4）：');
    expect(text).not.toContain('城关镇');

    const wb = await readBack(`${folder}/石门乡.xlsx`);
    const sheet = wb.getWorksheet('需核对')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '级别', '文件', '工作表', '单元格', '机构', '指标', '读到的值', '问题']);
    const rows = sheet.getSheetValues().slice(2).map((r) => (r as unknown[]).slice(1, 8));
    expect(rows).toContainEqual(['错误', 'county.xlsx', '石门乡', 'E4', '大坪村卫生室', '高血压规范管理人数', 'XX']);
  });

  it('never writes feedback over an input', async () => {
    const io = captureIo();
    // The feedback folder is the reports' folder, and 石门乡.xlsx there is an input.
    const local = await writeWorkbook(scratch.file('石门乡.xlsx'), (wb) =>
      addSheet(wb, '石门乡', [HEADER, [1, '石门乡卫生院', 8000, 700, 'XX', null]]),
    );
    const before = readFileSync(local);
    expect(await run([local, '--as-of', '2024-11-30', '--json', scratch.file('t.json'), '--feedback', scratch.dir], io)).toBe(2);
    expect(io.err()).toContain('就是输入文件');
    expect(readFileSync(local).equals(before)).toBe(true);
    expect(existsSync(scratch.file('石门乡.txt'))).toBe(false);
  });

  it('turns any township name into a file name the file system takes', () => {
    expect(fileNameOf('A/B乡')).toBe('A_B乡');
    expect(fileNameOf('con')).toBe('_con');
    expect(fileNameOf('石门乡. ')).toBe('石门乡');
  });
});

describe('--export', () => {
  it('writes DHIS2 data value sets as JSON and CSV, and counts the cells left out', async () => {
    const io = captureIo();
    const json = scratch.file('dhis2.json');
    const csv = scratch.file('dhis2.csv');
    expect(await run([reports, '--as-of', '2024-11-30', '--json', scratch.file('e.json'), '--export', json, '--export', csv], io)).toBe(0);
    const set = JSON.parse(readFileSync(json, 'utf8')) as { dataValues: { dataElement: string; period: string; orgUnit: string; value: string; comment: string }[] };
    // 7 facilities × 3 counts, less the one placeholder.
    expect(set.dataValues).toHaveLength(20);
    expect(set.dataValues).toContainEqual({ dataElement: 'HTN', period: '202411', orgUnit: '大坪村卫生室', value: '150', comment: 'county.xlsx!石门乡!D4' });
    const lines = readFileSync(csv, 'utf8').split('\r\n');
    expect(lines[0]).toBe('dataelement,period,orgunit,catoptcombo,attroptcombo,value,storedby,lastupdated,comment,followup');
    expect(lines).toHaveLength(20 + 2);
    expect(io.out()).toContain('1 个有错误的单元格未导出');
  });

  it('refuses a file that is neither .json nor .csv before reading anything', async () => {
    const io = captureIo();
    expect(await run([reports, '--export', scratch.file('x.xml')], io)).toBe(2);
    expect(io.err()).toContain('--export 的文件名须以 .json');
  });
});
