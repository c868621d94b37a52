import type { Thread } from 'openai/resources/beta/threads/threads';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { CreateMessageBody } from '../schemas/common.js';
import { buildUserMessage } from '../objects/message.js';
import { assertFilesExist, attachFile, seconds, type IndexingContext } from './attach.js';
import { resolveChunking } from './chunking.js';
import { createVectorStore, THREAD_HELPER_EXPIRY } from './vector-stores.js';

/**
 * Adds user messages to a thread. Files attached for `file_search` go into the thread's vector store,
 * made on first use (as the real service does), so the run that follows can search them. Call inside
 * the request's transaction; returns the messages, and the thread when its tool resources changed.
 */
export function addUserMessages(ctx: IndexingContext, threadId: string, bodies: readonly CreateMessageBody[]) {
  const attachments = bodies.flatMap((body) => body.attachments ?? []);
  let thread: Thread | null = null;
  if (attachments.length > 0) {
    assertFilesExist(ctx, [...new Set(attachments.flatMap((a) => (a.file_id ? [a.file_id] : [])))]);
    const forSearch = attachments.filter((a) => a.file_id && a.tools?.some((t) => t.type === 'file_search'));
    const fileIds = [...new Set(forSearch.map((a) => a.file_id!))];
    if (fileIds.length > 0) thread = indexIntoThreadStore(ctx, ctx.store.threads.get({ owner: ctx.owner }, threadId)!, fileIds);
  }
  const messages: Message[] = bodies.map((body) =>
    ctx.store.messages.insert({ owner: ctx.owner, parentId: threadId }, buildUserMessage(threadId, body, seconds(ctx.nowMs))),
  );
  return { thread, messages };
}

function indexIntoThreadStore(ctx: IndexingContext, thread: Thread, fileIds: string[]): Thread {
  const existing = thread.tool_resources?.file_search?.vector_store_ids?.[0];
  if (existing) {
    const chunkingStrategy = resolveChunking(undefined);
    for (const fileId of fileIds) attachFile(ctx, existing, { fileId, chunkingStrategy, attributes: {} }, null);
    return thread;
  }
  const { record } = createVectorStore(ctx, { file_ids: fileIds, expires_after: THREAD_HELPER_EXPIRY });
  const updated: Thread = {
    ...thread,
    tool_resources: { ...thread.tool_resources, file_search: { vector_store_ids: [record.id] } },
  };
  return ctx.store.threads.update({ owner: ctx.owner }, updated);
}
