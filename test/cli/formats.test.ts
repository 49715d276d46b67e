// Township files in every format a county office receives (test/fixtures/formats, made by
// scripts/make-formats.ts): each rolls up to the county figures of the same table saved as .xlsx, keeps
// its sheet names, merges, hidden sheets, dates and errors, and is read by its content whatever its name.
// Hostile or broken files are refused with a named reason, never another exception.
import { promises as fs, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UnreadableWorkbookError } from '../../src/cli/errors';
import { run } from '../../src/cli/main';
import { readWorkbookBuffer, readWorkbookFile } from '../../src/cli/readWorkbook';
import { consolidate } from '../../src/engine';
import type { SheetInput, SummaryJson } from '../../src/engine';
import { MAX_FILE_BYTES } from '../../src/formats/sheetjs';
import { sniffWorkbook } from '../../src/formats/sniff';
import { FORMATS_DIR, TOWNSHIP } from '../../scripts/make-formats';
import { captureIo, scratchDir } from './helpers';

const tmp = scratchDir('formats');
afterAll(() => tmp.cleanup());

const fixture = (variant: string): string => {
  const [file] = readdirSync(join(FORMATS_DIR, variant));
  return join(FORMATS_DIR, variant, file);
};
const VARIANTS = readdirSync(FORMATS_DIR).filter((v) => v !== 'xlsx');
const AS_OF = '2024-11-30';

const rollupOf = (sheets: SheetInput[]) => consolidate(sheets, { asOf: AS_OF, lang: 'zh-CN' }).rollup;
const townshipSheet = (sheets: SheetInput[]) => sheets.find((s) => s.name === TOWNSHIP)!;

let reference: SheetInput[];
beforeAll(async () => {
  reference = await readWorkbookFile(fixture('xlsx'));
});

it('has every format the script makes', () => {
  expect(VARIANTS.sort()).toEqual(
    ['csv-gbk', 'csv-utf8-bom', 'html', 'ods', 'spreadsheetml', 'xls', 'xls-named-xlsx', 'xlsb', 'xlsx-named-xls'].sort(),
  );
});

describe.each(VARIANTS)('%s', (variant) => {
  let sheets: SheetInput[];
  beforeAll(async () => {
    sheets = await readWorkbookFile(fixture(variant));
  });

  it('rolls up to the same township and county figures as the .xlsx', () => {
    const expected = rollupOf(reference);
    expect(expected.map((r) => r.name)).toEqual([TOWNSHIP, '全县合计']);
    expect(expected[1].values.HTN).toBe(1100);
    expect(rollupOf(sheets)).toEqual(expected);
  });

  it('names the township sheet 石门乡 and holds the table as the .xlsx does (rates as typed or as percent)', () => {
    const sheet = townshipSheet(sheets);
    expect(sheet.source).toBe(`${TOWNSHIP}${fixture(variant).slice(fixture(variant).lastIndexOf('.'))}`);
    const want = townshipSheet(reference).values;
    const got = sheet.values;
    // The GBK .csv types its rates with "%": the number Excel keeps is the fraction, under a percent format.
    if (variant === 'csv-gbk') {
      expect(got[2][5]).toBeCloseTo(0.7143, 12);
      expect(sheet.numberFormats?.[2][5]).toBe('0.00%');
      expect(sheet.numberFormats?.[4][5]).toBe('0%');
      expect(got.map((row) => row.slice(0, 5))).toEqual(want.map((row) => row.slice(0, 5)));
    } else {
      expect(got).toEqual(want);
    }
  });
});

describe('what the binary formats keep besides values', () => {
  it.each(['xls', 'xlsb', 'spreadsheetml', 'xls-named-xlsx'])('%s: merged title, hidden notes sheet, a date, an error', async (variant) => {
    const sheets = await readWorkbookFile(fixture(variant));
    expect(sheets.map((s) => [s.name, s.hidden])).toEqual([
      [TOWNSHIP, false],
      ['填报说明', true],
    ]);
    expect(townshipSheet(sheets).merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 5 }]);
    const notes = sheets[1];
    expect(notes.values[0][1]).toEqual(new Date(Date.UTC(2024, 11, 3)));
    expect(notes.numberFormats?.[0][1]).toBe('yyyy-mm-dd');
    expect(notes.values[1][1]).toEqual({ error: '#DIV/0!' });
    // The same shape the .xlsx path gives.
    expect(notes.values).toEqual(reference[1].values);
  });

  it('ods: the merged title and the date (ODS has no error values; SheetJS keeps no hidden state for it)', async () => {
    const sheets = await readWorkbookFile(fixture('ods'));
    expect(townshipSheet(sheets).merges).toEqual([{ top: 0, left: 0, bottom: 0, right: 5 }]);
    expect(sheets[1].values[0][1]).toEqual(new Date(Date.UTC(2024, 11, 3)));
  });
});

