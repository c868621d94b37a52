import type { StaticFileChunkingStrategyObject } from 'openai/resources/vector-stores/vector-stores';
import { ApiError } from '../errors.js';
import type { Store } from '../store/index.js';
import { INDEXING, type Attachment, type Attributes } from '../store/vector-store-files.js';
import { chunkText } from './chunking.js';
import { indexerOf, SLICE_CHARS } from './indexer.js';

/** What every write to vector stores needs; call these functions inside one transaction. */
export interface IndexingContext {
  store: Store;
  owner: string;
  nowMs: number;
  /** How long indexing a file takes on the injected clock (0: done by the next read). */
  processingMs: number;
}

export interface AttachRequest {
  fileId: string;
  chunkingStrategy: StaticFileChunkingStrategyObject;
  attributes: Attributes | null;
}

export const seconds = (ms: number) => Math.floor(ms / 1000);

/** The real service refuses the whole request when any named file does not exist (wording as observed). */
export function assertFilesExist(ctx: IndexingContext, fileIds: readonly string[]): void {
  const missing = fileIds.filter((id) => !ctx.store.files.get(ctx.owner, id, seconds(ctx.nowMs)));
  if (missing.length > 0) throw new ApiError(404, { message: `Files [${missing.join(', ')}] were not found` });
}

/**
 * Attaches (or re-attaches) a file to a vector store and indexes it: chunks per the strategy, now
 * (or, for a large file, in slices between other requests once the attachment is committed); or a
 * `failed` attachment with the extraction's `last_error`. Attaching a file already in the store
 * replaces its attachment (one file per store, so counts stay true).
 */
export function attachFile(ctx: IndexingContext, vectorStoreId: string, request: AttachRequest, batchId: string | null): Attachment {
  const { store, owner, nowMs } = ctx;
  const previous = store.vectorStoreFiles.get(owner, vectorStoreId, request.fileId);
  if (previous) store.vectorStoreFiles.delete(owner, previous);
  const extraction = store.files.extraction(owner, request.fileId, seconds(nowMs));
  if (!extraction) throw new ApiError(404, { message: `Files [${request.fileId}] were not found` });
  const base = {
    vectorStoreId,
    fileId: request.fileId,
    batchId,
    createdAt: seconds(nowMs),
    readyAtMs: nowMs + ctx.processingMs,
    chunkingStrategy: request.chunkingStrategy,
    attributes: request.attributes,
  };
  if ('error' in extraction) {
    return store.vectorStoreFiles.insert(owner, {
      ...base, outcome: 'failed', lastError: extraction.error, usageBytes: 0, chunkCount: 0, tokenCount: 0,
    });
  }
  if (extraction.text.length > SLICE_CHARS) {
    const attachment = store.vectorStoreFiles.insert(owner, {
      ...base, readyAtMs: INDEXING, outcome: 'completed', lastError: null, usageBytes: 0, chunkCount: 0, tokenCount: 0,
    });
    const { text } = extraction;
    store.afterCommit(() => indexerOf(store).add(attachment.seq, text, request.chunkingStrategy, base.readyAtMs));
    return attachment;
  }
  const chunks = chunkText(extraction.text, request.chunkingStrategy);
  const attachment = store.vectorStoreFiles.insert(owner, {
    ...base,
    outcome: 'completed',
    lastError: null,
    usageBytes: chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.text), 0),
    chunkCount: chunks.length,
    tokenCount: chunks.reduce((sum, chunk) => sum + chunk.tokens, 0),
  });
  store.chunks.insert(attachment.seq, chunks);
  return attachment;
}

/** Deleting a file removes it from every vector store, as the real `DELETE /files/{id}` does. */
export function detachEverywhere(store: Store, owner: string, fileId: string): void {
  for (const attachment of store.vectorStoreFiles.ofFile(owner, fileId)) store.vectorStoreFiles.delete(owner, attachment);
}
