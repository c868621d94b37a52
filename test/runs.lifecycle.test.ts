import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { manualClock } from '@assistants-mock/server';
import { startHarness } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const clock = manualClock();
const h = await startHarness({
  clock,
  scenarios: defineScenarios([
    {
      name: 'slow-hello',
      match: { message: 'slow' },
      queued: 1000,
      script: [{ say: 'Hello there, slowly.', delay: 2000 }],
    },
    {
      name: 'server-check',
      match: { message: '서버' },
      script: [
        { say: '데이터 서버의 상태를 확인하기 위해 검사해보겠습니다.' },
        { call: { examine_server: {} } },
        { say: '검사 결과: {{outputs.examine_server}}' },
      ],
    },
    { name: 'hello', match: { message: 'hello' }, script: [{ say: 'Hi! How can I help?' }] },
  ]),
});

const examineServer = { type: 'function' as const, function: { name: 'examine_server', parameters: { type: 'object', properties: {} } } };

async function threadWith(text: string, tools: Parameters<typeof h.client.beta.assistants.create>[0]['tools'] = []) {
  const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools });
  const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: text }] });
  return { assistant, thread };
}

describe('run lifecycle', () => {
  it('is queued on create, then completed with the scripted message on the next read', async () => {
    const { assistant, thread } = await threadWith('hello');
    const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    expect(run).toMatchObject({ status: 'queued', started_at: null, usage: null, required_action: null, assistant_id: assistant.id });
    expect(run.expires_at).toBe(run.created_at + 600);
    const done = await h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
    expect(done.status).toBe('completed');
    expect(done.expires_at).toBeNull();
    // The detail objects are what the real service sent (seed notebook 002, cell 9).
    expect(done.usage).toEqual({
      prompt_tokens: expect.any(Number),
      completion_tokens: expect.any(Number),
      total_tokens: expect.any(Number),
      prompt_token_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    });
    const messages = await h.client.beta.threads.messages.list(thread.id);
    expect(messages.data.map((m) => [m.role, m.content[0]?.type === 'text' && m.content[0].text.value])).toEqual([
      ['assistant', 'Hi! How can I help?'],
      ['user', 'hello'],
    ]);
    expect(messages.data[0]).toMatchObject({ run_id: run.id, assistant_id: assistant.id, status: 'completed' });
    const steps = await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id });
    expect(steps.data).toHaveLength(1);
    expect(steps.data[0]).toMatchObject({
      type: 'message_creation',
      status: 'completed',
      step_details: { type: 'message_creation', message_creation: { message_id: messages.data[0]!.id } },
    });
  });

  it('stops at queued and in_progress on a manual clock', async () => {
    const { assistant, thread } = await threadWith('slow please');
    const run = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    const read = () => h.client.beta.threads.runs.retrieve(run.id, { thread_id: thread.id });
    expect((await read()).status).toBe('queued');
    clock.advance(1000);
    const started = await read();
    expect(started.status).toBe('in_progress');
    expect(started.started_at).toBe(Math.floor(clock.now() / 1000));
    expect((await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id })).data).toEqual([]);
    clock.advance(2000);
    expect((await read()).status).toBe('completed');
  });

  it('a run created while the previous one has yet to be played to its end keeps the thread busy', async () => {
    const { assistant, thread } = await threadWith('slow please');
    const first = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    clock.advance(3000);
    // Creating the second run plays the first to its end: the thread is idle for a moment, then busy again.
    const second = await h.client.beta.threads.runs.create(thread.id, { assistant_id: assistant.id });
    expect((await h.client.beta.threads.runs.retrieve(first.id, { thread_id: thread.id })).status).toBe('completed');
    await expect(
      apiError(h.client.beta.threads.messages.create(thread.id, { role: 'user', content: 'more' })),
    ).resolves.toMatchObject({ status: 400, body: { message: `Can't add messages to ${thread.id} while a run ${second.id} is active.` } });
    clock.advance(3000);
    expect((await h.client.beta.threads.runs.retrieve(second.id, { thread_id: thread.id })).status).toBe('completed');
    await expect(h.client.beta.threads.messages.create(thread.id, { role: 'user', content: 'more' })).resolves.toMatchObject({ role: 'user' });
  });

  it('asks for tool outputs, then continues with them', async () => {
    const { assistant, thread } = await threadWith('서버 상태 확인', [examineServer]);
    const run = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(run.status).toBe('requires_action');
    const calls = run.required_action!.submit_tool_outputs.tool_calls;
    expect(calls).toEqual([{ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'examine_server', arguments: '{}' } }]);
    await expect(
      apiError(h.client.beta.threads.messages.create(thread.id, { role: 'user', content: 'more' })),
    ).resolves.toMatchObject({ status: 400, body: { message: `Can't add messages to ${thread.id} while a run ${run.id} is active.` } });
    const done = await h.client.beta.threads.runs.submitToolOutputsAndPoll(run.id, {
      thread_id: thread.id,
      tool_outputs: [{ tool_call_id: calls[0]!.id, output: 'CPU 12%' }],
    });
    expect(done.status).toBe('completed');
    const messages = await h.client.beta.threads.messages.list(thread.id, { order: 'asc' });
    expect(messages.data.map((m) => m.content[0]?.type === 'text' && m.content[0].text.value)).toEqual([
      '서버 상태 확인',
      '데이터 서버의 상태를 확인하기 위해 검사해보겠습니다.',
      '검사 결과: CPU 12%',
    ]);
    const steps = await h.client.beta.threads.runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' });
    expect(steps.data.map((s) => s.type)).toEqual(['message_creation', 'tool_calls', 'message_creation']);
    expect(steps.data[1]!.step_details).toMatchObject({ tool_calls: [{ function: { name: 'examine_server', output: 'CPU 12%' } }] });
  });

  it('fails a run that no scenario matches, naming the message and the nearest scenario', async () => {
    const { assistant, thread } = await threadWith('something else entirely');
    const run = await h.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id });
    expect(run.status).toBe('failed');
    expect(run.last_error?.code).toBe('server_error');
    expect(run.last_error?.message).toContain('"something else entirely"');
    expect(h.server.journal().at(-1)).toMatchObject({ threadId: thread.id, message: 'something else entirely' });
  });
});

describe('polling hints', () => {
  it('tells the SDK when to look again: when the next step is due, capped at a second', async () => {
    const { assistant, thread } = await threadWith('slow please');
    const created = await h.raw(`/threads/${thread.id}/runs`, {
      method: 'POST',
      json: { assistant_id: assistant.id },
      headers: { 'openai-beta': 'assistants=v2' },
    });
    expect(created.headers.get('openai-poll-after-ms')).toBe('1000');
    const { id } = (await created.json()) as { id: string };
    clock.advance(400);
    const read = await h.raw(`/threads/${thread.id}/runs/${id}`, { headers: { 'openai-beta': 'assistants=v2' } });
    expect(read.headers.get('openai-poll-after-ms')).toBe('600');
    clock.advance(600);
    const started = await h.raw(`/threads/${thread.id}/runs/${id}`, { headers: { 'openai-beta': 'assistants=v2' } });
    expect(((await started.json()) as { status: string }).status).toBe('in_progress');
    expect(started.headers.get('openai-poll-after-ms')).toBe('1000');
    expect(started.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
  });
});
