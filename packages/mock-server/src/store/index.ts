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
import { ScriptTable } from './scripts.js';

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
  /** Loaded scenarios' scripts, once each, for the runs that play them. */
  scripts: ScriptTable;
  /** Runs `fn` as one SQLite transaction: every state change commits whole or not at all. */
  transaction<T>(fn: () => T): T;
  /**
   * Runs `fn` once the outermost transaction under way commits (at once outside one), and never if it
   * rolls back: what is published or remembered about stored state must not outlive a rollback. By
   * default that transaction then commits at once rather than with its group (a stream waits for the
   * events `fn` publishes); with `withGroup`, `fn` waits for the group's commit (a memory that can wait).
   */
  afterCommit(fn: () => void, options?: { withGroup?: boolean }): void;
  /**
   * Resolves once what was written so far is committed (at once if nothing waits for a commit);
   * rejects if that commit failed. A response must not be sent before this.
   */
  committed(): Promise<void>;
  /** Commits the open group now (before closing the database). */
  flush(): void;
}

/**
 * Group commit: the first transaction of an event-loop turn opens one SQLite transaction that every
 * transaction of that turn joins as a savepoint (a failing one rolls back alone), and it commits once,
 * after the turn (`setImmediate`), or as soon as a transaction has `afterCommit` work. BEGIN/COMMIT
 * are a quarter of a write's cost, so writes that arrive together share them. Nothing is acknowledged
 * before its commit: responses wait for `committed()`.
 */
export function createStore(db: Db): Store {
  // One transaction function for every call (better-sqlite3 builds a costly wrapper per `db.transaction`);
  // inside the group's transaction it runs as a savepoint.
  const inTransaction = db.transaction((fn: () => unknown) => fn());
  const messages = new MessageTable(db);
  const runHistory = new RunHistoryTable(db);
  const committed: (() => void)[] = [];
  /** How many of `committed` end the group at once. */
  let urgent = 0;
  let group: { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void } | null = null;

  const commitGroup = () => {
    const open = group;
    if (!open) return;
    group = null;
    try {
      runHistory.flush();
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      runHistory.dropPending(0);
      messages.rolledBack();
      committed.length = 0;
      urgent = 0;
      open.reject(error);
      return;
    }
    open.resolve();
    urgent = 0;
    for (const callback of committed.splice(0)) callback();
  };
  const openGroup = () => {
    // IMMEDIATE: the group holds the write lock from its first statement. A deferred BEGIN that read first
    // fails its first write with SQLITE_BUSY (no retry) when the checkpointer thread restarts the WAL between.
    beginImmediate(db);
    let resolve!: () => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)));
    promise.catch(() => {}); // awaited by the requests of the group; none may be left to see it
    group = { promise, resolve, reject };
    setImmediate(commitGroup);
  };

  let depth = 0;
  const transaction = <T>(fn: () => T): T => {
    if (!db.inTransaction) openGroup();
    const [mark, urgentMark, historyMark] = [committed.length, urgent, runHistory.pendingCount()];
    let result: T;
    depth++;
    try {
      result = inTransaction(fn) as T;
    } catch (error) {
      // What this savepoint registered rolled back with it.
      messages.rolledBack();
      runHistory.dropPending(historyMark);
      committed.length = mark;
      urgent = urgentMark;
      throw error;
    } finally {
      depth--;
    }
    // What is to follow a commit (run events, which a stream reads right after playing the run) ends
    // the group at once: those callers see their commit as they did without grouping.
    if (depth === 0 && urgent > 0) commitGroup();
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
    messages,
    runs: new DocumentTable(db, 'runs'),
    steps: new DocumentTable(db, 'run_steps'),
    runProgress: new RunProgressTable(db),
    runHistory,
    scripts: new ScriptTable(db),
    transaction,
    afterCommit: (fn, { withGroup = false } = {}) => {
      if (!db.inTransaction) return fn();
      committed.push(fn);
      if (!withGroup) urgent++;
    },
    committed: () => group?.promise ?? Promise.resolve(),
    flush: commitGroup,
  };
}

const BEGIN_ATTEMPTS = 20;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * BEGIN IMMEDIATE, asked again (1 ms apart, at most 20 times) when SQLite answers SQLITE_BUSY at once
 * instead of waiting out `busy_timeout`: seen once in ~100,000 bench writes with the checkpointer running
 * (the request failed with a 500), the case inside SQLite not pinned down.
 */
export function beginImmediate(db: Pick<Db, 'exec'>): void {
  for (let attempt = 1; ; attempt++) {
    try {
      db.exec('BEGIN IMMEDIATE');
      return;
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'SQLITE_BUSY' || attempt === BEGIN_ATTEMPTS) throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}
