import { Hono } from 'hono';
import { FixtureError, parseFixtureText, validateFixture, type Scenario } from '@assistants-mock/fixtures';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors.js';
import { readJson } from '../request.js';

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
      // JSON goes through the bounded body reader (request.ts); YAML is bounded by the fixture loader.
      const loaded = format === 'json' ? fixtureOrThrow(validateFixture, await readJson(c)) : fixtureOrThrow(parseFixtureText, await c.req.text());
      scenarios.useFor(owner, ...loaded);
      return c.json({ object: 'list', data: loaded.map((scenario) => scenario.name) });
    })
    .delete('/scenarios', (c) => {
      scenarios.reset(c.var.owner);
      return c.json({ deleted: true });
    })
    .get('/journal', (c) => c.json({ object: 'list', data: journal.filter((entry) => entry.owner === c.var.owner) }));
}

function fixtureOrThrow<T>(read: (input: T, label: string) => Scenario[], input: T) {
  try {
    return read(input, 'request body');
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error;
    throw new ApiError(400, { message: error.message, param: error.field, code: 'invalid_fixture' });
  }
}
