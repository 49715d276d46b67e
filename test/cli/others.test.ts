// Workbooks written by other programs (Excel, LibreOffice, WPS, Rust and Python writers, fuzzers): the
// calamine project's test files, kept outside this repository (see the note below). Every file is either
// read or refused with UnreadableWorkbookError, never another exception; whatever openpyxl opens we read;
// and for every .xlsx openpyxl reads, our cell values equal openpyxl's (data_only=True), except for the
// differences listed, with their reason, in EXPECTED_DIFFERENCES.
//
// Where the files are: THIRD_PARTY_WORKBOOKS, else shared/fixtures/others beside the repository (the
// calamine tests/ folder, MIT licence, github.com/tafia/calamine). Without them, or without python3 and
// openpyxl, the test passes and prints what it could not check.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { UnreadableWorkbookError } from '../../src/cli/errors';
import { readWorkbookBuffer } from '../../src/cli/readWorkbook';
import type { CellValue, SheetInput } from '../../src/engine/types';

const CORPUS = process.env.THIRD_PARTY_WORKBOOKS ?? path.resolve(__dirname, '..', '..', '..', 'shared', 'fixtures', 'others');
const WORKBOOK = /\.(xlsx|xlsm|xlsb|xls|ods)$/i;
const files = existsSync(CORPUS) ? readdirSync(CORPUS).filter((f) => WORKBOOK.test(f)).sort() : [];

/**
 * Cells where our reader and openpyxl disagree, known and explained: "file|sheet|A1" → why. A new
 * disagreement fails the test; one listed here that no longer occurs fails it too, so the list stays true.
 */
const EXPECTED_DIFFERENCES = new Map<string, string>([
  // A duration under [h]:mm:ss: openpyxl gives a timedelta; we give the serial as a Date, as ExcelJS does.
  ['date.xlsx|Sheet1|A3', 'duration: Date (ours) vs timedelta (openpyxl)'],
  ['date_1904.xlsx|Sheet1|A3', 'duration: Date (ours) vs timedelta (openpyxl)'],
  // A time-only ISO value in a t="d" cell: openpyxl makes a time; we keep the text.
  ['date_iso.xlsx|Sheet|A3', 'ISO time: text (ours) vs time (openpyxl)'],
  // openpyxl 3.0.9 leaves the _x000D_ escape as text; Excel reads it as a carriage return, and so do we.
  // Ours still differs between the two: "ABC\r\r\nDEF" from the shared string (a raw CRLF in the XML not
  // normalised to LF, as an XML parser would) and "ABC\r\nDEF" inline: the fast reader's to settle.
  ['has_x000D_.xlsx|Sheet1|A1', 'openpyxl keeps _x000D_; fast reader keeps the raw CR of a CRLF'],
  ['has_x000D_inline.xlsx|Sheet1|A1', 'openpyxl keeps _x000D_'],
  // The fast reader does not unwrap CDATA in inline strings (openpyxl is right).
  ['inlineStr_cdata.xlsx|Sheet1|A1', 'fast reader: CDATA kept as text'],
  ['inlineStr_cdata.xlsx|Sheet1|B1', 'fast reader: CDATA kept as text'],
  ['inlineStr_cdata.xlsx|Sheet1|A2', 'fast reader: CDATA kept as text'],
  // Strings whose <t> carries a namespace prefix: the fast reader finds none (openpyxl is right).
  ['richtext-namespaced.xlsx|Sheet1|A1', 'fast reader: prefixed inline string read as blank'],
  ['richtext-namespaced.xlsx|Sheet1|H1', 'fast reader: prefixed shared string read as blank'],
  // Strict OOXML: openpyxl finds no worksheet; we read it.
  ['strict_iso_paths.xlsx|*|sheets', 'openpyxl reads no Strict OOXML sheets'],
]);

type Plain = null | number | string | boolean | { date: string } | { other: string };
interface OpenpyxlBook {
  sheets?: { name: string; cells: [number, number, Plain][] }[];
  error?: string;
}

function note(text: string): void {
  process.stdout.write(`[others] ${text}\n`);
}

