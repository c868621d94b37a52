import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { startHarness, uniqueKey } from './helpers/harness.js';

const h = await startHarness({
  scenarios: defineScenarios([{ name: 'loaded', match: { message: 'hi' }, script: [{ say: 'loaded answer' }] }]),
});

async function answer(client: typeof h.client, text: string, assistant: Partial<Parameters<typeof h.client.beta.assistants.create>[0]> = {}) {
  const a = await client.beta.assistants.create({ model: 'gpt-4o', ...assistant });
  const run = await client.beta.threads.createAndRunPoll({ assistant_id: a.id, thread: { messages: [{ role: 'user', content: text }] } });
  const [message] = (await client.beta.threads.messages.list(run.thread_id)).data;
  return message?.role === 'assistant' && message.content[0]?.type === 'text' ? message.content[0].text.value : run.status;
}

describe('scenario overrides', () => {
  it('use() puts scenarios in front; reset() restores the loaded set', async () => {
    expect(await answer(h.client, 'hi')).toBe('loaded answer');
    h.server.use(...defineScenarios([{ name: 'override', match: { message: 'hi' }, script: [{ say: 'override answer' }] }]));
    expect(await answer(h.client, 'hi')).toBe('override answer');
    h.server.reset();
    expect(await answer(h.client, 'hi')).toBe('loaded answer');
  });

  it('useFor() is seen only by its own API key', async () => {
    const mine = h.clientFor(uniqueKey('mine'));
    const theirs = h.clientFor(uniqueKey('theirs'));
    h.server.useFor(mine.apiKey, ...defineScenarios([{ name: 'mine', match: { message: 'hi' }, script: [{ say: 'only mine' }] }]));
    expect(await answer(mine, 'hi')).toBe('only mine');
    expect(await answer(theirs, 'hi')).toBe('loaded answer');
    h.server.reset(mine.apiKey);
    expect(await answer(mine, 'hi')).toBe('loaded answer');
  });

  it('matches on assistant name, model and metadata, and on regex', async () => {
    h.server.use(
      ...defineScenarios([
        { name: 'by-name', match: { assistant: { name: 'Tutor' }, message: { regex: '^wh(at|y)\\b' } }, script: [{ say: 'tutor' }] },
        { name: 'by-meta', match: { assistant: { metadata: { team: 'a' } } }, script: [{ say: 'team a' }] },
        { name: 'by-model', match: { assistant: { model: 'gpt-4o-mini' }, message: { equals: 'exact' } }, script: [{ say: 'mini' }] },
      ]),
    );
    expect(await answer(h.client, 'why is the sky blue', { name: 'Tutor' })).toBe('tutor');
    expect(await answer(h.client, 'anything', { metadata: { team: 'a' } })).toBe('team a');
    expect(await answer(h.client, 'exact', { model: 'gpt-4o-mini' })).toBe('mini');
    expect(await answer(h.client, 'exact!', { model: 'gpt-4o-mini' })).toBe('failed');
    h.server.reset();
  });

  it('an unmatched run names the nearest scenario and why it did not match', async () => {
    const a = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const run = await h.client.beta.threads.createAndRunPoll({ assistant_id: a.id, thread: { messages: [{ role: 'user', content: 'bonjour' }] } });
    expect(run.last_error).toEqual({
      code: 'server_error',
      message: 'assistants-mock: no scenario matches the message "bonjour". The nearest scenario is "loaded": message "bonjour" does not contain "hi".',
    });
  });
});

describe('run options', () => {
  it('a run copies the assistant settings, overridden by the request', async () => {
    const a = await h.client.beta.assistants.create({
      model: 'gpt-4o',
      instructions: 'Be brief.',
      temperature: 0.5,
      tools: [{ type: 'code_interpreter' }],
    });
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: 'hi' }] });
    const run = await h.client.beta.threads.runs.create(thread.id, {
      assistant_id: a.id,
      model: 'gpt-4o-mini',
      additional_instructions: 'Use Korean.',
      top_p: 0.9,
      metadata: { case: '1' },
      max_completion_tokens: 1000,
      truncation_strategy: { type: 'last_messages', last_messages: 5 },
      tool_choice: 'none',
      parallel_tool_calls: false,
      additional_messages: [{ role: 'user', content: 'hi again' }],
    });
    expect(run).toMatchObject({
      model: 'gpt-4o-mini',
      instructions: 'Be brief.\nUse Korean.',
      temperature: 0.5,
      top_p: 0.9,
      tools: [{ type: 'code_interpreter' }],
      metadata: { case: '1' },
      max_prompt_tokens: null,
      max_completion_tokens: 1000,
      truncation_strategy: { type: 'last_messages', last_messages: 5 },
      tool_choice: 'none',
      parallel_tool_calls: false,
      response_format: 'auto',
    });
    const messages = await h.client.beta.threads.messages.list(thread.id, { order: 'asc' });
    expect(messages.data.map((m) => m.content[0]?.type === 'text' && m.content[0].text.value)).toEqual(['hi', 'hi again', 'loaded answer']);
    const modified = await h.client.beta.threads.runs.update(run.id, { thread_id: thread.id, metadata: { case: '2' } });
    expect(modified.metadata).toEqual({ case: '2' });
    const listed = await h.client.beta.threads.runs.list(thread.id);
    expect(listed.data.map((r) => [r.id, r.status])).toEqual([[run.id, 'completed']]);
  });

  it('rejects bad run bodies with the param named', async () => {
    const thread = await h.client.beta.threads.create();
    const cases: [Record<string, unknown>, string][] = [
      [{}, 'assistant_id'],
      [{ assistant_id: 'asst_x', max_completion_tokens: 10 }, 'max_completion_tokens'],
      [{ assistant_id: 'asst_x', tool_choice: 'sometimes' }, 'tool_choice'],
      [{ assistant_id: 'asst_x', additional_messages: [{ role: 'system', content: 'x' }] }, 'additional_messages[0].role'],
    ];
    for (const [body, param] of cases) {
      const response = await h.raw(`/threads/${thread.id}/runs`, { method: 'POST', json: body, headers: { 'openai-beta': 'assistants=v2' } });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(((await response.json()) as { error: { param: string } }).error.param).toBe(param);
    }
    const missing = await h.raw(`/threads/${thread.id}/runs`, { method: 'POST', json: { assistant_id: 'asst_nope' }, headers: { 'openai-beta': 'assistants=v2' } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { message: "No assistant found with id 'asst_nope'.", type: 'invalid_request_error', param: null, code: null } });
  });
});
