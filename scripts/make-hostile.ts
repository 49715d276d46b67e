// Builds the hostile .xlsx corpus: one township report (石门乡) written by hand, byte by byte, and then
// damaged, bent or blown up the ways real files are — cut off in a WeChat transfer, one byte changed,
// written by the OpenXML SDK with x: prefixes, rows hidden in comments, a row two billion down, a zip
// bomb — each with the outcome the command line must give. Nothing is downloaded. The tests build the
// corpus in a temporary folder; `npx tsx scripts/make-hostile.ts [folder]` writes it out to look at
// (default test/fixtures/hostile/, not committed).
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import type { CellValue } from '../src/engine/types';
import type { Damage } from '../src/cli/packageDamage';
import { crc32 } from '../src/cli/zipWriter';

// --------------------------------------------------------------------------------------------
// The township report every case starts from

export const TOWNSHIP = '石门乡';
export const HEADER = ['序号', '机构名称', '常住人口数（人）', '高血压患者数（人）', '高血压规范管理人数（人）', '高血压患者规范管理率（%）'];

/** What a sound reader reads from the report, A1 first (the facility population 37556 is the figure a flipped byte changes). */
export const TOWNSHIP_ROWS: CellValue[][] = [
  [`${TOWNSHIP}2024年基本公共卫生服务统计表`],
  HEADER,
  [1, `${TOWNSHIP}卫生院`, 37556, 3100, 2000, 64.52],
  [2, '东村卫生室', 2000, 150, 100, 66.67],
  [3, '西村卫生室', 3000, 250, 160, 64],
  [null, '合计', 42556, 3500, 2260, 64.57],
];

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const STRICT_MAIN = 'http://purl.oclc.org/ooxml/spreadsheetml/main';
const STRICT_REL = 'http://purl.oclc.org/ooxml/officeDocument/relationships';

interface Dialect {
  /** Element prefix, e.g. "x:" as the OpenXML SDK writes. */
  p: string;
  /** Attribute quote. */
  q: '"' | "'";
  main: string;
  rel: string;
}

const TRANSITIONAL: Dialect = { p: '', q: '"', main: MAIN, rel: REL };

function columnLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The parts of a one-sheet workbook; sheet rows written with shared strings, as Excel writes them. */
export function townshipParts(d: Dialect = TRANSITIONAL, rows: CellValue[][] = TOWNSHIP_ROWS): Record<string, string> {
  const { p, q } = d;
  const a = (name: string, value: string | number): string => ` ${name}=${q}${value}${q}`;
  const strings: string[] = [];
  const rowXml = rows.map((row, r) => {
    const cells = row.map((v, c) => {
      if (v === null) return '';
      const ref = a('r', `${columnLetters(c + 1)}${r + 1}`);
      if (typeof v === 'number') return `<${p}c${ref}><${p}v>${v}</${p}v></${p}c>`;
      strings.push(String(v));
      return `<${p}c${ref}${a('t', 's')}><${p}v>${strings.length - 1}</${p}v></${p}c>`;
    });
    return `<${p}row${a('r', r + 1)}>${cells.join('')}</${p}row>`;
  });
  const ns = p ? `xmlns:${p.slice(0, -1)}` : 'xmlns';
  const relType = d.rel === STRICT_REL ? 'http://purl.oclc.org/ooxml/officeDocument/relationships' : 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  return {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
    '_rels/.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${relType}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml':
      `<?xml version="1.0" encoding="UTF-8"?><${p}workbook ${ns}=${q}${d.main}${q} xmlns:r=${q}${d.rel}${q}${d.main === STRICT_MAIN ? a('conformance', 'strict') : ''}>` +
      `<${p}workbookPr${a('date1904', '0')}/><${p}sheets><${p}sheet${a('name', TOWNSHIP)}${a('sheetId', 1)}${a('r:id', 'rId1')}/></${p}sheets></${p}workbook>`,
    'xl/_rels/workbook.xml.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${relType}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${relType}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><${p}worksheet ${ns}=${q}${d.main}${q}><${p}sheetData>${rowXml.join('')}</${p}sheetData></${p}worksheet>`,
    'xl/sharedStrings.xml':
      `<?xml version="1.0" encoding="UTF-8"?><${p}sst ${ns}=${q}${d.main}${q}${a('count', strings.length)}${a('uniqueCount', strings.length)}>` +
      `${strings.map((s) => `<${p}si><${p}t>${escapeXml(s)}</${p}t></${p}si>`).join('')}</${p}sst>`,
  };
}

