// The engine's worker protocol through its in-thread stand-in (jsdom has no Worker): progress per sheet,
// the result and result sheets, the engine's named errors rebuilt on the pane's side, cancelling a run
// while other requests wait, and a worker that dies.
import { consolidate, DefinitionError, InvalidDateError } from '../../src/engine';
import type { SheetInput } from '../../src/engine/types';
import { describeError } from '../../src/taskpane/errorText';
import { createEngineClient, EngineWorkerError, inThreadWorker, RunCancelledError } from '../../src/taskpane/worker/engineClient';
import type { WorkerLike } from '../../src/taskpane/worker/engineClient';
import { sheetOf } from '../helpers/sheet';

const HEADER = ['乡镇', '机构名称', '常住人口数', '居民健康档案建档数', '高血压患者数', '高血压规范管理人数'];
const township = (name: string, population: number): SheetInput =>
  sheetOf(name, [HEADER, [name, `${name}卫生院`, population, population - 1000, 900, 600]]);
const SHEETS = [township('石门乡', 12000), township('河口镇', 15000), township('白沙镇', 9000)];
const OPTIONS = { asOf: '2024-06-30', lang: 'zh-CN' as const };

/** Counts the workers started and lets a test see each one. */
function spawner() {
  const started: WorkerLike[] = [];
  const spawn = () => {
    const w = inThreadWorker();
    started.push(w);
    return w;
  };
  return { started, spawn };
}

describe('the engine worker protocol', () => {
  it('reports each sheet as it is read, in order, and answers with what consolidate gives', async () => {
    const engine = createEngineClient();
    const seen: string[] = [];
    const { result, resultSheets } = await engine.consolidate(SHEETS, OPTIONS, {
      resultSheets: true,
      onProgress: (p) => seen.push(`${p.sheet} ${p.done}/${p.total}`),
    });
    expect(seen).toEqual(['石门乡 0/3', '河口镇 1/3', '白沙镇 2/3']);
    const direct = consolidate(SHEETS, OPTIONS);
    expect(result.counts).toEqual(direct.counts);
    expect(result.rollup).toEqual(direct.rollup);
    // Facility records stay in the worker: the pane shows only their count.
    expect('facilities' in result).toBe(false);
    expect(result.counts.facilities).toBe(3);
    expect(resultSheets?.map((s) => s.name)).toEqual(['县级汇总', '完成情况', '校验结果', '乡镇对比', '机构明细', '上报情况']);
  });

  it('without resultSheets asked for, none are built (the dry run)', async () => {
    const { resultSheets } = await createEngineClient().consolidate(SHEETS, OPTIONS);
    expect(resultSheets).toBeNull();
  });

  it('the engine’s named errors cross as themselves, so the pane words them as before', async () => {
    const engine = createEngineClient();
    const definitions = sheetOf('指标定义', [
      ['指标代码', '指标名称', '分子', '分母', '单位'],
      ['X1', '测试率', '[NOPE]', '[POP]', '%'],
    ]);
    const broken = await engine.consolidate([SHEETS[0], definitions], OPTIONS).catch((e: unknown) => e);
    expect(broken).toBeInstanceOf(DefinitionError);
    expect((broken as DefinitionError).problems[0]).toMatchObject({ sheet: '指标定义', cell: 'C2' });
    expect(describeError(broken, 'zh-CN').message).toBe('指标定义表有误，无法汇总。请按下列单元格修改后重试。');

    const badDate = await engine.consolidate(SHEETS, { asOf: '2024-02-30' }).catch((e: unknown) => e);
    expect(badDate).toBeInstanceOf(InvalidDateError);
    expect((badDate as InvalidDateError).text).toBe('2024-02-30');
  });

  it('cancelling a run stops its worker; the requests behind it are answered by a fresh one', async () => {
    const { started, spawn } = spawner();
    const engine = createEngineClient(spawn);
    const stop = new AbortController();
    const first = engine.consolidate(SHEETS, OPTIONS, { signal: stop.signal });
    const second = engine.consolidate(SHEETS.slice(0, 1), OPTIONS);
    stop.abort();
    await expect(first).rejects.toBeInstanceOf(RunCancelledError);
    expect((await second).result.counts.townships).toBe(1);
    expect(started).toHaveLength(2);
  });

  it('a signal already aborted never reaches the worker', async () => {
    const { started, spawn } = spawner();
    const stop = new AbortController();
    stop.abort();
    await expect(createEngineClient(spawn).consolidate(SHEETS, OPTIONS, { signal: stop.signal })).rejects.toBeInstanceOf(RunCancelledError);
    expect(started).toHaveLength(0);
  });

  it('a worker that fails to start fails its runs with a message for the user', async () => {
    const dead: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage() {
        setTimeout(() => dead.onerror?.({ message: 'NetworkError: Failed to load worker script' } as ErrorEvent), 0);
      },
      terminate() {},
    };
    const error = await createEngineClient(() => dead)
      .consolidate(SHEETS, OPTIONS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineWorkerError);
    expect(describeError(error, 'zh-CN').message).toMatch(/^汇总引擎未能在任务窗格中启动/);
  });
});
