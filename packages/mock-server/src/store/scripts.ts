import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

/**
 * Scripts of the loaded scenarios, by their digest, each stored once: a run keeps the digest instead of
 * a copy of its script (a 20,000-word answer was written again with every run, a millisecond on the way
 * to its first delta). Kept for good, so a run resumed after a restart plays the same script even if
 * the fixture files changed meanwhile; there are as many rows as scripts ever played.
 */
export class ScriptTable {
  private readonly hasStmt: Statement;
  private readonly getStmt: Statement;
  private readonly insertStmt: Statement;

  constructor(db: Db) {
    this.hasStmt = db.prepare('SELECT 1 FROM scripts WHERE digest = ?').pluck();
    this.getStmt = db.prepare('SELECT body FROM scripts WHERE digest = ?').pluck();
    this.insertStmt = db.prepare('INSERT INTO scripts (digest, body) VALUES (?, ?)');
  }

  /** Stores a script's JSON under its digest unless it is there already; call inside the transaction that uses it. */
  keep(digest: string, body: () => string): void {
    if (this.hasStmt.get(digest) === undefined) this.insertStmt.run(digest, body());
  }

  /** The JSON stored under `digest`. */
  get(digest: string): string | undefined {
    return this.getStmt.get(digest) as string | undefined;
  }
}
