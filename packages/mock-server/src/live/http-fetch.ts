import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

/** Statuses whose response has no body (a `Response` refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304]);

/**
 * The upstream SDK's `fetch`, over node:http(s) and their kept-alive global agents: the request's head
 * and body go out in one write, the answer's bytes reach the SDK as they come. Undici's fetch, in
 * the SDK's place, cost a live run's first delta ~0.5 ms of the server's time (its request and
 * response machinery) on a server that also streams to its client. The SDK above it keeps its retry
 * policy and timeouts (it aborts `signal`). Like undici's, a failure to connect or a dropped connection
 * rejects with `TypeError('fetch failed', { cause })`, an abort with the `AbortError`. Unlike it,
 * redirects are not followed and no compressed answer is asked for: a Chat Completions endpoint
 * answers where it is asked.
 */
export function httpFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  if (input instanceof Request) return Promise.reject(new TypeError('httpFetch takes a URL'));
  const url = new URL(input);
  const body = bodyBytes(init.body);
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  if (body) headers['content-length'] = String(body.byteLength);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const request = send(url, { method: init.method ?? 'GET', headers, ...(init.signal && { signal: init.signal }) }, (answer) => resolve(responseOf(answer)));
    request.on('error', (error) => reject(error.name === 'AbortError' ? error : new TypeError('fetch failed', { cause: error })));
    request.end(body);
  });
}

function bodyBytes(body: RequestInit['body']): Uint8Array | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return body;
  throw new TypeError('httpFetch sends a string or bytes');
}

function responseOf(answer: IncomingMessage): Response {
  const headers = new Headers();
  for (let i = 0; i < answer.rawHeaders.length; i += 2) headers.append(answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!);
  const status = answer.statusCode ?? 502;
  const body = NULL_BODY.has(status) ? (answer.resume(), null) : (Readable.toWeb(answer) as ReadableStream<Uint8Array>);
  return new Response(body, { status, statusText: answer.statusMessage ?? '', headers });
}
