import { describe, expect, it } from 'vitest';
import { defineScenarios } from '@assistants-mock/fixtures';
import { reader } from './helpers/assistant-stream.js';
import { startLiveHarness, textOf } from './helpers/live-harness.js';

/** How live runs end: upstream errors, a cut answer, a cancel, a model that never stops calling tools. */
const KEY = 'sk-upstream-SECRET0123456789';
const h = await startLiveHarness({ upstream: { liveOnly: true, apiKey: KEY, stallTimeoutMs: 300, maxTurns: 3 } });
const { beta } = h.client;

async function runOn(message: string, params: Record<string, unknown> = {}, tools: { type: 'file_search' }[] = []) {
  const assistant = await beta.assistants.create({ model: 'gpt-4o', tools });
  return beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: message }] }, ...params });
}

const retryQuickly = { 'retry-after-ms': '1' };

describe('live run endings', () => {
  it('429 after the retries: failed, rate_limit_exceeded, the upstream message kept', async () => {
    h.upstream.fallback(() => ({ status: 429, error: { message: 'Rate limit reached for gpt-4o in organization org-x on tokens per min.', code: 'rate_limit_exceeded' }, headers: retryQuickly }));
    const run = await runOn('hi');
    expect(run).toMatchObject({
      status: 'failed',
      last_error: { code: 'rate_limit_exceeded', message: 'Rate limit reached for gpt-4o in organization org-x on tokens per min.' },
      usage: { completion_tokens: 0 },
    });
    expect(run.failed_at).toBeGreaterThanOrEqual(run.started_at!);
    expect(h.upstream.requests).toHaveLength(3);
  });

  it('a context-length 400: failed, invalid_prompt', async () => {
    const message = "This model's maximum context length is 128000 tokens. However, your messages resulted in 140000 tokens.";
    h.upstream.reply({ status: 400, error: { message, type: 'invalid_request_error', param: 'messages', code: 'context_length_exceeded' } });
    expect(await runOn('a very long question')).toMatchObject({ status: 'failed', last_error: { code: 'invalid_prompt', message } });
  });

  it('5xx after the retries, and a stalled stream: failed, server_error; the step and message under way end with it', async () => {
    h.upstream.fallback(() => ({ status: 502, error: { message: 'Bad gateway' }, headers: retryQuickly }));
    expect(await runOn('hi')).toMatchObject({ status: 'failed', last_error: { code: 'server_error', message: 'Bad gateway' } });
    h.upstream.reset();
    h.upstream.reply({ text: 'I was saying something', stallAfter: 3 });
    const stalled = await runOn('hi');
    expect(stalled).toMatchObject({ status: 'failed', last_error: { code: 'server_error', message: 'The upstream model sent nothing for 0.3 s.' } });
    const [message] = (await beta.threads.messages.list(stalled.thread_id)).data;
    expect(message).toMatchObject({ role: 'assistant', status: 'incomplete', incomplete_details: { reason: 'run_failed' } });
    expect(textOf(message!)).toBe('I was');
    const [step] = (await beta.threads.runs.steps.list(stalled.id, { thread_id: stalled.thread_id })).data;
    expect(step).toMatchObject({ status: 'failed', last_error: { code: 'server_error', message: 'The upstream model sent nothing for 0.3 s.' } });
  });

  it('401: server_error with the upstream message; the key is in no error, row or journal', async () => {
    h.upstream.reply({ status: 401, error: { message: `Incorrect API key provided: ${KEY}.`, code: 'invalid_api_key' } });
    const run = await runOn('hi');
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'server_error', message: 'Incorrect API key provided: [redacted].' } });
    expect(h.upstream.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    const db = h.server.store.db;
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[];
    for (const table of tables) {
      const rows = db.prepare(`SELECT * FROM "${table}"`).all();
      expect(JSON.stringify(rows)).not.toContain('SECRET0123456789');
    }
    expect(JSON.stringify(h.server.journal())).not.toContain('SECRET0123456789');
  });

  it('finish_reason length: the message incomplete (max_tokens), the run incomplete (max_completion_tokens); the budget went upstream', async () => {
    h.upstream.reply({ text: 'This answer is cut', finish: 'length', usage: { prompt_tokens: 10, completion_tokens: 5 } });
    const run = await runOn('write a lot', { max_completion_tokens: 300 });
    expect(run).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' }, usage: { total_tokens: 15 } });
    expect(h.upstream.requests[0]!.body.max_completion_tokens).toBe(300);
    const [message] = (await beta.threads.messages.list(run.thread_id)).data;
    expect(message).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_tokens' } });
    expect(textOf(message!)).toBe('This answer is cut');
  });

  it('cancelling aborts the upstream request at once; the message ends run_cancelled', async () => {
    h.upstream.reply({ text: 'one two three four five six seven eight nine ten', delayMs: 100 });
    const assistant = await beta.assistants.create({ model: 'gpt-4o' });
    const thread = await beta.threads.create({ messages: [{ role: 'user', content: 'count slowly' }] });
    const stream = beta.threads.runs.stream(thread.id, { assistant_id: assistant.id });
    const events = reader(stream);
    const run = (await events.until('thread.run.created')).data as { id: string };
    await events.until('thread.message.delta');
    const cancelling = await beta.threads.runs.cancel(run.id, { thread_id: thread.id });
    expect(cancelling.status).toBe('cancelling');
    await expect.poll(() => h.upstream.requests[0]!.aborted, { timeout: 1000 }).toBe(true);
    await events.until('thread.run.cancelled');
    const [message] = (await beta.threads.messages.list(thread.id)).data;
    expect(message).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'run_cancelled' } });
    expect(textOf(message!).length).toBeLessThan('one two three four five six seven eight nine ten'.length);
  });

  it('a model that keeps calling tools is stopped after the bounded number of turns', async () => {
    h.upstream.fallback(() => ({ toolCalls: [{ name: 'file_search', arguments: '{"query":"again"}' }] }));
    const run = await runOn('loop', {}, [{ type: 'file_search' }]);
    expect(run).toMatchObject({ status: 'failed', last_error: { code: 'server_error', message: expect.stringContaining('3 turns') } });
    expect(h.upstream.requests).toHaveLength(3);
    const steps = (await beta.threads.runs.steps.list(run.id, { thread_id: run.thread_id })).data;
    expect(steps.map((s) => s.type)).toEqual(['tool_calls', 'tool_calls', 'tool_calls']);
  });
});

const hybrid = await startLiveHarness({
  scenarios: defineScenarios([{ name: 'pong', match: { message: 'ping' }, script: [{ say: 'pong (scripted)' }] }]),
  upstream: { models: { 'gpt-4o': 'qwen2.5:7b' } },
});

describe('hybrid mode and model names', () => {
  it('a run a scenario matches is scripted; any other goes to the model, under the mapped model name', async () => {
    const assistant = await hybrid.client.beta.assistants.create({ model: 'gpt-4o' });
    const scripted = await hybrid.client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'ping' }] } });
    expect(textOf((await hybrid.client.beta.threads.messages.list(scripted.thread_id)).data[0]!)).toBe('pong (scripted)');
    expect(hybrid.upstream.requests).toHaveLength(0);
    hybrid.upstream.reply({ text: 'live answer' });
    const live = await hybrid.client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'something else' }] } });
    expect(live).toMatchObject({ status: 'completed', model: 'gpt-4o' });
    expect(textOf((await hybrid.client.beta.threads.messages.list(live.thread_id)).data[0]!)).toBe('live answer');
    expect(hybrid.upstream.requests[0]!.body.model).toBe('qwen2.5:7b');
  });
});
