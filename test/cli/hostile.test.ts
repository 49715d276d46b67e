// Every hostile file of scripts/make-hostile.ts through readWorkbookFile and through the command line:
// damaged ones are refused with a message naming the file and the part or cell (exit 2, nothing
// written), unusual but valid ones read exactly as the plain report reads — and as ExcelJS reads them,
// where ExcelJS reads them right.
import { promises as fs } from 'node:fs';
import { run } from '../../src/cli/main';
import { UnreadableWorkbookError } from '../../src/cli/errors';
import { readWithExcelJs, readWorkbookFile } from '../../src/cli/readWorkbook';
import type { CellValue, SheetInput } from '../../src/engine/types';
import { HOSTILE, type HostileCase, TOWNSHIP, TOWNSHIP_ROWS } from '../../scripts/make-hostile';
import { captureIo, scratchDir } from './helpers';

const tmp = scratchDir('hostile');
afterAll(() => tmp.cleanup());

const files = new Map<string, string>();
beforeAll(async () => {
  for (const c of HOSTILE) {
    const file = tmp.file(c.file);
    await fs.writeFile(file, c.bytes());
    files.set(c.file, file);
  }
});

/** Rows without trailing blanks: both readers pad differently after the last value. */
const trimmed = (values: CellValue[][]): CellValue[][] => values.map((row) => {
  const out = [...row];
  while (out.length > 0 && out[out.length - 1] === null) out.pop();
  return out;
});

/** Cases ExcelJS reads right; for the others it throws (x: prefixes) or loses text (CDATA beside a comment). */
const EXCELJS_READS_RIGHT = new Set(['石门乡-单引号.xlsx', '石门乡-注释掉的行.xlsx', '石门乡-Strict格式.xlsx', '石门乡-zip64.xlsx']);

const readable = HOSTILE.filter((c) => c.expect.outcome === 'reads');
const refused = HOSTILE.filter((c) => c.expect.outcome === 'refused');

describe('unusual but valid files read exactly as the plain report', () => {
  it.each(readable.map((c) => [c.file, c] as const))('%s', async (_file, c: HostileCase) => {
    if (c.expect.outcome !== 'reads') throw new Error('not a readable case');
    const sheets = await readWorkbookFile(files.get(c.file)!);
    expect(sheets.map((s) => s.name)).toEqual([TOWNSHIP]);
    expect(trimmed(sheets[0].values)).toEqual(c.expect.values);
    if (c.expect.merges) expect(sheets[0].merges).toEqual(c.expect.merges);
    if (EXCELJS_READS_RIGHT.has(c.file)) {
      const reference: SheetInput[] = await readWithExcelJs(await fs.readFile(files.get(c.file)!), c.file);
      expect(trimmed(sheets[0].values)).toEqual(trimmed(reference[0].values));
    }
  });

  it.each(readable.map((c) => [c.file] as const))('%s: the command line rolls it up (exit 0, 42556 residents)', async (file) => {
    const io = captureIo();
    const code = await run([files.get(file)!, '--as-of', '2024-11-30', '--json', '-'], io);
    expect(code).toBe(0);
    // With --json - the summary is stdout and the short report goes to stderr.
    expect(io.err()).toContain('1 个乡镇，3 个机构');
    const summary = JSON.parse(io.out()) as { rollup: { name: string; values: Record<string, number> }[] };
    expect(summary.rollup.find((r) => r.name === TOWNSHIP)?.values.POP).toBe(42556);
  });
});

describe('damaged or blown-up files are refused, naming the file and what is wrong', () => {
  it.each(refused.map((c) => [c.file, c] as const))('%s', async (_file, c: HostileCase) => {
    if (c.expect.outcome !== 'refused') throw new Error('not a refused case');
    const file = files.get(c.file)!;
    const error = await readWorkbookFile(file).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UnreadableWorkbookError);
    const e = error as UnreadableWorkbookError;
    expect(e.path).toBe(file);
    expect(e.reason).toBe(c.expect.reason);
    expect(e.damage?.kind).toBe(c.expect.damage);

    for (const lang of ['zh-CN', 'en'] as const) {
      const io = captureIo();
      const out = tmp.file(`${c.file}-${lang}-结果.xlsx`);
      const code = await run([file, '--as-of', '2024-11-30', '--lang', lang, '--out', out], io);
      expect(code).toBe(2);
      const message = io.err();
      expect(message).toContain(c.file);
      for (const phrase of c.expect.says[lang]) expect(message).toContain(phrase);
      // The run does not pretend to be complete: no result workbook.
      await expect(fs.stat(out)).rejects.toThrow();
    }
    // Two million shared strings take a second or two to count on a loaded machine, three times over.
  }, 30_000);

  it('the message for a changed byte is the one a statistician reads', async () => {
    const io = captureIo();
    const file = files.get('石门乡-改了一个字节.xlsx')!;
    expect(await run([file, '--as-of', '2024-11-30'], io)).toBe(2);
    expect(io.err()).toContain('文件已损坏：石门乡-改了一个字节.xlsx 中的 xl/worksheets/sheet1.xml 校验失败（CRC）');
  });

  it('a damaged township among sound ones stops the whole run', async () => {
    const sound = files.get('石门乡-单引号.xlsx')!;
    const cut = files.get('石门乡-传输中断.xlsx')!;
    const io = captureIo();
    expect(await run([sound, cut, '--as-of', '2024-11-30', '--json', '-'], io)).toBe(2);
    expect(io.out()).not.toContain('"rollup"');
    expect(io.err()).toContain('石门乡-传输中断.xlsx');
  });
});

describe('the plain report the cases start from', () => {
  it('is what the corpus expects, read by ExcelJS too', async () => {
    const file = files.get('石门乡-单引号.xlsx')!;
    const reference = await readWithExcelJs(await fs.readFile(file), 'x.xlsx');
    expect(trimmed(reference[0].values)).toEqual(TOWNSHIP_ROWS);
  });
});
