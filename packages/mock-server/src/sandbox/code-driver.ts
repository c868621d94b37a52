import type { Clock } from '../clock.js';
import { TurnError, type RunDriver, type TurnPiece, type TurnRequest } from '../engine/driver.js';
import { ID_PREFIX, newId } from '../ids.js';
import type { Store } from '../store/index.js';
import { runCodeCall } from './code-step.js';
import type { SandboxPool } from './pool.js';

/**
 * The driver, able to run code: a `turn` with `code` (a scripted code_interpreter step without
 * outputs) runs in the thread's sandbox and becomes one completed code_interpreter step with what the
 * code printed; other turns go to the driver's own `play` (a live model), which may run its model's
 * code_interpreter calls through the request's `runCode`. The sandbox is started on the
 * first such step, so a server that never runs code never starts Python.
 */
export function withCodeExecution(driver: RunDriver, deps: { store: Store; clock: Clock; sandbox: () => SandboxPool }): RunDriver {
  const { play } = driver;
  return {
    ...driver,
    async *play(state: unknown, request: TurnRequest, signal: AbortSignal): AsyncIterable<TurnPiece> {
      const { run, owner = '' } = request;
      const runCode = async (code: string) => {
        const context = { store: deps.store, sandbox: deps.sandbox(), owner, assistantId: run.assistant_id, threadId: run.thread_id, nowMs: deps.clock.now() };
        return (await runCodeCall(context, code)).outputs;
      };
      if (request.code === undefined) {
        if (!play) throw new TurnError('server_error', 'assistants-mock: this run has no model to ask.');
        // A live model's code_interpreter calls run here too.
        yield* play(state, { ...request, runCode }, signal);
        return;
      }
      const outputs = await runCode(request.code);
      if (signal.aborted) return;
      yield { type: 'code', id: newId(ID_PREFIX.toolCall), input: request.code, outputs };
    },
  };
}
