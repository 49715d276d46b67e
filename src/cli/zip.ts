// The zip side of reading an .xlsx: the central directory (zip64 too), and each part inflated under a
// size cap and checked against its recorded CRC-32 and length before anyone reads a byte of it. A
// report cut off in a WeChat or e-mail transfer, or with one byte changed, is said to be damaged,
// never read short. The writer side is zipWriter.ts.
import { inflateRawSync } from 'node:zlib';
import { PackageDamageError, type PartCheck } from './packageDamage';
import { crc32 } from './zipWriter';

/** This reader cannot read the package; the caller may fall back to ExcelJS (which may still read it). */
export class UnsupportedPackageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

const MB = 1024 * 1024;

/**
 * A county's largest real workbook (60 townships × 200 rows × 30 columns) inflates to about 40 MB in
 * all, its largest part to a few MB. These caps are far above that and far below what would take the
 * machine: a part must fit in one JavaScript string (V8's limit is 512 M characters).
 */
export const ZIP_LIMITS = {
  /** One part, inflated. */
  partBytes: 256 * MB,
  /** All parts read, inflated. */
  totalBytes: 1024 * MB,
  /**
   * All parts, inflated, of a package handed on to ExcelJS: ExcelJS checks nothing and holds a whole
   * document model (tens of times the XML), so it gets only what a county could be (the benchmark
   * county of 60 × 200 rows inflates to 10 MB).
   */
  fallbackTotalBytes: 128 * MB,
};

interface ZipEntry {
  name: string;
  flags: number;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

const damaged = (at: string): PackageDamageError => new PackageDamageError({ kind: 'zip', at });

function uint64(buf: Buffer, at: number): number {
  const n = buf.readBigUInt64LE(at);
  if (n > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged('zip64 size beyond reason');
  return Number(n);
}

function findEndOfDirectory(buf: Buffer): number {
  const from = Math.max(0, buf.length - 22 - 0xffff);
  for (let i = buf.length - 22; i >= from; i--) if (buf.readUInt32LE(i) === EOCD) return i;
  // A package that starts as a zip but has no directory at its end was cut short.
  throw damaged('no central directory: the file ends early');
}

/** Entry count and directory offset, from the zip64 record when the classic one is saturated. */
function directoryOf(buf: Buffer, eocd: number): { count: number; offset: number; end: number } {
  const count = buf.readUInt16LE(eocd + 10);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count !== 0xffff && offset !== 0xffffffff && buf.readUInt32LE(eocd + 12) !== 0xffffffff) return { count, offset, end: eocd };
  const locator = eocd - 20;
  if (locator < 0 || buf.readUInt32LE(locator) !== ZIP64_LOCATOR) throw damaged('zip64 locator missing');
  const record = uint64(buf, locator + 8);
  if (record + 56 > locator || buf.readUInt32LE(record) !== ZIP64_EOCD) throw damaged('zip64 directory record missing');
  return { count: uint64(buf, record + 32), offset: uint64(buf, record + 48), end: record };
}

/** The zip64 extra field (0x0001) holds, in order, whichever of the three the classic fields saturate. */
function applyZip64(buf: Buffer, extraStart: number, extraEnd: number, e: ZipEntry): void {
  let at = extraStart;
  while (at + 4 <= extraEnd) {
    const id = buf.readUInt16LE(at);
    const length = buf.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      const end = Math.min(p + length, extraEnd);
      const take = (): number => {
        if (p + 8 > end) throw damaged(`zip64 field of ${e.name} too short`);
        const v = uint64(buf, p);
        p += 8;
        return v;
      };
      if (e.size === 0xffffffff) e.size = take();
      if (e.compressedSize === 0xffffffff) e.compressedSize = take();
      if (e.localOffset === 0xffffffff) e.localOffset = take();
      return;
    }
    at += 4 + length;
  }
  if (e.size === 0xffffffff || e.compressedSize === 0xffffffff || e.localOffset === 0xffffffff) throw damaged(`zip64 field of ${e.name} missing`);
}

