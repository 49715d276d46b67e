// The engine's Web Worker: consolidations run here, off the pane's UI thread, so the pane keeps
// painting and Office does not find the add-in unresponsive on a large county. One request at a time;
// the pane stops a run by terminating the worker.
import { serveEngineRequest } from './protocol';
import type { EngineReply, EngineRequest } from './protocol';

const scope = self as unknown as { onmessage: ((e: MessageEvent<EngineRequest>) => void) | null; postMessage(reply: EngineReply): void };

scope.onmessage = (e) => serveEngineRequest(e.data, (reply) => scope.postMessage(reply));
