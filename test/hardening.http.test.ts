import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createMockServer } from '@assistants-mock/server';

const server = createMockServer({ allowedHosts: ['mock.test'] });
const url = new URL(await server.listen({ port: 0, host: '127.0.0.1' }));
afterAll(() => server.close());

/** Sends raw bytes on one connection; resolves with everything the server sent until it closed, and how it closed. */
function exchange(bytes: string | Buffer, { endAfterMs = 3_000 } = {}): Promise<{ text: string; reset: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    let reset = false;
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      reset = error.code === 'ECONNRESET' || error.code === 'EPIPE';
    });
    socket.on('close', () => resolve({ text: Buffer.concat(received).toString('utf8'), reset }));
    socket.write(bytes);
    setTimeout(() => socket.end(), endAfterMs).unref();
  });
}

/** Every HTTP response in `text` as status and parsed JSON body (Content-Length framing). */
function responses(text: string): { status: number; body: unknown }[] {
  const out: { status: number; body: unknown }[] = [];
  let rest = text;
  while (rest.startsWith('HTTP/1.1 ')) {
    const headEnd = rest.indexOf('\r\n\r\n');
    const head = rest.slice(0, headEnd);
    const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
    const body = Buffer.from(rest.slice(headEnd + 4)).subarray(0, length).toString('utf8');
    out.push({ status: Number(head.slice(9, 12)), body: JSON.parse(body) });
    rest = Buffer.from(rest.slice(headEnd + 4)).subarray(length).toString('utf8');
  }
  return out;
}

const openAIError = { error: { message: expect.any(String), type: 'invalid_request_error', param: null, code: expect.any(String) } };
const get = (path: string, host = `127.0.0.1:${url.port}`) => `GET ${path} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer k\r\n\r\n`;

describe('protocol-level refusals', () => {
  it('answer a request line over 16 KB with an OpenAI-shaped 431, and a 100 KB one without a reset', async () => {
    for (const size of [20_000, 150_000]) {
      const { text, reset } = await exchange(get(`/v1/assistants?after=${'a'.repeat(size)}`));
      expect(responses(text)).toEqual([{ status: 431, body: openAIError }]);
      expect(reset).toBe(false);
    }
  });

  it('answer a backslash or `*` in the path, and Content-Length with chunked, with OpenAI-shaped 400s', async () => {
    for (const request of [get('/v1/assistants\\x'), get('*'), `POST /v1/threads HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}`]) {
      const { text } = await exchange(request, { endAfterMs: 500 });
      const [answer] = responses(text);
      expect(answer, request.slice(0, 40)).toEqual({ status: 400, body: openAIError });
    }
  });

  it('finish the valid response a connection shares before refusing the bad request behind it', async () => {
    const valid = `GET /v1/assistants HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer k\r\nOpenAI-Beta: assistants=v2\r\n\r\n`;
    const { text, reset } = await exchange(valid + `GET /x HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n`, { endAfterMs: 500 });
    const [first, second] = responses(text);
    expect(first).toEqual({ status: 200, body: expect.objectContaining({ object: 'list' }) });
    expect(second).toEqual({ status: 400, body: openAIError });
    expect(reset).toBe(false);
  });
});

describe('DNS rebinding on a loopback-bound server', () => {
  it('refuses a Host that is not loopback with an OpenAI-shaped 403', async () => {
    const { text } = await exchange(get('/v1/assistants', 'evil.example:4141'), { endAfterMs: 300 });
    expect(responses(text)).toEqual([{ status: 403, body: {
      error: {
        message:
          "Host 'evil.example:4141' is not allowed: this server is bound to a loopback address and answers only requests addressed to localhost, 127.0.0.1 or [::1] (a guard against DNS rebinding). Start it with --allow-host evil.example (or the allowedHosts option) to allow that name.",
        type: 'invalid_request_error',
        param: null,
        code: 'host_not_allowed',
      },
    } }]);
  });

  it('answers loopback names and addresses, and the names it was told to allow', async () => {
    for (const host of ['localhost', `localhost:${url.port}`, 'app.localhost', '127.0.0.1', '127.8.9.10:80', '[::1]:4141', 'mock.test', 'MOCK.TEST', 'mock.test.:1']) {
      const { text } = await exchange(get('/v1/files', host), { endAfterMs: 300 });
      expect(responses(text)[0]?.status, host).toBe(200);
    }
  });
});