describe('read by content, not by name', () => {
  it.each([
    ['xlsx-named-xls', 'xlsx'],
    ['xls-named-xlsx', 'xls'],
    ['spreadsheetml', 'spreadsheetml'],
    ['html', 'html'],
    ['csv-gbk', 'csv'],
    ['csv-utf8-bom', 'csv'],
    ['ods', 'ods'],
    ['xlsb', 'xlsb'],
  ])('%s is %s', async (variant, kind) => {
    expect(sniffWorkbook(await fs.readFile(fixture(variant)), fixture(variant))).toBe(kind);
  });

  it('reads tab-separated "Unicode text" (UTF-16LE) and names the sheet after the file', async () => {
    const text = '机构名称\t高血压患者数（人）\r\n东村卫生室\t150\r\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const [sheet] = await readWorkbookBuffer(bytes, '北岭乡.txt');
    expect(sheet.name).toBe('北岭乡');
    expect(sheet.values).toEqual([
      ['机构名称', '高血压患者数（人）'],
      ['东村卫生室', 150],
    ]);
  });

  it('gives a .csv whose name Excel would refuse as a sheet name a valid one', async () => {
    const [sheet] = await readWorkbookBuffer(Buffer.from('a,b\n1,2\n'), '[2024]石门乡:11月份卫生院及村卫生室报表汇总.csv');
    expect(sheet.name).toBe('_2024_石门乡_11月份卫生院及村卫生室报表汇总');
    expect([...sheet.name].length).toBeLessThanOrEqual(31);
  });
});

describe('the command line over a GBK .csv and an .xls', () => {
  it('prints the same county figures as for the .xlsx', async () => {
    const summaryOf = async (file: string): Promise<SummaryJson> => {
      const json = tmp.file(`${Math.random().toString(36).slice(2)}.json`);
      expect(await run([file, '--as-of', AS_OF, '--json', json], captureIo())).toBe(0);
      return JSON.parse(await fs.readFile(json, 'utf8')) as SummaryJson;
    };
    const want = (await summaryOf(fixture('xlsx'))).rollup;
    expect((await summaryOf(fixture('csv-gbk'))).rollup).toEqual(want);
    expect((await summaryOf(fixture('xls'))).rollup).toEqual(want);
  });
});

describe('hostile and broken files: a named reason, never another exception', () => {
  const reasonOf = async (bytes: Buffer, name: string): Promise<string> => {
    try {
      await readWorkbookBuffer(bytes, name);
    } catch (e) {
      expect(e).toBeInstanceOf(UnreadableWorkbookError);
      expect((e as UnreadableWorkbookError).path).toBe(name);
      return (e as UnreadableWorkbookError).reason;
    }
    throw new Error('expected the read to fail');
  };

  it('an .xls cut short', async () => {
    const xls = await fs.readFile(fixture('xls'));
    expect(await reasonOf(xls.subarray(0, 1500), '石门乡.xls')).toBe('corrupt');
  });

  it('an .xls whose workbook stream is overwritten with noise', async () => {
    const xls = Buffer.from(await fs.readFile(fixture('xls')));
    for (let i = 512; i < xls.length; i++) xls[i] = (i * 7919) & 0xff;
    expect(await reasonOf(xls, '石门乡.xls')).toBe('corrupt');
  });

  it('an encrypted .xls (a FILEPASS record after the workbook BOF)', async () => {
    const xls = Buffer.from(await fs.readFile(fixture('xls')));
    // After the globals BOF (type 0x0809, 16 bytes, BIFF8, workbook globals), the first record of 6 bytes
    // or more becomes FILEPASS (0x002F) with the XOR method, keeping its length so the stream stays whole.
    const bof = xls.indexOf(Buffer.from([0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00]));
    expect(bof).toBeGreaterThan(0);
    let next = bof + 4 + 16;
    while (xls.readUInt16LE(next + 2) < 6) next += 4 + xls.readUInt16LE(next + 2);
    xls.writeUInt16LE(0x002f, next);
    xls.writeUInt16LE(0x0000, next + 4);
    expect(await reasonOf(xls, '石门乡.xls')).toBe('encrypted');
  });

  it('an .ods whose zip claims to unpack to gigabytes', async () => {
    const ods = Buffer.from(await fs.readFile(fixture('ods')));
    // Every central-directory entry claims 2 GB uncompressed.
    for (let at = ods.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = ods.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
      ods.writeUInt32LE(0x7fffffff, at + 24);
    }
    expect(await reasonOf(ods, '石门乡.ods')).toBe('too-large');
  });

  it('an .xlsb cut short', async () => {
    const xlsb = await fs.readFile(fixture('xlsb'));
    expect(await reasonOf(xlsb.subarray(0, xlsb.length - 200), '石门乡.xlsb')).toBe('corrupt');
  });

  it('a .csv past the size cap', async () => {
    expect(await reasonOf(Buffer.alloc(MAX_FILE_BYTES + 1, '1,2\n'), '石门乡.csv')).toBe('too-large');
  });

  it('SpreadsheetML that is not well-formed', async () => {
    const xml = (await fs.readFile(fixture('spreadsheetml'), 'utf8')).replace(/<\/Worksheet>[\s\S]*$/, '<Row><Cell><Data ss:Type="Number">');
    expect(await reasonOf(Buffer.from(xml), '石门乡.xls')).toBe('corrupt');
  });
});
