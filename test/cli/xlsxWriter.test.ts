// The command line's own .xlsx writer: a valid zip (checked by JSZip, which verifies every CRC), cell
// values of every kind, texts that XML cannot carry as they are, and a package both ExcelJS and the
// fast reader open.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { readWorkbookBuffer } from '../../src/cli/readWorkbook';
import { columnName, escapeText, Styles, xlsxBytes, xlsxBytesInBackground, type XlsxSheet } from '../../src/cli/xlsxWriter';
import { crc32, PartPacker, PIECE_BYTES, tableCrc32, zip, zipPacked } from '../../src/cli/zipWriter';
import type { CellValue } from '../../src/engine/types';

describe('zip', () => {
  it.each([
    ['', 0],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339],
  ])('crc32(%j) = %i, with and without zlib', (text, expected) => {
    const data = Buffer.from(text, 'latin1');
    expect(crc32(data)).toBe(expected);
    expect(tableCrc32(data)).toBe(expected);
  });

  it('the table CRC agrees with zlib on a large buffer of every byte value', () => {
    const data = Buffer.alloc(70_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 131 + (i >> 8)) & 0xff;
    expect(tableCrc32(data)).toBe(crc32(data));
  });

  it('continues a CRC from the bytes before, with and without zlib', () => {
    const data = Buffer.from('县级汇总 and 校验结果, twice over', 'utf8');
    const head = data.subarray(0, 7);
    const tail = data.subarray(7);
    expect(crc32(tail, crc32(head))).toBe(crc32(data));
    expect(tableCrc32(tail, tableCrc32(head))).toBe(crc32(data));
  });

  it('a part compressed in pieces, here or on worker threads, is one entry JSZip reads back whole', async () => {
    // Three pieces: two full ones and the rest, each its own deflate stream joined into one.
    const pieces = [0, 1, 2].map((k) => Buffer.from(`<row r="${k}">${'<c><v>1830</v></c>'.repeat(k < 2 ? PIECE_BYTES / 18 : 10)}</row>`, 'utf8'));
    const whole = Buffer.concat(pieces);
    const packedHere = new PartPacker('xl/worksheets/sheet1.xml', false);
    const packedOnWorkers = new PartPacker('xl/worksheets/sheet1.xml', true);
    pieces.forEach((piece, k) => {
      packedHere.add(piece, k === pieces.length - 1);
      packedOnWorkers.add(piece, k === pieces.length - 1);
    });
    const here = packedHere.packed();
    const onWorkers = await packedOnWorkers.packedLater();
    expect(onWorkers).toEqual(here);
    expect(here.size).toBe(whole.length);
    expect(here.crc).toBe(crc32(whole));
    const archive = await JSZip.loadAsync(zipPacked([here]), { checkCRC32: true });
    expect((await archive.file('xl/worksheets/sheet1.xml')!.async('nodebuffer')).equals(whole)).toBe(true);
    expect(() => packedHere.add(Buffer.from('more'), true)).toThrow(/after its end/);
  });

  it('writes entries JSZip reads back byte for byte, names in UTF-8', async () => {
    const big = '县级汇总,'.repeat(50_000);
    const bytes = zip(
      [
        { name: 'a.txt', data: 'hello' },
        { name: 'dir/乡镇.xml', data: big },
        { name: 'empty', data: Buffer.alloc(0) },
      ],
      new Date(2024, 10, 30, 13, 45, 10),
    );
    const archive = await JSZip.loadAsync(bytes, { checkCRC32: true });
    expect(Object.keys(archive.files)).toEqual(['a.txt', 'dir/乡镇.xml', 'empty']);
    expect(await archive.file('a.txt')!.async('string')).toBe('hello');
    expect(await archive.file('dir/乡镇.xml')!.async('string')).toBe(big);
    expect((await archive.file('empty')!.async('nodebuffer')).length).toBe(0);
    expect(archive.file('a.txt')!.date.getFullYear()).toBe(2024);
    // Deflated: far smaller than the repeated text.
    expect(bytes.length).toBeLessThan(Buffer.byteLength(big) / 20);
  });
});

describe('columnName', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [35, 'AJ'],
    [701, 'ZZ'],
    [702, 'AAA'],
    [16383, 'XFD'],
  ])('%i → %s', (c, name) => expect(columnName(c)).toBe(name));
});

