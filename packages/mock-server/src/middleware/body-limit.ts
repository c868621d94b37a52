import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../errors.js';
import { sizeLimit } from './size-limit.js';

const METHODS_WITH_BODIES = new Set(['POST', 'PUT', 'PATCH']);

/**
 * 413 for a request body over `maxBytes`. Only where a body is read: asking a GET for its body makes
 * @hono/node-server build a full web Request, which costs about a third of a read's time.
 */
export function requestBodyLimit(maxBytes: number): MiddlewareHandler {
  const limit = sizeLimit(
    maxBytes,
    () => new ApiError(413, { message: `Request body too large. The maximum size is ${maxBytes} bytes.`, code: 'request_too_large' }),
  );
  return (c, next) => (METHODS_WITH_BODIES.has(c.req.method) ? limit(c, next) : next());
}
