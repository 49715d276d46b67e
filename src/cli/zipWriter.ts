// A minimal zip writer for the .xlsx packages the command line writes: every entry deflated with
// node:zlib, names in UTF-8, no zip64 (a result workbook is far below 4 GB). The reader side is
// xlsxPackage.ts.
//
// A large part is compressed piece by piece while it is being written (PartPacker): a sheet's XML is
// never held whole, and on Node's worker threads the pieces compress side by side with the writing.
import * as zlib from 'node:zlib';

export interface ZipFile {
  /** Path inside the package, forward slashes ("xl/worksheets/sheet1.xml"). */
  name: string;
  data: Buffer | string;
}

let crcTable: Int32Array | null = null;

/** CRC-32 computed with a lookup table, for a Node without zlib.crc32. */
export function tableCrc32(data: Uint8Array, previous = 0): number {
  if (!crcTable) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c;
    }
  }
  let crc = previous ^ -1;
  for (let i = 0; i < data.length; i++) crc = crcTable[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ -1) >>> 0;
}

const nativeCrc32 = (zlib as { crc32?: (d: Uint8Array, previous?: number) => number }).crc32;

/**
 * CRC-32 of data (continuing previous, the CRC of the bytes before it): node:zlib's own where this Node
 * has it (20.15+), else the table-driven one.
 */
export function crc32(data: Uint8Array, previous = 0): number {
  return typeof nativeCrc32 === 'function' ? nativeCrc32(data, previous) >>> 0 : tableCrc32(data, previous);
}

/** MS-DOS time and date of d (local time, 2-second steps), as zip headers keep them. */
function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.min(2107, Math.max(1980, d.getFullYear()));
  return {
    time: (d.getHours() << 11) | (d.getMinutes() << 5) | (d.getSeconds() >> 1),
    date: ((year - 1980) << 9) | ((d.getMonth() + 1) << 5) | d.getDate(),
  };
}

const UTF8_NAMES = 0x0800;
const DEFLATE = 8;
/**
 * zlib's level 2: on a county's result workbook (15 to 45 MB of sheet XML) about half of level 4's time
 * and a quarter of level 6's, for a file 4 to 9 % larger than level 4's; the written file is read far
 * less often than a run writes one.
 */
const DEFLATE_LEVEL = 2;

/** One file of the archive, compressed, with what its headers say about it. */
export interface PackedFile {
  name: string;
  /** CRC-32 and length of the uncompressed bytes. */
  crc: number;
  size: number;
  packed: Buffer;
}

/** How large a piece of a part PartPacker compresses at once. */
export const PIECE_BYTES = 1 << 20;

/**
 * One part compressed piece by piece as it is written. Each piece is a deflate stream of its own,
 * flushed to a byte boundary but not ended (the last piece ends it), so the pieces joined are one valid
 * deflate stream (as pigz writes them); a piece refers back only within itself, costing well under 1 %
 * of size at a megabyte a piece. In the background, each piece is compressed on one of Node's worker
 * threads while the next is being written; here and now, on this thread. Both give the same bytes.
 */
export class PartPacker {
  private crc = 0;
  private size = 0;
  private readonly pieces: (Buffer | Promise<Buffer>)[] = [];
  private ended = false;

  constructor(
    readonly name: string,
    private readonly background: boolean,
  ) {}

  /**
   * The next bytes of the part; last: the part ends with them. done, when given, is called once bytes
   * are compressed (their buffer can then be written again).
   */
  add(bytes: Buffer, last: boolean, done?: () => void): void {
    if (this.ended) throw new Error(`${this.name}: written after its end`);
    this.ended = last;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    const options: zlib.ZlibOptions = { level: DEFLATE_LEVEL, finishFlush: last ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH };
    // When the worker threads lag behind the writing, this thread compresses the piece itself: the
    // pieces waiting for a worker are never more than MAX_WAITING_BYTES.
    if (this.background && waitingBytes + bytes.length <= MAX_WAITING_BYTES) {
      this.pieces.push(deflateOnWorker(bytes, options, done));
    } else {
      this.pieces.push(zlib.deflateRawSync(bytes, options));
      done?.();
    }
  }

