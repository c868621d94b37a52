import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { ApiError, type ApiErrorBody } from '../errors.js';

/** How long a refused connection is kept reading (and dropping) what the client still sends. */
const LINGER_MS = 2_000;

/**
 * Requests Node's HTTP parser refuses before any handler runs (a request line and headers over
 * `maxHeaderSize`, Content-Length with chunked encoding, bytes that are not HTTP) are answered in
 * OpenAI's error shape instead of Node's bare status line. A response still being written on the same
 * connection is finished first; the connection is then closed gently: what the client is still sending
 * is read and dropped for a while, so the kernel never resets it under the client's feet.
 */
export function answerProtocolErrors(server: Server): void {
  const answered = new WeakSet<Duplex>();
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (answered.has(socket)) return;
    answered.add(socket);
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const inFlight = (socket as Duplex & { _httpMessage?: { writableFinished: boolean; once(event: 'finish' | 'close', listener: () => void): void } })._httpMessage;
    const answer = () => {
      if (socket.writable) socket.end(rawResponse(refusalFor(error)));
      socket.on('data', () => undefined);
      socket.resume();
      setTimeout(() => socket.destroy(), LINGER_MS).unref();
    };
    if (inFlight && !inFlight.writableFinished) {
      inFlight.once('finish', answer);
      inFlight.once('close', answer);
    } else answer();
  });
}

function refusalFor(error: NodeJS.ErrnoException): ApiError {
  switch (error.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new ApiError(431, {
        message: 'Request header fields too large: the request line and headers may be at most 16 KB together.',
        code: 'request_header_fields_too_large',
      });
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return new ApiError(413, { message: 'Request body too large: its chunk extensions are too long.', code: 'request_too_large' });
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new ApiError(408, { message: 'Request timed out: the request did not arrive in time.', code: 'request_timeout' });
    default:
      return new ApiError(400, {
        message: `Bad request: the HTTP request could not be parsed (${String(error.code ?? 'parse error').slice(0, 60)}: ${(error.message ?? '').slice(0, 200)}).`,
        code: 'invalid_request',
      });
  }
}

const REASONS: Record<number, string> = { 400: 'Bad Request', 408: 'Request Timeout', 413: 'Payload Too Large', 431: 'Request Header Fields Too Large' };

function rawResponse(error: ApiError): string {
  const body = JSON.stringify({ error: error.body satisfies ApiErrorBody });
  return [
    `HTTP/1.1 ${error.status} ${REASONS[error.status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/** A request @hono/node-server cannot turn into a URL (a backslash or `*` in the path, a bad Host): a 400 in OpenAI's shape. */
export function unparsableRequest(error: unknown): Response {
  const reason = error instanceof Error ? error.message.slice(0, 200) : 'unreadable request';
  const refusal = new ApiError(400, { message: `Invalid URL: the request target could not be read (${reason}).`, code: 'invalid_url' });
  return Response.json({ error: refusal.body }, { status: 400 });
}
