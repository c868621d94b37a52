import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';

const h = await startHarness({
  scenarios: defineScenarios([
    { name: 'echo', match: { assistant: { name: 'Echo' } }, script: [{ say: 'You said: {{message}}' }] },
    { name: 'quiet', match: { assistant: { name: 'Quiet' }, message: 'hello' }, script: [{ say: 'Hi!' }] },
  ]),
});

describe("a run reads the thread's newest user message wherever it is", () => {
  it('finds it behind hundreds of run answers (300 runs on one thread, one user message)', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', name: 'Echo' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: '오필리아, 당신은 어떻게 죽었나요?' }] });
    const answers: string[] = [];
    for (let i = 0; i < 300; i++) {
      const run = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
      expect(run.status, `run ${i}: ${run.last_error?.message}`).toBe('completed');
      const [answer] = (await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
      answers.push(answer!.content[0]!.type === 'text' ? answer!.content[0]!.text.value : '');
    }
    expect(new Set(answers)).toEqual(new Set(['You said: 오필리아, 당신은 어떻게 죽었나요?']));
    // A new user message is found at once, however many answers came before it.
    await h.client.beta.threads.messages.create(thread.id, { role: 'user', content: '후회하거나 되돌리고 싶은 것이 있나요?' });
    const run = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    const [answer] = (await h.client.beta.threads.messages.list(thread.id, { run_id: run.id })).data;
    expect(answer!.content[0]).toMatchObject({ text: { value: 'You said: 후회하거나 되돌리고 싶은 것이 있나요?' } });
  });

  it('a thread with no user message at all still runs (its {{message}} is empty)', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', name: 'Echo' });
    const empty = await h.client.beta.threads.create();
    const onEmpty = await h.client.beta.threads.runs.createAndPoll(empty.id, { assistant_id: assistant.id });
    expect(onEmpty.status).toBe('completed');
    const onlyAssistant = await h.client.beta.threads.create({ messages: [{ role: 'assistant', content: '무엇을 도와드릴까요?' }] });
    const run = await h.client.beta.threads.runs.createAndPoll(onlyAssistant.id, { assistant_id: assistant.id });
    expect(run.status).toBe('completed');
    const [answer] = (await h.client.beta.threads.messages.list(onlyAssistant.id, { run_id: run.id })).data;
    expect(answer!.content[0]).toMatchObject({ text: { value: 'You said: ' } });
  });

  it('with truncation_strategy last_messages, only a user message among the newest N is seen', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', name: 'Quiet' });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'hello' }] });
    expect((await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id })).status).toBe('completed');
    const within = await h.client.beta.threads.runs.createAndPoll(thread.id, {
      assistant_id: assistant.id,
      truncation_strategy: { type: 'last_messages', last_messages: 2 },
    });
    expect(within.status).toBe('completed');
    const beyond = await h.client.beta.threads.runs.createAndPoll(thread.id, {
      assistant_id: assistant.id,
      truncation_strategy: { type: 'last_messages', last_messages: 1 },
    });
    expect(beyond).toMatchObject({ status: 'failed', last_error: { code: 'server_error' } });
    expect(beyond.last_error!.message).toContain('no scenario matches a thread with no user message');
  });
});
