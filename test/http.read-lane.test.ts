import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { request } from 'node:http';
import { createMockServer, type MockServer } from '@assistants-mock/server';

// The socket answers the hottest reads (a message, a page of a thread's messages) without going through
// the app (middleware/read-lane.ts). What a client sees must be what the app answers: the same status,
// headers (names, case and order), body bytes and journal entry. A request the lane leaves to the app
// (the same read written in a way only the app's parsing accepts) is the reference.
const KEY = 'sk-read-lane';
const HEADERS = { authorization: `Bearer ${KEY}`, 'openai-beta': 'assistants=v2' };

let server: MockServer;
let port: number;
let threadId: string;
let messageIds: string[];
let appCalls: ReturnType<typeof vi.spyOn>;

beforeAll(async () => {
  server = createMockServer();
  port = Number(new URL(await server.listen({ port: 0 })).port);
  const post = (path: string, body: unknown) =>
    server.fetch(`${server.baseURL}${path}`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  threadId = ((await (await post('/threads', {})).json()) as { id: string }).id;
  messageIds = [];
  for (const content of ['first', 'second', 'third']) messageIds.push(((await (await post(`/threads/${threadId}/messages`, { role: 'user', content })).json()) as { id: string }).id);
  appCalls = vi.spyOn(server.app, 'fetch');
});
afterAll(() => server.close());

interface Answer {
  status: number;
  /** Header lines as sent, but for those that differ on every answer (its date, its request id). */
  head: string[];
  requestId: string;
  body: string;
  /** Whether the app (rather than the lane) answered. */
  byApp: boolean;
}

function get(path: string, headers: Record<string, string | string[]> = HEADERS): Promise<Answer> {
  const before = appCalls.mock.calls.length;
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        const head: string[] = [];
        let requestId = '';
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const [name, value] = [res.rawHeaders[i]!, res.rawHeaders[i + 1]!];
          if (name === 'x-request-id') requestId = value;
          head.push(name === 'Date' ? 'Date' : name === 'x-request-id' ? name : `${name}: ${value}`);
        }
        resolve({ status: res.statusCode!, head, requestId, body, byApp: appCalls.mock.calls.length > before });
      });
    })
      .on('error', reject)
      .end();
  });
}

const lastJournaled = () => {
  const { at: _at, ...entry } = server.requests(KEY).at(-1)!;
  return entry;
};

