// Reports that cannot be read, through run() on real files: every one named in one run, permission
// denied and locked files worded as such (never "damaged"), a folder given as a report, and
// --skip-unreadable rolling up the rest with an error issue per unreadable file.
import { chmodSync, mkdirSync, promises as fsp, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { outputProblemOf, unreadableFromErrno, unreadableReasonOf } from '../../src/cli/errors';
import { run } from '../../src/cli/main';
import type { SummaryJson } from '../../src/engine';
import { addSheet, captureIo, readBack, scratchDir, soundTownship, writeWorkbook } from './helpers';

const tmp = scratchDir('unreadable');
afterAll(() => tmp.cleanup());

let good: string;
let missing: string;
let notXlsx: string;
beforeAll(async () => {
  good = await writeWorkbook(tmp.file('石门乡.xlsx'), (wb) => addSheet(wb, '石门乡', soundTownship('石门乡')));
  missing = tmp.file('白沙镇.xlsx');
  notXlsx = tmp.file('龙泉乡.xlsx');
  // A scan saved under a workbook's name: no spreadsheet format at all (a .csv by that name would be read).
  await fsp.writeFile(notXlsx, Buffer.concat([Buffer.from('%PDF-1.4\n%'), Buffer.from([0xe2, 0xe3, 0xcf, 0xd3, 0x0a, 0x00, 0x01])]));
});

const errnoError = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: simulated`), { code });

/**
 * Makes reading file fail as the system would: really (chmod 000) where that denies this user, else by
 * injecting the error into fs.promises.readFile for that one path. Returns how it was done, so a test
 * can never pass without the read having failed.
 */
function denyRead(file: string, code: 'EACCES' | 'EBUSY'): { how: 'chmod' | 'injected'; restore: () => void } {
  if (code === 'EACCES') {
    chmodSync(file, 0o000);
    let denied = false;
    try {
      readFileSync(file);
    } catch {
      denied = true;
    }
    if (denied) return { how: 'chmod', restore: () => chmodSync(file, 0o644) };
    chmodSync(file, 0o644); // running as root: chmod denies nothing
  }
  const original = fsp.readFile;
  const spy = jest.spyOn(fsp, 'readFile').mockImplementation((async (p: Parameters<typeof fsp.readFile>[0], ...rest: unknown[]) => {
    if (String(p) === file) throw errnoError(code);
    return (original as (...a: unknown[]) => Promise<unknown>)(p, ...rest);
  }) as typeof fsp.readFile);
  return { how: 'injected', restore: () => spy.mockRestore() };
}

describe('system errors on reading are worded by what happened', () => {
  it('permission denied: its own message, never "damaged"', async () => {
    const file = tmp.file('无权限.xlsx');
    await fsp.copyFile(good, file);
    const deny = denyRead(file, 'EACCES');
    try {
      const io = captureIo();
      expect(await run([file, '--json', tmp.file('p.json')], io)).toBe(2);
      expect(io.err().trim()).toBe(`无法读取“${file}”：没有读取权限：请把文件复制到自己的文件夹，或请管理员开放读取权限后再试`);
      expect(io.err()).not.toContain('损坏');
      const en = captureIo();
      expect(await run([file, '--json', tmp.file('p.json'), '--lang', 'en'], en)).toBe(2);
      expect(en.err()).toContain('permission denied');
    } finally {
      deny.restore();
    }
    expect(['chmod', 'injected']).toContain(deny.how);
  });

  it('locked by another program: close it there', async () => {
    const file = tmp.file('被锁定.xlsx');
    await fsp.copyFile(good, file);
    const deny = denyRead(file, 'EBUSY');
    try {
      const io = captureIo();
      expect(await run([file, '--json', tmp.file('l.json')], io)).toBe(2);
      expect(io.err()).toContain('文件正被其他程序锁定：请先在其他程序（如 Excel、WPS）中关闭它再运行');
    } finally {
      deny.restore();
    }
  });

  it('EPERM means locked on Windows and permission elsewhere, reading and writing; other codes are named, not called damage', () => {
    expect(unreadableReasonOf('EPERM', 'win32')).toBe('locked');
    expect(unreadableReasonOf('EPERM', 'linux')).toBe('permission');
    expect(outputProblemOf('EPERM', 'win32')).toBe('locked');
    expect(outputProblemOf('EPERM', 'linux')).toBe('permission');
    expect(unreadableFromErrno('a.xlsx', { code: 'EACCES' }, 'linux')).toMatchObject({ reason: 'permission', detail: undefined });
    expect(unreadableFromErrno('a.xlsx', { code: 'EIO' }, 'linux')).toMatchObject({ reason: 'io', detail: 'EIO' });
    expect(unreadableFromErrno('a.xlsx', { code: 'ENOSPC' }, 'linux')).toMatchObject({ reason: 'io', detail: 'ENOSPC' });
    expect(outputProblemOf('ENOSPC', 'linux')).toBe('disk-full');
    expect(outputProblemOf('EIO', 'linux')).toBe('other');
  });

  it('a folder given as a report: said so, no raw EISDIR', async () => {
    const dir = tmp.file('一个文件夹.xlsx');
    mkdirSync(dir);
    const io = captureIo();
    expect(await run([dir, '--json', tmp.file('d.json')], io)).toBe(2);
    expect(io.err().trim()).toBe(`无法读取“${dir}”：这是一个文件夹，不是工作簿`);
  });
});

describe('several unreadable reports', () => {
  it('names every one in one run, then stops with exit 2 and writes nothing', async () => {
    const out = tmp.file('never.xlsx');
    const io = captureIo();
    expect(await run([missing, good, notXlsx, '--out', out], io)).toBe(2);
    const lines = io.err().trimEnd().split('\n');
    expect(lines).toEqual([
      `无法读取“${missing}”：文件不存在`,
      `无法读取“${notXlsx}”：不是 Excel 工作簿或表格文件（可读取 .xlsx、.xls、.et、.csv、.ods、.xlsb）`,
      '2 个文件无法读取，未进行汇总。处理好这些文件后再运行，或加 --skip-unreadable 汇总其余报表。',
    ]);
    await expect(fsp.stat(out)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('--skip-unreadable rolls up the rest, an error issue per unreadable file, and says the run is incomplete', async () => {
    const out = tmp.file('partial.xlsx');
    const json = tmp.file('partial.json');
    const io = captureIo();
    expect(await run([missing, good, notXlsx, '--skip-unreadable', '--as-of', '2024-11-30', '--out', out, '--json', json], io)).toBe(0);
    // Each file named on stderr as it is skipped; the summary says the results are incomplete.
    expect(io.err()).toContain(`无法读取“${missing}”：文件不存在`);
    expect(io.err()).toContain(`无法读取“${notXlsx}”`);
    expect(io.out()).toContain(`结果不完整：2 个文件无法读取，未计入汇总（${missing}、${notXlsx}）`);
    expect(io.out()).toContain('读取 1 个文件');

    const summary = JSON.parse(await fsp.readFile(json, 'utf8')) as SummaryJson & { incomplete?: boolean; unreadableFiles?: string[] };
    expect(summary.incomplete).toBe(true);
    expect(summary.unreadableFiles).toEqual([missing, notXlsx]);
    expect(summary.rollup.map((r) => r.name)).toEqual(['石门乡', '全县合计']);
    const unreadable = summary.issues.filter((i) => i.code === 'unreadable-file');
    expect(unreadable).toEqual([
      expect.objectContaining({ severity: 'error', sheet: '白沙镇.xlsx', cell: null, source: '白沙镇.xlsx', message: '无法读取此文件（文件不存在），其中的报表未计入汇总；本次结果不完整' }),
      expect.objectContaining({ severity: 'error', sheet: '龙泉乡.xlsx', cell: null, source: '龙泉乡.xlsx' }),
    ]);
    expect(summary.counts.errors).toBeGreaterThanOrEqual(2);

    const sheet = (await readBack(out)).getWorksheet('校验结果')!;
    const messages = sheet.getColumn(sheet.columnCount - 2).values.map(String);
    expect(messages.filter((m) => m.startsWith('无法读取此文件'))).toHaveLength(2);
  });

  it('--skip-unreadable with --strict exits 1: the unreadable files are errors', async () => {
    const io = captureIo();
    expect(await run([good, missing, '--skip-unreadable', '--strict', '--json', tmp.file('strict.json'), '--lang', 'en'], io)).toBe(1);
    expect(io.out()).toContain('Results are INCOMPLETE: 1 file(s) could not be read');
  });

  it('--skip-unreadable with nothing readable: exit 2', async () => {
    const io = captureIo();
    expect(await run([missing, notXlsx, '--skip-unreadable', '--json', tmp.file('none.json')], io)).toBe(2);
    expect(io.err()).toContain('没有一个报表可以读取');
  });

  it('an unreadable --definitions file still stops the run, even with --skip-unreadable', async () => {
    const io = captureIo();
    expect(await run([good, '--definitions', path.join(tmp.dir, '没有.xlsx'), '--skip-unreadable', '--json', tmp.file('d.json')], io)).toBe(2);
    expect(io.err()).toContain('文件不存在');
  });
});
