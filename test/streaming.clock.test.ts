import { describe, expect, it, vi } from 'vitest';
import { APIUserAbortError } from 'openai';
import type { AssistantStream } from 'openai/lib/AssistantStream';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock, systemClock } from '@assistants-mock/server';
import { startHarness, type Harness } from './helpers/harness.js';
import { eventNames, expand, reader, record, withoutIndexes } from './helpers/assistant-stream.js';
import { watchedClock } from './helpers/watched-clock.js';
import { STREAM_STARTERS } from './helpers/stream-runs.js';

const scenarios = defineScenarios([
  {
    name: 'paced',
    match: { message: 'work it out' },
    script: [
      { code_interpreter: { input: 'print(1 + 1)', logs: '2' }, delay: 5000, pace: 500 },
      { say: 'one two three', pace: 1000 },
    ],
  },
  { name: 'slow-answer', match: { message: 'tell me slowly' }, script: [{ say: 'one two three four five', pace: 1000 }] },
  {
    name: 'slow-after-call',
    match: { message: 'look it up slowly' },
    script: [{ call: { lookup: {} } }, { say: 'one two three four five', pace: 1000 }],
  },
  { name: 'too-late', match: { message: 'take your time' }, script: [{ say: 'Sorry for the wait.', delay: 11 * 60_000 }] },
  { name: 'quick-paced', match: { message: 'stream it' }, script: [{ say: 'a b c d e f g h i j k l m n o p', pace: 2 }] },
]);

const transports = ['memory', 'http'] as const;
const clocks = Object.fromEntries(transports.map((over) => [over, watchedClock(manualClock())]));
const harnesses = Object.fromEntries(
  await Promise.all(transports.map(async (over) => [over, await startHarness({ scenarios, clock: clocks[over], over })] as const)),
) as Record<(typeof transports)[number], Harness>;

const textOf = (event: { data: unknown }) =>
  (event.data as { delta: { content: { text: { value: string } }[] } }).delta.content[0]!.text.value;

/** At a quiet moment (the server waits for the clock), what the SDK accumulated is what the API returns. */
async function expectSnapshotsEqualRetrieves(h: Harness, stream: AssistantStream) {
  const run = stream.currentRun()!;
  const thread_id = run.thread_id;
  expect(run).toEqual(await h.client.beta.threads.runs.retrieve(run.id, { thread_id }));
  const step = stream.currentRunStepSnapshot();
  if (step) expect(withoutIndexes(step)).toEqual(await h.client.beta.threads.runs.steps.retrieve(step.id, { thread_id, run_id: run.id }));
  const message = stream.currentMessageSnapshot();
  if (message) expect(withoutIndexes(message)).toEqual(await h.client.beta.threads.messages.retrieve(message.id, { thread_id }));
}

