import type { Statement } from 'better-sqlite3';
import type { StaticFileChunkingStrategyObject } from 'openai/resources/vector-stores/vector-stores';
import type { FileProblem } from '../retrieval/extract.js';
import { ChunkIndex } from './chunks.js';
import type { Db } from './db.js';
import type { Page, PageRequest } from './documents.js';
import { SeqPager } from './seq-page.js';

export type Attributes = Record<string, string | number | boolean>;
export type AttachmentOutcome = 'completed' | 'failed' | 'cancelled';
export type AttachmentStatus = AttachmentOutcome | 'in_progress';

/**
 * A file attached to a vector store. Indexing happens when the attachment is written (a large file's
 * in slices after, its `readyAtMs` being `INDEXING` until the last one); what clients see is
 * `in_progress` until `readyAtMs` on the injected clock, then the `outcome`.
 */
export interface Attachment {
  seq: number;
  vectorStoreId: string;
  fileId: string;
  batchId: string | null;
  createdAt: number;
  readyAtMs: number;
  outcome: AttachmentOutcome;
  lastError: FileProblem | null;
  usageBytes: number;
  chunkCount: number;
  tokenCount: number;
  chunkingStrategy: StaticFileChunkingStrategyObject;
  attributes: Attributes | null;
}

/** `readyAtMs` of an attachment whose file is still being indexed: in progress at any time. */
export const INDEXING = Number.MAX_SAFE_INTEGER;

/** What indexing a file found, stored when its last slice is in. */
export interface IndexedFile {
  readyAtMs: number;
  usageBytes: number;
  chunkCount: number;
  tokenCount: number;
}

export interface FileCounts {
  in_progress: number;
  completed: number;
  failed: number;
  cancelled: number;
  total: number;
}

interface AttachmentRow {
  seq: number;
  vector_store_id: string;
  file_id: string;
  batch_id: string | null;
  created_at: number;
  ready_at_ms: number;
  outcome: AttachmentOutcome;
  last_error: string | null;
  usage_bytes: number;
  chunk_count: number;
  token_count: number;
  chunking_strategy: string;
  attributes: string | null;
}

const fromRow = (row: AttachmentRow): Attachment => ({
  seq: row.seq,
  vectorStoreId: row.vector_store_id,
  fileId: row.file_id,
  batchId: row.batch_id,
  createdAt: row.created_at,
  readyAtMs: row.ready_at_ms,
  outcome: row.outcome,
  lastError: row.last_error === null ? null : (JSON.parse(row.last_error) as FileProblem),
  usageBytes: row.usage_bytes,
  chunkCount: row.chunk_count,
  tokenCount: row.token_count,
  chunkingStrategy: JSON.parse(row.chunking_strategy) as StaticFileChunkingStrategyObject,
  attributes: row.attributes === null ? null : (JSON.parse(row.attributes) as Attributes),
});

/** The status an attachment shows at `nowMs`, in SQL (for list filters and counts). */
const STATUS_AT = `CASE WHEN ready_at_ms > @now THEN 'in_progress' ELSE outcome END`;

export interface AttachmentListScope {
  owner: string;
  vectorStoreId: string;
  batchId?: string | undefined;
  status?: AttachmentStatus | undefined;
  nowMs: number;
}

export class VectorStoreFileTable {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly ofStoreStmt: Statement;
  private readonly ofFileStmt: Statement;
  private readonly ofBatchStmt: Statement;
  private readonly attributesStmt: Statement;
  private readonly cancelStmt: Statement;
  private readonly storeStatsStmt: Statement;
  private readonly batchStatsStmt: Statement;
  private readonly seqStmt: Statement;
  private readonly pager: SeqPager;
  private readonly indexingStmt: Statement;
  private readonly allIndexingStmt: Statement;
  private readonly indexedStmt: Statement;

  /** Its own handle on the chunk index: detaching a file always drops its chunks. */
  private readonly chunks: ChunkIndex;

