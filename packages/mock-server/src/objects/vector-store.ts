import type { VectorStore } from 'openai/resources/vector-stores/vector-stores';
import type { VectorStoreFile } from 'openai/resources/vector-stores/files';
import type { VectorStoreFileBatch } from 'openai/resources/vector-stores/file-batches';
import type { Attachment, FileCounts } from '../store/vector-store-files.js';

const DAY_SECONDS = 86_400;

/** What is stored of a vector store; counts, bytes, status and `expires_at` are derived on read. */
export interface VectorStoreRecord {
  id: string;
  object: 'vector_store';
  created_at: number;
  /** The real service answers `null` for a store created without a name (the spec says string). */
  name: string | null;
  metadata: Record<string, string> | null;
  expires_after?: VectorStore.ExpiresAfter;
  last_active_at: number;
}

/** What is stored of a file batch; its counts and status come from its files. */
export interface FileBatchRecord {
  id: string;
  object: 'vector_store.files_batch';
  created_at: number;
  vector_store_id: string;
  cancelled: boolean;
}

export interface AttachmentStats {
  counts: FileCounts;
  usageBytes: number;
}

export const expiresAt = (record: VectorStoreRecord): number | null =>
  record.expires_after ? record.last_active_at + record.expires_after.days * DAY_SECONDS : null;

export const isExpired = (record: VectorStoreRecord, nowSeconds: number) => {
  const at = expiresAt(record);
  return at !== null && nowSeconds >= at;
};

export function renderVectorStore(record: VectorStoreRecord, stats: AttachmentStats, nowSeconds: number): VectorStore {
  const status = isExpired(record, nowSeconds) ? 'expired' : stats.counts.in_progress > 0 ? 'in_progress' : 'completed';
  return {
    id: record.id,
    object: 'vector_store',
    created_at: record.created_at,
    name: record.name as string,
    usage_bytes: stats.usageBytes,
    file_counts: stats.counts,
    status,
    ...(record.expires_after && { expires_after: record.expires_after }),
    expires_at: expiresAt(record),
    last_active_at: record.last_active_at,
    metadata: record.metadata,
  };
}

/** A vector-store file as clients see it at `nowMs`: in progress until ready, then its outcome. */
export function renderAttachment(attachment: Attachment, nowMs: number): VectorStoreFile {
  const ready = nowMs >= attachment.readyAtMs;
  return {
    id: attachment.fileId,
    object: 'vector_store.file',
    usage_bytes: ready ? attachment.usageBytes : 0,
    created_at: attachment.createdAt,
    vector_store_id: attachment.vectorStoreId,
    status: ready ? attachment.outcome : 'in_progress',
    last_error: ready ? attachment.lastError : null,
    chunking_strategy: attachment.chunkingStrategy,
    attributes: attachment.attributes,
  };
}

export function renderBatch(record: FileBatchRecord, stats: AttachmentStats): VectorStoreFileBatch {
  const status = record.cancelled ? 'cancelled' : stats.counts.in_progress > 0 ? 'in_progress' : 'completed';
  return {
    id: record.id,
    object: 'vector_store.files_batch',
    created_at: record.created_at,
    vector_store_id: record.vector_store_id,
    status,
    file_counts: stats.counts,
  };
}

/** How a create response shows files it has just attached: all still `in_progress`. */
export function justCreated(stats: AttachmentStats): AttachmentStats {
  const { counts } = stats;
  return {
    usageBytes: 0,
    counts: { in_progress: counts.total, completed: 0, failed: 0, cancelled: 0, total: counts.total },
  };
}

/** A create response: the file is indexed already, but only the next read shows it done. */
export const renderNewAttachment = (attachment: Attachment): VectorStoreFile => ({
  ...renderAttachment(attachment, attachment.readyAtMs),
  status: 'in_progress',
  usage_bytes: 0,
  last_error: null,
});
