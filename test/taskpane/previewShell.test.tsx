/**
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
// The browser preview's 打开工作簿 and 下载工作簿: a file that will not open is said so, by name, and the
// workbook in the page stays; both buttons show that they are working and wait.
import '@testing-library/jest-dom';
import { configure, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ExcelJS from 'exceljs';
import { TextDecoder as NodeTextDecoder } from 'node:util';
import { createWorkbookHost } from '../../src/excel/workbookHost';
import { openPreviewWorkbook } from '../../src/preview/workbookFile';
import type { PreviewWorkbook } from '../../src/preview/workbookFile';
import { PreviewShell } from '../../src/taskpane/PreviewShell';
import { createEngineClient } from '../../src/taskpane/worker/engineClient';

// The file sniffing reads text with the browser's TextDecoder; jsdom lacks it.
Object.assign(globalThis, { TextDecoder: NodeTextDecoder });
jest.setTimeout(90_000);
configure({ asyncUtilTimeout: 15_000 });

async function county(): Promise<ArrayBuffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('城关镇').addRows([
    ['机构名称', '高血压患者数（人）', '高血压规范管理人数（人）'],
    ['城关镇卫生院', 400, 300],
  ]);
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(download: (data: ArrayBuffer, name: string) => void = () => undefined, open = openPreviewWorkbook) {
  const user = userEvent.setup();
  render(
    <PreviewShell<PreviewWorkbook>
      lang="zh-CN"
      engine={createEngineClient()}
      initial={async () => ({ data: await county(), name: 'county.xlsx' })}
      open={open}
      hostFor={(w) => createWorkbookHost(w.excel, { capabilities: w.capabilities })}
      download={download}
      today={new Date(2024, 11, 5)}
    />,
  );
  return user;
}

it('打开工作簿 with a file that is no workbook says why, by name, and keeps the workbook open', async () => {
  const user = setup();
  expect(await screen.findByText('当前工作簿：county.xlsx')).toBeInTheDocument();
  await user.upload(screen.getByLabelText('打开工作簿', { selector: 'input' }), new File(['机构名称,人数\n东村,3\n'], '名单.xlsx'));
  expect(await screen.findByRole('alert')).toHaveTextContent('无法读取“名单.xlsx”：不是 Excel 工作簿或表格文件');
  await user.upload(screen.getByLabelText('打开工作簿', { selector: 'input' }), new File([new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9])], '坏文件.xlsx'));
  await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('无法读取“坏文件.xlsx”：文件已损坏，无法读取'));
  expect(screen.getByText('当前工作簿：county.xlsx')).toBeInTheDocument();
});

it('opening shows a busy state, and the opened workbook replaces the old one', async () => {
  const gate = deferred();
  const user = setup(undefined, async (data, name) => {
    if (name !== 'county.xlsx') await gate.promise;
    return openPreviewWorkbook(data, name);
  });
  await screen.findByText('当前工作簿：county.xlsx');
  await user.upload(screen.getByLabelText('打开工作簿', { selector: 'input' }), new File([await county()], '十一月.xlsx'));
  expect(await screen.findByText('正在打开工作簿…')).toBeInTheDocument();
  expect(screen.getByRole('button', { name: '下载工作簿' })).toBeDisabled();
  gate.resolve();
  expect(await screen.findByText('当前工作簿：十一月.xlsx')).toBeInTheDocument();
  expect(screen.queryByText('正在打开工作簿…')).not.toBeInTheDocument();
});

it('下载工作簿 shows a busy state until the file is handed over', async () => {
  const gate = deferred();
  const downloaded: string[] = [];
  // The save is held back, as a large workbook's is by its size.
  const user = setup(
    (_, name) => downloaded.push(name),
    async (data, name) => {
      const workbook = await openPreviewWorkbook(data, name);
      const save = workbook.save.bind(workbook);
      return Object.assign(workbook, { save: async () => (await gate.promise, save()) });
    },
  );
  await screen.findByText('当前工作簿：county.xlsx');
  await user.click(screen.getByRole('button', { name: '下载工作簿' }));
  expect(await screen.findByText('正在准备下载…')).toBeInTheDocument();
  expect(screen.getByRole('button', { name: '下载工作簿' })).toBeDisabled();
  gate.resolve();
  await waitFor(() => expect(downloaded).toEqual(['workbook.xlsx']));
  expect(screen.queryByText('正在准备下载…')).not.toBeInTheDocument();
});
