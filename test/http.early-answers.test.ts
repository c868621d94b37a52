import { afterAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { createMockServer, type MockServer } from '@assistants-mock/server';

// An answer given before the request body is read (a 413 judged from Content-Length, a 401) must leave
// the keep-alive connection usable: clients reuse it at once (httpx under the Python SDK always does;
// undici was cut off mid-upload and reported a connection error instead of the 413).
const servers: MockServer[] = [];
afterAll(() => Promise.all(servers.map((server) => server.close())));

async function serve(options: Parameters<typeof createMockServer>[0]) {
  const server = createMockServer(options);
  servers.push(server);
  return Number(new URL(await server.listen({ port: 0 })).port);
}

interface Answer {
  status: number;
  body: string;
}

/** One raw HTTP/1.1 connection: each request is written whole, then its answer read (as httpx does). */
function connection(port: number) {
  const socket = connect(port, '127.0.0.1');
  let received = Buffer.alloc(0);
  let closed = false;
  let wake = () => {};
  socket.on('data', (chunk) => {
    received = Buffer.concat([received, chunk]);
    wake();
  });
  socket.on('close', () => {
    closed = true;
    wake();
  });
  socket.on('error', () => undefined);

  const takeAnswer = (): Answer | null => {
    const headEnd = received.indexOf('\r\n\r\n');
    if (headEnd === -1) return null;
    const head = received.subarray(0, headEnd).toString('latin1');
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    const end = headEnd + 4 + length;
    if (received.length < end) return null;
    const answer = { status: Number(head.split(' ')[1]), body: received.subarray(headEnd + 4, end).toString('utf8') };
    received = received.subarray(end);
    return answer;
  };

  return {
    async send(request: Buffer): Promise<Answer> {
      socket.write(request);
      for (;;) {
        const answer = takeAnswer();
        if (answer) return answer;
        if (closed) throw new Error('the server closed the connection without answering');
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    close: () => socket.destroy(),
  };
}

function request(method: string, path: string, headers: Record<string, string>, body = Buffer.alloc(0)): Buffer {
  const lines = [`${method} ${path} HTTP/1.1`, 'Host: 127.0.0.1', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  if (body.length > 0) lines.push(`Content-Length: ${body.length}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), body]);
}

function multipartUpload(apiKey: string, bytes: number): Buffer {
  const boundary = 'early-answer-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nbatch\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.txt"\r\nContent-Type: text/plain\r\n\r\n`),
    Buffer.alloc(bytes, 'x'),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return request('POST', '/v1/files', { Authorization: `Bearer ${apiKey}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` }, body);
}

const listFiles = (apiKey: string) => request('GET', '/v1/files', { Authorization: `Bearer ${apiKey}` });
const TWO_MB = 2 * 1024 * 1024;

describe('an answer given before the request body is read', () => {
  it('a 413 for an upload over the limit: the next request on the connection is answered', async () => {
    const http = connection(await serve({ maxUploadBytes: 1000 }));
    const rejected = await http.send(multipartUpload('sk-early', TWO_MB));
    expect([rejected.status, JSON.parse(rejected.body).error.code]).toEqual([413, 'file_too_large']);
    const next = await http.send(listFiles('sk-early'));
    expect([next.status, JSON.parse(next.body)]).toEqual([200, { object: 'list', data: [], first_id: null, last_id: null, has_more: false }]);
    http.close();
  });

  it('a 413 for a JSON body over the limit: the next request on the connection is answered', async () => {
    const http = connection(await serve({ maxBodyBytes: 4096 }));
    const body = Buffer.from(JSON.stringify({ model: 'gpt-4o', instructions: 'x'.repeat(TWO_MB) }));
    const headers = { Authorization: 'Bearer sk-early', 'OpenAI-Beta': 'assistants=v2', 'Content-Type': 'application/json' };
    const rejected = await http.send(request('POST', '/v1/assistants', headers, body));
    expect([rejected.status, JSON.parse(rejected.body).error.code]).toEqual([413, 'request_too_large']);
    expect((await http.send(listFiles('sk-early'))).status).toBe(200);
    http.close();
  });

  it('a 401 for an upload with the wrong key: the next request on the connection is answered', async () => {
    const http = connection(await serve({ apiKey: 'sk-the-only-key-0000' }));
    const rejected = await http.send(multipartUpload('sk-wrong-key-00000000', TWO_MB));
    expect([rejected.status, JSON.parse(rejected.body).error.code]).toEqual([401, 'invalid_api_key']);
    expect((await http.send(listFiles('sk-the-only-key-0000'))).status).toBe(200);
    http.close();
  });
});
