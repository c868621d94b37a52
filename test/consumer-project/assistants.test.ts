// assistants.test.ts: with `globalSetup: ['@assistants-mock/server/vitest-setup']` in vitest.config
import { expect, test } from 'vitest';
import { useAssistantsMock } from '@assistants-mock/server/vitest';

// This file's own API key and SDK client: files running in parallel never see each other's objects.
const mock = useAssistantsMock();

test('a run plays the scenario the test puts in front', async () => {
  await mock.use({ name: 'greeting', match: { message: 'hello' }, script: [{ say: 'Hello! How can I help?' }] });
  const assistant = await mock.client.beta.assistants.create({ model: 'gpt-4o' });
  const run = await mock.client.beta.threads.createAndRunPoll({
    assistant_id: assistant.id,
    thread: { messages: [{ role: 'user', content: 'hello there' }] },
  });
  expect(run.status).toBe('completed');
  const [reply] = (await mock.client.beta.threads.messages.list(run.thread_id)).data;
  expect(reply?.content[0]).toMatchObject({ type: 'text', text: { value: 'Hello! How can I help?' } });
});

test('scenarios are reset between tests', async () => {
  const assistant = await mock.client.beta.assistants.create({ model: 'gpt-4o' });
  const run = await mock.client.beta.threads.createAndRunPoll({
    assistant_id: assistant.id,
    thread: { messages: [{ role: 'user', content: 'hello there' }] },
  });
  // No scenario matches any more: the run fails, saying why.
  expect(run.status).toBe('failed');
  expect(run.last_error?.message).toContain('hello there');
});

test('the SDK retries a 429, and the journal shows what the app called', async () => {
  await mock.fault({ method: 'POST', path: '/threads', status: 429, retryAfterMs: 10 });
  const thread = await mock.client.beta.threads.create();
  const calls = (await mock.requests()).map(({ method, path, status }) => `${method} ${path} ${status}`);
  expect(calls).toEqual(['POST /v1/threads 429', 'POST /v1/threads 200']);
  expect(thread.id).toMatch(/^thread_/);
});
