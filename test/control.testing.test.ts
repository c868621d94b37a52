import { afterAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { connectAssistantsMock, startAssistantsMock } from '@assistants-mock/server/testing';
import { VERSION } from '@assistants-mock/server';
import { apiError } from './helpers/errors.js';

// The plain helpers any test runner can use, and the control routes under them, over a real socket.
const server = await startAssistantsMock();
afterAll(() => server.close());
const origin = new URL(server.url).origin;
const session = (clientOptions: ConstructorParameters<typeof OpenAI>[0] = { maxRetries: 0 }) =>
  connectAssistantsMock(server.url, { clientOptions });

const answerOf = async (client: OpenAI, text: string, name = 'Tester') => {
  const assistant = await client.beta.assistants.create({ model: 'gpt-4o', name });
  const run = await client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: text }] } });
  const [message] = (await client.beta.threads.messages.list(run.thread_id)).data;
  return message?.role === 'assistant' && message.content[0]?.type === 'text' ? message.content[0].text.value : run.status;
};

describe('GET /__assistants_mock/health', () => {
  it('answers without a key: ready, the package version, object counts', async () => {
    const { client } = session();
    await client.beta.assistants.create({ model: 'gpt-4o' });
    const response = await fetch(`${origin}/__assistants_mock/health`);
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toEqual({
      status: 'ok',
      ready: true,
      version: VERSION,
      counts: { assistants: expect.any(Number), threads: expect.any(Number), messages: expect.any(Number), runs: expect.any(Number), files: expect.any(Number), vector_stores: expect.any(Number) },
    });
    expect(body.counts.assistants).toBeGreaterThanOrEqual(1);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('scenarios per key', () => {
  it('use() puts scenarios in front for this key only, GET lists those in force, reset() drops them', async () => {
    const mine = session();
    const theirs = session();
    await mine.use({ name: 'greeting', match: { message: 'hello' }, script: [{ say: 'Hi from my scenario' }] });
    expect(await answerOf(mine.client, 'hello there')).toBe('Hi from my scenario');
    expect(await answerOf(theirs.client, 'hello there')).toBe('failed');

    const inForce = async (apiKey: string) =>
      (await (await fetch(`${origin}/__assistants_mock/scenarios`, { headers: { authorization: `Bearer ${apiKey}` } })).json()).data as { name: string }[];
    const names = (await inForce(mine.apiKey)).map((scenario) => scenario.name);
    expect(names[0]).toBe('greeting');
    expect(names).toContain('prime-cube');
    expect((await inForce(theirs.apiKey)).map((scenario) => scenario.name)).not.toContain('greeting');

    await mine.reset();
    expect((await inForce(mine.apiKey)).map((scenario) => scenario.name)).not.toContain('greeting');
  });

  it('use() refuses a mistake where it was written, naming scenario and field', async () => {
    await expect(session().use({ name: 'typo', script: [{ sya: 'hi' } as never] })).rejects.toThrow(
      'use(): scenario "typo", script[0]: a step needs exactly one of say, call, code_interpreter, file_search, fail, incomplete, empty (got sya)',
    );
  });
});

describe('the request journal', () => {
  it('lists every request of the key with method, path, status and the objects involved, and nothing of other keys', async () => {
    const mine = session();
    const theirs = session();
    const thread = await mine.client.beta.threads.create();
    const message = await mine.client.beta.threads.messages.create(thread.id, { role: 'user', content: 'hi' });
    await apiError(mine.client.beta.threads.retrieve('thread_missing'));
    await theirs.client.beta.threads.create();
    expect((await mine.requests()).map(({ method, path, status, objectIds }) => ({ method, path, status, objectIds }))).toEqual([
      { method: 'POST', path: '/v1/threads', status: 200, objectIds: [thread.id] },
      { method: 'POST', path: `/v1/threads/${thread.id}/messages`, status: 200, objectIds: [thread.id, message.id] },
      { method: 'GET', path: '/v1/threads/thread_missing', status: 404, objectIds: ['thread_missing'] },
    ]);
    expect(await theirs.requests()).toHaveLength(1);
  });
});

describe('fault injection', () => {
  it('429 with retry-after: the SDK retries after it and succeeds; the journal shows both attempts', async () => {
    const mine = session({ maxRetries: 2 });
    await mine.fault({ method: 'POST', path: '/threads', status: 429, retryAfterMs: 10 });
    const thread = await mine.client.beta.threads.create();
    expect(thread.id).toMatch(/^thread_/);
    expect((await mine.requests()).map((request) => [request.status, request.fault])).toEqual([[429, 429], [200, undefined]]);
  });

  it('answers 429, 500 and 503 in OpenAI’s error shapes, for the next N matching requests of that key only', async () => {
    const mine = session();
    const other = session();
    const raw = (apiKey: string) => fetch(`${server.url}/assistants`, { headers: { authorization: `Bearer ${apiKey}`, 'openai-beta': 'assistants=v2' } });
    await mine.fault({ path: '/v1/assistants', status: 429, times: 2, retryAfterMs: 2500 });
    const limited = await raw(mine.apiKey);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('retry-after-ms')).toBe('2500');
    expect(await limited.json()).toEqual({
      error: { message: 'Rate limit reached for requests. Please try again later.', type: 'requests', param: null, code: 'rate_limit_exceeded' },
    });
    expect((await raw(other.apiKey)).status).toBe(200);
    expect((await raw(mine.apiKey)).status).toBe(429);
    expect((await raw(mine.apiKey)).status).toBe(200);

    await mine.fault({ path: '/assistants', status: 500 });
    const failed = await apiError(mine.client.beta.assistants.list());
    expect(failed.error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(failed.body).toEqual({ message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null });

    await mine.fault({ path: '/assistants', status: 503 });
    const unavailable = await apiError(mine.client.beta.assistants.list());
    expect(unavailable.status).toBe(503);
    expect(unavailable.body).toEqual({ message: 'The server is overloaded or not ready yet.', type: 'server_error', param: null, code: null });
  });

  it('`*` stands for one path segment; latency delays the real answer', async () => {
    const mine = session();
    const thread = await mine.client.beta.threads.create();
    await mine.fault({ method: 'GET', path: '/threads/*/messages', latencyMs: 150 });
    const started = performance.now();
    await mine.client.beta.threads.messages.list(thread.id);
    // Only the order of magnitude: the delay is a timer on the server.
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const last = (await mine.requests()).at(-1);
    expect(last).toMatchObject({ method: 'GET', status: 200, fault: 'latency' });
  });

  it('refuses a fault it cannot play, with a 400 naming the field', async () => {
    const mine = session();
    const response = await fetch(`${origin}/__assistants_mock/faults`, {
      method: 'POST',
      headers: { authorization: `Bearer ${mine.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ path: '/assistants', status: 404 }),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ type: 'invalid_request_error', param: 'status' });
  });
});

describe('DELETE /__assistants_mock/data', () => {
  it('forgets one key’s objects, threads with their messages and runs, files with their vector stores; other keys keep theirs', async () => {
    const mine = session();
    const theirs = session();
    const assistant = await mine.client.beta.assistants.create({ model: 'gpt-4o', name: '수학 선생님', tools: [{ type: 'code_interpreter' }] });
    const run = await mine.client.beta.threads.createAndRunPoll({
      assistant_id: assistant.id,
      thread: { messages: [{ role: 'user', content: '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?' }] },
    });
    expect(run.status).toBe('completed');
    const file = await mine.client.files.create({ file: new File(['some words to index'], 'notes.txt'), purpose: 'assistants' });
    const store = await mine.client.vectorStores.create({ file_ids: [file.id] });
    const kept = await theirs.client.beta.assistants.create({ model: 'gpt-4o' });

    await mine.reset({ data: true });
    await expect(mine.client.beta.assistants.retrieve(assistant.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(mine.client.beta.threads.retrieve(run.thread_id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(mine.client.files.retrieve(file.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(mine.client.vectorStores.retrieve(store.id)).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    expect((await mine.client.beta.assistants.list()).data).toEqual([]);
    expect(await theirs.client.beta.assistants.retrieve(kept.id)).toEqual(kept);
    // The journal was cleared too: only the requests made since.
    expect((await mine.requests()).map((request) => request.path)).toEqual([
      `/v1/assistants/${assistant.id}`, `/v1/threads/${run.thread_id}`, `/v1/files/${file.id}`, `/v1/vector_stores/${store.id}`, '/v1/assistants',
    ]);
  });
});

describe('CORS, for browser apps', () => {
  it('answers a preflight allowing the headers the SDK sends, and exposes the ones it reads', async () => {
    const preflight = await fetch(`${server.url}/threads`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,openai-beta,x-stainless-os,x-stainless-retry-count',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization,content-type,openai-beta,x-stainless-os,x-stainless-retry-count');

    const { apiKey } = session();
    const response = await fetch(`${server.url}/threads`, {
      method: 'POST',
      headers: { origin: 'http://localhost:5173', authorization: `Bearer ${apiKey}`, 'openai-beta': 'assistants=v2' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toContain('x-request-id');
    expect(response.headers.get('access-control-expose-headers')).toContain('openai-poll-after-ms');
  });
});
