// --as-of takes the same date forms as the pane's 统计截止日期.
import { parseArgs } from '../../src/cli/args';

describe('--as-of', () => {
  it.each([
    ['2024-11-30', '2024-11-30'],
    ['2024年11月30日', '2024-11-30'],
    ['2024年11月', '2024-11-30'],
    ['2024-11', '2024-11-30'],
    ['20241130', '2024-11-30'],
    ['２０２４－１１－３０', '2024-11-30'],
    ['2024/2', '2024-02-29'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseArgs(['county.xlsx', '--as-of', text]).asOf).toBe(iso);
  });

  it.each(['2023-02-29', '2024-13', 'November'])('refuses %s, naming the forms it takes', (text) => {
    expect(() => parseArgs(['county.xlsx', '--as-of', text])).toThrow(/2024年11月30日/);
  });
});