// --------------------------------------------------------------------------------------------
// A zip writer that can be told to lie

interface PackedPart {
  name: string;
  data: Buffer;
  /** 0: stored, so a test can change a digit in place; 8: deflated. */
  method?: 0 | 8;
  /** Compressed bytes supplied as they are (a hand-made deflate stream), with the recorded size and CRC. */
  deflated?: { bytes: Buffer; size: number; crc: number };
}

/** A zip of parts; zip64 writes the zip64 end records and extra fields, as large-file writers do. */
export function pack(parts: PackedPart[], options: { zip64?: boolean } = {}): Buffer {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = Buffer.from(part.name, 'utf8');
    const method = part.deflated ? 8 : (part.method ?? 8);
    const body = part.deflated?.bytes ?? (method === 8 ? zlib.deflateRawSync(part.data) : part.data);
    const size = part.deflated?.size ?? part.data.length;
    const crc = part.deflated?.crc ?? crc32(part.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(options.zip64 ? 45 : 20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    chunks.push(local, name, body);

    const extra = Buffer.alloc(options.zip64 ? 28 : 0);
    if (options.zip64) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4);
      extra.writeBigUInt64LE(BigInt(body.length), 12);
      extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(options.zip64 ? 45 : 20, 4);
    entry.writeUInt16LE(options.zip64 ? 45 : 20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(method, 10);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(options.zip64 ? 0xffffffff : body.length, 20);
    entry.writeUInt32LE(options.zip64 ? 0xffffffff : size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt16LE(extra.length, 30);
    entry.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 42);
    central.push(entry, name, extra);
    offset += local.length + name.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const tail: Buffer[] = [];
  if (options.zip64) {
    const record = Buffer.alloc(56);
    record.writeUInt32LE(0x06064b50, 0);
    record.writeBigUInt64LE(44n, 4);
    record.writeUInt16LE(45, 12);
    record.writeUInt16LE(45, 14);
    record.writeBigUInt64LE(BigInt(parts.length), 24);
    record.writeBigUInt64LE(BigInt(parts.length), 32);
    record.writeBigUInt64LE(BigInt(centralSize), 40);
    record.writeBigUInt64LE(BigInt(offset), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(offset + centralSize), 8);
    locator.writeUInt32LE(1, 16);
    tail.push(record, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(options.zip64 ? 0xffff : parts.length, 8);
  end.writeUInt16LE(options.zip64 ? 0xffff : parts.length, 10);
  end.writeUInt32LE(options.zip64 ? 0xffffffff : centralSize, 12);
  end.writeUInt32LE(options.zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...chunks, ...central, ...tail, end]);
}

function packParts(parts: Record<string, string>, method: 0 | 8 = 8, options: { zip64?: boolean } = {}): Buffer {
  return pack(
    Object.entries(parts).map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8'), method })),
    options,
  );
}

/** The parts with the sheet's XML changed by edit. */
function withSheet(edit: (xml: string) => string, d: Dialect = TRANSITIONAL): Record<string, string> {
  const parts = townshipParts(d);
  parts['xl/worksheets/sheet1.xml'] = edit(parts['xl/worksheets/sheet1.xml']);
  return parts;
}

/** Offset of the central directory entry of name (for patching what it records). */
function centralEntry(buf: Buffer, name: string): number {
  const signature = Buffer.from([0x50, 0x4b, 0x01, 0x02]);
  for (let i = buf.indexOf(signature); i >= 0; i = buf.indexOf(signature, i + 4)) {
    if (buf.toString('utf8', i + 46, i + 46 + buf.readUInt16LE(i + 28)) === name) return i;
  }
  throw new Error(`no entry ${name}`);
}

/**
 * A deflate stream inflating to megabytes × 1 MB of spaces, made without ever holding them: one
 * megabyte deflated without a final block, repeated, then an empty final block.
 */
function spacesBomb(megabytes: number): PackedPart['deflated'] {
  const mb = Buffer.alloc(1024 * 1024, 0x20);
  const unit = zlib.deflateRawSync(mb, { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  const crcOf = (zlib as unknown as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  if (!crcOf) throw new Error('this Node has no zlib.crc32 (20.15+)');
  let crc = 0;
  for (let i = 0; i < megabytes; i++) crc = crcOf(mb, crc);
  return { bytes: Buffer.concat([...new Array<Buffer>(megabytes).fill(unit), Buffer.from([0x03, 0x00])]), size: megabytes * 1024 * 1024, crc };
}

// --------------------------------------------------------------------------------------------
// The corpus

export type Expected =
  /** Read, and read as the sound report reads (values: A1 first, as TOWNSHIP_ROWS). */
  | { outcome: 'reads'; values: CellValue[][]; merges?: { top: number; left: number; bottom: number; right: number }[] }
  /** Refused with this reason; the message names the file and says these. */
  | { outcome: 'refused'; reason: 'corrupt' | 'too-large'; damage: Damage['kind']; says: { 'zh-CN': string[]; en: string[] } };

export interface HostileCase {
  /** File name, as a township would send it. */
  file: string;
  /** What is wrong with it, or unusual about it. */
  about: string;
  bytes: () => Buffer;
  expect: Expected;
}

const reads = (values: CellValue[][] = TOWNSHIP_ROWS): Expected => ({ outcome: 'reads', values });
const refused = (reason: 'corrupt' | 'too-large', damage: Damage['kind'], zh: string[], en: string[]): Expected => ({ outcome: 'refused', reason, damage, says: { 'zh-CN': zh, en } });
const SHEET = 'xl/worksheets/sheet1.xml';

export const HOSTILE: HostileCase[] = [
  // Damaged files are said, never read short.
  {
    file: '石门乡-改了一个字节.xlsx',
    about: 'one byte changed in transfer: 37556 now reads 40556, the CRC still says 37556',
    bytes: () => {
      const buf = packParts(townshipParts(), 0);
      const at = buf.indexOf('<v>37556</v>');
      buf.write('4', at + 3, 'latin1');
      buf.write('0', at + 4, 'latin1');
      return buf;
    },
    expect: refused('corrupt', 'part', [SHEET, '校验失败（CRC）', '文件已损坏'], [SHEET, 'checksum (CRC)']),
  },
  {
    file: '石门乡-传输中断.xlsx',
    about: 'the file cut off at 80% of its length (a WeChat transfer stopped early)',
    bytes: () => {
      const buf = packParts(townshipParts());
      return buf.subarray(0, Math.floor(buf.length * 0.8));
    },
    expect: refused('corrupt', 'zip', ['不是完整的压缩包'], ['not a whole zip package']),
  },
  {
    file: '石门乡-长度不符.xlsx',
    about: 'the directory records a sheet one byte longer than the data inflates to',
    bytes: () => {
      const buf = packParts(townshipParts());
      const at = centralEntry(buf, SHEET);
      buf.writeUInt32LE(buf.readUInt32LE(at + 24) + 1, at + 24);
      return buf;
    },
    expect: refused('corrupt', 'part', [SHEET, '长度'], [SHEET, 'length']),
  },
  {
    file: '石门乡-表格不完整.xlsx',
    about: 'sheet XML ends inside the third facility row (no </sheetData>, no </worksheet>)',
    bytes: () => packParts(withSheet((xml) => xml.slice(0, xml.indexOf('<row r="5">') + 30))),
    expect: refused('corrupt', 'xml', [SHEET, 'XML'], [SHEET, 'well-formed XML']),
  },
  {
    file: '石门乡-行未闭合.xlsx',
    about: 'a row left open: <row r="4"> never closed, the next row starts inside it',
    bytes: () => packParts(withSheet((xml) => xml.replace('</row><row r="5">', '<row r="5">'))),
    expect: refused('corrupt', 'xml', [SHEET], [SHEET]),
  },
  {
    file: '石门乡-DOCTYPE.xlsx',
    about: 'a DOCTYPE declaring entities (billion laughs): never expanded',
    bytes: () => packParts(withSheet((xml) => xml.replace('<worksheet', '<!DOCTYPE lol [<!ENTITY lol "lol">]><worksheet'))),
    expect: refused('corrupt', 'xml', [SHEET, 'DOCTYPE'], [SHEET, 'DOCTYPE']),
  },
  {
    file: '石门乡-重复行.xlsx',
    about: 'row 4 given twice, the second with other figures: Excel would ask to repair it',
    bytes: () => packParts(withSheet((xml) => xml.replace('<row r="5">', '<row r="4"><c r="C4"><v>9999</v></c></row><row r="5">'))),
    expect: refused('corrupt', 'duplicate', [`工作表“${TOWNSHIP}”`, '4:4', '重复'], [`sheet "${TOWNSHIP}"`, '4:4', 'twice']),
  },
  {
    file: '石门乡-重复单元格.xlsx',
    about: 'cell C3 given twice in its row',
    bytes: () => packParts(withSheet((xml) => xml.replace('<c r="C3"><v>37556</v></c>', '<c r="C3"><v>37556</v></c><c r="C3"><v>40556</v></c>'))),
    expect: refused('corrupt', 'duplicate', ['C3'], ['C3']),
  },
  // Small files cannot take the machine.
  {
    file: '石门乡-第二十亿行.xlsx',
    about: '<row r="2000000000">: a 1 KB file that once ran V8 out of memory',
    bytes: () => packParts(withSheet((xml) => xml.replace('</sheetData>', '<row r="2000000000"><c r="A2000000000"><v>1</v></c></row></sheetData>'))),
    expect: refused('corrupt', 'beyond-excel', [`工作表“${TOWNSHIP}”`, '2000000000', '1048576 行'], ['2000000000', '1,048,576 rows']),
  },
  {
    file: '石门乡-ZZZZZZ列.xlsx',
    about: '<c r="ZZZZZZ7">: a column far past XFD',
    bytes: () => packParts(withSheet((xml) => xml.replace('</sheetData>', '<row r="7"><c r="ZZZZZZ7"><v>1</v></c></row></sheetData>'))),
    expect: refused('corrupt', 'beyond-excel', ['ZZZZZZ7'], ['ZZZZZZ7']),
  },
  {
    file: '石门乡-合并到天边.xlsx',
    about: 'merged areas A1:XFD1, A6:A99999999999 and G2:XFD1048576: clamped to the rows and cells the sheet has',
    bytes: () =>
      packParts(
        withSheet((xml) =>
          xml.replace('</sheetData>', '</sheetData><mergeCells count="3"><mergeCell ref="A1:XFD1"/><mergeCell ref="A6:A99999999999"/><mergeCell ref="G2:XFD1048576"/></mergeCells>'),
        ),
      ),
    expect: {
      outcome: 'reads',
      values: TOWNSHIP_ROWS,
      merges: [
        { top: 0, left: 0, bottom: 0, right: 5 },
        { top: 5, left: 0, bottom: 5, right: 0 },
      ],
    },
  },
  {
    file: '石门乡-解压炸弹.xlsx',
    about: 'a 300 KB zip whose sheet inflates to 300 MB of spaces',
    bytes: () => {
      const parts = townshipParts();
      return pack(
        Object.entries(parts).map(([name, text]) => (name === SHEET ? { name, data: Buffer.alloc(0), deflated: spacesBomb(300) } : { name, data: Buffer.from(text) })),
      );
    },
    expect: refused('too-large', 'too-large', ['文件过大或已损坏', SHEET, '256 MB'], ['file too large or damaged', '256 MB']),
  },
  {
    file: '石门乡-谎报大小.xlsx',
    about: 'a zip bomb that records its sheet as 1 KB: inflating stops there',
    bytes: () => {
      const bomb = spacesBomb(64)!;
      const parts = townshipParts();
      return pack(
        Object.entries(parts).map(([name, text]) =>
          name === SHEET ? { name, data: Buffer.alloc(0), deflated: { bytes: bomb.bytes, size: 1024, crc: bomb.crc } } : { name, data: Buffer.from(text) },
        ),
      );
    },
    expect: refused('corrupt', 'part', [SHEET, '长度'], [SHEET, 'length']),
  },
  {
    file: '石门乡-GBK加炸弹.xlsx',
    about: 'a workbook part declaring GBK (left to ExcelJS, which checks nothing) beside a sheet inflating to 200 MB',
    bytes: () => {
      const parts = townshipParts();
      parts['xl/workbook.xml'] = parts['xl/workbook.xml'].replace('encoding="UTF-8"', 'encoding="GBK"');
      return pack(
        Object.entries(parts).map(([name, text]) => (name === SHEET ? { name, data: Buffer.alloc(0), deflated: spacesBomb(200) } : { name, data: Buffer.from(text) })),
      );
    },
    expect: refused('too-large', 'too-large', ['文件过大或已损坏', '128 MB'], ['file too large or damaged', '128 MB']),
  },
  {
    file: '石门乡-两百万个字符串.xlsx',
    about: 'a shared-strings part of 2,000,001 empty items (10 MB of XML, 20 KB zipped)',
    bytes: () => {
      const parts = townshipParts();
      parts['xl/sharedStrings.xml'] = parts['xl/sharedStrings.xml'].replace('</sst>', `${'<si/>'.repeat(2_000_001)}</sst>`);
      return packParts(parts);
    },
    expect: refused('too-large', 'too-large', ['文件过大或已损坏', 'xl/sharedStrings.xml', '2000000'], ['2000000 shared strings']),
  },
  {
    file: '石门乡-层层嵌套.xlsx',
    about: 'elements nested 100,000 deep after the sheet data (each open element costs the parser memory)',
    bytes: () => packParts(withSheet((xml) => xml.replace('</sheetData>', `</sheetData>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`))),
    expect: refused('corrupt', 'xml', [SHEET, '256'], [SHEET, '256']),
  },
  {
    file: '石门乡-五千张表.xlsx',
    about: 'a workbook listing 5,000 sheets, all the same part',
    bytes: () => {
      const parts = townshipParts();
      const sheets = Array.from({ length: 5000 }, (_, i) => `<sheet name="表${i}" sheetId="${i + 1}" r:id="rId1"/>`).join('');
      parts['xl/workbook.xml'] = parts['xl/workbook.xml'].replace(/<sheets>.*<\/sheets>/, `<sheets>${sheets}</sheets>`);
      return packParts(parts);
    },
    expect: refused('too-large', 'too-large', ['文件过大或已损坏', '4096'], ['4096 sheets']),
  },
  // Valid XML read the way Excel reads it.
  {
    file: '石门乡-OpenXML前缀.xlsx',
    about: 'every element with an x: prefix and attributes in single quotes, as the OpenXML SDK and some government exports write',
    bytes: () => packParts(townshipParts({ ...TRANSITIONAL, p: 'x:', q: "'" })),
    expect: reads(),
  },
  {
    file: '石门乡-单引号.xlsx',
    about: "t='s' in single quotes: string indexes, not numbers",
    bytes: () => packParts(townshipParts({ ...TRANSITIONAL, q: "'" })),
    expect: reads(),
  },
  {
    file: '石门乡-注释掉的行.xlsx',
    about: 'a facility row commented out (<!-- <row>…</row> -->), and a processing instruction: neither is read',
    bytes: () =>
      packParts(
        withSheet((xml) =>
          xml.replace('</sheetData>', '<!-- <row r="7"><c r="B7" t="inlineStr"><is><t>北村卫生室</t></is></c><c r="C7"><v>9999</v></c></row> --><?mso-application progid="Excel.Sheet"?></sheetData>'),
        ),
      ),
    expect: reads(),
  },
  {
    file: '石门乡-CDATA与字符引用.xlsx',
    about: 'names in CDATA and as numeric character references, text split by a comment',
    bytes: () => {
      const parts = townshipParts();
      parts['xl/sharedStrings.xml'] = parts['xl/sharedStrings.xml']
        .replace(`<t>${TOWNSHIP}卫生院</t>`, `<t><![CDATA[${TOWNSHIP}]]><!-- 机构 -->&#x536B;&#29983;院</t>`)
        .replace('<t>合计</t>', '<t xml:space="preserve"><![CDATA[合]]>计</t>');
      return packParts(parts);
    },
    expect: reads(),
  },
  {
    file: '石门乡-Strict格式.xlsx',
    about: 'Strict Open XML (purl.oclc.org namespaces), as Excel saves "Strict Open XML Spreadsheet"',
    bytes: () => packParts(townshipParts({ ...TRANSITIONAL, main: STRICT_MAIN, rel: STRICT_REL })),
    expect: reads(),
  },
  {
    file: '石门乡-zip64.xlsx',
    about: 'zip64 end records and extra fields, as large-file zip writers produce',
    bytes: () => packParts(townshipParts(), 8, { zip64: true }),
    expect: reads(),
  },
];

/** Writes every case to folder; returns the paths. */
export async function writeHostileCorpus(folder: string): Promise<string[]> {
  await fs.mkdir(folder, { recursive: true });
  const out: string[] = [];
  for (const c of HOSTILE) {
    const file = path.join(folder, c.file);
    await fs.writeFile(file, c.bytes());
    out.push(file);
  }
  return out;
}

if (require.main === module) {
  const folder = process.argv[2] ?? path.join(__dirname, '..', 'test', 'fixtures', 'hostile');
  writeHostileCorpus(folder).then(
    (files) => process.stdout.write(`${files.length} files in ${folder}\n`),
    (e: unknown) => {
      process.stderr.write(`${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
