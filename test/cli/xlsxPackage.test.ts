// The fast package reader against ExcelJS, the reference: the same sheets, values, formats, merges and
// hidden state on every kind of workbook the tool meets.
import { promises as fs } from 'node:fs';
import ExcelJS from 'exceljs';
import { readWithExcelJs } from '../../src/cli/readWorkbook';
import { resultWorkbook } from '../../src/cli/writeWorkbook';
import { UnreadableWorkbookError } from '../../src/cli/errors';
import { readXlsxPackage, UnsupportedPackageError } from '../../src/cli/xlsxPackage';
import { catalogSheets } from '../../src/engine';
import type { CellValue, SheetInput } from '../../src/engine/types';
import { largeCountyWorkbook } from '../../bench/workbook';
import { SAMPLE_COUNTY, SAMPLE_EXTRA } from '../../scripts/make-sample';
import { pack, TOWNSHIP_ROWS, townshipParts } from '../../scripts/make-hostile';

/** Values with merged areas filled from their top-left cell (ExcelJS repeats it, the package reader does not). */
function normalised(sheets: SheetInput[]) {
  return sheets.map((s) => {
    const values: CellValue[][] = s.values.map((row) => [...row]);
    const inMerge = new Set<string>();
    for (const m of s.merges ?? []) {
      const top = s.values[m.top]?.[m.left] ?? null;
      for (let r = m.top; r <= m.bottom; r++) {
        for (let c = m.left; c <= m.right; c++) {
          if (r === m.top && c === m.left) continue;
          inMerge.add(`${r},${c}`);
          while (values[r].length <= c) values[r].push(null);
          values[r][c] = top;
        }
      }
    }
    const trimmed = values.map((row) => {
      const out = [...row];
      while (out.length > 0 && out[out.length - 1] === null) out.pop();
      return out;
    });
    while (trimmed.length > 0 && trimmed[trimmed.length - 1].length === 0) trimmed.pop();
    const formats = (s.numberFormats ?? []).map((row, r) => row.map((f, c) => (inMerge.has(`${r},${c}`) || values[r]?.[c] === null ? null : f)));
    return {
      name: s.name,
      hidden: s.hidden,
      values: trimmed,
      formats: formats.map((row) => row.filter((f) => f !== null)),
      merges: [...(s.merges ?? [])].sort((a, b) => a.top - b.top || a.left - b.left),
    };
  });
}

async function bytesOf(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const cases: [string, () => Promise<Buffer>][] = [
  ['the sample county', () => fs.readFile(SAMPLE_COUNTY)],
  ['the extra township', () => fs.readFile(SAMPLE_EXTRA)],
  ['a small benchmark county', async () => Buffer.from(await largeCountyWorkbook({ townships: 3, rowsPerTownship: 25, indicators: 27 }).xlsx.writeBuffer())],
  ['the catalog workbook', async () => Buffer.from(await resultWorkbook(catalogSheets('zh-CN')).xlsx.writeBuffer())],
  [
    'every kind of value',
    () =>
      bytesOf((wb) => {
        const ws = wb.addWorksheet('石门乡');
        ws.getCell('A1').value = 1234;
        ws.getCell('B1').value = '1,234';
        ws.getCell('C1').value = '１２３４ & <x> "q"';
        ws.getCell('D1').value = 0.9318;
        ws.getCell('D1').numFmt = '0.00%';
        ws.getCell('E1').value = { formula: 'A1*2', result: 2468 };
        ws.getCell('F1').value = { error: '#N/A' };
        ws.getCell('G1').value = new Date(Date.UTC(2024, 10, 30));
        ws.getCell('H1').value = { richText: [{ text: '石门' }, { font: { bold: true }, text: '卫生院' }] };
        ws.getCell('I1').value = { text: '龙泉村卫生室', hyperlink: 'https://example.org/' };
        ws.getCell('J1').value = false;
        ws.getCell('K1').value = { formula: 'A1&"人"', result: '1234人' };
        ws.getCell('L1').value = { formula: 'TODAY()', result: new Date(Date.UTC(2024, 11, 3)) };
        ws.getCell('L1').numFmt = 'yyyy-mm-dd';
        ws.getCell('M1').value = '  前后空格  ';
        ws.getCell('N1').value = '第一行\n第二行';
        ws.getCell('A3').value = { formula: 'ROW()*10', result: 30, shareType: 'shared', ref: 'A3:A4' } as ExcelJS.CellValue;
        ws.getCell('A4').value = { sharedFormula: 'A3', result: 40 } as ExcelJS.CellValue;
        ws.getCell('B3').value = { formula: 'A3+1' } as ExcelJS.CellValue;
        ws.getCell('C3').value = 56.5;
        ws.getCell('C3').numFmt = '#,##0.00"万元"';
        ws.getCell('A5').value = '城关镇统计表';
        ws.mergeCells('A5:F5');
        ws.getCell('AB9').value = 'far';
        wb.addWorksheet('旧表', { state: 'hidden' }).getCell('A1').value = 1;
        wb.addWorksheet('模板', { state: 'veryHidden' }).getCell('B2').value = 'x';
        wb.addWorksheet('空表');
      }),
  ],
];

describe('readXlsxPackage reads what ExcelJS reads', () => {
  it.each(cases)('%s', async (_label, make) => {
    const buf = await make();
    const fast = readXlsxPackage(buf, 'book.xlsx');
    const reference = await readWithExcelJs(buf, 'book.xlsx');
    expect(normalised(fast)).toEqual(normalised(reference));
    expect(fast.every((s) => s.source === 'book.xlsx')).toBe(true);
  });
});

describe('readXlsxPackage refuses bytes that are not a whole zip', () => {
  it.each([
    ['not a zip', Buffer.from('hello')],
    ['a zip cut short', Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3])],
  ])('%s', (_label, buf) => {
    let error: unknown = null;
    try {
      readXlsxPackage(buf, 'x.xlsx');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UnreadableWorkbookError);
    expect((error as UnreadableWorkbookError).damage?.kind).toBe('zip');
  });
});

