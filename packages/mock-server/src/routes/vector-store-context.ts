import type { Context } from 'hono';
import type { AppDeps, AppEnv } from '../deps.js';
import { badRequest } from '../errors.js';
import { isExpired, type VectorStoreRecord } from '../objects/vector-store.js';
import { seconds, type IndexingContext } from '../retrieval/attach.js';
import { findVectorStore } from '../retrieval/vector-stores.js';

/** The SDK's polling helpers sleep this long between reads of something still `in_progress`. */
export const POLL_AFTER_MS = 10;

export function setPollAfter(c: Context, status: string): void {
  if (status === 'in_progress') c.header('openai-poll-after-ms', String(POLL_AFTER_MS));
}

/** The context every vector-store write takes: this request's owner and the clock read once. */
export function indexingContext({ store, clock, fileProcessingMs }: AppDeps, c: Context<AppEnv>): IndexingContext {
  return { store, owner: c.var.owner, nowMs: clock.now(), processingMs: fileProcessingMs };
}

/** A store that can still be searched and written to (an expired one only answers reads). */
export function findLiveVectorStore(ctx: IndexingContext, id: string): VectorStoreRecord {
  const record = findVectorStore(ctx.store, ctx.owner, id);
  if (isExpired(record, seconds(ctx.nowMs))) throw badRequest(`Vector store '${id}' has expired.`);
  return record;
}