/** The python3 that has openpyxl: PATH's, else Debian's own. */
function pythonWithOpenpyxl(): string | null {
  for (const python of ['python3', '/usr/bin/python3']) {
    const probe = spawnSync(python, ['-c', 'import openpyxl'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  return null;
}

function openpyxlValues(names: string[]): Map<string, OpenpyxlBook> | null {
  const python = pythonWithOpenpyxl();
  if (!python || names.length === 0) return null;
  const script = path.join(__dirname, '..', '..', 'scripts', 'openpyxl-values.py');
  const run = spawnSync(python, [script, ...names.map((n) => path.join(CORPUS, n))], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`openpyxl-values.py failed: ${run.stderr}`);
  const out = JSON.parse(run.stdout) as Record<string, OpenpyxlBook>;
  return new Map(Object.entries(out).map(([file, book]) => [path.basename(file), book]));
}

const a1 = (r: number, c: number): string => {
  let col = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) col = String.fromCharCode(65 + ((n - 1) % 26)) + col;
  return `${col}${r + 1}`;
};

/** One comparable text per value: dates to the second, numbers to 12 significant digits, errors as text. */
function comparable(v: CellValue | Plain): string | null {
  if (v === null || v === '') return null;
  if (v instanceof Date) return `date:${new Date(Math.round(v.getTime() / 1000) * 1000).toISOString().slice(0, 19)}`;
  if (typeof v === 'number') return `n:${Number(v.toPrecision(12))}`;
  if (typeof v === 'boolean') return `b:${v}`;
  if (typeof v === 'string') return /^#(NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|GETTING_DATA)$/.test(v) ? `e:${v}` : `s:${v}`;
  if ('error' in v) return `e:${v.error}`;
  if ('date' in v) return `date:${new Date(`${v.date.slice(0, 19)}Z`).toISOString().slice(0, 19)}`;
  return `other:${v.other}`;
}

function differences(file: string, ours: SheetInput[], theirs: NonNullable<OpenpyxlBook['sheets']>): Map<string, string> {
  const out = new Map<string, string>();
  const worksheets = ours.filter((s) => s.kind !== 'chart');
  if (worksheets.map((s) => s.name).join('|') !== theirs.map((s) => s.name).join('|')) {
    out.set(`${file}|*|sheets`, `ours ${JSON.stringify(worksheets.map((s) => s.name))}, openpyxl ${JSON.stringify(theirs.map((s) => s.name))}`);
    return out;
  }
  theirs.forEach((sheet, i) => {
    const cells = new Map<string, [string | null, string | null]>();
    for (const [r, c, v] of sheet.cells) cells.set(a1(r, c), [null, comparable(v)]);
    worksheets[i].values.forEach((row, r) =>
      row.forEach((v, c) => {
        const key = a1(r, c);
        cells.set(key, [comparable(v), cells.get(key)?.[1] ?? null]);
      }),
    );
    for (const [cell, [mine, other]] of cells) {
      if (mine !== other) out.set(`${file}|${sheet.name}|${cell}`, `ours ${JSON.stringify(mine)}, openpyxl ${JSON.stringify(other)}`);
    }
  });
  return out;
}

it('reads every workbook written by others, or refuses it by name; agrees with openpyxl on .xlsx', async () => {
  if (files.length === 0) {
    note(`no third-party workbooks at ${CORPUS} (set THIRD_PARTY_WORKBOOKS): nothing checked`);
    return;
  }
  const read = new Map<string, SheetInput[]>();
  const refused = new Map<string, string>();
  for (const file of files) {
    try {
      read.set(file, await readWorkbookBuffer(readFileSync(path.join(CORPUS, file)), file));
    } catch (e) {
      // Anything but a named refusal is a crash of ours.
      if (!(e instanceof UnreadableWorkbookError)) throw new Error(`${file}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      refused.set(file, `${e.reason}${e.detail ? ` (${e.detail})` : ''}`);
    }
  }
  note(`${files.length} files: ${read.size} read, ${refused.size} refused`);
  for (const [file, why] of refused) note(`  refused ${file}: ${why}`);

  const xlsx = files.filter((f) => /\.xls[xm]$/i.test(f));
  const reference = openpyxlValues(xlsx);
  if (!reference) {
    note('python3 with openpyxl not found: the openpyxl comparison was not made');
    return;
  }
  const found = new Map<string, string>();
  for (const file of xlsx) {
    const theirs = reference.get(file);
    if (!theirs?.sheets) continue;
    // What openpyxl opens, we must not refuse.
    expect([file, refused.get(file) ?? 'read']).toEqual([file, 'read']);
    for (const [key, what] of differences(file, read.get(file)!, theirs.sheets)) found.set(key, what);
  }
  const compared = xlsx.filter((f) => reference.get(f)?.sheets).length;
  note(`${compared} .xlsx files compared with openpyxl; ${found.size} cells differ (${EXPECTED_DIFFERENCES.size} expected)`);
  for (const [key, what] of found) if (!EXPECTED_DIFFERENCES.has(key)) note(`  NEW ${key}: ${what}`);
  expect([...found.keys()].filter((k) => !EXPECTED_DIFFERENCES.has(k))).toEqual([]);
  expect([...EXPECTED_DIFFERENCES.keys()].filter((k) => !found.has(k))).toEqual([]);
}, 300_000);
