// The bundled sample county: the checked-in files are what the script makes, they read as a county of
// townships, and the checks find each deliberate problem at its cell.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { demoReport } from '../../src/cli/demo';
import { runCommand } from '../../src/cli/main';
import { readWorkbookFile } from '../../src/cli/readWorkbook';
import { townshipFeedback } from '../../src/engine';
import type { ConsolidationResult } from '../../src/engine/types';
import { SAMPLE_AS_OF, SAMPLE_COUNTY, SAMPLE_EXTRA, SAMPLE_PREVIOUS, SAMPLE_PREVIOUS_AS_OF, SAMPLE_ROSTER, writeSamples } from '../../scripts/make-sample';
import { captureIo, scratchDir } from './helpers';

const tmp = scratchDir('sample');
afterAll(() => tmp.cleanup());

let result: ConsolidationResult;

beforeAll(async () => {
  const outcome = await runCommand([SAMPLE_COUNTY, SAMPLE_EXTRA, '--as-of', SAMPLE_AS_OF, '--out', tmp.file('result.xlsx')], captureIo());
  expect(outcome.code).toBe(0);
  result = outcome.result!;
});

it('the checked-in samples are exactly what scripts/make-sample.ts writes', async () => {
  const made = await writeSamples(tmp.dir);
  expect((await fs.readFile(made.county)).equals(await fs.readFile(SAMPLE_COUNTY))).toBe(true);
  expect((await fs.readFile(made.extra)).equals(await fs.readFile(SAMPLE_EXTRA))).toBe(true);
  expect((await fs.readFile(made.previous)).equals(await fs.readFile(SAMPLE_PREVIOUS))).toBe(true);
  expect((await fs.readFile(made.roster)).equals(await fs.readFile(SAMPLE_ROSTER))).toBe(true);
});

it('reads seven townships from the county file and one from the extra file', () => {
  const townships = result.rollup.filter((r) => r.level === 'township').map((r) => r.name);
  expect(townships).toEqual(['城关镇', '石门乡', '白沙镇', '桃源乡', '青龙镇', '河口乡', '双溪镇', '龙泉乡']);
  const skipped = result.sheets.filter((s) => s.status === 'skipped').map((s) => [s.sheet, s.skipReason]);
  expect(skipped).toEqual([
    ['填报说明', 'no-table'],
    ['任务数', 'definitions'],
    ['旧表2023', 'hidden'],
  ]);
  const shimen = result.sheets.find((s) => s.sheet === '石门乡')!;
  expect(shimen.headerRows).toEqual({ first: 2, last: 3 });
  expect(result.definitions.source).toBe('workbook');
});

it.each([
  ['placeholder', '白沙镇', 'Z7', 'error'],
  ['placeholder', '石门乡', 'L10', 'error'],
  ['rate-mismatch', '桃源乡', 'I4', 'warning'],
  ['total-mismatch', '青龙镇', 'C12', 'warning'],
  ['rule-failed', '河口乡', 'G6', 'error'],
  ['duplicate-facility', '双溪镇', 'B8', 'warning'],
])('finds the deliberate %s at %s!%s', (code, sheet, cell, severity) => {
  expect(result.issues).toContainEqual(expect.objectContaining({ code, sheet, cell, severity }));
});

it('reads the number typed as text and the full-width number without complaint', async () => {
  const sheet = (await readWorkbookFile(SAMPLE_COUNTY)).find((s) => s.name === '白沙镇')!;
  const typedPop = sheet.values[4][2];
  const typedRec = sheet.values[5][3];
  expect(typedPop).toMatch(/^\d{1,3}(,\d{3})+$/);
  expect(typedRec).toMatch(/^[０-９]+$/);
  const baisha = result.facilities.filter((f) => f.township === '白沙镇');
  expect(baisha[1].values.POP).toBe(Number(String(typedPop).replace(/,/g, '')));
  expect(baisha[2].values.REC).toBe(Number(String(typedRec).replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10))));
  expect(result.issues.filter((i) => i.sheet === '白沙镇' && (i.cell === 'C5' || i.cell === 'D6'))).toEqual([]);
});

