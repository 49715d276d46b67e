import { consolidate } from '../../src/engine/consolidate';
import { feedbackSheets, townshipFeedback } from '../../src/engine/feedback';
import type { SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

const HEADER = ['序号', '机构名称', '高血压患者数（人）', '高血压规范管理人数（人）', '增补叶酸人数（人）'];

/** Three townships: one with a placeholder and a bad total, one clean, and two on a list sheet. */
function county(): SheetInput[] {
  return [
    sheetOf('石门乡', [
      ['石门乡2024年1-11月报表'],
      HEADER,
      [1, '石门乡卫生院', 300, 200, 40],
      [2, '大坪村卫生室', 100, 80, '—'],
      [3, '小河村卫生室', 120, 130, 5], // 规范管理人数 above 患者数: a rule error
      ['合计', null, 520, 410, 45], // 410 printed, rows give 410 → fine; HTN 520 = 520
    ]),
    sheetOf('城关镇', [HEADER, [1, '城关社区卫生服务中心', 400, 300, 90], ['合计', null, 400, 300, 90]]),
    sheetOf('乡镇列表', [
      ['乡镇', '单位名称', '高血压患者数', '高血压规范管理人数', '增补叶酸人数'],
      ['白沙镇', '白沙镇卫生院', 200, 100, 'XX'],
      ['东山乡', '东山乡卫生院', 150, 100, 12],
    ]),
  ];
}

describe('townshipFeedback', () => {
  const result = consolidate(county(), { asOf: '2024-11-30' });
  const feedback = townshipFeedback(result, 'zh-CN');

  it('gives a township feedback only when it has an error or a warning, and only its own', () => {
    expect(feedback.map((f) => f.township)).toEqual(['石门乡', '白沙镇']);
    const baisha = feedback.find((f) => f.township === '白沙镇')!;
    expect(baisha.problems.every((p) => p.facility === '白沙镇卫生院')).toBe(true);
    expect(baisha.text).not.toContain('东山乡');
  });

  it('names the facility, the indicator, the cell and the value read for each problem, errors first', () => {
    const shimen = feedback.find((f) => f.township === '石门乡')!;
    const placeholder = shimen.problems.find((p) => p.cell === 'E4')!;
    expect(placeholder).toMatchObject({ severity: 'error', sheet: '石门乡', facility: '大坪村卫生室', indicator: '增补叶酸人数', value: '—' });
    const rule = shimen.problems.find((p) => p.facility === '小河村卫生室' && p.indicator?.includes('高血压'));
    expect(rule?.severity).toBe('error');
    const severities = shimen.problems.map((p) => p.severity);
    expect(severities).toEqual([...severities].sort((a, b) => (a === b ? 0 : a === 'error' ? -1 : 1)));
  });

  it('writes a message that can be pasted as it is', () => {
    const shimen = feedback.find((f) => f.township === '石门乡')!;
    const lines = shimen.text.split('\n');
    const errors = shimen.problems.filter((p) => p.severity === 'error').length;
    const warnings = shimen.problems.length - errors;
    expect(errors).toBeGreaterThan(0);
    expect(lines[0]).toBe(`石门乡：请核对以下 ${shimen.problems.length} 处（错误 ${errors} 处${warnings > 0 ? `、警告 ${warnings} 处` : ''}），改正后重新报送。`);
    const baisha = feedback.find((f) => f.township === '白沙镇')!;
    expect(baisha.text.split('\n')[0]).toBe(`白沙镇：请核对以下 ${baisha.problems.length} 处（错误 ${baisha.problems.length} 处），改正后重新报送。`);
    expect(shimen.text).toMatch(/^\d\. 大坪村卫生室 增补叶酸人数（石门乡!E4）：占位符“—”/m);
  });

  it('speaks English when asked', () => {
    const [first] = townshipFeedback(result, 'en');
    expect(first.text.split('\n')[0]).toMatch(/^石门乡: please check the \d+ item\(s\) below/);
  });

  it('lists the township’s lagging indicators on a sheet of their own', () => {
    const targets = sheetOf('任务数', [['乡镇', '增补叶酸人数'], ['石门乡', 2000], ['白沙镇', 100]]);
    const withTargets = consolidate([...county(), targets], { asOf: '2024-11-30' });
    const shimen = townshipFeedback(withTargets, 'zh-CN').find((f) => f.township === '石门乡')!;
    expect(shimen.lagging.map((c) => c.indicator)).toContain('FOLIC');
    expect(shimen.text).toContain('以下指标落后于目标或序时进度');
    const sheets = feedbackSheets(shimen, withTargets, 'zh-CN');
    expect(sheets.map((s) => s.name)).toEqual(['需核对', '进度']);
    expect(sheets[0].rows).toHaveLength(shimen.problems.length);
    expect(sheets[1].rows[0][0]).toBe('增补叶酸人数');
  });

  it('keeps townships named like Object.prototype members apart', () => {
    const sheets = [sheetOf('__proto__', [HEADER, [1, 'constructor', 10, 20, 'XX']])];
    const fb = townshipFeedback(consolidate(sheets, { asOf: '2024-11-30' }), 'zh-CN');
    expect(fb.map((f) => f.township)).toEqual(['__proto__']);
    expect(fb[0].problems.map((p) => p.facility)).toContain('constructor');
  });
});