  constructor(db: Db) {
    this.chunks = new ChunkIndex(db);
    this.insertStmt = db.prepare(
      `INSERT INTO vector_store_files (owner, vector_store_id, file_id, batch_id, created_at, ready_at_ms, outcome, last_error,
         usage_bytes, chunk_count, token_count, chunking_strategy, attributes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.getStmt = db.prepare('SELECT * FROM vector_store_files WHERE owner = ? AND vector_store_id = ? AND file_id = ?');
    this.deleteStmt = db.prepare('DELETE FROM vector_store_files WHERE seq = ?');
    this.ofStoreStmt = db.prepare('SELECT * FROM vector_store_files WHERE owner = ? AND vector_store_id = ? ORDER BY seq');
    this.ofFileStmt = db.prepare('SELECT * FROM vector_store_files WHERE owner = ? AND file_id = ? ORDER BY seq');
    this.ofBatchStmt = db.prepare('SELECT * FROM vector_store_files WHERE batch_id = ? ORDER BY seq');
    this.attributesStmt = db.prepare('UPDATE vector_store_files SET attributes = ? WHERE seq = ?');
    this.cancelStmt = db.prepare(
      `UPDATE vector_store_files SET outcome = 'cancelled', last_error = NULL, ready_at_ms = ?, usage_bytes = 0 WHERE seq = ?`,
    );
    const stats = (where: string) =>
      db.prepare(
        `SELECT count(*) AS total,
           coalesce(sum(${STATUS_AT} = 'in_progress'), 0) AS in_progress,
           coalesce(sum(${STATUS_AT} = 'completed'), 0) AS completed,
           coalesce(sum(${STATUS_AT} = 'failed'), 0) AS failed,
           coalesce(sum(${STATUS_AT} = 'cancelled'), 0) AS cancelled,
           coalesce(sum(CASE WHEN ${STATUS_AT} = 'completed' THEN usage_bytes ELSE 0 END), 0) AS usage_bytes
         FROM vector_store_files WHERE ${where}`,
      );
    this.storeStatsStmt = stats('owner = @owner AND vector_store_id = @id');
    this.batchStatsStmt = stats('owner = @owner AND batch_id = @id');
    this.indexingStmt = db.prepare('SELECT 1 FROM vector_store_files WHERE seq = ? AND ready_at_ms = ?').pluck();
    this.allIndexingStmt = db.prepare('SELECT owner, * FROM vector_store_files WHERE ready_at_ms = ? ORDER BY seq');
    this.indexedStmt = db.prepare(
      `UPDATE vector_store_files SET ready_at_ms = @readyAtMs, usage_bytes = @usageBytes, chunk_count = @chunkCount, token_count = @tokenCount
       WHERE seq = @seq AND ready_at_ms = ${INDEXING}`,
    );
    this.seqStmt = db.prepare('SELECT seq FROM vector_store_files WHERE owner = ? AND vector_store_id = ? AND file_id = ?');
    this.pager = new SeqPager(db);
  }

  /** Whether the attachment is still there and waiting for the rest of its chunks (not deleted, not cancelled). */
  isIndexing(seq: number): boolean {
    return this.indexingStmt.get(seq, INDEXING) !== undefined;
  }

  /** Attachments whose indexing was under way (when the server stopped), with their owners. */
  allIndexing(): (Attachment & { owner: string })[] {
    return (this.allIndexingStmt.all(INDEXING) as (AttachmentRow & { owner: string })[]).map((row) => ({ ...fromRow(row), owner: row.owner }));
  }

  /** Marks a file indexed; false if it no longer waited for that (deleted or cancelled meanwhile). */
  indexed(seq: number, result: IndexedFile): boolean {
    return this.indexedStmt.run({ seq, ...result }).changes > 0;
  }

  insert(owner: string, attachment: Omit<Attachment, 'seq'>): Attachment {
    const a = attachment;
    const info = this.insertStmt.run(
      owner, a.vectorStoreId, a.fileId, a.batchId, a.createdAt, a.readyAtMs, a.outcome,
      a.lastError === null ? null : JSON.stringify(a.lastError),
      a.usageBytes, a.chunkCount, a.tokenCount, JSON.stringify(a.chunkingStrategy),
      a.attributes === null ? null : JSON.stringify(a.attributes),
    );
    return { ...a, seq: Number(info.lastInsertRowid) };
  }

  get(owner: string, vectorStoreId: string, fileId: string): Attachment | undefined {
    const row = this.getStmt.get(owner, vectorStoreId, fileId) as AttachmentRow | undefined;
    return row && fromRow(row);
  }

  /** Detaches a file: its chunks leave the index with it. */
  delete(owner: string, attachment: Attachment): void {
    this.chunks.deleteForFile(attachment.seq);
    this.deleteStmt.run(attachment.seq);
    this.pager.bury('vector_store_files', { owner, scope: attachment.vectorStoreId }, attachment.fileId, attachment.seq);
  }

  ofStore(owner: string, vectorStoreId: string): Attachment[] {
    return (this.ofStoreStmt.all(owner, vectorStoreId) as AttachmentRow[]).map(fromRow);
  }

  ofFile(owner: string, fileId: string): Attachment[] {
    return (this.ofFileStmt.all(owner, fileId) as AttachmentRow[]).map(fromRow);
  }

  ofBatch(batchId: string): Attachment[] {
    return (this.ofBatchStmt.all(batchId) as AttachmentRow[]).map(fromRow);
  }

  setAttributes(attachment: Attachment, attributes: Attributes | null): Attachment {
    this.attributesStmt.run(attributes === null ? null : JSON.stringify(attributes), attachment.seq);
    return { ...attachment, attributes };
  }

  /** Stops indexing: the file shows `cancelled` from `nowMs` and none of its chunks are searchable. */
  cancel(attachment: Attachment, nowMs: number): void {
    this.chunks.deleteForFile(attachment.seq);
    this.cancelStmt.run(nowMs, attachment.seq);
  }

  /** File counts and bytes of completed files, true at `nowMs`, for a store or a batch. */
  stats(owner: string, of: { vectorStoreId: string } | { batchId: string }, nowMs: number) {
    const statement = 'batchId' in of ? this.batchStatsStmt : this.storeStatsStmt;
    const id = 'batchId' in of ? of.batchId : of.vectorStoreId;
    const row = statement.get({ owner, id, now: nowMs }) as FileCounts & { usage_bytes: number };
    // In the order the real service writes them.
    const counts: FileCounts = {
      in_progress: row.in_progress,
      completed: row.completed,
      failed: row.failed,
      cancelled: row.cancelled,
      total: row.total,
    };
    return { counts, usageBytes: row.usage_bytes };
  }

  page(scope: AttachmentListScope, request: PageRequest): Page<Attachment> {
    const where = ['owner = ?', 'vector_store_id = ?'];
    const params: unknown[] = [scope.owner, scope.vectorStoreId];
    if (scope.batchId !== undefined) {
      where.push('batch_id = ?');
      params.push(scope.batchId);
    }
    if (scope.status !== undefined) {
      where.push(`${STATUS_AT.replace('@now', '?')} = ?`);
      params.push(scope.nowMs, scope.status);
    }
    const cursorSeq = (id: string | undefined) =>
      id === undefined
        ? undefined
        : ((this.seqStmt.get(scope.owner, scope.vectorStoreId, id) as { seq: number } | undefined)?.seq ?? null);
    const graveyard = { owner: scope.owner, scope: scope.vectorStoreId };
    const page = this.pager.page<AttachmentRow>({ shape: { table: 'vector_store_files', columns: '*', where }, params, cursorSeq, graveyard }, request);
    return { data: page.data.map(fromRow), hasMore: page.hasMore };
  }
}
