import { InvalidDateError } from '../../src/engine/errors';
import { defaultAsOf, monthsElapsed, parseAsOf, timeProgress } from '../../src/engine/timeProgress';

describe('monthsElapsed: a month counts once its last day is reached', () => {
  it.each([
    ['2012-11-30', 11],
    ['2021-06-08', 5],
    ['2024-02-29', 2],
    ['2023-02-28', 2],
    ['2024-02-28', 1],
    ['2023-12-31', 12],
    ['2023-12-30', 11],
    ['2024-01-15', 0],
    ['2024-01-31', 1],
    ['2024-04-30', 4],
    ['2024-05-30', 4],
  ])('%s → %i', (asOf, months) => {
    expect(monthsElapsed(asOf)).toBe(months);
    expect(timeProgress(asOf)).toBeCloseTo(months / 12, 12);
  });
});

describe('parseAsOf', () => {
  it.each(['2024-02-29', '2012-11-30', ' 2021-06-08 '])('accepts %j', (text) => {
    expect(parseAsOf(text)).toBe(text.trim());
  });

  it.each(['2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '2024/01/31', '20240131', '', '2024-1-31', 'yesterday'])(
    'rejects %j with InvalidDateError',
    (text) => {
      expect(() => parseAsOf(text)).toThrow(InvalidDateError);
      expect(() => monthsElapsed(text)).toThrow(InvalidDateError);
    },
  );
});

describe('defaultAsOf: the end of last month', () => {
  it.each([
    [new Date(2024, 2, 15), '2024-02-29'],
    [new Date(2023, 2, 1), '2023-02-28'],
    [new Date(2024, 0, 10), '2023-12-31'],
    [new Date(2024, 6, 31, 23, 59), '2024-06-30'],
  ])('%s → %s', (today, expected) => {
    expect(defaultAsOf(today)).toBe(expected);
    expect(monthsElapsed(defaultAsOf(today))).toBe(Number(expected.slice(5, 7)));
  });
});
