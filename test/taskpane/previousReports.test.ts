/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// Last period's township files read by the pane (SheetJS in the browser, the engine in its worker) give
// the same last period as the command line's `--previous <township files>` on the same file: the sample
// county's October workbook (scripts/make-sample.ts).
import { promises as fs } from 'node:fs';
import { TextDecoder as NodeTextDecoder } from 'node:util';
import { readWorkbookFile } from '../../src/cli/readWorkbook';
import { builtInDefinitions, previousFromReports, readArchiveSheet, readPreviousPeriod } from '../../src/engine';
import type { CellValue, PeriodArchive, ResultSheet, SheetInput } from '../../src/engine/types';
import { lastPeriodFromFile } from '../../src/taskpane/files';
import { SAMPLE_AS_OF, SAMPLE_PREVIOUS, SAMPLE_PREVIOUS_AS_OF } from '../../scripts/make-sample';

Object.assign(globalThis, { TextDecoder: NodeTextDecoder });
jest.setTimeout(120_000);

/** 上期机构明细 as the workbook holds it: title row, header row, facility rows. */
function asWritten(sheet: ResultSheet): SheetInput {
  const values: CellValue[][] = [[sheet.title ?? null], sheet.columns.map((c) => c.header), ...sheet.rows];
  return { name: sheet.name, values };
}

const sorted = (archive: PeriodArchive) =>
  archive.facilities.map((f) => ({ township: f.township, name: f.name, values: Object.fromEntries([...f.values].sort()) })).sort((a, b) => `${a.township}/${a.name}`.localeCompare(`${b.township}/${b.name}`));

it('the sample county’s October workbook: the pane keeps what the command line compares with', async () => {
  const definitions = builtInDefinitions();
  const cliSheets = (await readWorkbookFile(SAMPLE_PREVIOUS)).map((s) => ({ ...s, source: 'sample-county-2024-10.xlsx' }));
  const cli = readPreviousPeriod(cliSheets, definitions, SAMPLE_AS_OF);
  expect(cli.facilities.length).toBeGreaterThan(50);

  const file = new File([new Uint8Array(await fs.readFile(SAMPLE_PREVIOUS))], 'sample-county-2024-10.xlsx');
  const read = await lastPeriodFromFile(file);
  if (!('sheets' in read)) throw new Error('read as a result workbook');
  const { sheet } = previousFromReports(read.sheets, [], { asOf: SAMPLE_AS_OF, lang: 'zh-CN' }, file.name);
  expect(sheet).not.toBeNull();
  const kept = readArchiveSheet(asWritten(sheet!), definitions.indicators);
  expect(kept.asOf).toBe(SAMPLE_PREVIOUS_AS_OF);
  expect(sorted(kept)).toEqual(sorted(cli));
});
