import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import {
  codeInterpreterInputs,
  createAssistantsClient,
  formatConversation,
  RunTimeoutError,
  type RunEvent,
} from '@assistants-mock/client';
import { bundledScenariosDir, defineScenarios, loadFixtures } from '@assistants-mock/fixtures';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { recordingClient } from './helpers/assistants-client.js';

const h = await startHarness({
  scenarios: [
    ...defineScenarios([{ name: 'long', match: { message: 'take your time' }, script: [{ say: 'Eventually.', delay: 60_000 }] }]),
    ...loadFixtures([bundledScenariosDir]),
  ],
});

async function tutor(label: string) {
  const { client, requests } = recordingClient(h, uniqueKey(label));
  const assistant = await client.openai.beta.assistants.create({ model: 'gpt-4o', name: '수학 선생님', tools: [{ type: 'code_interpreter' }] });
  return { client, requests, assistant };
}

describe('createAssistantsClient', () => {
  it('takes an existing OpenAI instance', async () => {
    const openai = new OpenAI({ baseURL: h.baseURL, apiKey: uniqueKey('instance'), fetch: h.fetch });
    const client = createAssistantsClient({ openai });
    expect(client.openai).toBe(openai);
    await expect(client.createThread('hi')).resolves.toMatchObject({ object: 'thread' });
  });

  it('refuses an instance together with connection options', () => {
    const openai = new OpenAI({ apiKey: 'sk-x' });
    expect(() => createAssistantsClient({ openai, baseURL: 'http://x/v1', fetch } as never)).toThrow(
      'createAssistantsClient takes either `openai` or connection options, not both: configure baseURL, fetch on the OpenAI instance instead.',
    );
  });

  it('passes connection options to the SDK', () => {
    const client = createAssistantsClient({ baseURL: 'http://127.0.0.1:4141/v1', apiKey: 'sk-local', timeout: 1234, maxRetries: 0 });
    expect(client.openai).toMatchObject({ baseURL: 'http://127.0.0.1:4141/v1', apiKey: 'sk-local', timeout: 1234, maxRetries: 0 });
  });
});

describe('conversation helpers', () => {
  it('create a thread with a first message, add messages and list them oldest first across pages', async () => {
    const { client, requests } = await tutor('pages');
    const thread = await client.createThread('message 0', { metadata: { topic: 'paging' } });
    expect(thread.metadata).toEqual({ topic: 'paging' });
    for (let i = 1; i <= 104; i++) await client.addMessage(thread.id, `message ${i}`);
    requests.length = 0;
    const messages = await client.listMessages(thread.id);
    expect(messages.map((m) => m.text)).toEqual(Array.from({ length: 105 }, (_, i) => `message ${i}`));
    expect(requests.map((r) => r.path)).toEqual([`/threads/${thread.id}/messages`, `/threads/${thread.id}/messages`]);
  });

  it('list a run’s steps and the code it ran, and print the conversation', async () => {
    const { client, assistant } = await tutor('steps');
    const result = await client.run({ assistantId: assistant.id, message: '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?' });
    const steps = await client.listRunSteps(result.threadId, result.run.id);
    expect(steps.map((s) => s.step_details.type)).toEqual(['message_creation', 'tool_calls', 'message_creation']);
    const inputs = await client.codeInterpreterInputs(result.threadId, result.run.id);
    expect(inputs).toEqual(codeInterpreterInputs(result.steps));
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toContain('from sympy import isprime');
    expect(formatConversation(await client.listMessages(result.threadId))).toBe(
      [
        'user: 413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?',
        `assistant: ${result.messages[0]!.text}`,
        'assistant: 413보다 큰 소수는 419, 421, 431, 433 순서이므로 네 번째로 작은 소수는 433이고, 433^3 = 81,182,737 입니다.',
      ].join('\n'),
    );
  });

  it('list only one run’s messages', async () => {
    const { client, assistant } = await tutor('by-run');
    const first = await client.run({ assistantId: assistant.id, message: '3x + 11 = 14' });
    const second = await client.run({ assistantId: assistant.id, threadId: first.threadId, message: '설명해 주세요' });
    const ofSecond = await client.listMessages(first.threadId, { runId: second.run.id });
    expect(ofSecond.map((m) => m.id)).toEqual(second.messages.map((m) => m.id));
  });

  it('run three threads at once, as the notebook’s create_thread_and_run did', async () => {
    const { client, assistant } = await tutor('concurrent');
    const questions = ['선형대수가 뭔가요?', '수학이 싫어요', '3x + 11 = 14 를 풀어 주세요'];
    const results = await Promise.all(questions.map((message) => client.run({ assistantId: assistant.id, message })));
    expect(new Set(results.map((r) => r.threadId)).size).toBe(3);
    expect(results.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    expect(results[2]!.text).toBe('방정식 3x + 11 = 14의 해는 x = 1 입니다.');
  });

  it('cancel a run and wait for it to stop', async () => {
    const { client, assistant } = await tutor('cancel');
    const thread = await client.createThread('take your time');
    const started = await client.openai.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    const cancelled = await client.cancelRun(thread.id, started.id);
    expect(cancelled).toMatchObject({ id: started.id, status: 'cancelled' });
    await expect(client.cancelRun(thread.id, started.id)).resolves.toMatchObject({ status: 'cancelled' });
  });
});

describe('runEvents', () => {
  it('iterates the events of a streamed run, then gives the result', async () => {
    const { client, assistant } = await tutor('iterate');
    const events = client.runEvents({ assistantId: assistant.id, message: '피보나치 수열 20개', mode: 'stream' });
    let printed = '';
    const seen: RunEvent['type'][] = [];
    for await (const event of events) {
      seen.push(event.type);
      if (event.type === 'message.delta') printed += event.delta;
    }
    const result = await events.result;
    expect(printed).toBe(result.text);
    expect(seen[0]).toBe('run.status');
    expect(seen.at(-1)).toBe('run.status');
    expect(seen).toContain('step.done');
  });

  it('ends the iteration with the run’s error', async () => {
    const { client, assistant } = await tutor('iterate-error');
    const events = client.runEvents({ assistantId: assistant.id, message: 'take your time', timeoutMs: 20 });
    const statuses: string[] = [];
    const error = await (async () => {
      for await (const event of events) if (event.type === 'run.status') statuses.push(event.status);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunTimeoutError);
    await expect(events.result).rejects.toBe(error);
    expect(statuses.at(-1)).toBe('cancelled');
  });
});
