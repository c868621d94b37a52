import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { parseSseBody } from './helpers/sse.js';
import { apiError } from './helpers/errors.js';

/**
 * Small replays of what the model-based check (runs.model-based.test.ts) found in streams read by a
 * slow client: the body is left unread while the run moves on, so the server waits on its writes.
 */
const clock = manualClock();
const h = await startHarness({
  clock,
  scenarios: defineScenarios([{ name: 'paced', match: { message: 'paced' }, script: [{ say: 'one two three four five', pace: 1000 }] }]),
});

async function slowStream() {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
  const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'paced' }] });
  const response = await h.raw(`/threads/${thread.id}/runs`, {
    method: 'POST',
    json: { assistant_id: assistant.id, stream: true },
    headers: { 'OpenAI-Beta': 'assistants=v2' },
  });
  const [run] = (await h.client.beta.threads.runs.list(thread.id)).data;
  const frames = async () => parseSseBody(await response.text());
  return { thread, run: run!, frames };
}

const deltaTexts = (frames: { event: string; data: string }[]) =>
  frames.filter((f) => f.event === 'thread.message.delta').map((f) => JSON.parse(f.data).delta.content[0].text.value as string);

describe('a stream whose client reads slowly', () => {
  it('still ends with the run: what happened while the server waited on its writes is sent before done', async () => {
    const { thread, run, frames } = await slowStream();
    for (let second = 0; second < 5; second++) {
      clock.advance(1000);
      await h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
    }
    const shown = await frames();
    expect(shown.slice(-5).map((f) => f.event)).toEqual([
      'thread.message.delta',
      'thread.message.completed',
      'thread.run.step.completed',
      'thread.run.completed',
      'done',
    ]);
    expect(deltaTexts(shown).join('')).toBe('one two three four five');
  });

  it('shows no transition that a refused request played and then rolled back', async () => {
    const { thread, frames } = await slowStream();
    for (let second = 0; second < 3; second++) {
      clock.advance(1000);
      // Refused inside its transaction, after playing the run forward to now.
      const refused = await apiError(h.client.beta.threads.messages.create(thread.id, { role: 'user', content: 'more' }));
      expect(refused.status).toBe(400);
    }
    clock.advance(2000);
    const shown = await frames();
    expect(deltaTexts(shown)).toEqual(['one', ' two', ' three', ' four', ' five']);
    const [message] = (await h.client.beta.threads.messages.list(thread.id, { limit: 1 })).data;
    expect(shown.filter((f) => f.event === 'thread.message.completed').map((f) => JSON.parse(f.data))).toEqual([message]);
  });
});
