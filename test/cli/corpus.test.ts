// The corpus of real-looking township workbooks (test/fixtures/corpus, made by scripts/make-corpus.ts),
// read end to end: the CLI reader, the engine, and the command line itself. Every case's expected
// figures and issues were written by hand in <case>.expected.json, from what a county statistician
// expects of those sheets.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCorpus, CORPUS_DIR } from '../../scripts/make-corpus';
import { readWorkbookFile } from '../../src/cli/readWorkbook';
import { run } from '../../src/cli/main';
import { consolidate } from '../../src/engine';
import { columnLetter } from '../../src/engine/normalize';
import type { ConsolidationResult, ExcludedRowReason, Issue, RollupRow, SheetInput, SheetLayout } from '../../src/engine/types';
import { expectIssue, expectNoIssue, expectOnlyListed, type IssuePattern } from '../helpers/expectIssue';

interface SheetExpectation {
  sheet: string;
  source?: string;
  status?: 'table' | 'skipped';
  hidden?: boolean;
  /** 1-based, inclusive. */
  headerRows?: [number, number];
  facilityColumn?: string | null;
  serialColumn?: string | null;
  townshipColumn?: string | null;
  /** 1-based first and last facility row. */
  dataRows?: [number, number];
  /** Reason → 1-based rows that must be excluded for that reason. */
  excluded?: Partial<Record<ExcludedRowReason, number[]>>;
  /** Column letter → indicator code. */
  columns?: Record<string, string>;
  townships?: string[];
}

interface CaseExpectation {
  title: string;
  files: string[];
  asOf: string;
  facilities: number;
  townships: Record<string, { facilities: number; values: Record<string, number | null> }>;
  onlyTheseTownships?: boolean;
  county?: Record<string, number | null>;
  sheets?: SheetExpectation[];
  issues: IssuePattern[];
  absent?: IssuePattern[];
  /** Every error and warning must be one of `issues`. */
  onlyListedProblems?: boolean;
  cli?: { exitCode: number; strictExitCode: number };
}

const CASES: [string, CaseExpectation][] = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.expected.json'))
  .sort()
  .map((f) => [f.replace(/\.expected\.json$/, ''), JSON.parse(readFileSync(join(CORPUS_DIR, f), 'utf8')) as CaseExpectation]);

const digest = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

async function readAll(files: string[]): Promise<SheetInput[]> {
  const sheets: SheetInput[] = [];
  for (const file of files) sheets.push(...(await readWorkbookFile(join(CORPUS_DIR, file))));
  return sheets;
}

/** Figures compared to 4 decimals: rates are given to 6 in the expectations. */
function expectFigures(actual: Record<string, number | null>, expected: Record<string, number | null>, where: string): void {
  for (const [code, want] of Object.entries(expected)) {
    const got = actual[code] ?? null;
    if (want === null) {
      if (got !== null) throw new Error(`${where} ${code}: expected missing (null), got ${got}`);
      continue;
    }
    if (got === null || Math.abs(got - want) > 5e-5) {
      throw new Error(`${where} ${code}: expected ${want}, got ${got}`);
    }
  }
}

function rollupRow(rows: readonly Pick<RollupRow, 'level' | 'name' | 'facilities' | 'values'>[], level: 'township' | 'county', name?: string) {
  const row = rows.find((r) => r.level === level && (name === undefined || r.name === name));
  if (!row) {
    const have = rows.filter((r) => r.level === level).map((r) => r.name);
    throw new Error(`No ${level} row${name ? ` for ${name}` : ''}; rows: ${have.join('、') || '(none)'}`);
  }
  return row;
}

/**
 * The same sheets as Office.js hands them over: a merged area holds its value in the top-left cell only
 * (ExcelJS may repeat it). Issue 4: both must read the same.
 */
function officeShaped(sheets: readonly SheetInput[]): SheetInput[] {
  return sheets.map((s) => {
    const values = s.values.map((row) => [...row]);
    for (const m of s.merges ?? []) {
      for (let r = m.top; r <= m.bottom; r++) {
        for (let c = m.left; c <= m.right; c++) {
          if ((r !== m.top || c !== m.left) && values[r] !== undefined && c < values[r].length) values[r][c] = null;
        }
      }
    }
    return { ...s, values };
  });
}

const issueKeys = (issues: readonly Issue[]): string[] =>
  issues.map((i) => `${i.severity} ${i.code} ${i.source ?? ''}/${i.sheet ?? ''}!${i.cell ?? ''} ${i.indicator ?? ''}`);

const letterOf = (c: number | null): string | null => (c === null ? null : columnLetter(c));