describe('readXlsxPackage reads part text as an XML parser does', () => {
  const read = (edit: (parts: Record<string, Buffer>) => void): SheetInput[] => {
    const parts = Object.fromEntries(Object.entries(townshipParts()).map(([name, text]) => [name, Buffer.from(text, 'utf8')]));
    edit(parts);
    return readXlsxPackage(pack(Object.entries(parts).map(([name, data]) => ({ name, data }))), '石门乡.xlsx');
  };
  const trimmedValues = (sheets: SheetInput[]): CellValue[][] => normalised(sheets)[0].values;

  it('UTF-8 with a byte-order mark, and UTF-16 with its mark, as OPC allows', () => {
    const sheets = read((parts) => {
      parts['xl/workbook.xml'] = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), parts['xl/workbook.xml']]);
      const strings = parts['xl/sharedStrings.xml'].toString('utf8').replace('encoding="UTF-8"', 'encoding="UTF-16"');
      parts['xl/sharedStrings.xml'] = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(strings, 'utf16le')]);
    });
    expect(trimmedValues(sheets)).toEqual(TOWNSHIP_ROWS);
  });

  it('a part in another declared encoding is left to ExcelJS', () => {
    expect(() => read((parts) => (parts['xl/workbook.xml'] = Buffer.from(parts['xl/workbook.xml'].toString().replace('UTF-8', 'GBK'))))).toThrow(UnsupportedPackageError);
  });

  it.each([
    ['an unknown entity', '&nbsp;'],
    ['a reference to character 0', '&#0;'],
    ['a bare ampersand', 'A & B'],
  ])('refuses %s in a string, naming the part', (_label, text) => {
    const attempt = (): SheetInput[] =>
      read((parts) => (parts['xl/sharedStrings.xml'] = Buffer.from(parts['xl/sharedStrings.xml'].toString().replace('东村卫生室', text))));
    expect(attempt).toThrow(UnreadableWorkbookError);
    expect(attempt).toThrow(/xl\/sharedStrings\.xml/);
  });

  it('keeps text as written, entities and line ends decoded, whitespace kept', () => {
    const sheets = read((parts) => {
      parts['xl/sharedStrings.xml'] = Buffer.from(parts['xl/sharedStrings.xml'].toString().replace('<t>东村卫生室</t>', '<t xml:space="preserve"> 东村&amp;卫生室\r\n&lt;二&gt; </t>'));
    });
    expect(sheets[0].values[3][1]).toBe(' 东村&卫生室\n<二> ');
  });
});
