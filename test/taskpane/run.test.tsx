// A run from the pane: the progress says which sheet is being read and consolidated, 取消 stops it with the
// workbook unchanged, a run with nothing to consolidate writes nothing and says why, and when it is done
// the 汇总结果 heading has the focus and the counts are announced.
import '@testing-library/jest-dom';
import { configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { App } from '../../src/taskpane/App';
import type { SheetInput } from '../../src/engine/types';
import { createEngineClient, inThreadWorker } from '../../src/taskpane/worker/engineClient';
import type { WorkerLike } from '../../src/taskpane/worker/engineClient';
import { sheetOf } from '../helpers/sheet';
import { FakeHost } from './fakeHost';

const HEADER = ['乡镇', '机构名称', '常住人口数', '居民健康档案建档数', '高血压患者数', '高血压规范管理人数'];
const shimen = (): SheetInput =>
  sheetOf('石门乡', [HEADER, ['石门乡', '石门乡卫生院', 12000, 10000, 900, 600], ['石门乡', '东村卫生室', 3000, 'XX', 200, 150]]);
const hekou = (): SheetInput => sheetOf('河口镇', [HEADER, ['河口镇', '河口镇卫生院', 15000, 14000, 1000, 300]]);

jest.setTimeout(90_000);
// The dry run answers from the engine's worker (here its in-thread stand-in) a few tasks later; on a
// shared, loaded machine that takes longer than Testing Library's default second.
configure({ asyncUtilTimeout: 15_000 });
const TODAY = new Date(2024, 6, 15);

/**
 * The in-thread worker, except that the answer to a run (the request that asks for result sheets) is
 * held until release(): the pane can be looked at, and cancelled, while the engine is still at work.
 */
function heldEngine() {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let terminated = 0;
  const spawn = (): WorkerLike => {
    const inner = inThreadWorker();
    const outer: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage: (request) => inner.postMessage(request),
      terminate: () => {
        terminated++;
        inner.terminate();
      },
    };
    inner.onmessage = (event) => {
      if (event.data.type === 'done' && event.data.resultSheets !== null) void held.then(() => outer.onmessage?.(event));
      else outer.onmessage?.(event);
    };
    return outer;
  };
  return { engine: createEngineClient(spawn), release: () => release(), terminated: () => terminated };
}

function setup(host: FakeHost, engine = createEngineClient()) {
  const user = userEvent.setup();
  render(<App host={host} engine={engine} today={TODAY} />);
  return { user };
}

const runButton = () => screen.findByRole('button', { name: '开始汇总' });

describe('a run from the pane', () => {
  it('names the sheet being consolidated; 取消 stops the engine and nothing is written', async () => {
    const host = new FakeHost([shimen(), hekou()]);
    const { engine, release, terminated } = heldEngine();
    const { user } = setup(host, engine);
    await screen.findByRole('checkbox', { name: '汇总“河口镇”' });
    await user.click(await runButton());

    expect(await screen.findByText('正在汇总 河口镇（第 2/2 个工作表）')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: '正在汇总…' })).toHaveAttribute('aria-valuenow', '0.5');
    await user.click(screen.getByRole('button', { name: '取消' }));

    expect(await screen.findByText('已取消汇总，工作簿未被修改。')).toBeInTheDocument();
    expect(terminated()).toBe(1);
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: '取消' })).not.toBeInTheDocument();
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host.written).toEqual([]);
    expect(screen.queryByRole('heading', { name: '汇总结果' })).not.toBeInTheDocument();
    expect(await runButton()).toBeEnabled();
  });

  it('before Excel names a sheet the progress says it is reading, not a blank name; 取消 while reading', async () => {
    const host = new FakeHost([shimen(), hekou()]);
    const { user } = setup(host);
    await screen.findByRole('checkbox', { name: '汇总“石门乡”' });
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const read = host.readSheets.bind(host);
    host.readSheets = async (onProgress) => {
      await gate;
      return read(onProgress);
    };
    await user.click(await runButton());
    const progress = await screen.findByRole('progressbar', { name: '正在汇总…' });
    expect(progress).not.toHaveAttribute('aria-valuenow');
    expect(screen.getByText('正在读取工作表…')).toBeInTheDocument();
    expect(screen.queryByText(/正在读取 （/)).not.toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: '取消' }));
    expect(await screen.findByText('已取消汇总，工作簿未被修改。')).toBeInTheDocument();
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(host.written).toEqual([]);
  });

  it('a workbook with no township report: nothing is written and the pane says why', async () => {
    const notes = sheetOf('说明', [['本工作簿用于汇总各乡镇报表'], ['填表人：张三']]);
    const host = new FakeHost([notes]);
    const { user } = setup(host);
    await user.click(await runButton());
    expect(await screen.findByText('没有可汇总的乡镇报表，未写入结果表。请导入乡镇文件，或检查表头是否包含指标名称。')).toBeInTheDocument();
    expect(host.written).toEqual([]);
    expect(screen.queryByRole('heading', { name: '汇总结果' })).not.toBeInTheDocument();
    expect(screen.queryByText(/已写入结果表/)).not.toBeInTheDocument();
  });

  it('every township report unticked: nothing is written and the pane says so', async () => {
    const host = new FakeHost([shimen(), hekou()]);
    const { user } = setup(host);
    await user.click(await screen.findByRole('checkbox', { name: '汇总“石门乡”' }));
    await user.click(screen.getByRole('checkbox', { name: '汇总“河口镇”' }));
    await waitFor(() => expect(host.savedExcluded).toHaveLength(2));
    await user.click(await runButton());
    expect(await screen.findByText('所有乡镇报表都已取消勾选，未写入结果表。请在“数据来源”中勾选要汇总的工作表。')).toBeInTheDocument();
    expect(host.written).toEqual([]);
  });

  it('when done, the 汇总结果 heading has the focus and the counts are announced', async () => {
    const host = new FakeHost([shimen(), hekou()]);
    const { user } = setup(host);
    await user.click(await runButton());
    const heading = await screen.findByRole('heading', { name: '汇总结果' });
    await waitFor(() => expect(heading).toHaveFocus());
    const status = screen.getAllByRole('status').find((s) => s.textContent?.startsWith('汇总完成'));
    expect(status).toHaveTextContent('汇总完成：2 个乡镇，3 个机构，1 个错误，0 个警告。');
    expect(within(screen.getByRole('region', { name: '汇总结果' })).getByText('机构').nextElementSibling).toHaveTextContent('3');
  });
});
