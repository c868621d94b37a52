import { Hono } from 'hono';
import { z } from 'zod';
import type { Thread } from 'openai/resources/beta/threads/threads';
import type { AppDeps, AppEnv } from '../deps.js';
import { notFound } from '../errors.js';
import { ID_PREFIX, newId } from '../ids.js';
import { readBody } from '../request.js';
import * as s from '../schemas/common.js';
import { createThreadBody } from '../schemas/threads.js';
import { toToolResources } from '../objects/tool-resources.js';
import { THREAD_HELPER_EXPIRY, vectorStoreMaker } from '../retrieval/vector-stores.js';
import { seconds, type IndexingContext } from '../retrieval/attach.js';
import { addUserMessages } from '../retrieval/message-attachments.js';
import { indexingContext } from './vector-store-context.js';
import type { Store } from '../store/index.js';

const modifyThread = z.strictObject({
  tool_resources: s.toolResourcesIds.optional(),
  metadata: s.metadata.optional(),
});

/** Finds a thread of this owner or throws the real 404. */
export function findThread(store: Store, owner: string, id: string): Thread {
  const thread = store.threads.get({ owner }, id);
  if (!thread) throw notFound('thread', id);
  return thread;
}

/**
 * Creates a thread and its initial messages; call inside a transaction. The stores that
 * `tool_resources.file_search.vector_stores` asks for are made, and file_search attachments indexed.
 */
export function insertThread(ctx: IndexingContext, body: z.output<typeof createThreadBody>): Thread {
  const thread: Thread = {
    id: newId(ID_PREFIX.thread),
    object: 'thread',
    created_at: seconds(ctx.nowMs),
    metadata: body.metadata ?? {},
    tool_resources: toToolResources(body.tool_resources, vectorStoreMaker(ctx, THREAD_HELPER_EXPIRY)),
  };
  ctx.store.threads.insert({ owner: ctx.owner }, thread);
  return addUserMessages(ctx, thread.id, body.messages ?? []).thread ?? thread;
}

export function threadsRoutes(deps: AppDeps) {
  const { store } = deps;
  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const body = await readBody(c, createThreadBody);
      const thread = store.transaction(() => insertThread(indexingContext(deps, c), body));
      return c.json(thread);
    })
    .get('/:thread_id', (c) => c.json(findThread(store, c.var.owner, c.req.param('thread_id'))))
    .post('/:thread_id', async (c) => {
      const owner = c.var.owner;
      const body = await readBody(c, modifyThread);
      const thread = store.transaction(() => {
        const current = findThread(store, owner, c.req.param('thread_id'));
        return store.threads.update({ owner }, {
          ...current,
          ...(body.metadata !== undefined && { metadata: body.metadata }),
          ...(body.tool_resources !== undefined && { tool_resources: toToolResources(body.tool_resources) }),
        });
      });
      return c.json(thread);
    })
    .delete('/:thread_id', (c) => {
      const owner = c.var.owner;
      const id = c.req.param('thread_id');
      store.transaction(() => {
        findThread(store, owner, id);
        deleteThreadContents(store, owner, id);
        store.threads.delete({ owner }, id);
      });
      return c.json({ id, object: 'thread.deleted', deleted: true });
    });
}

/** A deleted thread takes its messages, runs and run steps with it. */
function deleteThreadContents(store: Store, owner: string, threadId: string) {
  for (let page = store.runs.page({ owner, parentId: threadId }, { limit: 100, order: 'asc' }); ; ) {
    for (const run of page.data) {
      store.steps.deleteAllIn({ owner, parentId: run.id });
      store.runProgress.delete(owner, run.id);
    }
    if (!page.hasMore) break;
    page = store.runs.page({ owner, parentId: threadId }, { limit: 100, order: 'asc', after: page.data.at(-1)!.id });
  }
  store.runs.deleteAllIn({ owner, parentId: threadId });
  store.messages.deleteAllIn({ owner, parentId: threadId });
}
