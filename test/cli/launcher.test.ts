// bin/indicator-rollup.js as a user runs it: the first run bundles the sources into a cache, later runs
// load the bundle, a changed source is rebuilt, and without a cache or through tsx the tool still runs.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { promises as fs, readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import JSZip from 'jszip';
import { readXlsxPackage, UnsupportedPackageError } from '../../src/cli/xlsxPackage';
import { addSheet, readBack, scratchDir, soundTownship, writeWorkbook } from './helpers';
import { SAMPLE_AS_OF, SAMPLE_COUNTY } from '../../scripts/make-sample';

const BIN = path.join(__dirname, '..', '..', 'bin', 'indicator-rollup.js');
const tmp = scratchDir('launcher');
afterAll(() => tmp.cleanup());

function runBin(args: string[], env: Record<string, string>): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

interface Manifest {
  entry: string;
  inputs: [file: string, mtimeMs: number, size: number][];
}

async function cached(dir: string): Promise<{ bundle: string; manifest: string }> {
  const files = readdirSync(dir)
    .filter((f) => /\.(cjs|json)$/.test(f))
    .sort();
  expect(files).toHaveLength(2);
  const [bundle, manifest] = files.map((f) => path.join(dir, f));
  expect(bundle).toMatch(/cli-[0-9a-f]{8}\.cjs$/);
  expect(manifest).toMatch(/cli-[0-9a-f]{8}\.json$/);
  return { bundle, manifest };
}

describe('bin/indicator-rollup.js', () => {
  const cache = path.join(tmp.dir, 'cache');

  it('bundles the sources on the first run and writes the result workbook', async () => {
    const out = tmp.file('result.xlsx');
    const r = runBin([SAMPLE_COUNTY, '--as-of', SAMPLE_AS_OF, '--out', out], { INDICATOR_ROLLUP_CACHE: cache });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect((await readBack(out)).worksheets.map((w) => w.name)).toEqual(['县级汇总', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);

    const { bundle, manifest } = await cached(cache);
    // V8's code cache for the bundle, made after the run.
    expect(readdirSync(cache)).toContain(`${path.basename(bundle, '.cjs')}.v8`);
    const m = JSON.parse(await fs.readFile(manifest, 'utf8')) as Manifest;
    expect(m.entry).toBe(path.join('src', 'cli', 'main.ts'));
    const files = m.inputs.map(([f]) => f.split(path.sep).join('/'));
    expect(files).toEqual(expect.arrayContaining(['src/cli/main.ts', 'src/cli/xlsxWriter.ts', 'src/engine/consolidate.ts']));
    // Packages stay in node_modules.
    expect(files.some((f) => f.includes('node_modules'))).toBe(false);
  });

  it('later runs load the cached bundle while the sources are unchanged', async () => {
    const { bundle } = await cached(cache);
    const real = await fs.readFile(bundle, 'utf8');
    await fs.writeFile(bundle, `exports.run = async () => { process.stdout.write('from the cache\\n'); return 0; };\n`);
    try {
      const r = runBin(['--help'], { INDICATOR_ROLLUP_CACHE: cache });
      expect(r.stdout).toBe('from the cache\n');
      expect(r.status).toBe(0);
    } finally {
      await fs.writeFile(bundle, real);
    }
  });

  it('rebuilds when a source file has changed since the bundle was made', async () => {
    const { bundle, manifest } = await cached(cache);
    const m = JSON.parse(await fs.readFile(manifest, 'utf8')) as Manifest;
    m.inputs[0][1] -= 1000; // as if the file had been edited after the build
    await fs.writeFile(manifest, JSON.stringify(m));
    await fs.writeFile(bundle, `exports.run = async () => { process.stdout.write('stale\\n'); return 0; };\n`);
    const r = runBin(['--help', '--lang', 'en'], { INDICATOR_ROLLUP_CACHE: cache });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: indicator-rollup/);
    expect(await fs.readFile(bundle, 'utf8')).not.toContain('stale');
  });

  it('the bundled command still loads ExcelJS for a workbook the fast reader leaves to it', async () => {
    const plain = await writeWorkbook(tmp.file('plain.xlsx'), (wb) => addSheet(wb, '石门乡', soundTownship('石门乡')));
    // A sheet part declaring an encoding other than UTF-8 (its text is plain ASCII): the fast reader
    // leaves it, ExcelJS reads it. (A damaged part is never left to ExcelJS: see hostile.test.ts.)
    const archive = await JSZip.loadAsync(await fs.readFile(plain));
    const part = 'xl/worksheets/sheet1.xml';
    const xml = await archive.file(part)!.async('string');
    const odd = xml.replace('encoding="UTF-8"', 'encoding="US-ASCII"');
    expect(odd).not.toBe(xml);
    archive.file(part, odd);
    const file = tmp.file('odd.xlsx');
    await fs.writeFile(file, await archive.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' }));
    const bytes = await fs.readFile(file);
    expect(() => readXlsxPackage(bytes, 'odd.xlsx')).toThrow(UnsupportedPackageError);

    const out = tmp.file('odd-result.xlsx');
    const r = runBin([file, '--as-of', SAMPLE_AS_OF, '--out', out, '--json', '-', '--lang', 'en'], { INDICATOR_ROLLUP_CACHE: cache });
    expect(r.stderr).not.toContain('Internal error');
    expect(r.status).toBe(0);
    const summary = JSON.parse(r.stdout) as { rollup: { name: string; facilities: number }[] };
    expect(summary.rollup.find((t) => t.name === '石门乡')?.facilities).toBe(3);
  });

  it('runs without a cache when the cache folder cannot be made', () => {
    const blocker = tmp.file('a-file');
    writeFileSync(blocker, 'not a folder');
    const r = runBin(['--help', '--lang', 'en'], { INDICATOR_ROLLUP_CACHE: path.join(blocker, 'cache') });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Usage: indicator-rollup/);
  });

  it('runs through tsx when asked to, with the same one-line failures', () => {
    const r = runBin([tmp.file('没有.xlsx'), '--lang', 'en'], { INDICATOR_ROLLUP_LOADER: 'tsx', INDICATOR_ROLLUP_CACHE: path.join(tmp.dir, 'unused') });
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('没有.xlsx');
    expect(readdirSync(tmp.dir)).not.toContain('unused');
  });
});
