// The pane's side of the engine worker: requests are queued on one worker and answered by id; a run can
// be cancelled, which terminates the worker (the only way to stop a synchronous consolidation) and starts
// a fresh one for whatever else was waiting. Where no Worker exists (jest's jsdom) inThreadWorker stands in:
// the same protocol and the same serveEngineRequest, on the pane's thread, with replies delivered later
// as a worker's would be.
import type { ConsolidateOptions, ConsolidateProgress, Dhis2Export, Lang, ResultSheet, SheetInput } from '../../engine';
import { reviveError, serveEngineRequest } from './protocol';
import type { EngineReply, EngineRequest, PaneResult } from './protocol';

/** What the client needs of a Worker (a real one, or the in-thread stand-in). */
export interface WorkerLike {
  postMessage(request: EngineRequest): void;
  onmessage: ((event: MessageEvent<EngineReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
  terminate(): void;
}

export interface EngineRun {
  result: PaneResult;
  /** Present when asked for (resultSheets: true). */
  resultSheets: ResultSheet[] | null;
  /** The DHIS2 data values, when asked for (dhis2: true). */
  dhis2?: Dhis2Export;
}

export interface RunOptions {
  onProgress?: (progress: ConsolidateProgress) => void;
  signal?: AbortSignal;
  resultSheets?: boolean;
  /** 上期机构明细 as kept in the workbook, read in the worker as the run's last period. */
  previous?: SheetInput;
  /** Also the DHIS2 data values of the run (导出). */
  dhis2?: boolean;
  /** The sheets are last period's township files: resultSheets is then [上期机构明细], or [] when no facility was read. */
  lastPeriod?: { workbook: SheetInput[]; file: string };
}

export interface EngineClient {
  consolidate(sheets: SheetInput[], options: Omit<ConsolidateOptions, 'onProgress'>, run?: RunOptions): Promise<EngineRun>;
  dispose(): void;
}

/** A run stopped by its caller (取消, or a newer dry run). Not a failure to show. */
export class RunCancelledError extends Error {
  constructor() {
    super('The run was cancelled');
    this.name = 'RunCancelledError';
  }
}

/** The worker could not start or died (its script blocked or missing). */
export class EngineWorkerError extends Error {
  constructor(detail: string) {
    super(`The engine worker failed: ${detail}`);
    this.name = 'EngineWorkerError';
  }

  userMessage(lang: Lang): string {
    return lang === 'en'
      ? 'The consolidation engine could not start in this pane. Reload the add-in; if it happens again, the add-in’s files are incomplete on the server.'
      : '汇总引擎未能在任务窗格中启动。请重新加载加载项；如果再次出现，说明服务器上的加载项文件不完整。';
  }
}

export const isCancelled = (e: unknown): boolean => e instanceof RunCancelledError;

interface Pending {
  request: EngineRequest;
  run: RunOptions;
  resolve(run: EngineRun): void;
  reject(e: unknown): void;
}

export function createEngineClient(spawn: () => WorkerLike = inThreadWorker): EngineClient {
  let worker: WorkerLike | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();

  function start(): WorkerLike {
    const w = spawn();
    w.onmessage = (event) => receive(event.data);
    w.onerror = (event) => {
      event.preventDefault?.();
      const error = new EngineWorkerError(event.message || 'script error');
      for (const p of pending.values()) p.reject(error);
      pending.clear();
      stop();
    };
    return w;
  }

  function stop(): void {
    worker?.terminate();
    worker = null;
  }

  function receive(reply: EngineReply): void {
    const p = pending.get(reply.id);
    if (!p) return;
    if (reply.type === 'progress') {
      p.run.onProgress?.(reply.progress);
      return;
    }
    pending.delete(reply.id);
    if (reply.type === 'done') p.resolve({ result: reply.result, resultSheets: reply.resultSheets, ...(reply.dhis2 ? { dhis2: reply.dhis2 } : {}) });
    else p.reject(reviveError(reply.error));
  }

  /** Stops a request: if the worker may be busy with it, the worker goes and the others are sent again. */
  function cancel(id: number): void {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    p.reject(new RunCancelledError());
    stop();
    if (pending.size > 0) {
      worker = start();
      for (const other of pending.values()) worker.postMessage(other.request);
    }
  }

  return {
    consolidate(sheets, options, run = {}) {
      return new Promise<EngineRun>((resolve, reject) => {
        if (run.signal?.aborted) {
          reject(new RunCancelledError());
          return;
        }
        const request: EngineRequest = {
          id: nextId++,
          sheets,
          options,
          resultSheets: run.resultSheets === true,
          ...(run.previous ? { previous: run.previous } : {}),
          ...(run.dhis2 ? { dhis2: true } : {}),
          ...(run.lastPeriod ? { lastPeriod: run.lastPeriod } : {}),
        };
        pending.set(request.id, { request, run, resolve, reject });
        run.signal?.addEventListener('abort', () => cancel(request.id), { once: true });
        worker ??= start();
        worker.postMessage(request);
      });
    },
    dispose() {
      for (const p of pending.values()) p.reject(new RunCancelledError());
      pending.clear();
      stop();
    },
  };
}

/**
 * The worker's stand-in where there is no Worker (jest's jsdom): the same serveEngineRequest on the
 * pane's thread, one task later, messages copied as postMessage would (structuredClone, where present)
 * and replies delivered one task apart. Terminating drops whatever has not been delivered.
 */
export function inThreadWorker(): WorkerLike {
  let terminated = false;
  const copy = <T>(value: T): T => (typeof structuredClone === 'function' ? structuredClone(value) : value);
  const later = (work: () => void) => setTimeout(() => !terminated && work(), 0);
  const worker: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(request) {
      const sent = copy(request);
      later(() =>
        serveEngineRequest(sent, (reply) => {
          const received = copy(reply);
          later(() => worker.onmessage?.({ data: received } as MessageEvent<EngineReply>));
        }),
      );
    },
    terminate() {
      terminated = true;
    },
  };
  return worker;
}
