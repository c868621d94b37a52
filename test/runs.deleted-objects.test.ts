import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';

const clock = manualClock();
const h = await startHarness({
  clock,
  scenarios: defineScenarios([{ name: 'paced', match: { message: 'paced' }, script: [{ say: 'one two three four', pace: 100 }, { say: 'done' }] }]),
});

describe('objects deleted while a run uses them', () => {
  it('a run whose message is deleted mid-write carries on and completes without it', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'paced please' }] });
    const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    clock.advance(100);
    const [writing] = (await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
    expect(writing).toMatchObject({ status: 'in_progress', content: [{ type: 'text', text: { value: 'one two' } }] });

    await h.client.beta.threads.messages.delete(writing!.id, { thread_id: thread.id });
    clock.advance(1000);
    const done = await h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
    expect(done.status).toBe('completed');
    const messages = (await h.client.beta.threads.messages.list(thread.id, { order: 'asc' })).data;
    expect(messages.map((m) => [m.role, m.content[0]?.type === 'text' && m.content[0].text.value])).toEqual([
      ['user', 'paced please'],
      ['assistant', 'done'],
    ]);
  });
});
