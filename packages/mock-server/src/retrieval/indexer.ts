import type { StaticFileChunkingStrategyObject } from 'openai/resources/vector-stores/vector-stores';
import type { Store } from '../store/index.js';
import { chunkSlices, type Chunk } from './chunking.js';

/**
 * Text up to this long is indexed inside the request that attaches it (a few milliseconds); longer
 * text is indexed in slices of this size between other requests, so a 100 MB file never holds the
 * event loop for more than one slice.
 */
export const SLICE_CHARS = 64 * 1024;

interface Job {
  seq: number;
  slices: Generator<Chunk[]>;
  position: number;
  usageBytes: number;
  tokenCount: number;
  readyAtMs: number;
}

/** Large files waiting to be indexed, one slice per event-loop turn, in turn across files. */
class BackgroundIndexer {
  private readonly jobs: Job[] = [];
  private scheduled = false;

  constructor(private readonly store: Store) {}

  add(seq: number, text: string, strategy: StaticFileChunkingStrategyObject, readyAtMs: number): void {
    this.jobs.push({ seq, slices: chunkSlices(text, strategy, SLICE_CHARS), position: 0, usageBytes: 0, tokenCount: 0, readyAtMs });
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.jobs.length === 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (!this.store.db.open) return;
      const job = this.jobs.shift()!;
      if (this.slice(job)) this.jobs.push(job);
      this.schedule();
    });
  }

  /** Indexes the next slice of a file; false when the file is done (or was deleted or cancelled meanwhile). */
  private slice(job: Job): boolean {
    const { store } = this;
    const next = job.slices.next();
    return store.transaction(() => {
      if (!store.vectorStoreFiles.isIndexing(job.seq)) return false;
      if (next.done) {
        const { readyAtMs, usageBytes, tokenCount, position: chunkCount } = job;
        store.vectorStoreFiles.indexed(job.seq, { readyAtMs, usageBytes, chunkCount, tokenCount });
        return false;
      }
      store.chunks.insert(job.seq, next.value, job.position);
      job.position += next.value.length;
      for (const chunk of next.value) {
        job.usageBytes += Buffer.byteLength(chunk.text);
        job.tokenCount += chunk.tokens;
      }
      return true;
    });
  }
}

const indexers = new WeakMap<Store, BackgroundIndexer>();

/** The background indexer of a store. */
export function indexerOf(store: Store): BackgroundIndexer {
  let indexer = indexers.get(store);
  if (!indexer) indexers.set(store, (indexer = new BackgroundIndexer(store)));
  return indexer;
}

/** Starts again the indexing that was under way when the server stopped (its chunks so far are dropped). */
export function resumeIndexing(store: Store, nowMs: number): void {
  for (const attachment of store.vectorStoreFiles.allIndexing()) {
    const extraction = store.files.extraction(attachment.owner, attachment.fileId, Math.floor(nowMs / 1000));
    store.chunks.deleteForFile(attachment.seq);
    if (extraction && 'text' in extraction) {
      indexerOf(store).add(attachment.seq, extraction.text, attachment.chunkingStrategy, attachment.createdAt * 1000);
    } else {
      store.vectorStoreFiles.delete(attachment.owner, attachment);
    }
  }
}
