import { formatKind, FORMAT_DATE, FORMAT_PERCENT, FORMAT_PLAIN, readNumber } from '../../src/engine/values';
import type { CellValue } from '../../src/engine/types';

describe('readNumber: numbers as townships type them', () => {
  it.each<[string, CellValue, string | null, string, number]>([
    ['a number', 1234, null, '人', 1234],
    ['a decimal', 12.5, 'General', '万元', 12.5],
    ['zero is a number', 0, null, '人', 0],
    ['numeric text', '1234', null, '人', 1234],
    ['spaces around', '  56  ', null, '人', 56],
    ['ideographic spaces around', '\u3000 56\u3000', null, '人', 56],
    ['thousands commas', '1,234,567', null, '人', 1234567],
    ['thousands commas with decimals', '1,234.5', null, '万元', 1234.5],
    ['full-width digits', '１２３４', null, '人', 1234],
    ['full-width commas', '１，２３４', null, '人', 1234],
    ['full-width decimal point', '３．５', null, '万元', 3.5],
    ['a space as thousands separator', '1 234', null, '人', 1234],
    ['a no-break space as thousands separator', '1\u00a0234', null, '人', 1234],
    ['a leading apostrophe', "'1234", null, '人', 1234],
    ['a leading apostrophe and spaces', "' 12 ", null, '人', 12],
    ['a negative number', '-3', null, '人', -3],
    ['a Unicode minus sign', '\u22123', null, '人', -3],
    ['a plus sign', '+7', null, '人', 7],
    ['scientific notation', '1.5E3', null, '人', 1500],
    ['percent text in a % column', '93.18%', null, '%', 93.18],
    ['full-width ％ in a % column', '93.18％', null, '%', 93.18],
    ['percent text with a space', '93.18 %', null, '%', 93.18],
    ['percent text in a ‰ column', '1.5%', null, '‰', 15],
    ['percent text in a plain ratio column', '50%', null, '', 0.5],
    ['per-mille text in a ‰ column', '12.5‰', null, '‰', 12.5],
    ['per-mille text in a % column', '12.5‰', null, '%', 1.25],
    ['percent-formatted number in a % column', 0.9318, '0.00%', '%', 93.18],
    ['percent-formatted number, no decimals', 0.5, '0%', '%', 50],
    ['percent-formatted number in a ‰ column', 0.0125, '0.00%', '‰', 12.5],
    ['percent-formatted number in a count column keeps its value', 0.5, '0%', '人', 0.5],
    ['a plain fraction in a % column stays as typed', 0.93, null, '%', 0.93],
    ['a number with a thousands format', 1234, '#,##0', '人', 1234],
    ['a number with a literal in its format', 12, '0"人"', '人', 12],
  ])('%s: %p (format %p, unit %p) → %p', (_label, value, format, unit, expected) => {
    const reading = readNumber(value, format, unit);
    expect(reading).toEqual({ kind: 'number', value: expected });
  });

  it.each<[string, string, string, number]>([
    ['persons typed in a 人 column', '104人', '人', 104],
    ['amount typed in a 万元 column', '3.5万元', '万元', 3.5],
    ['a space before the unit', '104 人', '人', 104],
    ['full-width digits and a unit', '１０４人', '人', 104],
    ['thousands and a unit', '1,204人', '人', 1204],
    ['例 in a 人 column: both count things', '12例', '人', 12],
    ['a count unit in a column without unit', '7户', '', 7],
  ])('%s: %p → number with a unit-in-cell note', (_label, text, unit, expected) => {
    expect(readNumber(text, null, unit)).toEqual({
      kind: 'number',
      value: expected,
      note: { code: 'unit-in-cell', text },
    });
  });

  it.each<[string, CellValue]>([
    ['null', null],
    ['empty text', ''],
    ['spaces only', '   '],
    ['an ideographic space', '\u3000'],
    ['a lone apostrophe', "'"],
  ])('%s is blank (missing), never zero', (_label, value) => {
    expect(readNumber(value, null, '人')).toEqual({ kind: 'blank' });
  });

  it.each<[CellValue, string]>([
    ['XX', 'XX'],
    ['X', 'X'],
    ['x', 'x'],
    ['×', '×'],
    ['—', '—'],
    ['——', '——'],
    ['–', '–'],
    ['-', '-'],
    ['--', '--'],
    ['－', '－'],
    ['/', '/'],
    ['无', '无'],
    ['暂无', '暂无'],
    ['空', '空'],
    ['N/A', 'N/A'],
    ['n/a', 'n/a'],
    [' 无 ', '无'],
  ])('placeholder %p is an error quoting %p', (value, text) => {
    expect(readNumber(value, null, '人')).toEqual({ kind: 'invalid', code: 'placeholder', text });
  });

  it.each<[string, CellValue, string | null, string, string, string]>([
    ['an Excel error value', { error: '#DIV/0!' }, null, '%', 'error-value', '#DIV/0!'],
    ['#N/A', { error: '#N/A' }, null, '人', 'error-value', '#N/A'],
    ['an error typed as text', '#VALUE!', null, '人', 'error-value', '#VALUE!'],
    ['a Date', new Date(Date.UTC(2024, 2, 5)), null, '人', 'date-in-number', '2024-03-05'],
    ['a date serial with a date format', 45356, 'yyyy-mm-dd', '人', 'date-in-number', '2024-03-05'],
    ['a date serial with a Chinese date format', 45356, 'yyyy"年"m"月"d"日"', '人', 'date-in-number', '2024-03-05'],
    ['a date serial with a locale-tagged format', 45356, '[$-804]m/d/yy', '人', 'date-in-number', '2024-03-05'],
    ['TRUE', true, null, '人', 'boolean-in-number', 'TRUE'],
    ['FALSE', false, null, '人', 'boolean-in-number', 'FALSE'],
    ['words', '未开展', null, '人', 'not-a-number', '未开展'],
    ['a range', '10-20', null, '人', 'not-a-number', '10-20'],
    ['about', '约100', null, '人', 'not-a-number', '约100'],
    ['two decimal points', '1.2.3', null, '人', 'not-a-number', '1.2.3'],
    ['badly grouped digits', '12,34', null, '人', 'not-a-number', '12,34'],
    ['a percent in a count column', '93%', null, '人', 'not-a-number', '93%'],
    ['a scaling unit that is not the column unit', '3.5万元', null, '元', 'not-a-number', '3.5万元'],
    ['NaN', Number.NaN, null, '人', 'not-a-number', 'NaN'],
    ['Infinity', Number.POSITIVE_INFINITY, null, '人', 'not-a-number', 'Infinity'],
  ])('%s is invalid (%p)', (_label, value, format, unit, code, text) => {
    expect(readNumber(value, format, unit)).toEqual({ kind: 'invalid', code, text });
  });

  it('never reads anything that is not a number as 0', () => {
    for (const v of ['XX', '—', '无', '#DIV/0!', 'abc', '0x10', true, false]) {
      const r = readNumber(v, null, '人');
      expect(r.kind).toBe('invalid');
    }
  });
});

describe('formatKind', () => {
  it.each<[string | null, number]>([
    [null, FORMAT_PLAIN],
    ['General', FORMAT_PLAIN],
    ['0.00', FORMAT_PLAIN],
    ['#,##0_);[Red](#,##0)', FORMAT_PLAIN],
    ['0.00E+00', FORMAT_PLAIN],
    ['0"人"', FORMAT_PLAIN],
    ['0.00%', FORMAT_PERCENT],
    ['0%', FORMAT_PERCENT],
    ['yyyy-mm-dd', FORMAT_DATE],
    ['m/d/yy', FORMAT_DATE],
    ['[h]:mm:ss', FORMAT_DATE],
    ['yyyy"年"m"月"', FORMAT_DATE],
    ['[$-F800]dddd, mmmm dd, yyyy', FORMAT_DATE],
  ])('%p → %p', (format, kind) => {
    expect(formatKind(format)).toBe(kind);
  });
});
