import { defineScenarios } from '@assistants-mock/fixtures';
import { describe, expect, it } from 'vitest';
import { startHarness } from './helpers/harness.js';

const h = await startHarness({ scenarios: defineScenarios([{ name: 'greeting', match: { message: 'hello' }, script: [{ say: 'hi' }] }]) });

describe('unmatched runs with huge messages', () => {
  it('cut the message in last_error and the journal, which stays small and readable', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const huge = `${'a'.repeat(1_000_000)}!`;
    const runs = [];
    for (let i = 0; i < 5; i++) {
      runs.push(await h.client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: huge }] } }));
    }
    for (const run of runs) {
      expect(run.status).toBe('failed');
      expect(run.last_error?.message).toBe(
        `assistants-mock: no scenario matches the message "${'a'.repeat(200)}…". The nearest scenario is "greeting": message "${'a'.repeat(200)}…" does not contain "hello".`,
      );
    }
    const response = await h.server.fetch('http://assistants-mock.local/__assistants_mock/journal', { headers: { authorization: 'Bearer sk-test-default' } });
    const { data } = (await response.json()) as { data: unknown[] };
    expect(data).toHaveLength(5);
    const journal = h.server.journal();
    expect(journal).toHaveLength(5);
    expect(JSON.stringify(journal).length).toBeLessThan(5 * 2_000);
    expect(journal[0]!.message).toBe(`${'a'.repeat(200)}…`);
  }, 60_000);
});
