import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

/** Small replays of what the model-based check (runs.model-based.test.ts) found, one per bug. */
const clock = manualClock();
const h = await startHarness({
  clock,
  scenarios: defineScenarios([
    { name: 'call', match: { message: 'call' }, script: [{ call: { lookup: { q: 'x' } } }, { say: 'done' }] },
    { name: 'later', match: { message: 'later' }, script: [{ say: 'Here it is.', delay: 1000 }] },
    { name: 'paced', match: { message: 'paced' }, script: [{ say: 'one two three four', pace: 1000 }] },
  ]),
});

const lookup = { type: 'function' as const, function: { name: 'lookup' } };

async function waitingRun() {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [lookup] });
  const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'call it' }] });
  const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
  const read = () => h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
  const steps = async () => (await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id })).data;
  expect((await read()).status).toBe('requires_action');
  return { run, thread, read, steps };
}

describe('a run that ends while it waits for tool outputs', () => {
  // The function-call turn is in the run's usage, so the step that made the calls reports it too.
  it('cancelled: the waiting step ends cancelled with the usage the run counted for it', async () => {
    const { run, thread, read, steps } = await waitingRun();
    await h.client.beta.threads.runs.cancel(run.id, { thread_id: thread.id });
    const cancelled = await read();
    const [step] = await steps();
    expect(cancelled.status).toBe('cancelled');
    expect(step).toMatchObject({ status: 'cancelled', usage: cancelled.usage });
    expect(cancelled.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('expired: the waiting step ends expired with the usage the run counted for it', async () => {
    const { read, steps } = await waitingRun();
    clock.advance(10 * 60_000);
    const expired = await read();
    const [step] = await steps();
    expect(expired.status).toBe('expired');
    expect(step).toMatchObject({ status: 'expired', usage: expired.usage });
    expect(expired.usage!.completion_tokens).toBeGreaterThan(0);
  });
});

describe('a request refused after it played the thread forward', () => {
  // The refusal rolls back the transitions it played; the thread must not be remembered as idle.
  it('leaves reads of the thread where the clock says, as a retrieve of the run does', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'later' }] });
    const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    clock.advance(1000);
    const refused = await apiError(
      h.client.beta.threads.runs.create(thread.id, {
        assistant_id: assistant.id,
        additional_messages: [{ role: 'user', content: 'again', attachments: [{ file_id: 'file-missing', tools: [{ type: 'code_interpreter' }] }] }],
      }),
    );
    expect(refused.status).toBe(404);
    const listed = (await h.client.beta.threads.runs.list(thread.id)).data;
    expect(listed.map((r) => [r.id, r.status])).toEqual([[run.id, 'completed']]);
    const messages = (await h.client.beta.threads.messages.list(thread.id)).data;
    expect(messages.map((m) => [m.role, m.status])).toEqual([
      ['assistant', 'completed'],
      ['user', 'completed'],
    ]);
  });
});

describe('deleting the message a run is writing', () => {
  it('is allowed; the run carries on without it, and it stays deleted', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'paced' }] });
    const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    const [writing] = (await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
    expect(writing).toMatchObject({ status: 'in_progress', content: [{ text: { value: 'one' } }] });
    await h.client.beta.threads.messages.delete(writing!.id, { thread_id: thread.id });

    clock.advance(3000);
    const done = await h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
    expect(done.status).toBe('completed');
    expect((await apiError(h.client.beta.threads.messages.retrieve(writing!.id, { thread_id: thread.id }))).status).toBe(404);
    expect((await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data).toEqual([]);
    const [step] = (await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id })).data;
    // The step still counts everything the model wrote ("one two three four": 5 tokens at 4 characters a token).
    expect(step).toMatchObject({ status: 'completed', step_details: { message_creation: { message_id: writing!.id } } });
    expect(step!.usage!.completion_tokens).toBe(5);
    expect(done.usage).toEqual(step!.usage);
  });
});
