import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';

/**
 * CORS for browser apps (`new OpenAI({ dangerouslyAllowBrowser: true, baseURL })`): preflights are
 * answered, with the request's own headers allowed back (the SDK sends `authorization`, `openai-beta`,
 * `content-type` and a changing set of `x-stainless-*`), and the headers the SDK reads are exposed.
 * Requests without an `Origin` (every non-browser client) skip it: headers added here would make
 * every response be rebuilt.
 */
export function browserCors(): MiddlewareHandler {
  const handler = cors({
    origin: '*',
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    exposeHeaders: ['openai-poll-after-ms', 'x-request-id', 'openai-version', 'retry-after', 'retry-after-ms'],
    maxAge: 600,
  });
  return (c, next) => (c.req.header('origin') === undefined ? next() : handler(c, next));
}
