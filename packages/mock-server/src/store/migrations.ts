import type { Db } from './db.js';

/**
 * Every table holds API objects as JSON documents, with the columns that lookups, scoping and
 * pagination need. `seq` gives creation order (ties in `created_at` broken stably); `owner` scopes
 * objects to the API key that made them; `parent_id` is the containing object (thread, run, store).
 */
const documentTable = (name: string) => `
  CREATE TABLE ${name} (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    owner TEXT NOT NULL,
    parent_id TEXT NOT NULL DEFAULT '',
    tag TEXT,
    body TEXT NOT NULL,
    UNIQUE (id, parent_id)
  );
  CREATE INDEX ${name}_page ON ${name} (owner, parent_id, seq);
`;

/** One entry per schema version; each runs in its own transaction and bumps `user_version`. */
export const MIGRATIONS: readonly string[] = [
  ['assistants', 'threads', 'messages', 'runs', 'run_steps'].map(documentTable).join('\n') +
    // Partial: only run messages have a tag, so adding a user message writes one index fewer.
    `CREATE INDEX messages_by_tag ON messages (owner, parent_id, tag, seq) WHERE tag IS NOT NULL;`,
  // Where each run is in its script (engine state beside the API object).
  `CREATE TABLE run_progress (run_id TEXT PRIMARY KEY, owner TEXT NOT NULL, body TEXT NOT NULL);
   CREATE INDEX runs_by_tag ON runs (owner, parent_id, tag);`,
];

export function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
