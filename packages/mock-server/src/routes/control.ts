import { Hono } from 'hono';
import { FixtureError, parseFixtureText } from '@assistants-mock/fixtures';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors.js';

/**
 * Not part of the OpenAI API: per-key scenario overrides over HTTP, for tests that talk to a running
 * server from another process or language (what `server.useFor(key, ...)` and `reset(key)` do in
 * process). Everything is scoped to the bearer key, so parallel test runs stay apart.
 */
export function controlRoutes({ scenarios, journal }: AppDeps) {
  return new Hono<AppEnv>()
    .post('/scenarios', async (c) => {
      const owner = c.var.owner;
      const format = /json/i.test(c.req.header('content-type') ?? '') ? 'json' : 'yaml';
      const loaded = parseOrThrow(await c.req.text(), format);
      scenarios.useFor(owner, ...loaded);
      return c.json({ object: 'list', data: loaded.map((scenario) => scenario.name) });
    })
    .delete('/scenarios', (c) => {
      scenarios.reset(c.var.owner);
      return c.json({ deleted: true });
    })
    .get('/journal', (c) => c.json({ object: 'list', data: journal.filter((entry) => entry.owner === c.var.owner) }));
}

function parseOrThrow(text: string, format: 'yaml' | 'json') {
  try {
    return parseFixtureText(text, 'request body', format);
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error;
    throw new ApiError(400, { message: error.message, param: error.field, code: 'invalid_fixture' });
  }
}