it('the demo report gives county figures, what is behind target, problems and the output', () => {
  const text = demoReport(result, tmp.file('result.xlsx'), tmp.file('summary.json'));
  expect(text).toContain('全县主要指标');
  expect(text).toContain('高血压患者规范管理率');
  expect(text).toMatch(/进度滞后：增补叶酸人数/);
  // The county's count targets are the sum of the 任务数 sheet, never the catalog's 2000 人.
  const folic = result.completion.find((c) => c.level === 'county' && c.indicator === 'FOLIC')!;
  expect(folic.targetSource).toBe('targets-sheet');
  expect(folic.target).not.toBe(2000);
  expect(text).toMatch(/增补叶酸人数\s+[\d,]+ 人（目标 ≥[\d,]+ 人，任务数，完成 [\d.]+%）\s+进度滞后/);
  // Rates are 达标 against the national standard; a ≤ limit shows the limit and no 完成率.
  expect(text).toMatch(/高血压患者规范管理率\s+[\d.]+%（目标 ≥60\.00%，国家标准（内置））\s+达标/);
  expect(text).toMatch(/个人自付比例\s+[\d.]+%（限值 ≤30\.00%，国家标准（内置））\s+(达标|超标)/);
  expect(text).not.toContain('超额完成');
  expect(text).toContain('白沙镇!Z7');
  expect(text).toContain('result.xlsx');
});

describe('the sample month against last month and the roster', () => {
  let monthly: ConsolidationResult;

  beforeAll(async () => {
    const previous = tmp.file('result-2024-10.xlsx');
    expect((await runCommand([SAMPLE_PREVIOUS, '--as-of', SAMPLE_PREVIOUS_AS_OF, '--out', previous], captureIo())).code).toBe(0);
    const outcome = await runCommand(
      [SAMPLE_COUNTY, SAMPLE_EXTRA, '--as-of', SAMPLE_AS_OF, '--previous', previous, '--roster', SAMPLE_ROSTER, '--out', tmp.file('result-2024-11.xlsx')],
      captureIo(),
    );
    expect(outcome.code).toBe(0);
    monthly = outcome.result!;
  });

  it.each([
    ['decreased-since-last', '河口乡', 'X4', 'error', '河口乡卫生院'],
    ['changed-since-last', '青龙镇', 'Z4', 'warning', '青龙镇卫生院'],
    ['roster-missing', '石门乡', null, 'warning', '竹林村卫生室'],
    ['roster-missing', '白沙镇', null, 'warning', '向阳村卫生所'],
    ['roster-unlisted', '白沙镇', 'B10', 'warning', '向阳村卫生室'],
    ['outlier', '河口乡', 'I6', 'warning', '渡口村卫生室'],
  ])('finds the deliberate %s at %s!%s', (code, sheet, cell, severity, facility) => {
    expect(monthly.issues).toContainEqual(expect.objectContaining({ code, sheet, cell, severity, facility }));
  });

  it('counts the reporting rate and tells it in the demo, with the changes and readiness', () => {
    expect(monthly.reporting!.at(-1)).toMatchObject({ level: 'county', expected: 54, reported: 52, missing: ['竹林村卫生室', '向阳村卫生所'] });
    const text = demoReport(monthly, tmp.file('result.xlsx'), tmp.file('summary.json'));
    expect(text).toContain('上报情况：全县应报 54 个机构，已报 52 个，上报率 96.3%');
    expect(text).toContain('与上月比较（2 条）');
    expect(text).toMatch(/是否可以上报：暂不能上报。还有错误 \d+ 条、未说明的警告 \d+ 条/);
  });

  it('says where the townships\' feedback and the DHIS2 export are', () => {
    const feedbackTownships = townshipFeedback(monthly, 'zh-CN').map((fb) => fb.township);
    expect(feedbackTownships).toEqual(expect.arrayContaining(['石门乡', '白沙镇', '河口乡', '青龙镇']));
    const text = demoReport(monthly, tmp.file('result.xlsx'), tmp.file('summary.json'), {
      feedbackFolder: tmp.file('乡镇反馈'),
      feedbackTownships,
      exports: [tmp.file('dhis2-202411.json'), tmp.file('dhis2-202411.csv')],
    });
    expect(text).toContain(`乡镇反馈：${path.relative(process.cwd(), tmp.file('乡镇反馈'))}（${feedbackTownships.length} 个乡镇`);
    expect(text).toContain(feedbackTownships.join('、'));
    expect(text).toMatch(/DHIS2 导出：.*dhis2-202411\.json、.*dhis2-202411\.csv/);
  });
});
