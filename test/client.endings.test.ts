import { describe, expect, it } from 'vitest';
import {
  assertCompleted,
  defineTool,
  RunAbortedError,
  RunNotCompletedError,
  RunTimeoutError,
  ToolCallError,
  type AssistantsClient,
} from '@assistants-mock/client';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness, uniqueKey, type Harness } from './helpers/harness.js';
import { recordingClient, submissions } from './helpers/assistants-client.js';

const scenarios = defineScenarios([
  {
    name: 'failing',
    match: { message: 'fail please' },
    script: [{ say: 'Working on it.' }, { fail: { code: 'rate_limit_exceeded', message: 'Slow down.' } }],
  },
  { name: 'cut-short', match: { message: 'too long' }, script: [{ say: 'The answer is' }, { incomplete: 'max_completion_tokens' }] },
  { name: 'long', match: { message: 'take your time' }, script: [{ say: 'Eventually.', delay: 60_000 }] },
  { name: 'asks', match: { message: 'ask me' }, script: [{ call: { ask: {} } }, { say: 'Got {{outputs.ask}}' }] },
]);
const h = await startHarness({ scenarios });
/** Stopping a stream closes its connection: tested on a real socket, as in production. */
const overHttp = await startHarness({ scenarios, over: 'http' });
const clock = manualClock();
const onManualClock = await startHarness({ scenarios, clock });

async function setup(harness: Harness, name: string) {
  const { client, requests } = recordingClient(harness, uniqueKey(name));
  const assistant = await client.openai.beta.assistants.create({
    model: 'gpt-4o',
    tools: [{ type: 'function', function: { name: 'ask', parameters: { type: 'object' } } }],
  });
  return { client, requests, assistant };
}

const ask = (handler: (client: AssistantsClient, runId: string, threadId: string) => unknown, client: AssistantsClient) =>
  defineTool({ name: 'ask', parameters: { type: 'object' }, handler: (_args, { run }) => handler(client, run.id, run.thread_id) });

/** Awaits a call that must reject with an instance of `type`. */
async function rejection<T>(call: Promise<unknown>, type: abstract new (...args: never[]) => T): Promise<T> {
  const error = await call.then(
    () => new Error('expected a rejection'),
    (reason: unknown) => reason,
  );
  if (!(error instanceof type)) throw error;
  return error;
}

const serverStatus = (client: AssistantsClient, threadId: string, runId: string) =>
  client.openai.beta.threads.runs.retrieve(runId, { thread_id: threadId }).then((run) => run.status);

