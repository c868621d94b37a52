import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * A request-body size limit that judges a body by its Content-Length without opening it. Hono's
 * `bodyLimit` opens the body stream even just to read that header, and a body opened and left unread
 * is never drained by @hono/node-server after an early answer (a 413, a 401): the connection stays
 * stuck behind it and is cut ~500 ms later, so a client that reuses it (httpx, under the Python SDK)
 * gets "Server disconnected without sending a response" on its next request. Unopened, the body is
 * drained and the connection serves the next request. Bodies of unknown length are counted as read.
 */
export function sizeLimit(maxSize: number, tooLarge: () => Error): MiddlewareHandler {
  const counted = bodyLimit({
    maxSize,
    onError: () => {
      throw tooLarge();
    },
  });
  return (c, next) => {
    const length = c.req.header('content-length');
    if (length === undefined || c.req.header('transfer-encoding') !== undefined) return counted(c, next);
    if (Number(length) > maxSize) throw tooLarge();
    return next();
  };
}
