import type { Store } from './index.js';

/** Every table that scopes rows by `owner`, children before parents. */
const OWNED_TABLES = [
  'run_progress',
  'run_steps',
  'runs',
  'messages',
  'threads',
  'assistants',
  'file_batches',
  'vector_store_files',
  'vector_stores',
  'files',
  'cursor_tombstones',
] as const;

export type OwnerCounts = Record<(typeof OWNED_TABLES)[number], number>;

/**
 * Forgets everything one API key made, in one transaction: the control route's "start this test
 * from nothing" without touching other keys. Chunks hang off vector-store files, not an owner, so they
 * go first, while those rows still say whose they are (the FTS trigger keeps the index in step).
 */
export function deleteOwnerData({ db, transaction }: Store, owner: string): OwnerCounts {
  const deleteChunks = db.prepare(
    'DELETE FROM chunks WHERE vector_store_file_seq IN (SELECT seq FROM vector_store_files WHERE owner = ?)',
  );
  const statements = OWNED_TABLES.map((table) => [table, db.prepare(`DELETE FROM ${table} WHERE owner = ?`)] as const);
  return transaction(() => {
    deleteChunks.run(owner);
    return Object.fromEntries(statements.map(([table, statement]) => [table, statement.run(owner).changes])) as OwnerCounts;
  });
}

/** Objects stored per kind, all keys together (the health route's counts). */
export function countObjects({ db }: Store): Record<string, number> {
  const tables = ['assistants', 'threads', 'messages', 'runs', 'files', 'vector_stores'];
  return Object.fromEntries(tables.map((table) => [table, db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number]));
}
