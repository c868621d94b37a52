import { Hono } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';
import { ApiError } from '../errors.js';
import { unixSeconds } from '../clock.js';
import { modelList } from '../objects/model.js';

/**
 * `GET /models` and `GET /models/{model}`, which apps call as a health check before they create
 * assistants: the models assistants and scenarios name, in the real list shape (`object`, `data`).
 */
export function modelsRoutes(deps: AppDeps) {
  const { store, scenarios } = deps;
  const startedAt = unixSeconds(deps.clock);

  /** Every model name this key's assistants and the scenarios in force use, with when an assistant first named it. */
  const namedModels = (owner: string): Map<string, number | null> => {
    const named = new Map<string, number | null>();
    for (const scenario of scenarios.for(owner)) {
      const model = scenario.match?.assistant?.model;
      if (model !== undefined && !named.has(model)) named.set(model, null);
    }
    for (let page = store.assistants.page({ owner }, { limit: 100, order: 'asc' }); ; ) {
      for (const assistant of page.data) if (!named.get(assistant.model)) named.set(assistant.model, assistant.created_at);
      if (!page.hasMore) break;
      page = store.assistants.page({ owner }, { limit: 100, order: 'asc', after: page.data.at(-1)!.id });
    }
    return named;
  };

  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ object: 'list', data: modelList(namedModels(c.var.owner), startedAt) }))
    .get('/:model{.+}', (c) => {
      const id = c.req.param('model');
      const model = modelList(namedModels(c.var.owner), startedAt).find((m) => m.id === id);
      // The real service's 404 for a model it does not know.
      if (!model) throw new ApiError(404, { message: `The model '${id}' does not exist`, param: 'model', code: 'model_not_found' });
      return c.json(model);
    });
}
