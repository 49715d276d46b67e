// Where the command line writes: outputs checked against inputs and each other by file identity before
// anything is written (symlinked folders, case variants, hard links), links planted at an output path
// never followed, results written whole through a temporary file that never outlives a failure or a
// signal, and a message that says what to do for each way a write fails.
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs, linkSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describeOutputError, OutputError, UsageError } from '../../src/cli/errors';
import { run } from '../../src/cli/main';
import { caseInsensitiveAt, checkOutputs, identify, pendingTemporaryFiles, sameFile, writeFileWhole, type FileIdentity } from '../../src/cli/outputs';
import { addSheet, captureIo, scratchDir, soundTownship, writeWorkbook } from './helpers';

const tmp = scratchDir('outputs');
afterAll(() => tmp.cleanup());
const BIN = path.join(__dirname, '..', '..', 'bin', 'indicator-rollup.js');

let report: string;
beforeAll(async () => {
  report = await writeWorkbook(tmp.file('石门乡.xlsx'), (wb) => addSheet(wb, '石门乡', soundTownship('石门乡')));
});

const exists = (file: string): Promise<boolean> =>
  fs.lstat(file).then(
    () => true,
    () => false,
  );
const temporaryFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'));

/** A fresh folder with a copy of the township report. */
async function folderWithReport(name: string): Promise<{ dir: string; input: string; bytes: Buffer }> {
  const dir = tmp.file(name);
  mkdirSync(dir);
  const input = path.join(dir, '石门乡.xlsx');
  await fs.copyFile(report, input);
  return { dir, input, bytes: await fs.readFile(input) };
}

describe('sameFile', () => {
  const at = (real: string, dev: bigint | null = null, ino: bigint | null = null): FileIdentity => ({ real, dev, ino });

  it('ignores case (and composed/decomposed forms) only where the file system does', () => {
    const a = at('/data/县报表/Result.xlsx');
    const b = at('/data/县报表/RESULT.XLSX');
    expect(sameFile(a, b, true)).toBe(true);
    expect(sameFile(a, b, false)).toBe(false);
    const composed = at('/data/Caf\u00e9.xlsx');
    const decomposed = at('/data/Cafe\u0301.xlsx');
    expect(sameFile(composed, decomposed, true)).toBe(true);
    expect(sameFile(composed, decomposed, false)).toBe(false);
  });

  it('goes by device and inode when both files exist, whatever the paths', () => {
    expect(sameFile(at('/a/x.xlsx', 1n, 42n), at('/b/y.xlsx', 1n, 42n), false)).toBe(true);
    expect(sameFile(at('/a/x.xlsx', 1n, 42n), at('/a/x.xlsx', 1n, 43n), true)).toBe(false);
    expect(sameFile(at('/a/x.xlsx', 1n, 42n), at('/a/x.xlsx', 2n, 42n), false)).toBe(false);
  });

  it('two outputs differing only in case are one file on a case-insensitive system', async () => {
    const dir = tmp.file('case');
    mkdirSync(dir);
    const outputs = [
      { option: '--out' as const, path: path.join(dir, 'Result.xlsx') },
      { option: '--json' as const, path: path.join(dir, 'result.XLSX') },
    ];
    await expect(checkOutputs(outputs, [report], 'zh-CN', { caseInsensitive: true })).rejects.toThrow(/--out 与 --json 指向同一个文件/);
    await expect(checkOutputs(outputs, [report], 'zh-CN', { caseInsensitive: false })).resolves.toBeUndefined();
  });

  it('probes the folder for case-insensitivity rather than trusting the platform', async () => {
    const dir = tmp.file('probe');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'Probe'), '');
    const insensitive = await exists(path.join(dir, 'pROBE'));
    expect(await caseInsensitiveAt(dir, 'win32')).toBe(insensitive);
  });
});

