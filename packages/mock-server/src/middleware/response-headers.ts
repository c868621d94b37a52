import type { MiddlewareHandler } from 'hono';
import { randomUUID } from 'node:crypto';

/**
 * Headers the SDK reads: `x-request-id` (exposed as `_request_id`) and `openai-version`. Set before the
 * handler runs: a header added to a finished response makes @hono/node-server rebuild it, which costs
 * more than the rest of a read (so the real service's `openai-processing-ms`, which no SDK reads, is left out).
 */
export function responseHeaders(): MiddlewareHandler {
  return async (c, next) => {
    c.header('x-request-id', newRequestId());
    c.header('openai-version', OPENAI_VERSION);
    await next();
  };
}

export const OPENAI_VERSION = '2020-10-01';
export const newRequestId = () => `req_${randomUUID().replaceAll('-', '')}`;