function checkLayout(layouts: readonly SheetLayout[], e: SheetExpectation): void {
  const layout = layouts.find((l) => l.sheet === e.sheet && (e.source === undefined || l.source === e.source));
  if (!layout) throw new Error(`No layout for sheet ${e.sheet}; have ${layouts.map((l) => l.sheet).join('、')}`);
  const at = `${e.source ? `[${e.source}]` : ''}${e.sheet}`;
  const actual: Record<string, unknown> = {};
  const wanted: Record<string, unknown> = {};
  const compare = (key: string, want: unknown, got: unknown): void => {
    wanted[key] = want;
    actual[key] = got;
  };
  if (e.status !== undefined) compare('status', e.status, layout.status);
  if (e.hidden !== undefined) compare('hidden', e.hidden, layout.hidden);
  if (e.headerRows !== undefined) {
    compare('headerRows', e.headerRows, layout.headerRows ? [layout.headerRows.first + 1, layout.headerRows.last + 1] : null);
  }
  if (e.facilityColumn !== undefined) compare('facilityColumn', e.facilityColumn, letterOf(layout.facilityColumn));
  if (e.serialColumn !== undefined) compare('serialColumn', e.serialColumn, letterOf(layout.serialColumn));
  if (e.townshipColumn !== undefined) compare('townshipColumn', e.townshipColumn, letterOf(layout.townshipColumn));
  if (e.dataRows !== undefined) {
    compare('dataRows', e.dataRows, [
      layout.firstDataRow === null ? null : layout.firstDataRow + 1,
      layout.lastDataRow === null ? null : layout.lastDataRow + 1,
    ]);
  }
  if (e.excluded !== undefined) {
    for (const [reason, rows] of Object.entries(e.excluded)) {
      const got = layout.excludedRows.filter((x) => x.reason === reason).map((x) => x.row + 1);
      compare(`excluded.${reason}`, rows, rows.filter((r) => got.includes(r)).length === rows.length ? rows : got);
    }
  }
  if (e.columns !== undefined) {
    const got: Record<string, string | null> = {};
    for (const letter of Object.keys(e.columns)) got[letter] = layout.columns.find((c) => c.letter === letter)?.indicator ?? null;
    compare('columns', e.columns, got);
  }
  if (e.townships !== undefined) compare('townships', e.townships, layout.townships);
  expect({ sheet: at, ...actual }).toEqual({ sheet: at, ...wanted });
}

function checkResult(result: ConsolidationResult, c: CaseExpectation): void {
  expect(result.counts.facilities).toBe(c.facilities);
  expect(result.facilities).toHaveLength(c.facilities);

  for (const [name, t] of Object.entries(c.townships)) {
    const row = rollupRow(result.rollup, 'township', name);
    expect({ township: name, facilities: row.facilities }).toEqual({ township: name, facilities: t.facilities });
    expectFigures(row.values, t.values, name);
  }
  if (c.onlyTheseTownships) {
    const names = result.rollup.filter((r) => r.level === 'township').map((r) => r.name);
    expect([...names].sort()).toEqual(Object.keys(c.townships).sort());
  }
  if (c.county) expectFigures(rollupRow(result.rollup, 'county').values, c.county, '全县');

  for (const s of c.sheets ?? []) checkLayout(result.sheets, s);

  for (const p of c.issues) expectIssue(result.issues, p);
  for (const p of c.absent ?? []) expectNoIssue(result.issues, p);
  if (c.onlyListedProblems) expectOnlyListed(result.issues, c.issues);
}

describe('the corpus files are what scripts/make-corpus.ts makes', () => {
  it('every checked-in workbook matches the generator byte for byte', async () => {
    const built = await buildCorpus();
    const listed = new Set(CASES.flatMap(([, c]) => c.files));
    expect([...built.keys()].sort()).toEqual([...listed].sort());
    for (const [name, bytes] of built) {
      expect({ name, same: Buffer.compare(bytes, readFileSync(join(CORPUS_DIR, name))) === 0 }).toEqual({ name, same: true });
    }
  });
});

describe.each(CASES)('corpus case %s', (_name, c) => {
  const paths = c.files.map((f) => join(CORPUS_DIR, f));

  it(`reads right: ${c.title}`, async () => {
    const before = paths.map(digest);
    const sheets = await readAll(c.files);
    const result = consolidate(sheets, { asOf: c.asOf, lang: 'zh-CN' });
    checkResult(result, c);
    expect(paths.map(digest)).toEqual(before);

    const asOffice = consolidate(officeShaped(sheets), { asOf: c.asOf, lang: 'zh-CN' });
    expect(asOffice.rollup).toEqual(result.rollup);
    expect(issueKeys(asOffice.issues)).toEqual(issueKeys(result.issues));
  });

  if (c.cli) {
    const cli = c.cli;
    it('gives the same figures and issues through the command line, with its exit codes, and leaves the inputs unchanged', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'corpus-'));
      try {
        const before = paths.map(digest);
        const out = { text: '', write(t: string) { this.text += t; } };
        const err = { text: '', write(t: string) { this.text += t; } };
        const jsonPath = join(dir, 'summary.json');
        const code = await run([...paths, '--as-of', c.asOf, '--json', jsonPath, '--out', join(dir, 'result.xlsx')], {
          stdout: out,
          stderr: err,
        });
        expect({ code, stderr: err.text }).toEqual({ code: cli.exitCode, stderr: '' });

        const summary = JSON.parse(readFileSync(jsonPath, 'utf8')) as {
          rollup: RollupRow[];
          issues: Issue[];
        };
        for (const [name, t] of Object.entries(c.townships)) expectFigures(rollupRow(summary.rollup, 'township', name).values, t.values, name);
        if (c.county) expectFigures(rollupRow(summary.rollup, 'county').values, c.county, '全县');
        // The JSON carries no params; patterns about place, code and message still apply.
        const jsonIssues = summary.issues.map((i) => ({ ...i, params: {} }));
        for (const p of c.issues) expectIssue(jsonIssues, p);
        for (const p of c.absent ?? []) expectNoIssue(jsonIssues, p);

        const strict = await run([...paths, '--as-of', c.asOf, '--json', join(dir, 'strict.json'), '--strict'], {
          stdout: { write: () => true },
          stderr: { write: () => true },
        });
        expect(strict).toBe(cli.strictExitCode);
        expect(paths.map(digest)).toEqual(before);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