describe('outputs are checked against every input before anything is written', () => {
  it('--write-catalog over an input is refused and the input keeps its bytes', async () => {
    const { dir, input, bytes } = await folderWithReport('catalog-over-input');
    const io = captureIo();
    expect(await run([input, '--write-catalog', input, '--json', path.join(dir, 's.json')], io)).toBe(2);
    expect(io.err()).toContain('--write-catalog 的文件');
    expect(io.err()).toContain('输入文件不会被覆盖');
    expect((await fs.readFile(input)).equals(bytes)).toBe(true);
    // Nothing else was written either.
    expect(await exists(path.join(dir, 's.json'))).toBe(false);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it('--write-catalog over the --definitions file is refused', async () => {
    const { dir, input } = await folderWithReport('catalog-over-defs');
    const defs = path.join(dir, '定义.xlsx');
    expect(await run(['--write-catalog', defs], captureIo())).toBe(0);
    const bytes = await fs.readFile(defs);
    const io = captureIo();
    expect(await run([input, '--definitions', defs, '--write-catalog', defs, '--lang', 'en'], io)).toBe(2);
    expect(io.err()).toContain(`--write-catalog "${defs}" is the input "${defs}"`);
    expect((await fs.readFile(defs)).equals(bytes)).toBe(true);
  });

  it('--out through a symlinked folder names the input: refused', async () => {
    const { dir, input, bytes } = await folderWithReport('linked-folder');
    const alias = tmp.file('alias-of-linked-folder');
    symlinkSync(dir, alias, 'dir');
    const io = captureIo();
    expect(await run([input, '--out', path.join(alias, '石门乡.xlsx')], io)).toBe(2);
    expect(io.err()).toContain('输入文件不会被覆盖');
    expect((await fs.readFile(input)).equals(bytes)).toBe(true);
  });

  it('an output hard-linked to an input is the input: refused', async () => {
    const { dir, input, bytes } = await folderWithReport('hard-link');
    const twin = path.join(dir, 'twin.xlsx');
    linkSync(input, twin);
    expect(await run([input, '--out', twin], captureIo())).toBe(2);
    expect((await fs.readFile(input)).equals(bytes)).toBe(true);
  });

  it('--json and --out on the same file are refused, however the path is written', async () => {
    const { dir, input } = await folderWithReport('json-is-out');
    const out = path.join(dir, 'r.xlsx');
    const io = captureIo();
    expect(await run([input, '--out', out, '--json', path.join(dir, '..', 'json-is-out', '.', 'r.xlsx')], io)).toBe(2);
    expect(io.err()).toContain('--out 与 --json 指向同一个文件');
    expect(await exists(out)).toBe(false);
  });

  it('a link planted at the output path is not followed: refused, naming it, its target untouched', async () => {
    const { dir, input } = await folderWithReport('planted');
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    const out = path.join(dir, 'result.xlsx');
    symlinkSync(victim, out);
    const io = captureIo();
    expect(await run([input, '--out', out], io)).toBe(2);
    expect(io.err().trim()).toBe(`无法写入“${out}”：这是一个符号链接；为安全起见不会通过它写入，请删除该链接或换一个文件名`);
    expect(await fs.readFile(victim, 'utf8')).toBe('keep me');
    expect((await fs.lstat(out)).isSymbolicLink()).toBe(true);
    // writeFileWhole itself refuses too (a link planted after the check).
    await expect(writeFileWhole(out, 'x')).rejects.toMatchObject({ code: 'SYMLINK' });
    expect(await fs.readFile(victim, 'utf8')).toBe('keep me');
  });

  it('a missing --out folder is named before anything is read or written', async () => {
    const { dir, input } = await folderWithReport('no-folder');
    const catalog = path.join(dir, 'catalog.xlsx');
    const out = path.join(dir, '没有这个文件夹', 'r.xlsx');
    const io = captureIo();
    expect(await run([input, '--write-catalog', catalog, '--out', out], io)).toBe(2);
    expect(io.err().trim()).toBe(`无法写入“${out}”：文件夹“${path.dirname(out)}”不存在；请先创建它，或换一个路径`);
    expect(await exists(catalog)).toBe(false);
  });

  it('a folder given as --out: told to give a file name, not EISDIR', async () => {
    const { dir, input } = await folderWithReport('folder-as-out');
    const io = captureIo();
    expect(await run([input, '--out', dir, '--lang', 'en'], io)).toBe(2);
    expect(io.err().trim()).toBe(`Cannot write "${dir}": this is a folder; give a file name, e.g. ${dir}/result.xlsx`);
    expect(io.err()).not.toMatch(/EISDIR|ENOTDIR/);
  });

  it('a file given as the --out folder: told the path has a file in it, not ENOTDIR', async () => {
    const { input } = await folderWithReport('file-as-folder');
    const io = captureIo();
    expect(await run([input, '--out', path.join(input, 'r.xlsx')], io)).toBe(2);
    expect(io.err()).toContain('路径中有一段是文件而不是文件夹');
    expect(io.err()).not.toMatch(/EISDIR|ENOTDIR/);
  });

  it('through the bin: --write-catalog over an input is refused and the input is unchanged', async () => {
    const { input, bytes } = await folderWithReport('bin-catalog');
    const r = spawnSync(process.execPath, [BIN, input, '--write-catalog', input], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('输入文件不会被覆盖');
    expect((await fs.readFile(input)).equals(bytes)).toBe(true);
  });
});

describe('writeFileWhole', () => {
  it('replaces the target only when the new bytes are complete; no temporary file is left', async () => {
    const dir = tmp.file('whole');
    mkdirSync(dir);
    const target = path.join(dir, 'r.json');
    await writeFileWhole(target, 'first');
    await writeFileWhole(target, 'second');
    expect(await fs.readFile(target, 'utf8')).toBe('second');
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it('writes text given in pieces one after another, the pieces made only as they are written', async () => {
    const dir = tmp.file('pieces');
    mkdirSync(dir);
    const target = path.join(dir, 'summary.json');
    const made: string[] = [];
    function* pieces(): Generator<string> {
      for (const piece of ['{\n  "县": ', '"石门县"', '\n}\n']) {
        made.push(piece);
        yield piece;
      }
    }
    const data = pieces();
    expect(made).toEqual([]);
    await writeFileWhole(target, data);
    expect(await fs.readFile(target, 'utf8')).toBe('{\n  "县": "石门县"\n}\n');
    expect(made).toHaveLength(3);
    expect(temporaryFiles(dir)).toEqual([]);
  });

  it('a failure midway (disk full) removes the temporary file and leaves the old file as it was', async () => {
    const dir = tmp.file('disk-full');
    mkdirSync(dir);
    const target = path.join(dir, 'result.xlsx');
    writeFileSync(target, 'the old result');
    let seen: string[] = [];
    const failing = async (handle: fs.FileHandle): Promise<void> => {
      await handle.write('half of the new');
      seen = temporaryFiles(dir);
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    };
    const error = await writeFileWhole(target, 'new', { writeBytes: failing }).catch((e: unknown) => e);
    // The temporary file existed while writing, in the target's folder, with an unguessable name.
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^\.~result\.xlsx\.[0-9a-f]{16}\.tmp$/);
    expect(error).toBeInstanceOf(OutputError);
    expect(describeOutputError(error as OutputError, 'zh-CN')).toBe(`无法写入“${target}”：磁盘空间不足；请清理磁盘或换一个磁盘后再运行（原有文件未被改动）`);
    expect(temporaryFiles(dir)).toEqual([]);
    expect(pendingTemporaryFiles()).toEqual([]);
    expect(await fs.readFile(target, 'utf8')).toBe('the old result');
  });

  it('never writes into an existing file of the temporary name: created exclusively, the file left alone', async () => {
    const dir = tmp.file('exclusive');
    mkdirSync(dir);
    const target = path.join(dir, 'r.json');
    // Someone guessed the name, or planted a link under it.
    const planted = path.join(dir, '.~r.json.0123456789abcdef.tmp');
    writeFileSync(planted, 'not yours');
    await expect(writeFileWhole(target, 'result', { randomName: () => '0123456789abcdef' })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await fs.readFile(planted, 'utf8')).toBe('not yours');
    const victim = path.join(dir, 'victim.txt');
    writeFileSync(victim, 'keep me');
    symlinkSync(victim, path.join(dir, '.~r.json.feedfacefeedface.tmp'));
    await expect(writeFileWhole(target, 'result', { randomName: () => 'feedfacefeedface' })).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await fs.readFile(victim, 'utf8')).toBe('keep me');
    expect(await exists(target)).toBe(false);
  });

  it('Ctrl+C / SIGTERM while writing removes the temporary file', async () => {
    const dir = tmp.file('signal');
    mkdirSync(dir);
    const target = path.join(dir, 'result.xlsx');
    const script = tmp.file('stall.js');
    writeFileSync(
      script,
      `require(${JSON.stringify(require.resolve('tsx/cjs/api'))}).register();
const { writeFileWhole } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'cli', 'outputs.ts'))});
writeFileWhole(${JSON.stringify(target)}, 'x', { writeBytes: async (handle) => {
  await handle.write('partial');
  process.stdout.write('writing\\n');
  setInterval(() => undefined, 1000);
  await new Promise(() => undefined);
} });
`,
    );
    const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => (d.toString().includes('writing') ? resolve() : undefined));
      child.on('exit', () => reject(new Error('the writer ended before writing')));
    });
    expect(temporaryFiles(dir)).toHaveLength(1);
    const ended = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    child.kill('SIGTERM');
    expect(await ended).toBe('SIGTERM');
    expect(temporaryFiles(dir)).toEqual([]);
    expect(await exists(target)).toBe(false);
  }, 30_000);
});

