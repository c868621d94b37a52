import type { MiddlewareHandler } from 'hono';
import { randomBytes } from 'node:crypto';

/** Headers the SDK reads: `x-request-id` (exposed as `_request_id`) and `openai-version`. */
export function responseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    const started = performance.now();
    c.header('x-request-id', `req_${randomBytes(16).toString('hex')}`);
    c.header('openai-version', '2020-10-01');
    await next();
    c.header('openai-processing-ms', String(Math.round(performance.now() - started)));
  };
}
