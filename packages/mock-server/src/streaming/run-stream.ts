import type { Context } from 'hono';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { AppDeps } from '../deps.js';
import { ApiError, serverError } from '../errors.js';
import type { EngineEvent } from '../engine/advance.js';

/** A stream ends when the run stops for good or waits for tool outputs. */
const ENDS_STREAM = new Set(['requires_action', 'completed', 'failed', 'cancelled', 'expired', 'incomplete']);

/**
 * Streams a run as server-sent events. The stream is a view of the engine: it plays the run forward
 * on the clock and forwards every stored transition, whoever caused it. A client that goes away
 * stops only the view; the run carries on when next read.
 */
export function streamRun(c: Context, deps: AppDeps, owner: string, run: Run, first: AssistantStreamEvent[]) {
  return streamSSE(
    c,
    async (stream) => {
      const aborted = new AbortController();
      stream.onAbort(() => aborted.abort());
      const queue: EngineEvent[] = [];
      const unsubscribe = deps.engine.subscribe(run.id, (events) => queue.push(...events));
      try {
        let status = await send(stream, first, run.status);
        while (!ENDS_STREAM.has(status) && !aborted.signal.aborted) {
          const current = deps.engine.settle(owner, deps.store.runs.get({ owner, parentId: run.thread_id }, run.id)!);
          status = await send(stream, queue.splice(0), current.status);
          if (ENDS_STREAM.has(status)) break;
          const dueAt = deps.engine.dueAt(owner, run.id);
          if (dueAt === null) break;
          await deps.clock.sleepUntil(dueAt, aborted.signal);
        }
        if (!aborted.signal.aborted) await stream.writeSSE({ event: 'done', data: '[DONE]' });
      } catch (error) {
        const body = error instanceof ApiError ? error.body : serverError().body;
        if (!(error instanceof ApiError)) console.error(error);
        await stream.writeSSE({ event: 'error', data: JSON.stringify({ error: body }) }).catch(() => undefined);
      } finally {
        unsubscribe();
      }
    },
    async () => undefined,
  );
}

/** Writes events in order and returns the run status they leave the stream at. */
async function send(stream: SSEStreamingApi, events: readonly AssistantStreamEvent[], status: string): Promise<string> {
  let last = status;
  for (const { event, data } of events) {
    await stream.writeSSE({ event, data: JSON.stringify(data) });
    if (event.startsWith('thread.run.') && !event.startsWith('thread.run.step.')) last = (data as Run).status;
  }
  return last;
}
