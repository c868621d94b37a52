import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db.js';

/** How often the WAL is copied back into the database file. */
const CHECKPOINT_EVERY_MS = 200;
/**
 * Under steady writes a PASSIVE checkpoint never finds the WAL wholly copied, so the writer never
 * starts it over: past this many pages (16 MB at 4 KiB) the worker runs a RESTART checkpoint, which
 * holds writers for the moment it takes to copy the few pages left and resets the WAL.
 */
const RESTART_PAGES = 4096;

// The worker opens its own connection to the same file and checkpoints on a timer. It is source
// text (not a module file) so that the CLI's single-file bundle carries it too.
const WORKER_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const open = () => { try { return new Database(workerData.file); } catch { return null; } };
// Gone before this thread started (a server closed at once, its directory removed): nothing to checkpoint.
const db = open();
if (!db) parentPort.close();
else {
  db.pragma('busy_timeout = 10');
  const timer = setInterval(() => {
    try {
      const [{ log }] = db.pragma('wal_checkpoint(PASSIVE)');
      if (log > workerData.restartPages) db.pragma('wal_checkpoint(RESTART)');
    } catch { /* busy: the next tick tries again */ }
  }, workerData.everyMs);
  parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
}
`;

/**
 * Takes WAL checkpoints off the request path: SQLite's automatic checkpoint runs inside the commit
 * that crosses 1,000 pages, stalling that one write (and every request queued behind it) for
 * milliseconds. A PASSIVE checkpoint from another thread copies committed pages while writes go on.
 * Only for database files.
 */
export function startCheckpointer(db: Db): { stop(): Promise<void> } {
  db.pragma('wal_autocheckpoint = 0');
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file: db.name, driver, everyMs: CHECKPOINT_EVERY_MS, restartPages: RESTART_PAGES } });
  worker.unref();
  // Should the worker ever fail, SQLite checkpoints on the request path again rather than the WAL growing without end.
  worker.once('error', () => {
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    async stop() {
      // Held while it closes: an unref'd worker is no reason to stay alive, so a script whose last step is
      // this wait would otherwise end (exit code 13) before the database is closed.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
