import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { httpFetch } from './http-fetch.js';

const server = createServer((req, res) => {
  let body = '';
  req.on('data', (part) => (body += part));
  req.on('end', () => {
    if (req.url === '/empty') return void res.writeHead(204).end();
    res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
    res.end(JSON.stringify({ method: req.method, body, length: req.headers['content-length'], auth: req.headers.authorization }));
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe('httpFetch', () => {
  it("sends the method, headers and body (its byte length) and answers a Response with the server's status, headers and bytes", async () => {
    const response = await httpFetch(`${base}/echo`, { method: 'POST', headers: { Authorization: 'Bearer k' }, body: '{"q":"é"}' });
    expect([response.status, response.headers.get('content-type'), response.headers.get('set-cookie')]).toEqual([201, 'application/json', 'a=1, b=2']);
    expect(await response.json()).toEqual({ method: 'POST', body: '{"q":"é"}', length: '10', auth: 'Bearer k' });
  });

  it('answers a 204 with no body', async () => {
    const response = await httpFetch(`${base}/empty`, { method: 'POST', body: '{}' });
    expect([response.status, response.body]).toEqual([204, null]);
  });

  it("fails as undici's fetch does: `fetch failed` with the cause when nothing listens, the AbortError when aborted", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    await expect(httpFetch(`http://127.0.0.1:${port}/`, {})).rejects.toMatchObject({ name: 'TypeError', message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
    await expect(httpFetch(`${base}/echo`, { method: 'POST', body: '{}', signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
