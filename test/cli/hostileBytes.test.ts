// Any one changed byte, or any cut, of a real township workbook either reads exactly as the sound file
// reads or is an UnreadableWorkbookError naming the file: never other figures without a word. Half the
// changes land anywhere (mostly compressed data), half in the zip directory at the end, where a
// changed byte renames, resizes or moves a part.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { UnreadableWorkbookError } from '../../src/cli/errors';
import { readWorkbookBuffer } from '../../src/cli/readWorkbook';
import type { SheetInput } from '../../src/engine/types';
import { SAMPLE_EXTRA } from '../../scripts/make-sample';

const NAME = '龙泉乡.xlsx';
const original = readFileSync(SAMPLE_EXTRA);
/** Where the central directory starts: the directory and its end record are the last bytes. */
const directory = original.readUInt32LE(original.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06])) + 16);

type Change = { kind: 'byte'; at: number; xor: number } | { kind: 'cut'; length: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ kind: fc.constant('byte' as const), at: fc.nat(original.length - 1), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('byte' as const), at: fc.integer({ min: directory, max: original.length - 1 }), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('cut' as const), length: fc.nat(original.length - 1) }),
);

function apply(c: Change): Buffer {
  if (c.kind === 'cut') return Buffer.from(original.subarray(0, c.length));
  const buf = Buffer.from(original);
  buf[c.at] ^= c.xor;
  return buf;
}

let sound: SheetInput[];
beforeAll(async () => {
  sound = await readWorkbookBuffer(original, NAME);
});

it('reads the sound file', () => {
  expect(sound.length).toBeGreaterThan(0);
  expect(sound.some((s) => s.values.length > 5)).toBe(true);
});

it('a changed byte or a cut reads identically or is refused naming the file', async () => {
  await fc.assert(
    fc.asyncProperty(change, async (c) => {
      let read: SheetInput[] | null = null;
      try {
        read = await readWorkbookBuffer(apply(c), NAME);
      } catch (e) {
        expect(e).toBeInstanceOf(UnreadableWorkbookError);
        expect((e as UnreadableWorkbookError).path).toBe(NAME);
        return;
      }
      expect(read).toEqual(sound);
    }),
    { numRuns: 200, seed: 20241130 },
  );
}, 60_000);