  /** The whole part compressed; every piece must have been compressed here and now. */
  packed(): PackedFile {
    const pieces = this.pieces.map((p) => {
      if (!Buffer.isBuffer(p)) throw new Error(`${this.name}: compressed in the background, not yet done`);
      return p;
    });
    return this.whole(pieces);
  }

  /** The whole part compressed, once every piece is. */
  async packedLater(): Promise<PackedFile> {
    return this.whole(await Promise.all(this.pieces));
  }

  private whole(pieces: Buffer[]): PackedFile {
    if (!this.ended) throw new Error(`${this.name}: not ended`);
    return { name: this.name, crc: this.crc, size: this.size, packed: pieces.length === 1 ? pieces[0] : Buffer.concat(pieces) };
  }
}

/**
 * Piece buffers whose bytes are compressed, kept to be written again: a county's result is 15 to 45 MB
 * of XML, and a new buffer for each megabyte would be held until the garbage collector comes by.
 */
const freePieceBuffers: Buffer[] = [];

/** A buffer of PIECE_BYTES to write a piece into: one written before, when there is one. */
export function pieceBuffer(): Buffer {
  return freePieceBuffers.pop() ?? Buffer.allocUnsafe(PIECE_BYTES);
}

/** buffer (from pieceBuffer) is free to be written again. */
export function reusePieceBuffer(buffer: Buffer): void {
  if (buffer.length === PIECE_BYTES && freePieceBuffers.length < MAX_WAITING_BYTES / PIECE_BYTES + 2) freePieceBuffers.push(buffer);
}

/** Bytes handed to worker threads and not yet compressed, across every part being written. */
let waitingBytes = 0;
const MAX_WAITING_BYTES = 8 * PIECE_BYTES;

/**
 * bytes deflated on a worker thread. The output buffer is large enough that zlib finishes in one go,
 * without coming back to this thread (busy writing the next piece) for more room.
 */
function deflateOnWorker(bytes: Buffer, options: zlib.ZlibOptions, done?: () => void): Promise<Buffer> {
  const chunkSize = Math.max(zlib.constants.Z_MIN_CHUNK, bytes.length + (bytes.length >> 6) + 1024);
  waitingBytes += bytes.length;
  return new Promise((resolve, reject) => {
    zlib.deflateRaw(bytes, { ...options, chunkSize }, (error, packed) => {
      waitingBytes -= bytes.length;
      done?.();
      // A copy its own size: the output would otherwise keep zlib's whole output buffer alive.
      if (error) reject(error);
      else resolve(Buffer.from(packed));
    });
  });
}

/** file compressed here and now. */
export function packFile(file: ZipFile): PackedFile {
  const part = new PartPacker(file.name, false);
  part.add(typeof file.data === 'string' ? Buffer.from(file.data, 'utf8') : file.data, true);
  return part.packed();
}

/** The zip archive holding files, in the order given. */
export function zip(files: ZipFile[], modified: Date = new Date()): Buffer {
  return zipPacked(files.map(packFile), modified);
}

/** The zip archive holding files already compressed, in the order given. */
export function zipPacked(files: PackedFile[], modified: Date = new Date()): Buffer {
  const { time, date } = dosDateTime(modified);
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const file of files) {
    const name = Buffer.from(file.name, 'utf8');
    const { crc, size, packed } = file;

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(UTF8_NAMES, 6);
    local.writeUInt16LE(DEFLATE, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    parts.push(local, name, packed);

    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4); // made by: MS-DOS, 2.0
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(UTF8_NAMES, 8);
    entry.writeUInt16LE(DEFLATE, 10);
    entry.writeUInt16LE(time, 12);
    entry.writeUInt16LE(date, 14);
    entry.writeUInt32LE(crc, 16);
    entry.writeUInt32LE(packed.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    // extra, comment, disk number, internal attributes: 0
    entry.writeUInt32LE(0, 38); // external attributes
    entry.writeUInt32LE(offset, 42);
    central.push(entry, name);

    offset += local.length + name.length + packed.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat(parts.concat(central, [end]));
}
