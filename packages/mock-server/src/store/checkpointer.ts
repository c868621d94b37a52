import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db.js';

/** How often the WAL is copied back into the database file. */
const CHECKPOINT_EVERY_MS = 200;

// The worker opens its own connection to the same file and checkpoints on a timer. It is source
// text (not a module file) so that the CLI's single-file bundle carries it too.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 0');
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: the next tick tries again */ }
}, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/**
 * Takes WAL checkpoints off the request path: SQLite's automatic checkpoint runs inside the commit
 * that crosses 1,000 pages, stalling that one write (and every request queued behind it) for
 * milliseconds. A PASSIVE checkpoint from another thread copies committed pages while writes go on;
 * the writer then restarts the WAL from its beginning, so it does not grow. Only for database files.
 */
export function startCheckpointer(db: Db): { stop(): Promise<void> } {
  db.pragma('wal_autocheckpoint = 0');
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.name, driver, everyMs: CHECKPOINT_EVERY_MS } });
  worker.unref();
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      worker.postMessage('stop');
      await exited;
    },
  };
}
