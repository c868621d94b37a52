import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { reader } from './helpers/assistant-stream.js';
import { watchedClock } from './helpers/watched-clock.js';
import { startLiveHarness } from './helpers/live-harness.js';

/** Text a model writes after its calls in the same turn: a scripted `call` with `said_after:` (on a clock), and live. */
const scenarios = defineScenarios([
  { name: 'talks after calling', match: { message: 'look and talk' }, script: [{ call: { lookup: {} }, said_after: 'one two three', pace: 1000 }] },
]);
const clock = watchedClock(manualClock());
const h = await startHarness({ scenarios, clock });

async function streamed() {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'lookup' } }] });
  const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'look and talk' }] });
  const stream = h.client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
  const events = reader(stream);
  // The calls step's two deltas (its header, its arguments) a pace apart, then the message after it.
  await events.until('thread.run.step.delta');
  clock.advance(1000);
  await events.until('thread.run.step.delta');
  clock.advance(1000);
  await events.until('thread.message.delta');
  return { stream, events, thread_id: thread.id };
}

describe('a scripted call with said_after', () => {
  it('writes the calls step, then the message after it, paced, then asks for outputs with the calls step in progress', async () => {
    const { stream, thread_id } = await streamed();
    clock.advance(5000);
    const run = await stream.finalRun();
    expect(run.status).toBe('requires_action');
    const steps = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id, order: 'asc' })).data;
    expect(steps.map((s) => [s.type, s.status, s.usage?.completion_tokens ?? null])).toEqual([
      ['tool_calls', 'in_progress', null],
      ['message_creation', 'completed', 4], // 'one two three', 13 characters: 4 tokens
    ]);
    const [message] = (await h.client.beta.threads.messages.list(thread_id, { run_id: run.id })).data;
    expect(message!.content).toEqual([{ type: 'text', text: { value: 'one two three', annotations: [] } }]);
  });

  it('cancelled while it writes the text after the calls: the message incomplete, the message step and the waiting calls step cancelled', async () => {
    const { stream, events, thread_id } = await streamed();
    const { id } = stream.currentRun()!;
    await h.client.beta.threads.runs.cancel(id, { thread_id });
    // A delta of the text may have been due before the cancel arrived; then the run ends.
    expect((await events.rest()).filter((e) => e !== 'thread.message.delta')).toEqual([
      'thread.run.cancelling',
      'thread.message.incomplete',
      'thread.run.step.cancelled',
      'thread.run.step.cancelled',
      'thread.run.cancelled',
    ]);
    const steps = (await h.client.beta.threads.runs.steps.list(id, { thread_id, order: 'asc' })).data;
    expect(steps.map((s) => [s.type, s.status])).toEqual([
      ['tool_calls', 'cancelled'],
      ['message_creation', 'cancelled'],
    ]);
  });
});

const live = await startLiveHarness({ upstream: { liveOnly: true } });

describe('a live turn with text after its calls', () => {
  it('cancelled while it writes the text after the calls: the message incomplete, the message step and the waiting calls step cancelled', async () => {
    const { beta } = live.client;
    live.upstream.reply({ toolCalls: [{ name: 'lookup', arguments: '{}' }], textAfterCalls: 'one two three four five six seven eight nine ten', delayMs: 100 });
    const assistant = await beta.assistants.create({ model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'lookup' } }] });
    const thread = await beta.threads.create({ messages: [{ role: 'user', content: 'look and talk' }] });
    const events = reader(beta.threads.runs.stream(thread.id, { assistant_id: assistant.id }));
    const run = (await events.until('thread.run.created')).data as { id: string };
    await events.until('thread.message.delta');
    await beta.threads.runs.cancel(run.id, { thread_id: thread.id });
    await events.until('thread.run.cancelled');
    const steps = (await beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' })).data;
    expect(steps.map((s) => [s.type, s.status])).toEqual([
      ['tool_calls', 'cancelled'],
      ['message_creation', 'cancelled'],
    ]);
  });
});
