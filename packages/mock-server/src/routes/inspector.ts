import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { AppDeps, AppEnv } from '../deps.js';
import { notFound } from '../errors.js';
import { bearerAuth } from '../middleware/auth.js';
import { presentStep } from '../objects/run-step.js';
import { parseOrThrow } from '../validation.js';
import { streamRun } from '../streaming/run-stream.js';
import { pageAssets } from '../inspector/assets.js';
import { INSPECTOR_HTML } from '../inspector/shell.js';
import { missScenarioYaml } from '../inspector/miss-scenario.js';
import { findThread } from './threads.js';
import { scriptedState } from '../store/run-history.js';

const pageQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), after: z.string().optional() });

/**
 * The inspector (not part of the OpenAI API): `GET /__assistants_mock/` serves a page, and the routes
 * under `/inspector` give it what the API does not show: threads of a key newest first, each run's
 * status history and what played it, the runs that changed lately, a run's events as they happen, the
 * unmatched runs as scenarios to fill in, and the scenarios in force. The page itself needs no key (a
 * browser cannot send one on navigation); every data route is scoped to the bearer key, as the API is.
 */
export function inspectorRoutes(deps: AppDeps) {
  const assets = pageAssets();
  return new Hono<AppEnv>()
    .get('/', (c) => c.html(INSPECTOR_HTML))
    // `/__assistants_mock/` (with the slash) and `/__assistants_mock/index.html`: a pattern, as Hono's `/` does not take the slash.
    .get('/:page{(?:index\\.html)?}', (c) => c.html(INSPECTOR_HTML))
    .get('/assets/:name', async (c) => {
      const asset = (await assets()).get(c.req.param('name'));
      if (!asset) return c.notFound();
      if (c.req.header('if-none-match') === asset.etag) return c.body(null, 304, { etag: asset.etag });
      return c.body(asset.body, 200, { 'content-type': asset.type, etag: asset.etag, 'cache-control': 'no-cache' });
    })
    .route('/inspector', dataRoutes(deps));
}

function dataRoutes(deps: AppDeps) {
  const { store, engine, scenarios, journal } = deps;
  return new Hono<AppEnv>()
    .use(bearerAuth(deps.apiKey))
    .get('/threads', (c) => {
      const owner = c.var.owner;
      const query = parseOrThrow(pageQuery, c.req.query());
      const page = store.threads.page({ owner }, { limit: query.limit, order: 'desc', after: query.after });
      const data = page.data.map((thread) => {
        const first = store.messages.page({ owner, parentId: thread.id }, { limit: 1, order: 'asc' }).data[0];
        const latestRun = store.runs.page({ owner, parentId: thread.id }, { limit: 1, order: 'desc' }).data[0];
        return { thread, first_message: first ? textOf(first) : null, latest_run: latestRun ? engine.settle(owner, latestRun) : null };
      });
      return c.json({ object: 'list', data, last_id: page.data.at(-1)?.id ?? null, has_more: page.hasMore });
    })
    .get('/threads/:thread_id/runs', (c) => {
      const owner = c.var.owner;
      const thread = findThread(store, owner, c.req.param('thread_id'));
      engine.settleThread(owner, thread.id);
      const runs = store.runs.page({ owner, parentId: thread.id }, { limit: 100, order: 'asc' }).data;
      return c.json({ object: 'list', data: runs.map((run) => runDetail(deps, owner, run)) });
    })
    .get('/threads/:thread_id/runs/:run_id', (c) => c.json(runDetail(deps, c.var.owner, findRun(deps, c))))
    .get('/threads/:thread_id/runs/:run_id/events', (c) => streamRun(c, deps, c.var.owner, findRun(deps, c), []))
    .get('/runs', (c) => {
      const owner = c.var.owner;
      const { limit } = parseOrThrow(pageQuery, c.req.query());
      const data = store.runHistory.recent(owner, limit).flatMap(({ run_id, thread_id }) => {
        const run = store.runs.get({ owner, parentId: thread_id }, run_id);
        return run ? [{ run: engine.settle(owner, run), source: store.runHistory.source(owner, run_id) }] : [];
      });
      return c.json({ object: 'list', data });
    })
    .get('/misses', (c) => {
      const owner = c.var.owner;
      const mine = journal.filter((entry) => entry.owner === owner).reverse();
      const data = mine.map((entry) => {
        const run = failedRunOf(deps, owner, entry.threadId, entry.error);
        const assistant = run && store.assistants.get({ owner }, run.assistant_id);
        const name = `unmatched-${(run?.id ?? entry.threadId).slice(-6).toLowerCase()}`;
        return { ...entry, run_id: run?.id ?? null, assistant_name: assistant?.name ?? null, yaml: missScenarioYaml(entry.message, assistant, name) };
      });
      return c.json({ object: 'list', data });
    })
    .get('/scenarios', (c) => {
      const inForce = scenarios.for(c.var.owner);
      // Per-key overrides come first; no bearer key is empty, so the empty key's list is what every key shares.
      const ownCount = inForce.length - scenarios.for('').length;
      return c.json({ object: 'list', data: inForce.map((scenario, index) => ({ ...scenario, scope: index < ownCount ? 'key' : 'all' })) });
    });
}

