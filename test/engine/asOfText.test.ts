// 统计截止日期 as typed and as printed in township sheets.
import { asOfDoubt, asOfFromSheets, printedAsOf, readAsOfText } from '../../src/engine';

describe('readAsOfText', () => {
  it.each([
    ['2024-11-30', '2024-11-30'],
    ['2024/6/30', '2024-06-30'],
    ['2024.6.30', '2024-06-30'],
    ['2024年11月30日', '2024-11-30'],
    [' 2024 年 11 月 30 日 ', '2024-11-30'],
    ['20241130', '2024-11-30'],
    ['２０２４年１１月３０日', '2024-11-30'],
    ['２０２４－１１－３０', '2024-11-30'],
    ['2024年11月', '2024-11-30'],
    ['2024-11', '2024-11-30'],
    ['2024/2', '2024-02-29'],
    ['2023年2月', '2023-02-28'],
    ['2024年11月底', '2024-11-30'],
  ])('reads %s as %s', (text, iso) => {
    expect(readAsOfText(text)).toBe(iso);
  });

  it.each(['', '2023-02-29', '2024-13', '20241131', '2024-11-31', '11/30/2024', '2024', 'abc', '2024年13月'])('refuses %p', (text) => {
    expect(readAsOfText(text)).toBeNull();
  });
});

describe('asOfDoubt', () => {
  const today = new Date(2024, 6, 15);
  it('questions a date after today', () => {
    expect(asOfDoubt('2024-07-16', today, null)).toEqual({ kind: 'future' });
    expect(asOfDoubt('2024-07-15', today, null)).toBeNull();
  });
  it('questions a date before the year of the data', () => {
    expect(asOfDoubt('2023-12-31', today, 2024)).toEqual({ kind: 'before-data', year: 2024 });
    expect(asOfDoubt('2024-06-30', today, 2024)).toBeNull();
    expect(asOfDoubt('2023-12-31', today, null)).toBeNull();
  });
});

describe('the date township sheets print', () => {
  const sheet = (...title: string[]) => ({ values: [...title.map((t) => [t]), ['机构名称', '常住人口数'], ['东村卫生室', 1]] });

  it('reads 截止日期 and 1-11月 in the title rows', () => {
    expect(printedAsOf(sheet('石门乡基本公共卫生服务统计表', '填报单位：石门乡卫生院    截止日期：2012年11月30日').values)).toBe('2012-11-30');
    expect(printedAsOf(sheet('2012年1-11月基本公共卫生服务项目进度表').values)).toBe('2012-11-30');
    expect(printedAsOf(sheet('２０１２年１—１１月进度').values)).toBe('2012-11-30');
    expect(printedAsOf(sheet('统计截止时间:2024-06-30').values)).toBe('2024-06-30');
    expect(printedAsOf(sheet('基本公共卫生服务统计表').values)).toBeNull();
  });

  it('does not read a date in the data rows as the as-of date', () => {
    const values = [['机构名称', '备注'], ...Array.from({ length: 8 }, () => ['东村', '']), ['合计', '截止日期：2012年11月30日']];
    expect(printedAsOf(values)).toBeNull();
  });

  it('gives the date when every sheet that prints one agrees, and the year of the data always', () => {
    expect(asOfFromSheets([sheet('截止日期：2012年11月30日'), sheet('2012年1-11月报表'), sheet('无日期')])).toEqual({ date: '2012-11-30', year: 2012 });
    expect(asOfFromSheets([sheet('截止日期：2012年11月30日'), sheet('2012年1-10月报表')])).toEqual({ date: null, year: 2012 });
    expect(asOfFromSheets([sheet('无日期')])).toEqual({ date: null, year: null });
  });
});
