import Database from 'better-sqlite3';
import { migrate } from './migrations.js';

export type Db = Database.Database;

/** Opens (and migrates) the store: a file for `serve`, `:memory:` for tests. */
export function openDb(location = ':memory:'): Db {
  const db = new Database(location);
  db.pragma('journal_mode = WAL');
  // WAL + NORMAL is durable against process crashes (SIGKILL); only an OS crash can lose the last commits.
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
