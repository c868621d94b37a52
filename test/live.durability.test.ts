import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { createMockServer } from '@assistants-mock/server';
import { fakeUpstream } from './helpers/fake-upstream.js';
import { startLiveHarness, textOf } from './helpers/live-harness.js';
import { httpClient, startCli } from './helpers/cli.js';

describe('a restart in the middle of a live turn', () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-restart-'));
  const upstream = fakeUpstream();
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    return upstream.close();
  });
  const serverOn = () => createMockServer({ db: join(dir, 'mock.sqlite'), upstream: { baseURL: upstream.baseURL, fetch: upstream.fetch, maxRetries: 0 } });
  const clientOf = (server: ReturnType<typeof serverOn>) => new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-restart', fetch: server.fetch, maxRetries: 0 });

  it('asks the turn again on the next read: the run completes with one message and one step, nothing duplicated', async () => {
    upstream.reply({ text: 'first attempt that never finishes', stallAfter: 3 }, { text: 'The whole answer.', usage: { prompt_tokens: 7, completion_tokens: 4 } });
    const first = serverOn();
    const client = clientOf(first);
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    const run = await client.beta.threads.createAndRun({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'hello' }] } });
    await client.beta.threads.runs.retrieve(run.id, { thread_id: run.thread_id });
    await expect.poll(async () => (await client.beta.threads.messages.list(run.thread_id)).data.map(textOf)).toEqual(['first attempt', 'hello']);
    await first.close();

    const second = serverOn();
    const again = clientOf(second);
    const done = await again.beta.threads.runs.poll(run.id, { thread_id: run.thread_id });
    expect(done).toMatchObject({ status: 'completed', usage: { prompt_tokens: 7, completion_tokens: 4, total_tokens: 11 } });
    expect((await again.beta.threads.messages.list(run.thread_id)).data.map(textOf)).toEqual(['The whole answer.', 'hello']);
    const steps = (await again.beta.threads.runs.steps.list(run.id, { thread_id: run.thread_id })).data;
    expect(steps.map((s) => [s.type, s.status])).toEqual([['message_creation', 'completed']]);
    expect(upstream.requests.map((r) => r.body.messages)).toEqual([
      [{ role: 'user', content: 'hello' }],
      [{ role: 'user', content: 'hello' }],
    ]);
    await second.close();
  });
});

describe('a CLI killed in the middle of a streamed live turn', () => {
  const dir = mkdtempSync(join(tmpdir(), 'live-kill-'));
  const upstream = fakeUpstream();
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    return upstream.close();
  });
  const serve = async () => startCli(['serve', '--port', '0', '--db', join(dir, 'mock.sqlite'), '--upstream', await upstream.listen(), '--live-only']);

  it('the restarted server asks the turn again at start-up, before any client reads: one message, one step, the whole answer', async () => {
    upstream.reply({ text: 'first attempt that never finishes', stallAfter: 3 }, { text: 'The whole answer.', usage: { prompt_tokens: 7, completion_tokens: 4 } });
    const first = await serve();
    const client = httpClient(first.url, 'sk-kill');
    const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
    const stream = client.beta.threads.createAndRunStream({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'hello' }] } });
    const shown: string[] = [];
    stream.on('textDelta', (delta) => shown.push(delta.value ?? ''));
    stream.on('error', () => undefined); // the server dies under it
    await expect.poll(() => shown.join('')).toBe('first attempt');
    const runId = stream.currentRun()!.id;
    const threadId = stream.currentRun()!.thread_id;
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await serve();
    try {
      // No request has reached the new server: it took the turn up by itself.
      const asked = await upstream.received(2);
      expect(asked[1]!.body.messages).toEqual([{ role: 'user', content: 'hello' }]);
      const again = httpClient(second.url, 'sk-kill');
      const done = await again.beta.threads.runs.poll(runId, { thread_id: threadId });
      expect(done).toMatchObject({ status: 'completed', usage: { prompt_tokens: 7, completion_tokens: 4, total_tokens: 11 } });
      expect((await again.beta.threads.messages.list(threadId)).data.map(textOf)).toEqual(['The whole answer.', 'hello']);
      const steps = (await again.beta.threads.runs.steps.list(runId, { thread_id: threadId })).data;
      expect(steps.map((s) => [s.type, s.status])).toEqual([['message_creation', 'completed']]);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});

const h = await startLiveHarness({ upstream: { liveOnly: true, maxConcurrent: 1 } });

describe('the cap on concurrent upstream requests', () => {
  it('a run waits queued while another holds the only slot, then runs', async () => {
    h.upstream.reply({ text: 'slow answer', delayMs: 150 }, { text: 'second answer' });
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const first = await h.client.beta.threads.createAndRun({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'one' }] } });
    await h.client.beta.threads.runs.retrieve(first.id, { thread_id: first.thread_id });
    await h.upstream.received(1);
    const second = await h.client.beta.threads.createAndRun({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'two' }] } });
    const waiting = await h.client.beta.threads.runs.retrieve(second.id, { thread_id: second.thread_id });
    expect(waiting).toMatchObject({ status: 'queued', started_at: null });
    expect(h.upstream.requests).toHaveLength(1);
    const [a, b] = await Promise.all([
      h.client.beta.threads.runs.poll(first.id, { thread_id: first.thread_id }),
      h.client.beta.threads.runs.poll(second.id, { thread_id: second.thread_id }),
    ]);
    expect([a.status, b.status]).toEqual(['completed', 'completed']);
    expect(b.started_at).toBeGreaterThanOrEqual(a.started_at!);
  });

  it('after its tool outputs, a run waits queued again while another holds the slot', async () => {
    const tool = { type: 'function' as const, function: { name: 'lookup', parameters: { type: 'object', properties: {} } } };
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: [tool] });
    h.upstream.reply({ toolCalls: [{ name: 'lookup', arguments: '{}' }] });
    const waiting = await h.client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'look it up' }] } });
    expect(waiting.status).toBe('requires_action');
    // Read while waiting: nothing takes a slot for it yet.
    await h.client.beta.threads.runs.retrieve(waiting.id, { thread_id: waiting.thread_id });
    h.upstream.reply({ text: 'slow answer', delayMs: 150 }, { text: 'found it' });
    const other = await h.client.beta.threads.createAndRun({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'other' }] } });
    await h.upstream.received(2);
    const call = waiting.required_action!.submit_tool_outputs.tool_calls[0]!;
    const submitted = await h.client.beta.threads.runs.submitToolOutputs(waiting.id, { thread_id: waiting.thread_id, tool_outputs: [{ tool_call_id: call.id, output: '42' }] });
    expect(submitted.status).toBe('queued');
    expect((await h.client.beta.threads.runs.retrieve(waiting.id, { thread_id: waiting.thread_id })).status).toBe('queued');
    const [a, b] = await Promise.all([
      h.client.beta.threads.runs.poll(waiting.id, { thread_id: waiting.thread_id }),
      h.client.beta.threads.runs.poll(other.id, { thread_id: other.thread_id }),
    ]);
    expect([a.status, b.status]).toEqual(['completed', 'completed']);
    expect(h.upstream.requests).toHaveLength(3);
  });
});
