import type { Assistant } from 'openai/resources/beta/assistants';
import type { Thread } from 'openai/resources/beta/threads/threads';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { FileBatchRecord, VectorStoreRecord } from '../objects/vector-store.js';
import { ChunkIndex } from './chunks.js';
import { FileTable } from './files.js';
import { VectorStoreFileTable } from './vector-store-files.js';
import type { Db } from './db.js';
import { DocumentTable } from './documents.js';
import { RunProgressTable } from './run-progress.js';
import { MessageTable } from './messages.js';
import { RunHistoryTable } from './run-history.js';

export type { Scope, PageRequest, Page, StoredDocument } from './documents.js';

export interface Store {
  db: Db;
  files: FileTable;
  vectorStores: DocumentTable<VectorStoreRecord>;
  /** Files attached to vector stores (one row per store and file). */
  vectorStoreFiles: VectorStoreFileTable;
  /** Batches, scoped by their vector store (`parentId`). */
  fileBatches: DocumentTable<FileBatchRecord>;
  chunks: ChunkIndex;
  assistants: DocumentTable<Assistant>;
  threads: DocumentTable<Thread>;
  messages: MessageTable;
  runs: DocumentTable<Run>;
  steps: DocumentTable<RunStep>;
  runProgress: RunProgressTable;
  /** Every status each run entered, with when (for the inspector). */
  runHistory: RunHistoryTable;
  /** Runs `fn` as one SQLite transaction: every state change commits whole or not at all. */
  transaction<T>(fn: () => T): T;
  /**
   * Runs `fn` once the outermost transaction under way commits (at once outside one), and never if it
   * rolls back: what is published or remembered about stored state must not outlive a rollback.
   */
  afterCommit(fn: () => void): void;
}

export function createStore(db: Db): Store {
  // One transaction function for every call (better-sqlite3 builds a costly wrapper per `db.transaction`);
  // nested calls still become savepoints.
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  const committed: (() => void)[] = [];
  const transaction = <T>(fn: () => T): T => {
    const outermost = !db.inTransaction;
    const mark = committed.length;
    let result: T;
    try {
      result = inTransaction(fn) as T;
    } catch (error) {
      committed.length = mark; // what this (sub)transaction registered rolled back with it
      throw error;
    }
    if (outermost) for (const callback of committed.splice(0)) callback();
    return result;
  };
  return {
    db,
    files: new FileTable(db),
    vectorStores: new DocumentTable(db, 'vector_stores'),
    vectorStoreFiles: new VectorStoreFileTable(db),
    fileBatches: new DocumentTable(db, 'file_batches'),
    chunks: new ChunkIndex(db),
    assistants: new DocumentTable(db, 'assistants'),
    threads: new DocumentTable(db, 'threads'),
    messages: new MessageTable(db),
    runs: new DocumentTable(db, 'runs'),
    steps: new DocumentTable(db, 'run_steps'),
    runProgress: new RunProgressTable(db),
    runHistory: new RunHistoryTable(db),
    transaction,
    afterCommit: (fn) => (db.inTransaction ? committed.push(fn) : fn()),
  };
}
