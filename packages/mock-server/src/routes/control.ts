import { Hono } from 'hono';
import { FixtureError, parseFixtureText, validateFixture, type Scenario } from '@assistants-mock/fixtures';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors.js';
import { faultRuleSchema } from '../faults.js';
import { bearerAuth } from '../middleware/auth.js';
import { requestBodyLimit } from '../middleware/body-limit.js';
import { readBody, readJson } from '../request.js';
import { countObjects, deleteOwnerData } from '../store/owner-data.js';
import { VERSION } from '../version.js';

/**
 * Not part of the OpenAI API: what a test suite in another process or language needs from a running
 * server (what `server.useFor(key, ...)`, `reset(key)`, `injectFault(key, ...)` do in process).
 * Everything but `health` is scoped to the bearer key, so parallel test runs stay apart.
 */
export function controlRoutes(deps: AppDeps) {
  const { store, scenarios, journal, requests, faults } = deps;
  const scoped = new Hono<AppEnv>();
  // Only on these paths: other pages under /__assistants_mock/ (the inspector's) are not scoped to a key.
  for (const path of ['/scenarios', '/journal', '/requests', '/faults', '/data']) {
    scoped.use(path, requestBodyLimit(deps.maxBodyBytes), bearerAuth(deps.apiKey));
  }
  scoped
    .get('/scenarios', (c) => c.json({ object: 'list', data: scenarios.for(c.var.owner) }))
    .post('/scenarios', async (c) => {
      const format = /json/i.test(c.req.header('content-type') ?? '') ? 'json' : 'yaml';
      // JSON goes through the bounded body reader (request.ts); YAML is bounded by the fixture loader.
      const loaded = format === 'json' ? fixtureOrThrow(validateFixture, await readJson(c)) : fixtureOrThrow(parseFixtureText, await c.req.text());
      scenarios.useFor(c.var.owner, ...loaded);
      return c.json({ object: 'list', data: loaded.map((scenario) => scenario.name) });
    })
    .delete('/scenarios', (c) => {
      scenarios.reset(c.var.owner);
      return c.json({ deleted: true });
    })
    // Runs that no scenario matched, with the nearest scenario and why it did not match.
    .get('/journal', (c) => c.json({ object: 'list', data: journal.filter((entry) => entry.owner === c.var.owner) }))
    .get('/requests', (c) => c.json({ object: 'list', data: requests.list(c.var.owner) }))
    .delete('/requests', (c) => {
      requests.clear(c.var.owner);
      return c.json({ deleted: true });
    })
    .get('/faults', (c) => c.json({ object: 'list', data: faults.list(c.var.owner) }))
    .post('/faults', async (c) => c.json(faults.add(c.var.owner, await readBody(c, faultRuleSchema))))
    .delete('/faults', (c) => {
      faults.clear(c.var.owner);
      return c.json({ deleted: true });
    })
    .delete('/data', (c) => c.json({ deleted: true, counts: deleteOwnerData(store, c.var.owner) }));

  return new Hono<AppEnv>()
    // For readiness probes: no key needed, nothing of any key's shown but totals.
    .get('/health', (c) => c.json({ status: 'ok', ready: true, version: VERSION, counts: countObjects(store) }))
    .route('/', scoped);
}

function fixtureOrThrow<T>(read: (input: T, label: string) => Scenario[], input: T) {
  try {
    return read(input, 'request body');
  } catch (error) {
    if (!(error instanceof FixtureError)) throw error;
    throw new ApiError(400, { message: error.message, param: error.field, code: 'invalid_fixture' });
  }
}
