// The corpus of real-looking township workbooks (test/fixtures/corpus) read through the add-in's path:
// each workbook opened in the preview host (Office.js semantics: a merged area's value only at its
// top-left, numbers with their formats), read by the adapter, consolidated by the engine. Issue 4: every
// case must come out of the pane as it comes out of the command line. A case of several files goes the
// pane's way: the first workbook open, the others added with 导入乡镇文件.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS_DIR } from '../../scripts/make-corpus';
import { readWorkbookFile } from '../../src/cli/readWorkbook';
import { consolidate } from '../../src/engine';
import type { ConsolidationResult, SheetInput } from '../../src/engine/types';
import { openInPreview, toArrayBuffer } from './workbooks';

interface CaseFiles {
  files: string[];
  asOf: string;
}

const CASES: [string, CaseFiles][] = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.expected.json'))
  .sort()
  .map((f) => [f.replace(/\.expected\.json$/, ''), JSON.parse(readFileSync(join(CORPUS_DIR, f), 'utf8')) as CaseFiles]);

const bytes = (file: string): ArrayBuffer => toArrayBuffer(readFileSync(join(CORPUS_DIR, file)));

async function viaCli(files: string[]): Promise<SheetInput[]> {
  const sheets: SheetInput[] = [];
  for (const file of files) sheets.push(...(await readWorkbookFile(join(CORPUS_DIR, file))));
  return sheets;
}

async function viaPane(files: string[]): Promise<SheetInput[]> {
  const [first, ...others] = files;
  const { host } = await openInPreview(bytes(first), first);
  if (others.length > 0) {
    await host.importFiles(others.map((name) => ({ name, base64: Buffer.from(bytes(name)).toString('base64') })));
  }
  return host.readSheets();
}

/** Figures to 9 significant digits: the two readers may differ in the last bit of a cached formula result. */
const rounded = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(9)));

function rollupOf(r: ConsolidationResult) {
  return r.rollup.map((row) => ({
    level: row.level,
    name: row.name,
    facilities: row.facilities,
    values: Object.fromEntries(Object.entries(row.values).map(([k, v]) => [k, rounded(v)])),
  }));
}

/** Problems as a statistician reads them: where (the cell), what, and the message. */
function problemsOf(r: ConsolidationResult, singleFile: boolean): string[] {
  return r.issues
    .filter((i) => i.severity !== 'info')
    .map((i) => (singleFile ? `${i.severity} ${i.code} ${i.sheet}!${i.cell} ${i.indicator ?? ''} ${i.message}` : `${i.severity} ${i.code} ${i.indicator ?? ''}`))
    .sort();
}

describe.each(CASES)('corpus %s through the add-in path', (_name, c) => {
  it('gives the same roll-up, completion and problems as the command line', async () => {
    const cli = consolidate(await viaCli(c.files), { asOf: c.asOf });
    const pane = consolidate(await viaPane(c.files), { asOf: c.asOf });
    const singleFile = c.files.length === 1;

    expect(rollupOf(pane)).toEqual(rollupOf(cli));
    expect(pane.completion.map((x) => [x.level, x.name, x.indicator, x.status])).toEqual(
      cli.completion.map((x) => [x.level, x.name, x.indicator, x.status]),
    );
    expect(problemsOf(pane, singleFile)).toEqual(problemsOf(cli, singleFile));
    expect(pane.counts).toEqual(cli.counts);
  });
});