describe('endings the server decides are results', () => {
  it('failed: carries last_error, and assertCompleted turns it into an error', async () => {
    const { client, assistant } = await setup(h, 'failed');
    const result = await client.run({ assistantId: assistant.id, message: 'fail please' });
    expect(result).toMatchObject({ status: 'failed', lastError: { code: 'rate_limit_exceeded', message: 'Slow down.' }, text: 'Working on it.' });
    const error = (() => {
      try {
        assertCompleted(result);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(RunNotCompletedError);
    expect((error as Error).message).toBe(`Run ${result.run.id} failed (rate_limit_exceeded): Slow down.`);
  });

  it('incomplete: carries incomplete_details and the partial message', async () => {
    for (const mode of ['poll', 'stream'] as const) {
      const { client, assistant } = await setup(h, `incomplete-${mode}`);
      const result = await client.run({ assistantId: assistant.id, message: 'too long', mode });
      expect(result).toMatchObject({ status: 'incomplete', incompleteDetails: { reason: 'max_completion_tokens' } });
      expect(result.messages.map((m) => m.text)).toEqual(['The answer is']);
    }
  });

  it('expired: a run whose outputs come after its 10 minutes', async () => {
    for (const mode of ['poll', 'stream'] as const) {
      const { client, assistant } = await setup(onManualClock, `expired-${mode}`);
      const slowAsk = ask(() => {
        clock.advance(11 * 60 * 1000);
        return 'too late';
      }, client);
      const result = await client.run({ assistantId: assistant.id, message: 'ask me', tools: [slowAsk], mode });
      expect(result.status).toBe('expired');
      expect(result.run.expires_at).not.toBeNull();
      expect(result.toolCalls.map((call) => call.output)).toEqual(['too late']);
    }
  });

  it('cancelled by someone else while the tools ran', async () => {
    for (const mode of ['poll', 'stream'] as const) {
      const { client, assistant } = await setup(h, `cancelled-${mode}`);
      const cancelling = ask(async (c, runId, threadId) => {
        await c.openai.beta.threads.runs.cancel(runId, { thread_id: threadId });
        return 'answer';
      }, client);
      const result = await client.run({ assistantId: assistant.id, message: 'ask me', tools: [cancelling], mode });
      expect(result.status).toBe('cancelled');
      expect(result.run.cancelled_at).not.toBeNull();
    }
  });
});

describe('endings the caller causes cancel the run on the server, then reject', () => {
  for (const mode of ['poll', 'stream'] as const) {
    it(`an aborted signal (${mode})`, async () => {
      const { client, assistant } = await setup(overHttp, `abort-${mode}`);
      const controller = new AbortController();
      const statuses: string[] = [];
      const error = await rejection(
        client.run({
          assistantId: assistant.id,
          message: 'take your time',
          mode,
          signal: controller.signal,
          onEvent: (event) => {
            if (event.type !== 'run.status') return;
            statuses.push(event.status);
            if (event.status === 'in_progress') controller.abort(new Error('user left'));
          },
        }),
        RunAbortedError,
      );
      expect(error.cause).toEqual(new Error('user left'));
      expect(error.result).toMatchObject({ status: 'cancelled', messages: [] });
      const { threadId, run } = error.result!;
      expect(await serverStatus(client, threadId, run.id)).toBe('cancelled');
      expect(statuses.slice(-2)).toEqual(['cancelling', 'cancelled']);
      // The thread is free again.
      await expect(client.addMessage(threadId, 'still there?')).resolves.toMatchObject({ text: 'still there?' });
    });

    it(`an overall timeout (${mode})`, async () => {
      const { client, assistant } = await setup(overHttp, `timeout-${mode}`);
      const error = await rejection(client.run({ assistantId: assistant.id, message: 'take your time', mode, timeoutMs: 50 }), RunTimeoutError);
      expect(error.timeoutMs).toBe(50);
      expect(error.message).toBe('The run did not end within 50 ms, so it was cancelled.');
      expect(await serverStatus(client, error.result!.threadId, error.result!.run.id)).toBe('cancelled');
    });
  }

  it('an abort while a handler runs reaches the handler through its signal', async () => {
    const { client, requests, assistant } = await setup(h, 'abort-handler');
    const controller = new AbortController();
    let handlerSawAbort = false;
    const waiting = defineTool({
      name: 'ask',
      parameters: { type: 'object' },
      handler: (_args, { signal }) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => {
            handlerSawAbort = true;
            reject(new Error('stopped'));
          });
          controller.abort();
        }),
    });
    const error = await rejection(client.run({ assistantId: assistant.id, message: 'ask me', tools: [waiting], signal: controller.signal }), RunAbortedError);
    expect(handlerSawAbort).toBe(true);
    expect(error.result?.status).toBe('cancelled');
    expect(submissions(requests)).toEqual([]);
  });

  it("onToolError: 'fail' cancels on the first failing call instead of submitting", async () => {
    const { client, requests, assistant } = await setup(h, 'tool-fail');
    const error = await rejection(
      client.run({ assistantId: assistant.id, message: 'ask me', tools: [], onToolError: 'fail' }),
      ToolCallError,
    );
    expect(error.toolCall).toMatchObject({ name: 'ask', error: { kind: 'unknown_tool', message: "Unknown tool 'ask'. Available tools: none." } });
    expect(error.message).toBe(`Tool call ${error.toolCall.id} (ask) failed: Unknown tool 'ask'. Available tools: none.`);
    expect(error.result?.status).toBe('cancelled');
    expect(submissions(requests)).toEqual([]);
  });

  it('a listener that throws: the run is cancelled and run() rejects with its error', async () => {
    const { client, assistant } = await setup(h, 'listener');
    const thrown = new Error('listener broke');
    let seen: Run | undefined;
    const error = await client
      .run({
        assistantId: assistant.id,
        message: 'take your time',
        onEvent: (event) => {
          if (event.type !== 'run.status' || event.status !== 'in_progress') return;
          seen = event.run;
          throw thrown;
        },
      })
      .catch((reason: unknown) => reason);
    expect(error).toBe(thrown);
    expect(await serverStatus(client, seen!.thread_id, seen!.id)).toBe('cancelled');
  });

  it('a signal aborted before the call sends nothing', async () => {
    const { client, requests, assistant } = await setup(h, 'pre-aborted');
    requests.length = 0;
    const error = await rejection(client.run({ assistantId: assistant.id, message: 'hello', signal: AbortSignal.abort() }), RunAbortedError);
    expect(error.result).toBeUndefined();
    expect(requests).toEqual([]);
  });
});
