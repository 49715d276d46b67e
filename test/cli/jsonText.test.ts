// The JSON summary written in pieces: joined, the pieces are JSON.stringify(value, null, 2) exactly.
import { jsonTextPieces } from '../../src/cli/jsonText';
import { consolidate, finishReview, toSummaryJson } from '../../src/engine';
import { largeCountySheets } from '../../bench/workbook';

const joined = (value: unknown): string => [...jsonTextPieces(value)].join('');

describe('jsonTextPieces', () => {
  it.each([
    ['an empty object', {}],
    ['an empty array', []],
    ['a number', 3.25],
    ['a string with quotes, a line break and Chinese', '石门乡 "卫生院"\n第二行'],
    ['null', null],
    ['members left out or written as null', { a: undefined, b: () => 1, c: [undefined, () => 1, Symbol('s')], d: NaN, e: -0, f: Infinity }],
    ['nesting deeper than the pieces open', { issues: [{ cell: 'D7', params: { rows: [1, [2, { x: [] }]], none: {} } }], empty: { a: [], b: {} } }],
    ['dates and other values with toJSON', { asOf: new Date(Date.UTC(2024, 10, 30)), list: [new Date(0)], custom: { toJSON: (key: string) => ({ key }) }, gone: { toJSON: () => undefined } }],
    [
      'long arrays at every depth, items left out, dates among them',
      {
        top: Array.from({ length: 1100 }, (_v, i) => (i % 7 === 0 ? undefined : i % 11 === 0 ? { n: i, list: [i, 'x'] } : `第${i}行`)),
        dates: Array.from({ length: 600 }, (_v, i) => (i === 550 ? new Date(0) : [i, null])),
      },
    ],
    ['a long array at the top', Array.from({ length: 1300 }, (_v, i) => (i % 3 === 0 ? [i, [i]] : { i, s: '县' }))],
  ])('%s', (_label, value) => {
    expect(joined(value)).toBe(JSON.stringify(value, null, 2));
  });

  it('writes nothing for undefined, as JSON.stringify gives no text', () => {
    expect([...jsonTextPieces(undefined)]).toEqual([]);
  });

  it("a county's summary with thousands of issues, in more than one piece", () => {
    const sheets = largeCountySheets({ townships: 6, rowsPerTownship: 200, indicators: 27, errorHeavy: true });
    const summary = toSummaryJson(finishReview(consolidate(sheets, { asOf: '2024-11-30' })));
    expect(summary.issues.length).toBeGreaterThan(2000);
    const pieces = [...jsonTextPieces(summary)];
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.every((p) => p.length > 0)).toBe(true);
    expect(pieces.join('')).toBe(JSON.stringify(summary, null, 2));
  });
});
