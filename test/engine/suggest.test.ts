// Suggested indicators for columns the engine did not read.
import { builtInDefinitions, headerSimilarity, rankIndicators, suggestIndicator } from '../../src/engine';

describe('headerSimilarity', () => {
  it('is 1 for the same header, units and widths aside, and 0 for nothing in common', () => {
    expect(headerSimilarity('增补叶酸人数（人）', '增补叶酸人数')).toBe(1);
    expect(headerSimilarity('ＡＢ', 'ab')).toBe(1);
    expect(headerSimilarity('备注', '常住人口数')).toBe(0);
    expect(headerSimilarity('', '常住人口数')).toBe(0);
  });

  it('is symmetric and higher for the closer name', () => {
    expect(headerSimilarity('叶酸补服人数', '增补叶酸人数')).toBeCloseTo(headerSimilarity('增补叶酸人数', '叶酸补服人数'));
    expect(headerSimilarity('叶酸补服人数', '增补叶酸人数')).toBeGreaterThan(headerSimilarity('叶酸补服人数', '常住人口数'));
  });
});

describe('suggestIndicator', () => {
  const indicators = builtInDefinitions().indicators;

  it('offers 增补叶酸人数 for 叶酸补服人数', () => {
    expect(suggestIndicator('叶酸补服人数', indicators)?.name).toBe('增补叶酸人数');
  });

  it('offers nothing for a column unlike every indicator', () => {
    expect(suggestIndicator('备注', indicators)).toBeNull();
    expect(suggestIndicator('联系电话', indicators)).toBeNull();
  });

  it('leaves out indicators other columns already hold', () => {
    const best = suggestIndicator('叶酸补服人数', indicators)!;
    expect(suggestIndicator('叶酸补服人数', indicators, new Set([best.code]))?.code).not.toBe(best.code);
  });

  it('ranks by an alias as well as the name', () => {
    const ranked = rankIndicators('建档人数', [
      { code: 'A', name: '常住人口数', aliases: [] },
      { code: 'B', name: '居民健康档案建档数', aliases: ['建档人数'] },
    ]);
    expect(ranked.map((r) => r.code)).toEqual(['B', 'A']);
    expect(ranked[0].score).toBe(1);
  });
});