describe('messages that say what to do', () => {
  const e = (code: string): OutputError => new OutputError('/报表/result.xlsx', code);

  it('a result workbook open in Excel: close it first (EBUSY, and EPERM on Windows)', () => {
    const text = '无法写入“/报表/result.xlsx”：文件正被其他程序打开：请先在 Excel 中关闭 result.xlsx 再运行';
    expect(describeOutputError(e('EBUSY'), 'zh-CN', 'linux')).toBe(text);
    expect(describeOutputError(e('EPERM'), 'zh-CN', 'win32')).toBe(text);
    expect(describeOutputError(e('EBUSY'), 'en')).toBe('Cannot write "/报表/result.xlsx": the file is open in another program: close result.xlsx in Excel and run again');
  });

  it.each([
    ['EACCES', '没有写入权限', 'permission denied'],
    ['EPERM', '没有写入权限', 'permission denied'],
    ['EROFS', '只读', 'read-only'],
    ['ENOSPC', '磁盘空间不足', 'disk is full'],
    ['EISDIR', '这是一个文件夹', 'this is a folder'],
    ['ENOENT', '文件夹“/报表”不存在', 'the folder "/报表" does not exist'],
  ])('%s has its own message in both languages', (code, zh, en) => {
    expect(describeOutputError(e(code), 'zh-CN', 'linux')).toContain(zh);
    expect(describeOutputError(e(code), 'en', 'linux')).toContain(en);
    expect(describeOutputError(e(code), 'zh-CN', 'linux')).not.toContain(code);
  });

  it('identify() gives the folder-plus-name identity of a file not written yet, null without a folder', async () => {
    const id = await identify(tmp.file('not-yet.xlsx'));
    expect(id).toMatchObject({ dev: null, ino: null });
    expect(id?.real.endsWith('not-yet.xlsx')).toBe(true);
    expect(await identify(tmp.file('no/such/folder/x.xlsx'))).toBeNull();
  });

  it('a UsageError, not a crash, for an output that is an input', async () => {
    await expect(checkOutputs([{ option: '--json', path: report }], [report], 'en')).rejects.toBeInstanceOf(UsageError);
  });
});
