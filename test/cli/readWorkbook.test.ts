// Reading real .xlsx files into SheetInput: every kind of cell value, formats, merges, hidden sheets,
// and the files that cannot be read.
import { promises as fs } from 'node:fs';
import ExcelJS from 'exceljs';
import { UnreadableWorkbookError } from '../../src/cli/errors';
import { readWorkbookBuffer, readWorkbookFile } from '../../src/cli/readWorkbook';
import type { SheetInput } from '../../src/engine/types';
import { scratchDir, writeWorkbook } from './helpers';

const tmp = scratchDir('read');
afterAll(() => tmp.cleanup());

const at = (sheet: SheetInput, a1: string) => {
  const m = /^([A-Z]+)(\d+)$/.exec(a1)!;
  const col = m[1].split('').reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0) - 1;
  const row = Number(m[2]) - 1;
  return { value: sheet.values[row]?.[col] ?? null, format: sheet.numberFormats?.[row]?.[col] ?? null };
};

describe('readWorkbookFile: cell values as Excel shows them', () => {
  let sheets: SheetInput[];
  const date = new Date(Date.UTC(2024, 10, 30));

  beforeAll(async () => {
    const file = await writeWorkbook(tmp.file('values.xlsx'), (wb) => {
      const ws = wb.addWorksheet('石门乡');
      ws.getCell('A1').value = 1234;
      ws.getCell('B1').value = '1,234';
      ws.getCell('C1').value = '１２３４';
      ws.getCell('D1').value = '93.18%';
      ws.getCell('E1').value = 0.9318;
      ws.getCell('E1').numFmt = '0.00%';
      ws.getCell('F1').value = { formula: 'A1*2', result: 2468 };
      ws.getCell('G1').value = { error: '#DIV/0!' };
      ws.getCell('H1').value = date;
      ws.getCell('I1').value = { richText: [{ text: '石门' }, { font: { bold: true }, text: '卫生院' }] };
      ws.getCell('J1').value = { text: '龙泉村卫生室', hyperlink: 'https://example.org/' };
      ws.getCell('K1').value = true;
      ws.getCell('L1').value = { formula: 'A1/0', result: { error: '#DIV/0!' } };
      ws.getCell('M1').value = { formula: 'B1&"人"', result: '1,234人' };
      ws.getCell('N1').value = 'XX';
      ws.getCell('O1').value = 56.5;
      ws.getCell('O1').numFmt = '#,##0.00';
      // A shared formula down column A of rows 3-5.
      ws.getCell('A3').value = { formula: 'ROW()*10', result: 30, shareType: 'shared', ref: 'A3:A5' } as ExcelJS.CellValue;
      ws.getCell('A4').value = { sharedFormula: 'A3', result: 40 } as ExcelJS.CellValue;
      ws.getCell('A5').value = { sharedFormula: 'A3', result: 50 } as ExcelJS.CellValue;
      // A formula never calculated: no cached result.
      ws.getCell('B3').value = { formula: 'A3+1' } as ExcelJS.CellValue;
      ws.getCell('D7').value = '远处的单元格';
    });
    sheets = await readWorkbookFile(file);
  });

  it('keeps numbers and text as typed (the engine decides what text means)', () => {
    const s = sheets[0];
    expect(at(s, 'A1').value).toBe(1234);
    expect(at(s, 'B1').value).toBe('1,234');
    expect(at(s, 'C1').value).toBe('１２３４');
    expect(at(s, 'D1').value).toBe('93.18%');
    expect(at(s, 'N1').value).toBe('XX');
    expect(at(s, 'K1').value).toBe(true);
  });

  it('gives a percent-formatted number with its format', () => {
    expect(at(sheets[0], 'E1')).toEqual({ value: 0.9318, format: '0.00%' });
    expect(at(sheets[0], 'O1')).toEqual({ value: 56.5, format: '#,##0.00' });
    expect(at(sheets[0], 'A1').format).toBeNull();
  });

  it('reads formula cells by their computed result, shared formulas too', () => {
    const s = sheets[0];
    expect(at(s, 'F1').value).toBe(2468);
    expect(at(s, 'L1').value).toEqual({ error: '#DIV/0!' });
    expect(at(s, 'M1').value).toBe('1,234人');
    expect([at(s, 'A3').value, at(s, 'A4').value, at(s, 'A5').value]).toEqual([30, 40, 50]);
    expect(at(s, 'B3').value).toBeNull();
  });

  it('reads error values, dates, rich text and hyperlinks', () => {
    const s = sheets[0];
    expect(at(s, 'G1').value).toEqual({ error: '#DIV/0!' });
    expect(at(s, 'H1').value).toBeInstanceOf(Date);
    expect((at(s, 'H1').value as Date).toISOString().slice(0, 10)).toBe('2024-11-30');
    expect(at(s, 'I1').value).toBe('石门卫生院');
    expect(at(s, 'J1').value).toBe('龙泉村卫生室');
  });

  it('starts rows at A1, keeps blank rows and pads skipped columns with null', () => {
    const s = sheets[0];
    expect(s.values).toHaveLength(7);
    expect(s.values[1]).toEqual([]);
    expect(s.values[6].slice(0, 4)).toEqual([null, null, null, '远处的单元格']);
    expect(s.name).toBe('石门乡');
    expect(s.source).toBe('values.xlsx');
    expect(s.hidden).toBe(false);
  });
});

