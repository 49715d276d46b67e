// The request context of the preview host: operations are queued as the add-in calls the proxies and
// run only at sync(), in order, as one request, like Office.js. Each request and its response are
// measured as UTF-8 JSON; over the limit the host fails with Excel on the web's error codes.
import { PREVIEW_ERROR_CODES, PreviewRichApiError } from './errors';
import type { PreviewBook } from './model';

/** Excel on the web rejects requests and responses over 5 MB (5,000,000 bytes, not 5 MiB). */
export const PAYLOAD_LIMIT_BYTES = 5_000_000;
/** Excel refuses to get more than five million cells in one read. */
export const CELLS_PER_READ_LIMIT = 5_000_000;
/**
 * What every queued action costs in the request beside its own arguments: Office.js sends an action
 * record (id, type, name, object path id, argument info) and the object path it runs on (getItem,
 * getRangeByIndexes… with their arguments), about 250 bytes of JSON together.
 */
export const ACTION_OVERHEAD_BYTES = 250;
/**
 * A model of the time a request costs in Excel on the web, counted rather than slept: a round trip,
 * a share per action (each is dispatched and tracked by the host) and the transfer of its bytes.
 */
export const ROUND_TRIP_MS = 60;
export const PER_ACTION_MS = 0.05;
export const PER_MEGABYTE_MS = 80;

export interface SyncRecord {
  requestBytes: number;
  responseBytes: number;
  actions: number;
  /** The modelled time of the request (ROUND_TRIP_MS, PER_ACTION_MS, PER_MEGABYTE_MS). */
  modelledMs: number;
}

export interface PreviewStats {
  syncs: number;
  largestRequestBytes: number;
  largestResponseBytes: number;
  /** Syncs that ran with calculation suspended (suspendApiCalculationUntilNextSync). */
  calculationSuspendedSyncs: number;
  /** One record per sync, in order. */
  requests: SyncRecord[];
  /** Actions queued over all syncs. */
  actions: number;
  /** The modelled time of all syncs so far. */
  modelledMs: number;
}

export function newStats(): PreviewStats {
  return { syncs: 0, largestRequestBytes: 0, largestResponseBytes: 0, calculationSuspendedSyncs: 0, requests: [], actions: 0, modelledMs: 0 };
}

function modelledMs(record: SyncRecord): number {
  return ROUND_TRIP_MS + record.actions * PER_ACTION_MS + ((record.requestBytes + record.responseBytes) / 1_000_000) * PER_MEGABYTE_MS;
}

/** Faults a test or a demo can inject: the next syncs fail with a host error code before running. */
export interface PreviewFaults {
  failNextSyncs(code: string, count?: number): void;
  /** Lets `after` syncs run, then fails the one after them (a failure part-way through a task). */
  failAfter(after: number, code: string): void;
}

export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

export function jsonBytes(value: unknown): number {
  return utf8Length(JSON.stringify(value) ?? '');
}

interface Action {
  bytes: number;
  /** Runs at sync; returns the response part it produced (undefined: none) and a commit to apply once the response is accepted. */
  run(): Promise<ActionResult | void> | ActionResult | void;
}

export interface ActionResult {
  response: unknown;
  commit: () => void;
}

export class PreviewHostState implements PreviewFaults {
  readonly stats: PreviewStats = newStats();
  private faults: string[] = [];

  constructor(readonly book: PreviewBook) {}

  failNextSyncs(code: string, count = 1): void {
    for (let k = 0; k < count; k++) this.faults.push(code);
  }

  failAfter(after: number, code: string): void {
    this.faults = [...Array.from({ length: after }, () => ''), code];
  }

  takeFault(): string | undefined {
    return this.faults.shift() || undefined;
  }
}

export class QueueingContext {
  private queue: Action[] = [];

  constructor(readonly host: PreviewHostState) {}

  get book(): PreviewBook {
    return this.host.book;
  }

  /** Queues an action; description is what the real host would receive for it (measured, not sent). */
  enqueue(description: unknown, run: Action['run']): void {
    this.queue.push({ bytes: jsonBytes(description) + ACTION_OVERHEAD_BYTES, run });
  }

  async sync(): Promise<void> {
    const actions = this.queue;
    this.queue = [];
    // Office.js sends nothing when nothing is queued: no round trip.
    if (actions.length === 0) return;
    const stats = this.host.stats;
    stats.syncs++;
    const requestBytes = actions.reduce((n, a) => n + a.bytes, 0);
    const record: SyncRecord = { requestBytes, responseBytes: 0, actions: actions.length, modelledMs: 0 };
    stats.requests.push(record);
    stats.actions += actions.length;
    stats.largestRequestBytes = Math.max(stats.largestRequestBytes, requestBytes);
    const fault = this.host.takeFault();
    if (fault) throw new PreviewRichApiError(fault, `The preview host was asked to fail this request with ${fault}.`);
    if (requestBytes > PAYLOAD_LIMIT_BYTES) {
      record.modelledMs = modelledMs(record);
      stats.modelledMs += record.modelledMs;
      throw new PreviewRichApiError(
        PREVIEW_ERROR_CODES.requestPayloadSizeLimitExceeded,
        `The request payload size has exceeded the limit (${requestBytes} bytes).`,
      );
    }
    const commits: (() => void)[] = [];
    let responseBytes = 0;
    try {
      for (const action of actions) {
        const result = await action.run();
        if (result && typeof result.commit === 'function') {
          responseBytes += jsonBytes(result.response);
          commits.push(result.commit);
        }
      }
    } finally {
      record.responseBytes = responseBytes;
      record.modelledMs = modelledMs(record);
      stats.modelledMs += record.modelledMs;
      stats.largestResponseBytes = Math.max(stats.largestResponseBytes, responseBytes);
      if (this.book.calculationSuspended) {
        stats.calculationSuspendedSyncs++;
        this.book.calculationSuspended = false;
      }
    }
    if (responseBytes > PAYLOAD_LIMIT_BYTES) {
      throw new PreviewRichApiError(
        PREVIEW_ERROR_CODES.responsePayloadSizeLimitExceeded,
        `The response payload size has exceeded the limit (${responseBytes} bytes).`,
      );
    }
    for (const commit of commits) commit();
  }
}