function findRun(deps: AppDeps, c: Context<AppEnv>): Run {
  const owner = c.var.owner;
  const thread = findThread(deps.store, owner, c.req.param('thread_id')!);
  const run = deps.store.runs.get({ owner, parentId: thread.id }, c.req.param('run_id')!);
  if (!run) throw notFound('run', c.req.param('run_id')!);
  return deps.engine.settle(owner, run);
}

/** A run with what the API does not show: its status history, what played it, and its steps with file_search content. */
function runDetail(deps: AppDeps, owner: string, run: Run) {
  const steps = deps.store.steps.page({ owner, parentId: run.id }, { limit: 100, order: 'asc' }).data;
  return {
    run,
    source: deps.store.runHistory.source(owner, run.id),
    history: deps.store.runHistory.forRun(owner, run.id),
    steps: steps.map((step) => presentStep(step, true)),
    file_search_queries: fileSearchQueries(deps, owner, run.id, steps),
  };
}

/**
 * What each file_search step searched for, which its step object does not say: a scripted run's steps
 * follow its script one for one, and a file_search entry without `query` searches the user's message.
 */
function fileSearchQueries(deps: AppDeps, owner: string, runId: string, steps: RunStep[]): Record<string, string> {
  const progress = deps.store.runProgress.get(owner, runId)?.progress;
  const scripted = scriptedState(progress?.driverState);
  const stored = scripted.digest === undefined ? undefined : deps.store.scripts.get(scripted.digest);
  const script = scripted.script ?? (stored === undefined ? undefined : (JSON.parse(stored) as unknown[]));
  if (!script) return {};
  const queries: Record<string, string> = {};
  steps.forEach((step, index) => {
    const entry = script[index] as { file_search?: { query?: string } } | undefined;
    if (entry?.file_search) queries[step.id] = entry.file_search.query ?? progress?.newestUserMessage ?? '';
  });
  return queries;
}

/** The run a journal entry is about: the newest failed run of its thread with the entry's error. */
function failedRunOf(deps: AppDeps, owner: string, threadId: string, error: string): Run | undefined {
  if (!deps.store.threads.has({ owner }, threadId)) return undefined;
  const runs = deps.store.runs.page({ owner, parentId: threadId }, { limit: 100, order: 'desc' }).data;
  return runs.find((run) => run.status === 'failed' && run.last_error?.message === error);
}

function textOf(message: Message): string {
  return message.content.map((part) => (part.type === 'text' ? part.text.value : `[${part.type}]`)).join('\n');
}
