import type { VectorStore } from 'openai/resources/vector-stores/vector-stores';
import { notFound } from '../errors.js';
import { ID_PREFIX, newId } from '../ids.js';
import { isExpired, renderVectorStore, type VectorStoreRecord } from '../objects/vector-store.js';
import type { Store } from '../store/index.js';
import type { Attachment } from '../store/vector-store-files.js';
import { assertFilesExist, attachFile, seconds, type IndexingContext } from './attach.js';
import { resolveChunking, type ChunkingRequest } from './chunking.js';

export interface VectorStoreSpec {
  name?: string | null | undefined;
  metadata?: Record<string, string> | null | undefined;
  expires_after?: VectorStore.ExpiresAfter | undefined;
  file_ids?: string[] | undefined;
  chunking_strategy?: ChunkingRequest | undefined;
}

export function findVectorStore(store: Store, owner: string, id: string): VectorStoreRecord {
  const record = store.vectorStores.get({ owner }, id);
  if (!record) throw notFound('vector store', id);
  return record;
}

/** A vector store as clients see it now, with true counts and bytes. */
export function showVectorStore(store: Store, owner: string, record: VectorStoreRecord, nowMs: number): VectorStore {
  return renderVectorStore(record, store.vectorStoreFiles.stats(owner, { vectorStoreId: record.id }, nowMs), seconds(nowMs));
}

/** Creates a store and attaches its files (all or nothing: call inside a transaction). */
export function createVectorStore(
  ctx: IndexingContext,
  spec: VectorStoreSpec,
  param = 'chunking_strategy',
): { record: VectorStoreRecord; attachments: Attachment[] } {
  const chunkingStrategy = resolveChunking(spec.chunking_strategy, param);
  const fileIds = [...new Set(spec.file_ids ?? [])];
  assertFilesExist(ctx, fileIds);
  const now = seconds(ctx.nowMs);
  const record: VectorStoreRecord = {
    id: newId(ID_PREFIX.vectorStore),
    object: 'vector_store',
    created_at: now,
    name: spec.name ?? null,
    metadata: spec.metadata ?? {},
    ...(spec.expires_after && { expires_after: spec.expires_after }),
    last_active_at: now,
  };
  ctx.store.vectorStores.insert({ owner: ctx.owner }, record);
  const attachments = fileIds.map((fileId) => attachFile(ctx, record.id, { fileId, chunkingStrategy, attributes: {} }, null));
  return { record, attachments };
}

/** Vector stores made for threads by `tool_resources` helpers expire 7 days after last use (documented default). */
export const THREAD_HELPER_EXPIRY: VectorStore.ExpiresAfter = { anchor: 'last_active_at', days: 7 };

export type VectorStoreMaker = (spec: {
  file_ids?: string[] | undefined;
  chunking_strategy?: ChunkingRequest | undefined;
  metadata?: Record<string, string> | null | undefined;
}) => string;

/**
 * The `makeStore` hook of `toToolResources`: `tool_resources.file_search.vector_stores: [{file_ids,
 * chunking_strategy, metadata}]` on assistant or thread creation makes a store, as the real service does.
 */
export function vectorStoreMaker(ctx: IndexingContext, expiresAfter?: VectorStore.ExpiresAfter): VectorStoreMaker {
  return (spec) =>
    createVectorStore(
      ctx,
      { ...spec, expires_after: expiresAfter },
      'tool_resources.file_search.vector_stores[0].chunking_strategy',
    ).record.id;
}

/** Deletes a store with its attachments, their chunks and its batches; the files themselves stay. */
export function deleteVectorStore(store: Store, owner: string, id: string): void {
  for (const attachment of store.vectorStoreFiles.ofStore(owner, id)) store.vectorStoreFiles.delete(owner, attachment);
  store.fileBatches.deleteAllIn({ owner, parentId: id });
  store.vectorStores.delete({ owner }, id);
}

/** The real service moves `last_active_at` when a store is used; an expiry policy counts from it. */
export function markVectorStoresActive(store: Store, owner: string, ids: readonly string[], nowMs: number): void {
  for (const id of ids) {
    const record = store.vectorStores.get({ owner }, id);
    if (record && !isExpired(record, seconds(nowMs))) store.vectorStores.update({ owner }, { ...record, last_active_at: seconds(nowMs) });
  }
}