/** Entries keyed by lower-cased name: OPC part names match without regard to case. */
function readDirectory(buf: Buffer): Map<string, ZipEntry> {
  const { count, offset, end } = directoryOf(buf, findEndOfDirectory(buf));
  const entries = new Map<string, ZipEntry>();
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > end || buf.readUInt32LE(at) !== CENTRAL) throw damaged('central directory broken');
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const next = at + 46 + nameLength + extraLength + buf.readUInt16LE(at + 32);
    if (next > end) throw damaged('central directory broken');
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength).replace(/\\/g, '/');
    const e: ZipEntry = {
      name,
      flags: buf.readUInt16LE(at + 8),
      method: buf.readUInt16LE(at + 10),
      crc: buf.readUInt32LE(at + 16),
      compressedSize: buf.readUInt32LE(at + 20),
      size: buf.readUInt32LE(at + 24),
      localOffset: buf.readUInt32LE(at + 42),
    };
    applyZip64(buf, at + 46 + nameLength, at + 46 + nameLength + extraLength, e);
    const key = name.toLowerCase();
    // Two entries of one name: which one a reader takes is arbitrary, so neither is trusted.
    if (entries.has(key)) throw damaged(`entry ${name} given twice`);
    entries.set(key, e);
    at = next;
  }
  return entries;
}

/** A zip package held in memory, whose parts are handed out only once they pass their checks. */
export class ZipPackage {
  private readonly entries: Map<string, ZipEntry>;
  private inflated = 0;

  /** @throws PackageDamageError when the directory cannot be read. */
  constructor(
    private readonly buf: Buffer,
    private readonly totalBytes = ZIP_LIMITS.totalBytes,
  ) {
    this.entries = readDirectory(buf);
  }

  has(name: string): boolean {
    return this.entries.has(name.toLowerCase());
  }

  /** Part names as the directory gives them. */
  names(): string[] {
    return [...this.entries.values()].map((e) => e.name);
  }

  /**
   * The bytes of a part, or null when there is no such part.
   * @throws PackageDamageError when the part fails its CRC-32 or length check or passes a size limit.
   * @throws UnsupportedPackageError for an encrypted entry or a compression method other than deflate.
   */
  bytes(name: string): Buffer | null {
    const e = this.entries.get(name.toLowerCase());
    if (!e) return null;
    const fail = (check: PartCheck): PackageDamageError => new PackageDamageError({ kind: 'part', part: e.name, check });
    if (e.flags & 1) throw new UnsupportedPackageError(`encrypted zip entry ${e.name}`);
    if (e.size > ZIP_LIMITS.partBytes) throw new PackageDamageError({ kind: 'too-large', part: e.name, limit: 'part', max: ZIP_LIMITS.partBytes });
    if (this.inflated + e.size > this.totalBytes) throw new PackageDamageError({ kind: 'too-large', part: e.name, limit: 'total', max: this.totalBytes });

    const buf = this.buf;
    const local = e.localOffset;
    if (local + 30 > buf.length) throw fail('cut');
    if (buf.readUInt32LE(local) !== LOCAL) throw damaged(`local header of ${e.name} missing`);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + e.compressedSize > buf.length) throw fail('cut');
    const data = buf.subarray(start, start + e.compressedSize);

    let out: Buffer;
    if (e.method === 0) {
      if (e.compressedSize !== e.size) throw fail('size');
      out = data;
    } else if (e.method === 8) {
      try {
        // One byte of room past the recorded size: a stream that would inflate further is caught, not followed.
        // One output chunk of the recorded size (up to 16 MB) spares zlib gathering and copying small ones.
        out = inflateRawSync(data, { maxOutputLength: e.size + 1, chunkSize: Math.max(64, Math.min(e.size + 1, 16 * MB)) });
      } catch (err) {
        throw fail((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' ? 'size' : 'inflate');
      }
      if (out.length !== e.size) throw fail('size');
    } else {
      throw new UnsupportedPackageError(`compression method ${e.method} for ${e.name}`);
    }
    if (crc32(out) !== e.crc) throw fail('crc');
    this.inflated += out.length;
    return out;
  }
}

/**
 * Checks every part of a package (CRC-32, length, size caps; ExcelJS's smaller total) before it is
 * handed to ExcelJS, which checks none of it. Parts this reader cannot inflate are left to ExcelJS.
 * @throws PackageDamageError for the first damaged or oversized part.
 */
export function checkWholePackage(buf: Buffer): void {
  const zip = new ZipPackage(buf, ZIP_LIMITS.fallbackTotalBytes);
  for (const name of zip.names()) {
    try {
      zip.bytes(name);
    } catch (e) {
      if (!(e instanceof UnsupportedPackageError)) throw e;
    }
  }
}
