import { Hono, type Context } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';
import { notFound } from '../errors.js';
import { listResponse } from '../pagination.js';
import { parseOrThrow } from '../validation.js';
import { listQuery } from '../schemas/common.js';
import { includeParams } from '../schemas/runs.js';
import { findThread } from './threads.js';
import { presentStep } from '../objects/run-step.js';

/** Whether the request asks for file_search results' content (`include[]`). */
export const includesContent = (c: Context) => (parseOrThrow(includeParams, { 'include[]': c.req.queries('include[]') })['include[]'] ?? []).length > 0;

export function stepsRoutes({ store, engine }: AppDeps) {
  /** Finds the run (played forward to now) that the steps belong to. */
  const settledRun = (c: Context) => {
    const owner = c.var.owner as string;
    const threadId = c.req.param('thread_id')!;
    const runId = c.req.param('run_id')!;
    findThread(store, owner, threadId);
    const run = store.runs.get({ owner, parentId: threadId }, runId);
    if (!run) throw notFound('run', runId);
    engine.settle(owner, run);
    return { owner, runId };
  };

  return new Hono<AppEnv>()
    .get('/', (c) => {
      const include = includesContent(c);
      const query = parseOrThrow(listQuery, c.req.query());
      const { owner, runId } = settledRun(c);
      const page = store.steps.page({ owner, parentId: runId }, query);
      return c.json(listResponse({ ...page, data: page.data.map((step) => presentStep(step, include)) }));
    })
    .get('/:step_id', (c) => {
      const include = includesContent(c);
      const { owner, runId } = settledRun(c);
      const step = store.steps.get({ owner, parentId: runId }, c.req.param('step_id'));
      if (!step) throw notFound('run step', c.req.param('step_id'));
      return c.json(presentStep(step, include));
    });
}
