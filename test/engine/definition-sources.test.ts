// Where definitions come from when several files are read: only the county's own workbook (the first,
// or the one named) or the --definitions workbook defines indicators, rules and 任务数. A township's
// file that carries such a sheet is warned about and never replaces the county's.
import { builtInDefinitions } from '../../src/engine/catalog';
import { consolidate } from '../../src/engine/consolidate';
import { readDefinitions } from '../../src/engine/definitions';
import { toSummaryJson } from '../../src/engine/report';
import type { ConsolidationResult, SheetInput } from '../../src/engine/types';
import { sheetOf } from '../helpers/sheet';

const REPORT = [
  ['机构名称', '高血压患者数', '高血压规范管理人数'],
  ['石门乡卫生院', 300, 200],
];

const countyFile = (): SheetInput[] => [
  sheetOf('石门乡', REPORT, { source: 'county.xlsx' }),
  sheetOf('任务数', [['乡镇', 'HTN'], ['石门乡', 500], ['白沙镇', 400]], { source: 'county.xlsx' }),
];
const townshipFile = (): SheetInput[] => [
  sheetOf('白沙镇', [REPORT[0], ['白沙镇卫生院', 100, 50]], { source: 'baisha.xlsx' }),
  // The township would rather be judged on a target of 1.
  sheetOf('任务数', [['乡镇', 'HTN'], ['白沙镇', 1]], { source: 'baisha.xlsx' }),
  sheetOf('指标定义', [['代码', '名称'], ['HTN', '白沙自定义']], { source: 'baisha.xlsx' }),
];

const targetOf = (r: ConsolidationResult, township: string): number | undefined =>
  r.completion.find((c) => c.name === township && c.indicator === 'HTN')?.target;
const warnings = (r: ConsolidationResult): string[] =>
  r.issues.filter((i) => i.code === 'definitions-in-township-file').map((i) => `[${i.source}]${i.sheet}`);

describe('definition sheets in a township file', () => {
  it('are not read: the county workbook (the first) keeps its 任务数, and each such sheet is warned about', () => {
    const r = consolidate([...countyFile(), ...townshipFile()], { asOf: '2024-06-30' });
    expect(targetOf(r, '白沙镇')).toBe(400);
    expect(r.indicators.find((i) => i.code === 'HTN')?.name).toBe('高血压患者数');
    expect(warnings(r)).toEqual(['[baisha.xlsx]任务数', '[baisha.xlsx]指标定义']);
    expect(r.issues.find((i) => i.code === 'definitions-in-township-file')).toMatchObject({
      severity: 'warning',
      message: '此文件自带“任务数”表，未采用：指标定义、校验规则、任务数只取自本工作簿（county.xlsx），乡镇报来的文件不能更改。如确需采用，请把这张表放进第一个工作簿',
    });
  });

  it('are not read even when the county workbook has no such sheet: the catalog fills in', () => {
    const county = countyFile().filter((s) => s.name !== '任务数');
    const r = consolidate([...county, ...townshipFile()], { asOf: '2024-06-30' });
    expect(targetOf(r, '白沙镇')).toBeUndefined();
    expect(r.definitions.source).toBe('catalog');
    expect(r.issues[0].message).toBe('指标定义来自：内置指标目录');
    expect(warnings(r)).toEqual(['[baisha.xlsx]任务数', '[baisha.xlsx]指标定义']);
  });

  it('the first info line names the file the definition sheets came from', () => {
    const r = consolidate([...countyFile(), ...townshipFile()], { asOf: '2024-06-30' });
    expect(r.issues[0].message).toBe('指标定义来自：本工作簿（county.xlsx）的工作表 任务数，其余来自内置指标目录');
    const en = consolidate([...countyFile(), ...townshipFile()], { asOf: '2024-06-30', lang: 'en' });
    expect(en.issues[0].message).toBe('Indicator definitions from: the workbook county.xlsx, sheets 任务数; the rest from the built-in catalog');
    expect(en.issues.find((i) => i.code === 'definitions-in-township-file')?.message).toBe(
      'This file carries its own "任务数" sheet; it was not used: indicators, rules and targets come only from the workbook county.xlsx, and a township\'s file cannot change them. To use it, put the sheet in the first workbook',
    );
  });

  it('definitionsFrom names the county workbook when it is not the first', () => {
    const r = consolidate([...townshipFile(), ...countyFile()], { asOf: '2024-06-30', definitionsFrom: 'county.xlsx' });
    expect(targetOf(r, '白沙镇')).toBe(400);
    expect(warnings(r)).toEqual(['[baisha.xlsx]任务数', '[baisha.xlsx]指标定义']);
    // Left to the default, the first file is the county's: the order of the files decides.
    const byOrder = consolidate([...townshipFile(), ...countyFile()], { asOf: '2024-06-30' });
    expect(byOrder.definitions.file).toBe('baisha.xlsx');
    expect(byOrder.indicators.map((i) => i.name)).toEqual(['白沙自定义']);
    expect(warnings(byOrder)).toEqual(['[county.xlsx]任务数']);
  });

  it('with a --definitions workbook, every definition sheet among the reports is warned about', () => {
    const defs = readDefinitions([sheetOf('任务数', [['乡镇', 'HTN'], ['白沙镇', 300]])], {
      source: 'definitions-file',
      base: builtInDefinitions(),
      file: 'defs.xlsx',
    })!;
    expect(defs.definitions.file).toBe('defs.xlsx');
    const r = consolidate([...countyFile(), ...townshipFile()], { asOf: '2024-06-30', definitions: defs.definitions });
    expect(targetOf(r, '白沙镇')).toBe(300);
    expect(r.issues[0].message).toBe('指标定义来自：定义文件 defs.xlsx 的工作表 任务数');
    expect(warnings(r)).toEqual(['[county.xlsx]任务数', '[baisha.xlsx]任务数', '[baisha.xlsx]指标定义']);
    expect(r.issues.find((i) => i.code === 'definitions-in-township-file')?.message).toContain('只取自定义文件 defs.xlsx ，');
  });

  it('one workbook (the pane: sheets without a file) reads its own definition sheets without a warning', () => {
    const strip = (s: SheetInput): SheetInput => ({ ...s, source: undefined });
    const r = consolidate(countyFile().map(strip), { asOf: '2024-06-30' });
    expect(targetOf(r, '石门乡')).toBe(500);
    expect(warnings(r)).toEqual([]);
    expect(r.issues[0].message).toBe('指标定义来自：本工作簿的工作表 任务数，其余来自内置指标目录');
  });
});

describe('the JSON summary', () => {
  it('names the file the definition sheets came from', () => {
    const r = consolidate([...countyFile(), ...townshipFile()], { asOf: '2024-06-30' });
    expect(toSummaryJson(r)).toMatchObject({ definitionsSource: 'workbook', definitionSheets: ['任务数'], definitionsFile: 'county.xlsx' });
    const catalog = consolidate([sheetOf('石门乡', REPORT)], { asOf: '2024-06-30' });
    expect(toSummaryJson(catalog)).toMatchObject({ definitionsSource: 'catalog', definitionsFile: null });
  });
});
