import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock, type Clock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

/**
 * Time that moves without waking sleepers: a request plays the run forward while the stream still
 * sleeps, so what the stream shows is what that request published.
 */
const sleeps = manualClock();
let now = sleeps.now();
const clock: Clock = { now: () => now, sleepUntil: (untilMs, signal) => sleeps.sleepUntil(untilMs, signal) };

const h = await startHarness({
  clock,
  scenarios: defineScenarios([{ name: 'paced', match: { message: 'paced' }, script: [{ say: 'one two three', pace: 100, delay: 100 }] }]),
});

describe('requests refused after they played a run forward', () => {
  it('shows only stored transitions: a refused request that played the run forward publishes nothing it rolled back', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'paced please' }] });
    const stream = h.client.beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    const events: { event: string; data: { id: string } }[] = [];
    const finished = (async () => {
      for await (const event of stream) events.push(event as (typeof events)[number]);
    })();
    await waitFor(() => events.some((e) => e.event === 'thread.run.in_progress'));

    now += 100; // the message step is due; the stream sleeps on
    const refused = await apiError(h.client.beta.threads.messages.create(thread.id, { role: 'user', content: 'more' }));
    expect(refused.status).toBe(400);

    now += 1000;
    sleeps.set(now);
    await finished;
    const created = events.filter((e) => e.event === 'thread.message.created').map((e) => e.data.id);
    const stored = (await h.client.beta.threads.messages.list(thread.id, { run_id: stream.currentRun()!.id })).data.map((m) => m.id);
    expect(created).toEqual(stored);
    expect(events.filter((e) => e.event === 'thread.run.step.created')).toHaveLength(1);
  });
});

describe('reads after a refused request', () => {
  it('still find the run where the clock says: a refused request leaves no stale "thread is idle" behind', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'paced please' }] });
    const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    now += 1000; // the run is over by now

    const refused = await apiError(h.client.beta.threads.messages.update('msg_nope', { thread_id: thread.id, metadata: {} }));
    expect(refused.status).toBe(404);
    const [answer] = (await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
    expect(answer).toMatchObject({ status: 'completed', content: [{ type: 'text', text: { value: 'one two three' } }] });
  });
});

/** Yields to the event loop until `condition` holds. */
async function waitFor(condition: () => boolean) {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}