describe('reads answered on the socket', () => {
  it('a message: the same status, headers, body and journal entry as the app gives', async () => {
    const id = messageIds[1]!;
    const viaApp = await get(`/v1/threads/${threadId}/messages/${id.replace('_', '%5F')}`);
    const appEntry = lastJournaled();
    const viaLane = await get(`/v1/threads/${threadId}/messages/${id}`);
    expect([viaApp.byApp, viaLane.byApp]).toEqual([true, false]);
    expect({ ...viaLane, byApp: true }).toEqual({ ...viaApp, requestId: viaLane.requestId });
    expect(viaLane.requestId).toMatch(/^req_[0-9a-f]{32}$/);
    expect(viaLane.requestId).not.toBe(viaApp.requestId);
    expect(JSON.parse(viaLane.body)).toMatchObject({ id, object: 'thread.message', thread_id: threadId });
    expect(lastJournaled()).toEqual({ ...appEntry, path: `/v1/threads/${threadId}/messages/${id}` });
  });

  it('a run, played forward by the poll: the same status, headers, body and journal entry as the app gives', async () => {
    server.useFor(KEY, { name: 'lane', match: { message: 'lane' }, script: [{ say: 'Laned.' }] });
    const post = (path: string, body: unknown) =>
      server.fetch(`${server.baseURL}${path}`, { method: 'POST', headers: { ...HEADERS, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const assistant = (await (await post('/assistants', { model: 'gpt-4o' })).json()) as { id: string };
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const thread = (await (await post('/threads', { messages: [{ role: 'user', content: 'lane' }] })).json()) as { id: string };
      runs.push((await (await post(`/threads/${thread.id}/runs`, { assistant_id: assistant.id })).json()) as { id: string; thread_id: string });
    }
    const [first, second] = runs as [{ id: string; thread_id: string }, { id: string; thread_id: string }];
    // Each read plays its run from queued to completed: the lane's writes are the app's.
    const viaApp = await get(`/v1/threads/${first.thread_id}/runs/${first.id.replace('_', '%5F')}`);
    const appEntry = lastJournaled();
    const viaLane = await get(`/v1/threads/${second.thread_id}/runs/${second.id}`);
    expect([viaApp.byApp, viaLane.byApp]).toEqual([true, false]);
    const sameRun = (body: string, run: { id: string; thread_id: string }) => body.replaceAll(run.id, 'RUN').replaceAll(run.thread_id, 'THREAD');
    expect({ ...viaLane, body: sameRun(viaLane.body, second), byApp: true }).toEqual({ ...viaApp, body: sameRun(viaApp.body, first), requestId: viaLane.requestId });
    expect(JSON.parse(viaLane.body)).toMatchObject({ id: second.id, object: 'thread.run', status: 'completed' });
    expect(viaLane.head).toContain('openai-poll-after-ms: 1');
    expect(lastJournaled()).toEqual({ ...appEntry, path: `/v1/threads/${second.thread_id}/runs/${second.id}`, objectIds: [second.thread_id, second.id] });
    const messages = (await (await server.fetch(`${server.baseURL}/threads/${second.thread_id}/messages`, { headers: HEADERS })).json()) as { data: { role: string }[] };
    expect(messages.data.map((message) => message.role)).toEqual(['assistant', 'user']);
  });

  it.each([
    ['', '?limit=020'],
    ['?limit=2', '?limit=2.0'],
    [`?order=asc&after=${'{0}'}`, `?order=asc&after=${'{0}'}&order=asc`],
    [`?limit=1&before=${'{0}'}`, `?limit=01&before=${'{0}'}`],
  ])('a page of messages (%s): the same as the app gives', async (plain, appOnly) => {
    const fill = (query: string) => query.replace(/\{(\d)\}/g, (_, i: string) => messageIds[Number(i)]!);
    const viaApp = await get(`/v1/threads/${threadId}/messages${fill(appOnly)}`);
    const appEntry = lastJournaled();
    const viaLane = await get(`/v1/threads/${threadId}/messages${fill(plain)}`);
    expect([viaApp.byApp, viaLane.byApp]).toEqual([true, false]);
    expect({ ...viaLane, byApp: true }).toEqual({ ...viaApp, requestId: viaLane.requestId });
    expect(JSON.parse(viaLane.body).data.length).toBeGreaterThan(0);
    expect(lastJournaled()).toEqual(appEntry);
  });

  it.each([
    ['a message that does not exist', () => `/v1/threads/${threadId}/messages/msg_doesnotexist`, HEADERS, 404],
    ['an empty page of a thread that does not exist', () => '/v1/threads/thread_doesnotexist/messages', HEADERS, 404],
    ['no key', () => `/v1/threads/${threadId}/messages`, { 'openai-beta': 'assistants=v2' }, 401],
    ['no beta header', () => `/v1/threads/${threadId}/messages`, { authorization: `Bearer ${KEY}` }, 400],
    ['a limit out of range', () => `/v1/threads/${threadId}/messages?limit=101`, HEADERS, 400],
    ['a browser origin', () => `/v1/threads/${threadId}/messages`, { ...HEADERS, origin: 'http://localhost:3000' }, 200],
    ['two Authorization headers', () => `/v1/threads/${threadId}/messages`, { ...HEADERS, authorization: [`Bearer ${KEY}`, `Bearer ${KEY}`] }, 401],
  ])('%s: left to the app', async (_, path, headers, status) => {
    const answer = await get(path(), headers);
    expect([answer.status, answer.byApp]).toEqual([status, true]);
  });

  it('a host the loopback guard refuses: still refused (the guard answers before the app)', async () => {
    const refused = await get(`/v1/threads/${threadId}/messages`, { ...HEADERS, host: 'rebound.example' });
    expect([refused.status, JSON.parse(refused.body).error.code]).toEqual([403, 'host_not_allowed']);
  });

  it('a fault injected for a read still answers it', async () => {
    server.injectFault(KEY, { path: '/threads/*/messages', method: 'GET', status: 503 });
    const faulted = await get(`/v1/threads/${threadId}/messages`);
    expect([faulted.status, JSON.parse(faulted.body).error.type]).toEqual([503, 'server_error']);
    expect((await get(`/v1/threads/${threadId}/messages`)).byApp).toBe(false);
  });
});