describe('escapeText', () => {
  it.each([
    ['plain 石门乡', 'plain 石门乡'],
    ['a&b<c>"d\'', 'a&amp;b&lt;c&gt;&quot;d\''],
    ['bell\u0007', 'bell_x0007_'],
    ['_x0041_', '_x005F_x0041_'],
    ['tab\tnewline\n', 'tab\tnewline\n'],
    ['\ud800 lone', '_xD800_ lone'],
    ['😀 pair', '😀 pair'],
  ])('%j → %j', (text, xml) => expect(escapeText(text)).toBe(xml));
});

function sheet(rows: CellValue[][], extra: Partial<XlsxSheet> = {}): XlsxSheet {
  return { name: '石门乡', columns: [], rows: rows.map((r) => r.map((value) => ({ value }))), ...extra };
}

describe('xlsxBytes', () => {
  const texts = ['=SUM(A1:A3)', '+86 0739', '-', '@机构', '  leading and trailing  ', 'bell\u0007', '_x0041_', 'a&b<c>"d\''];
  const values: CellValue[] = [1234, -0.5, 1e-7, 0.9318, 1.7976931348623157e308, true, false, { error: '#DIV/0!' }, { error: '#N/A' }];

  it('writes every kind of value; the fast reader reads them back as written', async () => {
    const when = new Date(Date.UTC(2024, 10, 30));
    const styles = new Styles();
    const dateStyle = styles.id({ numFmt: 'yyyy-mm-dd' });
    const s = sheet([texts, values]);
    s.rows.push([{ value: when, style: dateStyle }]);
    const read = await readWorkbookBuffer(xlsxBytes({ sheets: [s], styles }), 'x.xlsx');
    expect(read).toHaveLength(1);
    expect(read[0].name).toBe('石门乡');
    expect(read[0].values[0]).toEqual(texts);
    expect(read[0].values[1]).toEqual(values);
    expect(read[0].values[2]).toEqual([when]);
    expect(read[0].numberFormats?.[2]).toEqual(['yyyy-mm-dd']);
  });

  it('writes the same bytes with its parts compressed on worker threads, a sheet larger than a piece included', async () => {
    const styles = new Styles();
    const bold = styles.id({ bold: true });
    // About 30 bytes of XML a cell: 60,000 cells make a sheet part of more than one piece.
    const rows: XlsxSheet['rows'] = Array.from({ length: 2000 }, (_r, r) => ({
      values: Array.from({ length: 30 }, (_c, c) => (c === 0 ? `石门乡卫生院 ${r}` : r * 30 + c)),
      styles: Array.from({ length: 30 }, (_c, c) => (c === 0 ? bold : 0)),
    }));
    const hyperlinks = Array.from({ length: 2000 }, (_r, r) => ({ cell: `A${r + 1}`, target: `石门乡.xlsx#'石门乡'!D${r + 3}` }));
    const workbook = { sheets: [{ name: '机构明细', columns: [], rows, hyperlinks }], styles, created: new Date(2024, 10, 30) };
    const here = xlsxBytes(workbook);
    expect((await xlsxBytesInBackground(workbook)).equals(here)).toBe(true);
    const archive = await JSZip.loadAsync(here, { checkCRC32: true });
    expect((await archive.file('xl/worksheets/sheet1.xml')!.async('nodebuffer')).length).toBeGreaterThan(PIECE_BYTES);
    const read = await readWorkbookBuffer(here, 'x.xlsx');
    expect(read[0].values).toHaveLength(2000);
    expect(read[0].values[1999][0]).toBe('石门乡卫生院 1999');
    expect(read[0].values[1999][29]).toBe(1999 * 30 + 29);
  });

  it('writes numbers that are not finite as #NUM!, never as text Excel would refuse', async () => {
    const read = await readWorkbookBuffer(xlsxBytes({ sheets: [sheet([[NaN, Infinity, 3]])], styles: new Styles() }), 'x.xlsx');
    expect(read[0].values[0]).toEqual([{ error: '#NUM!' }, { error: '#NUM!' }, 3]);
  });

  it('ExcelJS opens it: strings stay strings, sheet names with quotes, a link, a frozen corner', async () => {
    const styles = new Styles();
    const bytes = xlsxBytes({
      sheets: [
        sheet([texts], { name: "O'Brien & Co", freeze: { rows: 2, columns: 3 }, columns: [{ width: 33.5 }], autoFilter: 'A1:H1' }),
        sheet([['D7']], { name: '校验结果', hyperlinks: [{ cell: 'A1', target: "a b/石门乡.xlsx#'石门乡''s'!D7" }] }),
      ],
      styles,
      creator: 'indicator-rollup',
    });
    const wb = await new ExcelJS.Workbook().xlsx.load(bytes as unknown as ExcelJS.Buffer);
    expect(wb.creator).toBe('indicator-rollup');
    const ws = wb.getWorksheet("O'Brien & Co")!;
    texts.forEach((text, c) => {
      const cell = ws.getCell(1, c + 1);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.formula).toBeUndefined();
      // ExcelJS does not undo Excel's _xHHHH_ escapes; the fast reader does (above).
      if (!text.includes('\u0007') && !text.startsWith('_x')) expect(cell.value).toBe(text);
    });
    expect(ws.views[0]).toMatchObject({ state: 'frozen', xSplit: 3, ySplit: 2, topLeftCell: 'D3' });
    expect(ws.getColumn(1).width).toBe(33.5);
    expect(ws.autoFilter).toBe('A1:H1');
    expect(wb.getWorksheet('校验结果')!.getCell('A1').value).toEqual({ text: 'D7', hyperlink: "a b/石门乡.xlsx#'石门乡''s'!D7" });
    // No defined names: ExcelJS would read _FilterDatabase names back as global ones, clashing on re-save.
    expect(wb.definedNames.model).toEqual([]);
  });

  it('gives each distinct style one id and writes the custom number formats once', async () => {
    const styles = new Styles();
    const a = styles.id({ numFmt: '#,##0.##', bold: true });
    expect(styles.id({ numFmt: '#,##0.##', bold: true })).toBe(a);
    const b = styles.id({ numFmt: '#,##0.##', fill: 'FFC7CE' });
    const c = styles.id({ numFmt: '0.00%' });
    expect(new Set([0, a, b, c]).size).toBe(4);
    const xml = styles.xml();
    expect(xml.match(/<numFmt /g)).toHaveLength(1);
    const wb = await new ExcelJS.Workbook().xlsx.load(
      xlsxBytes({ sheets: [{ name: 'S', columns: [], rows: [[{ value: 1.5, style: a }, { value: 2, style: b }, { value: 0.25, style: c }]] }], styles }) as unknown as ExcelJS.Buffer,
    );
    const ws = wb.getWorksheet('S')!;
    expect(ws.getCell('A1').numFmt).toBe('#,##0.##');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect((ws.getCell('B1').fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(ws.getCell('B1').font?.bold).toBeFalsy();
    expect(ws.getCell('C1').numFmt).toBe('0.00%');
  });

  it('writes a packed row (values and style ids) as the same cells as a row of cells', async () => {
    const styles = new Styles();
    const pct = styles.id({ numFmt: '0.00%' });
    const bold = styles.id({ bold: true });
    const values: CellValue[] = ['石门乡', null, 0.25, 1830, true, { error: '#N/A' }, '=SUM(A1)'];
    const ids = [bold, 0, pct, 0, 0, 0, bold];
    const cells = values.map((value, c) => (value === null ? null : { value, style: ids[c] }));
    const read = async (row: XlsxSheet['rows'][number]): Promise<ExcelJS.Worksheet> => {
      const bytes = xlsxBytes({ sheets: [{ name: 'S', columns: [], rows: [[], row] }], styles });
      return (await new ExcelJS.Workbook().xlsx.load(bytes as unknown as ExcelJS.Buffer)).getWorksheet('S')!;
    };
    const packed = await read({ values, styles: ids });
    const plain = await read(cells);
    const shown = (ws: ExcelJS.Worksheet): unknown[] =>
      values.map((_v, c) => {
        const cell = ws.getCell(2, c + 1);
        return [cell.value, cell.numFmt ?? null, cell.font?.bold ?? false];
      });
    expect(shown(packed)).toEqual(shown(plain));
    expect(shown(packed)).toEqual([
      ['石门乡', null, true],
      [null, null, false],
      [0.25, '0.00%', false],
      [1830, null, false],
      [true, null, false],
      [{ error: '#N/A' }, null, false],
      ['=SUM(A1)', null, true],
    ]);
  });
});
