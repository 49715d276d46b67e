import { consolidate } from '../../src/engine/consolidate';
import { DHIS2_CSV_COLUMNS, dhis2Period, toDataValueSet, toDhis2Csv } from '../../src/engine/dhis2';
import { sheetOf } from '../helpers/sheet';

const HEADER = ['序号', '机构名称', '高血压患者数（人）', '高血压规范管理人数（人）', '高血压患者规范管理率（%）'];

describe('DHIS2 data value sets', () => {
  const sheets = [
    sheetOf('石门乡', [HEADER, [1, '石门乡卫生院', 300, 200, 66.67], [2, '大坪村卫生室, 东', 100, 'XX', null]], { source: '石门乡.xlsx' }),
    sheetOf('城关镇', [HEADER, [1, '城关社区卫生服务中心', 400, 300.5, 75.13]], { source: '城关镇.xlsx' }),
  ];
  const result = consolidate(sheets, { asOf: '2024-11-30' });
  const { set, leftOut } = toDataValueSet(result);

  it('has one value per facility and count indicator, period YYYYMM, provenance in the comment', () => {
    expect(dhis2Period('2024-01-31')).toBe('202401');
    expect(set.dataValues).toEqual([
      { dataElement: 'HTN', period: '202411', orgUnit: '石门乡卫生院', value: '300', comment: '石门乡.xlsx!石门乡!C2' },
      { dataElement: 'HTN_STD', period: '202411', orgUnit: '石门乡卫生院', value: '200', comment: '石门乡.xlsx!石门乡!D2' },
      { dataElement: 'HTN', period: '202411', orgUnit: '大坪村卫生室, 东', value: '100', comment: '石门乡.xlsx!石门乡!C3' },
      { dataElement: 'HTN', period: '202411', orgUnit: '城关社区卫生服务中心', value: '400', comment: '城关镇.xlsx!城关镇!C2' },
      { dataElement: 'HTN_STD', period: '202411', orgUnit: '城关社区卫生服务中心', value: '300.5', comment: '城关镇.xlsx!城关镇!D2' },
    ]);
  });

  it('leaves out rates and cells with errors, and counts the cells it left out', () => {
    expect(set.dataValues.some((v) => v.dataElement === 'HTN_RATE')).toBe(false);
    expect(leftOut).toBe(1);
  });

  it('writes DHIS2’s CSV import columns, quoting where needed', () => {
    const lines = toDhis2Csv(set).split('\r\n');
    expect(lines[0]).toBe(DHIS2_CSV_COLUMNS.join(','));
    expect(lines[1]).toBe('HTN,202411,石门乡卫生院,,,300,,,石门乡.xlsx!石门乡!C2,false');
    expect(lines[3]).toBe('HTN,202411,"大坪村卫生室, 东",,,100,,,石门乡.xlsx!石门乡!C3,false');
    expect(lines.at(-1)).toBe('');
  });
});
