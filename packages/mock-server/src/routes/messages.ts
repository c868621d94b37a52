import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps, AppEnv } from '../deps.js';
import { notFound } from '../errors.js';
import { listResponseText } from '../pagination.js';
import { readBody } from '../request.js';
import { jsonText } from '../response.js';
import { parseOrThrow } from '../validation.js';
import * as s from '../schemas/common.js';
import { addUserMessages } from '../retrieval/message-attachments.js';
import { indexingContext } from './vector-store-context.js';
import { assertCanAddMessage } from './runs.js';

const listMessagesQuery = s.listQuery.extend({ run_id: z.string().optional() });
export type ListMessagesQuery = z.output<typeof listMessagesQuery>;

/**
 * The two hot reads, messages as stored (no parse and re-serialise per message), shared by the routes
 * and the socket's read lane (middleware/read-lane.ts). Each first plays the thread's active run
 * forward, so its messages are where the clock says.
 */
export function messageReads({ store, engine }: Pick<AppDeps, 'store' | 'engine'>) {
  return {
    /** The message's JSON text, if the thread holds it. */
    one(owner: string, threadId: string, id: string): string | undefined {
      engine.settleThread(owner, threadId);
      return store.messages.getStored({ owner, parentId: threadId }, id);
    },
    /** One page of the thread's messages (an empty page does not tell whether the thread exists). */
    page(owner: string, threadId: string, query: ListMessagesQuery) {
      engine.settleThread(owner, threadId);
      return store.messages.pageOfStored({ owner, parentId: threadId, ...(query.run_id && { tag: query.run_id }) }, query);
    },
  };
}

export function messagesRoutes(deps: AppDeps) {
  const { store, engine } = deps;
  const reads = messageReads(deps);
  // Messages live and die with their thread, so a message or a non-empty page proves the thread exists;
  // only a miss needs the thread looked up, to tell "no thread" from "no message" (the hot paths skip it).
  // Reads first play the thread's active run forward, so its messages are where the clock says.
  const find = (owner: string, threadId: string, id: string) => {
    engine.settleThread(owner, threadId);
    return store.messages.get({ owner, parentId: threadId }, id) ?? notFoundIn(owner, threadId, id);
  };
  const notFoundIn = (owner: string, threadId: string, id: string): never => {
    requireThread(owner, threadId);
    throw notFound('message', id);
  };
  const requireThread = (owner: string, threadId: string) => {
    if (!store.threads.has({ owner }, threadId)) throw notFound('thread', threadId);
  };

  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const owner = c.var.owner;
      const threadId = c.req.param('thread_id')!;
      const body = await readBody(c, s.createMessage);
      const message = store.transaction(() => {
        requireThread(owner, threadId);
        assertCanAddMessage(deps, owner, threadId);
        return addUserMessages(indexingContext(deps, c), threadId, [body]).messages[0];
      });
      return c.json(message);
    })
    .get('/', (c) => {
      const owner = c.var.owner;
      const threadId = c.req.param('thread_id')!;
      const page = reads.page(owner, threadId, parseOrThrow(listMessagesQuery, c.req.query()));
      if (page.data.length === 0) requireThread(owner, threadId);
      return jsonText(c, listResponseText(page));
    })
    .get('/:message_id', (c) => {
      const [owner, threadId, id] = [c.var.owner, c.req.param('thread_id')!, c.req.param('message_id')];
      return jsonText(c, reads.one(owner, threadId, id) ?? notFoundIn(owner, threadId, id));
    })
    .post('/:message_id', async (c) => {
      const owner = c.var.owner;
      const threadId = c.req.param('thread_id')!;
      const body = await readBody(c, s.modifyMetadataOnly);
      const message = store.transaction(() => {
        const current = find(owner, threadId, c.req.param('message_id'));
        if (body.metadata === undefined) return current;
        return store.messages.update({ owner, parentId: threadId, tag: current.run_id ?? undefined }, { ...current, metadata: body.metadata });
      });
      return c.json(message);
    })
    .delete('/:message_id', (c) => {
      const owner = c.var.owner;
      const threadId = c.req.param('thread_id')!;
      const id = c.req.param('message_id');
      store.transaction(() => {
        find(owner, threadId, id);
        store.messages.delete({ owner, parentId: threadId }, id);
      });
      return c.json({ id, object: 'thread.message.deleted', deleted: true });
    });
}