describe('readWorkbookFile: merged areas and hidden sheets', () => {
  it('gives merged areas 0-based and the sheets in tab order with their hidden state', async () => {
    const file = await writeWorkbook(tmp.file('merged.xlsx'), (wb) => {
      const ws = wb.addWorksheet('城关镇');
      ws.getCell('A1').value = '城关镇统计表';
      ws.mergeCells('A1:F1');
      ws.getCell('C3').value = '高血压患者';
      ws.mergeCells('C3:E3');
      ws.getCell('B3').value = '机构名称';
      ws.mergeCells('B3:B4');
      wb.addWorksheet('旧表', { state: 'hidden' }).getCell('A1').value = 1;
      wb.addWorksheet('模板', { state: 'veryHidden' }).getCell('A1').value = 2;
      wb.addWorksheet('白沙镇').getCell('A1').value = 3;
    });
    const sheets = await readWorkbookFile(file);
    expect(sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['城关镇', false],
      ['旧表', true],
      ['模板', true],
      ['白沙镇', false],
    ]);
    expect(sheets[0].merges).toEqual(
      expect.arrayContaining([
        { top: 0, left: 0, bottom: 0, right: 5 },
        { top: 2, left: 2, bottom: 2, right: 4 },
        { top: 2, left: 1, bottom: 3, right: 1 },
      ]),
    );
    expect(sheets[0].merges).toHaveLength(3);
    // Inside a merged area the top-left value may repeat or be blank; the top-left is always there.
    expect(sheets[0].values[2][2]).toBe('高血压患者');
    expect(sheets[0].values[2][1]).toBe('机构名称');
  });
});

describe('unreadable input: a named error with a reason', () => {
  const reasonOf = async (file: string): Promise<string> => {
    try {
      await readWorkbookFile(file);
    } catch (e) {
      expect(e).toBeInstanceOf(UnreadableWorkbookError);
      return (e as UnreadableWorkbookError).reason;
    }
    throw new Error('expected the read to fail');
  };

  it('a missing file', async () => {
    expect(await reasonOf(tmp.file('没有这个文件.xlsx'))).toBe('missing');
  });

  it('a folder', async () => {
    expect(await reasonOf(tmp.dir)).toBe('directory');
  });

  it('an empty file', async () => {
    await fs.writeFile(tmp.file('empty.xlsx'), Buffer.alloc(0));
    expect(await reasonOf(tmp.file('empty.xlsx'))).toBe('empty');
  });

  it('a letter saved with an .xlsx name (text, but no table)', async () => {
    await fs.writeFile(tmp.file('letter.xlsx'), '请各乡镇于每月5日前报送。\n');
    expect(await reasonOf(tmp.file('letter.xlsx'))).toBe('not-xlsx');
  });

  it('a picture saved with an .xls name', async () => {
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 0)]);
    await fs.writeFile(tmp.file('photo.xls'), png);
    expect(await reasonOf(tmp.file('photo.xls'))).toBe('not-xlsx');
  });

  it('a damaged workbook (cut short)', async () => {
    const good = await writeWorkbook(tmp.file('good.xlsx'), (wb) => {
      wb.addWorksheet('石门乡').getCell('A1').value = 1;
    });
    const bytes = await fs.readFile(good);
    await fs.writeFile(tmp.file('cut.xlsx'), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(await reasonOf(tmp.file('cut.xlsx'))).toBe('corrupt');
  });

  it('a zip that is not a workbook', async () => {
    // A zip holding one stored file "a.txt" (local header, data, central directory, end record).
    const name = Buffer.from('a.txt');
    const data = Buffer.from('hello');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46 + name.length, 12);
    end.writeUInt32LE(30 + name.length + data.length, 16);
    // The CRC is left 0: a reader may reject the entry as damaged, or find no workbook in it.
    await fs.writeFile(tmp.file('zip.xlsx'), Buffer.concat([local, name, data, central, name, end]));
    expect(await reasonOf(tmp.file('zip.xlsx'))).toBe('corrupt');
  });

  it('a password-protected workbook (OLE compound file holding EncryptedPackage)', async () => {
    const cfb = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb, 0);
    Buffer.from('EncryptionInfo', 'utf16le').copy(cfb, 1024);
    Buffer.from('EncryptedPackage', 'utf16le').copy(cfb, 1152);
    await fs.writeFile(tmp.file('locked.xlsx'), cfb);
    expect(await reasonOf(tmp.file('locked.xlsx'))).toBe('encrypted');
  });

  it('an OLE compound file that is no readable .xls (a bare header)', async () => {
    const cfb = Buffer.alloc(2048);
    Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb, 0);
    Buffer.from('Workbook', 'utf16le').copy(cfb, 1024);
    await fs.writeFile(tmp.file('old.xls'), cfb);
    expect(await reasonOf(tmp.file('old.xls'))).toBe('corrupt');
  });

  it('readWorkbookBuffer names the source it was given', async () => {
    await expect(readWorkbookBuffer(Buffer.from('not a workbook'), '石门乡.xlsx')).rejects.toMatchObject({
      path: '石门乡.xlsx',
      reason: 'not-xlsx',
    });
  });
});
