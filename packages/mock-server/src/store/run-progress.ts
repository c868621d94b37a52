import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { Progress } from '../engine/snapshot.js';

/** The engine's state for each run, keyed by run id. */
export class RunProgressTable {
  private readonly getStmt: Statement;
  private readonly putStmt: Statement;
  private readonly deleteStmt: Statement;

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT body FROM run_progress WHERE run_id = ? AND owner = ?');
    this.putStmt = db.prepare(
      'INSERT INTO run_progress (run_id, owner, body) VALUES (?, ?, ?) ON CONFLICT (run_id) DO UPDATE SET body = excluded.body',
    );
    this.deleteStmt = db.prepare('DELETE FROM run_progress WHERE run_id = ? AND owner = ?');
  }

  get(owner: string, runId: string): (Progress & { stepId: string | null; messageId: string | null }) | undefined {
    const row = this.getStmt.get(runId, owner) as { body: string } | undefined;
    return row ? JSON.parse(row.body) : undefined;
  }

  put(owner: string, runId: string, progress: Progress & { stepId: string | null; messageId: string | null }): void {
    this.putStmt.run(runId, owner, JSON.stringify(progress));
  }

  delete(owner: string, runId: string): void {
    this.deleteStmt.run(runId, owner);
  }
}
