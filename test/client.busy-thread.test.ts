import { describe, expect, it } from 'vitest';
import { RunTimeoutError, ThreadBusyError, type RunEvent } from '@assistants-mock/client';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { recordingClient } from './helpers/assistants-client.js';

const h = await startHarness({
  scenarios: defineScenarios([
    { name: 'asks', match: { message: 'ask me' }, script: [{ call: { ask: {} } }, { say: 'Got {{outputs.ask}}' }] },
    { name: 'hello', match: { message: 'hello' }, script: [{ say: 'Hi!' }] },
  ]),
});

/** A thread whose run waits for tool outputs nobody has submitted yet. */
async function busyThread(label: string) {
  const { client, requests } = recordingClient(h, uniqueKey(label));
  const assistant = await client.openai.beta.assistants.create({
    model: 'gpt-4o',
    tools: [{ type: 'function', function: { name: 'ask', parameters: { type: 'object' } } }],
  });
  const thread = await client.createThread('ask me');
  const blocking = await client.openai.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
  expect(blocking.status).toBe('requires_action');
  const statusOfBlocking = async () => (await client.openai.beta.threads.runs.retrieve(blocking.id, { thread_id: thread.id })).status;
  return { client, requests, assistant, thread, blocking, statusOfBlocking };
}

describe('a thread that already has an active run', () => {
  it("'error' rejects with the active run and leaves it alone", async () => {
    const { client, assistant, thread, blocking, statusOfBlocking } = await busyThread('busy-error');
    const error = await client.run({ assistantId: assistant.id, threadId: thread.id, message: 'hello', ifThreadBusy: 'error' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ThreadBusyError);
    expect((error as ThreadBusyError).activeRun).toMatchObject({ id: blocking.id, status: 'requires_action' });
    expect((error as Error).message).toBe(`Thread ${thread.id} already has an active run ${blocking.id} (requires_action).`);
    expect(await statusOfBlocking()).toBe('requires_action');
  });

  for (const mode of ['poll', 'stream'] as const) {
    it(`'cancel' cancels the active run, then runs (${mode})`, async () => {
      const { client, assistant, thread, blocking, statusOfBlocking } = await busyThread(`busy-cancel-${mode}`);
      const events: RunEvent[] = [];
      const result = await client.run({
        assistantId: assistant.id,
        threadId: thread.id,
        message: 'hello',
        mode,
        ifThreadBusy: 'cancel',
        onEvent: (event) => events.push(event),
      });
      expect(result.text).toBe('Hi!');
      expect(events[0]).toMatchObject({ type: 'thread.busy', action: 'cancel', run: { id: blocking.id } });
      expect(await statusOfBlocking()).toBe('cancelled');
    });
  }

  it("'wait' (the default) waits until the active run ends, then runs", async () => {
    const { client, assistant, thread, blocking, statusOfBlocking } = await busyThread('busy-wait');
    const result = await client.run({
      assistantId: assistant.id,
      threadId: thread.id,
      message: 'hello',
      onEvent: (event) => {
        // Someone else answers the blocking run while we wait.
        if (event.type !== 'thread.busy') return;
        const call = event.run.required_action!.submit_tool_outputs.tool_calls[0]!;
        void client.openai.beta.threads.runs.submitToolOutputs(event.run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: call.id, output: 'yes' }] });
      },
    });
    expect(result.text).toBe('Hi!');
    expect(await statusOfBlocking()).toBe('completed');
    const conversation = await client.listMessages(thread.id);
    expect(conversation.map((m) => m.text)).toEqual(['ask me', 'Got yes', 'hello', 'Hi!']);
    expect(conversation[1]!.run_id).toBe(blocking.id);
  });

  it('waiting counts against timeoutMs, and never cancels a run that is not ours', async () => {
    const { client, assistant, thread, statusOfBlocking } = await busyThread('busy-timeout');
    const error = await client.run({ assistantId: assistant.id, threadId: thread.id, message: 'hello', timeoutMs: 30 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunTimeoutError);
    expect((error as RunTimeoutError).result).toBeUndefined();
    expect(await statusOfBlocking()).toBe('requires_action');
  });

  it('a 400 that is not about an active run is passed through', async () => {
    const { client, assistant } = await busyThread('busy-other');
    const thread = await client.createThread();
    const error = await client
      .run({ assistantId: assistant.id, threadId: thread.id, message: 'hello', params: { temperature: 5 } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 400 });
    expect(error).not.toBeInstanceOf(ThreadBusyError);
  });
});