describe.each(transports)('streaming against the clock over %s', (over) => {
  const h = harnesses[over];
  const clock = clocks[over]!;

  async function streamFor(message: string, helper = 'runs.stream') {
    const tools = [{ type: 'code_interpreter' as const }, { type: 'function' as const, function: { name: 'lookup' } }];
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools });
    const stream = await STREAM_STARTERS[helper]!(h, assistant.id, message);
    return { stream, recording: record(stream), events: reader(stream) };
  }

  /** A submitToolOutputsStream that continues a run which first asked for a function's output. */
  async function continuedStreamFor(message: string) {
    const first = await streamFor(message);
    const run = await first.stream.finalRun();
    const [call] = run.required_action!.submit_tool_outputs.tool_calls;
    const stream = h.client.beta.threads.runs.submitToolOutputsStream(run.id, {
      thread_id: run.thread_id,
      tool_outputs: [{ tool_call_id: call!.id, output: 'found' }],
    });
    return { stream, recording: record(stream), events: reader(stream) };
  }

  it('waits out a delay, then sends one delta per pace; the SDK snapshot equals a retrieve at every step', async () => {
    const { stream, events, recording } = await streamFor('work it out');
    await events.until('thread.run.in_progress');
    await expectSnapshotsEqualRetrieves(h, stream);
    clock.advance(4999);
    const run = stream.currentRun()!;
    expect((await h.client.beta.threads.runs.steps.list(run.id, { thread_id: run.thread_id })).data).toEqual([]);

    clock.advance(1);
    for (let i = 0; i < 5; i++) {
      if (i > 0) clock.advance(500);
      await events.until('thread.run.step.delta');
      if (i < 4) await expectSnapshotsEqualRetrieves(h, stream);
    }
    const pieces = recording.events.flatMap((e) => (e.event === 'thread.run.step.delta' ? e.data.delta.step_details : []));
    expect(pieces.map((details) => details?.type === 'tool_calls' && details.tool_calls?.[0]?.type === 'code_interpreter' && details.tool_calls[0].code_interpreter)).toEqual([{ input: '', outputs: [] }, { input: 'print(1' }, { input: ' +' }, { input: ' 1)' }, { outputs: [{ index: 0, type: 'logs', logs: '2' }] }]);

    // The code step ends with its outputs and the answer starts at once with its first piece.
    expect(textOf(await events.until('thread.message.delta'))).toBe('one');
    await expectSnapshotsEqualRetrieves(h, stream);
    clock.advance(999);
    await expectSnapshotsEqualRetrieves(h, stream);
    clock.advance(1);
    expect(textOf(await events.until('thread.message.delta'))).toBe(' two');
    await expectSnapshotsEqualRetrieves(h, stream);
    clock.advance(1000);
    expect(textOf(await events.until('thread.message.delta'))).toBe(' three');
    expect(await events.rest()).toEqual(['thread.message.completed', 'thread.run.step.completed', 'thread.run.completed']);
    expect((await stream.finalRun()).status).toBe('completed');
    expect(clock.sleeping()).toBe(0);
  });

  it('shows transitions that another request caused, once each and in order', async () => {
    const { stream, events, recording } = await streamFor('tell me slowly');
    expect(textOf(await events.until('thread.message.delta'))).toBe('one');
    const messageId = stream.currentMessageSnapshot()!.id;
    const thread_id = stream.currentRun()!.thread_id;
    for (const expected of ['one two', 'one two three']) {
      clock.advance(1000);
      // This read may play the run forward before the stream wakes; the stream shows it either way.
      const message = await h.client.beta.threads.messages.retrieve(messageId, { thread_id });
      expect(message.content[0]?.type === 'text' && message.content[0].text.value).toBe(expected);
    }
    clock.advance(2000);
    await stream.finalRun();
    expect(eventNames(recording)).toEqual([
      'thread.run.created',
      'thread.run.queued',
      'thread.run.in_progress',
      'thread.run.step.created',
      'thread.run.step.in_progress',
      'thread.message.created',
      'thread.message.in_progress',
      ...expand(['thread.message.delta', 5]),
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.completed',
    ]);
  });

  const CANCELLED = ['runs.stream', 'runs.createAndStream', 'threads.createAndRunStream', 'runs.submitToolOutputsStream'];
  it.each(CANCELLED)('shows a cancel from another request during %s: cancelling, the message incomplete, the step cancelled, then cancelled', async (helper) => {
    const { stream, events, recording } =
      helper === 'runs.submitToolOutputsStream' ? await continuedStreamFor('look it up slowly') : await streamFor('tell me slowly', helper);
    await events.until('thread.message.delta');
    clock.advance(1000);
    await events.until('thread.message.delta');
    const { id, thread_id } = stream.currentRun()!;
    expect((await h.client.beta.threads.runs.cancel(id, { thread_id })).status).toBe('cancelling');
    expect(await events.rest()).toEqual(['thread.run.cancelling', 'thread.message.incomplete', 'thread.run.step.cancelled', 'thread.run.cancelled']);

    const run = await stream.finalRun();
    expect(run).toMatchObject({ status: 'cancelled', cancelled_at: Math.floor(clock.now() / 1000) });
    expect(run).toEqual(await h.client.beta.threads.runs.retrieve(id, { thread_id }));
    const [message] = (await h.client.beta.threads.messages.list(thread_id, { run_id: id })).data;
    expect(message).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'run_cancelled' } });
    const text = { value: 'one two', annotations: [] };
    expect(message!.content).toEqual([{ type: 'text', text }]);
    const done = recording.helpers.filter((e) => e.name === 'messageDone' || e.name === 'textDone');
    expect(done.map((e) => e.args[0])).toEqual([text, message]);
    const last = recording.helpers.at(-1)!;
    expect([last.name, (last.args[0] as { status: string }).status]).toEqual(['runStepDone', 'cancelled']);
    expect(clock.sleeping()).toBe(0);
  });

  it('ends with thread.run.expired when the run outlives expires_at', async () => {
    const { stream, events } = await streamFor('take your time');
    await events.until('thread.run.in_progress');
    clock.advance(10 * 60_000);
    expect(await events.rest()).toEqual(['thread.run.expired']);
    const run = await stream.finalRun();
    expect(run.status).toBe('expired');
    expect(run).toEqual(await h.client.beta.threads.runs.retrieve(run.id, { thread_id: run.thread_id }));
  });

  it('loses nothing when the client disconnects mid-answer: the stream stops, the run carries on', async () => {
    const { stream, events } = await streamFor('tell me slowly');
    const final = stream.finalRun().then(
      () => 'finished',
      (error: unknown) => error,
    );
    await events.until('thread.message.delta');
    const { id, thread_id } = stream.currentRun()!;
    stream.abort();
    expect(await final).toBeInstanceOf(APIUserAbortError);
    await vi.waitFor(() => expect(clock.sleeping()).toBe(0));

    expect((await h.client.beta.threads.runs.retrieve(id, { thread_id })).status).toBe('in_progress');
    clock.advance(4000);
    const run = await h.client.beta.threads.runs.retrieve(id, { thread_id });
    expect(run.status).toBe('completed');
    const [message] = (await h.client.beta.threads.messages.list(thread_id, { run_id: id })).data;
    expect(message).toMatchObject({ status: 'completed', content: [{ type: 'text', text: { value: 'one two three four five' } }] });
  });
});

describe('a disconnect on the system clock', () => {
  const clock = watchedClock(systemClock);
  const harness = startHarness({ scenarios, clock });

  it('leaves no timer behind, and the run completes as if the client had stayed', async () => {
    const h = await harness;
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'stream it' }] });
    const stream = h.client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    stream.on('abort', () => undefined);
    await reader(stream).until('thread.message.delta');
    const { id } = stream.currentRun()!;
    stream.abort();
    await vi.waitFor(() => expect(clock.sleeping()).toBe(0));

    const run = await h.client.beta.threads.runs.poll(id, { thread_id: thread.id });
    expect(run.status).toBe('completed');
    const [message] = (await h.client.beta.threads.messages.list(thread.id, { run_id: id })).data;
    expect(message!.content).toEqual([{ type: 'text', text: { value: 'a b c d e f g h i j k l m n o p', annotations: [] } }]);
  });
});
