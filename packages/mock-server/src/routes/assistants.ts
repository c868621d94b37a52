import { Hono } from 'hono';
import { z } from 'zod';
import type { Assistant, AssistantTool } from 'openai/resources/beta/assistants';
import type { AppDeps, AppEnv } from '../deps.js';
import { notFound } from '../errors.js';
import { ID_PREFIX, newId } from '../ids.js';
import { unixSeconds } from '../clock.js';
import { listResponse, readListQuery } from '../pagination.js';
import { readBody, withoutUndefined } from '../request.js';
import * as s from '../schemas/common.js';
import { toToolResources, withEnabledToolEntries } from '../objects/tool-resources.js';
import { vectorStoreMaker } from '../retrieval/vector-stores.js';
import { indexingContext } from './vector-store-context.js';

const assistantFields = {
  model: z.string(),
  name: z.string().max(256).nullable().optional(),
  description: z.string().max(512).nullable().optional(),
  instructions: z.string().max(256_000).nullable().optional(),
  reasoning_effort: s.reasoningEffort.optional(),
  tools: z.array(s.tool).max(128).optional(),
  metadata: s.metadata.optional(),
  temperature: s.temperature.optional(),
  top_p: s.topP.optional(),
  response_format: s.responseFormat.nullable().optional(),
};
const createAssistant = z.strictObject({ ...assistantFields, tool_resources: s.toolResourcesCreate.optional() });
const modifyAssistant = z.strictObject({
  ...assistantFields,
  model: assistantFields.model.optional(),
  tool_resources: s.toolResourcesIds.optional(),
});

export function assistantsRoutes(deps: AppDeps) {
  const { store, clock } = deps;
  const find = (owner: string, id: string) => {
    const assistant = store.assistants.get({ owner }, id);
    if (!assistant) throw notFound('assistant', id);
    return assistant;
  };

  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const body = await readBody(c, createAssistant);
      const assistant: Assistant = {
        id: newId(ID_PREFIX.assistant),
        object: 'assistant',
        created_at: unixSeconds(clock),
        name: body.name ?? null,
        description: body.description ?? null,
        model: body.model,
        instructions: body.instructions ?? null,
        tools: (body.tools ?? []) as AssistantTool[],
        tool_resources: {}, // filled in the transaction below (it may make a vector store)
        metadata: body.metadata ?? {},
        top_p: body.top_p ?? 1,
        temperature: body.temperature ?? 1,
        // The real service sends `reasoning_effort: null` when none was set (the SDK type lacks it).
        reasoning_effort: body.reasoning_effort ?? null,
        response_format: body.response_format ?? 'auto',
      } as Assistant;
      store.transaction(() => {
        // `tool_resources.file_search.vector_stores` makes its store in the same transaction.
        const resources = toToolResources(body.tool_resources, vectorStoreMaker(indexingContext(deps, c)));
        assistant.tool_resources = withEnabledToolEntries(resources, assistant.tools);
        store.assistants.insert({ owner: c.var.owner }, assistant);
      });
      return c.json(assistant);
    })
    .get('/', (c) => c.json(listResponse(store.assistants.page({ owner: c.var.owner }, readListQuery(c)))))
    .get('/:assistant_id', (c) => c.json(find(c.var.owner, c.req.param('assistant_id'))))
    .post('/:assistant_id', async (c) => {
      const owner = c.var.owner;
      const body = await readBody(c, modifyAssistant);
      const updated = store.transaction(() => {
        const current = find(owner, c.req.param('assistant_id'));
        const { tool_resources, ...rest } = body;
        const next: Assistant = { ...current, ...withoutUndefined(rest) } as Assistant;
        // The real service answers a modify that leaves `response_format` alone with `{type: "text"}`
        // where create said `auto` (seed notebook 002, cell 15).
        if (rest.response_format === undefined && next.response_format === 'auto') next.response_format = { type: 'text' };
        const resources = tool_resources !== undefined ? toToolResources(tool_resources) : (current.tool_resources ?? {});
        return store.assistants.update({ owner }, { ...next, tool_resources: withEnabledToolEntries(resources, next.tools) });
      });
      return c.json(updated);
    })
    .delete('/:assistant_id', (c) => {
      const id = c.req.param('assistant_id');
      const deleted = store.transaction(() => store.assistants.delete({ owner: c.var.owner }, id));
      if (!deleted) throw notFound('assistant', id);
      return c.json({ id, object: 'assistant.deleted', deleted: true });
    });
}
