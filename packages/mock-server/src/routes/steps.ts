import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { AppDeps, AppEnv } from '../deps.js';
import { notFound } from '../errors.js';
import { listResponse } from '../pagination.js';
import { parseOrThrow } from '../validation.js';
import { listQuery } from '../schemas/common.js';
import { includeQuery } from '../schemas/runs.js';
import { findThread } from './threads.js';

/** File-search result text is only sent when `include[]` asks for it, as on the real service. */
function present(step: RunStep, includeContent: boolean): RunStep {
  const details = step.step_details;
  if (includeContent || details.type !== 'tool_calls') return step;
  return {
    ...step,
    step_details: {
      ...details,
      tool_calls: details.tool_calls.map((call) =>
        call.type === 'file_search' && call.file_search.results
          ? { ...call, file_search: { ...call.file_search, results: call.file_search.results.map(({ content: _content, ...rest }) => rest) } }
          : call,
      ),
    },
  };
}

const includesContent = (c: Context) =>
  (parseOrThrow(z.object({ 'include[]': includeQuery }), { 'include[]': c.req.queries('include[]') })['include[]'] ?? []).length > 0;

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
      return c.json(listResponse({ ...page, data: page.data.map((step) => present(step, include)) }));
    })
    .get('/:step_id', (c) => {
      const include = includesContent(c);
      const { owner, runId } = settledRun(c);
      const step = store.steps.get({ owner, parentId: runId }, c.req.param('step_id'));
      if (!step) throw notFound('run step', c.req.param('step_id'));
      return c.json(present(step, include));
    });
}
