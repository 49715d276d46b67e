// Starts the engine's Web Worker. Kept apart because `new URL(…, import.meta.url)` is how webpack finds
// the worker's own chunk, and only the production entry (index.tsx) imports it.
import type { WorkerLike } from './engineClient';
import { inThreadWorker } from './engineClient';

export function spawnEngineWorker(): WorkerLike {
  // Every browser Office runs add-ins in has Worker; the stand-in only keeps an odd host usable.
  if (typeof Worker === 'undefined') return inThreadWorker();
  // webpack compiles this file as an ES module and emits the worker's chunk for exactly this expression;
  // tsc checks the project as CommonJS (for Node), where import.meta is not allowed.
  // @ts-expect-error TS1343: import.meta under "module": "commonjs"
  return new Worker(new URL('./engine.worker.ts', import.meta.url), { name: 'engine' });
}
