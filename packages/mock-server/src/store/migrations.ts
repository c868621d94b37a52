import type { Db } from './db.js';
import { MESSAGES_BY_USER_INDEX } from './messages.js';
import { ownerOf } from '../owner.js';
import { indexedText, WORD_TOKENIZER } from '../retrieval/word-index.js';
import { wordIndexRowid } from './chunks.js';

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

/**
 * Files keep their bytes in a BLOB beside their metadata: one transaction covers both (no orphan
 * files on disk after a crash, no missing bytes after a rollback), and `:memory:` databases work
 * unchanged. `text` is what extraction got out of the file at upload (or `text_error` why not).
 * Vector-store files are rows, not documents, because their status is a function of time
 * (`ready_at_ms`) that lists filter on. Chunks were indexed by an external-content FTS5 table with
 * the trigram tokenizer (a word index took its place, see the last migration).
 */
const FILES_AND_VECTOR_STORES = `
  CREATE TABLE files (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    owner TEXT NOT NULL,
    purpose TEXT NOT NULL,
    expires_at INTEGER,
    body TEXT NOT NULL,
    content BLOB NOT NULL,
    text TEXT,
    text_error TEXT
  );
  CREATE INDEX files_page ON files (owner, seq);
  CREATE INDEX files_by_purpose ON files (owner, purpose, seq);
  ${documentTable('vector_stores')}
  ${documentTable('file_batches')}
  CREATE TABLE vector_store_files (
    seq INTEGER PRIMARY KEY,
    owner TEXT NOT NULL,
    vector_store_id TEXT NOT NULL,
    file_id TEXT NOT NULL,
    batch_id TEXT,
    created_at INTEGER NOT NULL,
    ready_at_ms INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    last_error TEXT,
    usage_bytes INTEGER NOT NULL,
    chunk_count INTEGER NOT NULL,
    token_count INTEGER NOT NULL,
    chunking_strategy TEXT NOT NULL,
    attributes TEXT,
    UNIQUE (vector_store_id, file_id)
  );
  CREATE INDEX vector_store_files_page ON vector_store_files (owner, vector_store_id, seq);
  CREATE INDEX vector_store_files_by_batch ON vector_store_files (batch_id, seq);
  CREATE INDEX vector_store_files_by_file ON vector_store_files (owner, file_id);
  CREATE TABLE chunks (
    id INTEGER PRIMARY KEY,
    vector_store_file_seq INTEGER NOT NULL,
    position INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    text TEXT NOT NULL
  );
  CREATE INDEX chunks_by_file ON chunks (vector_store_file_seq, position);
  CREATE VIRTUAL TABLE chunks_fts USING fts5(text, content='chunks', content_rowid='id', tokenize='trigram');
  CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
    INSERT INTO chunks_fts (rowid, text) VALUES (new.id, new.text);
  END;
  CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
    INSERT INTO chunks_fts (chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END;
`;

/** One entry per schema version; each runs in its own transaction and bumps `user_version`. */
export const MIGRATIONS: readonly string[] = [
  ['assistants', 'threads', 'messages', 'runs', 'run_steps'].map(documentTable).join('\n') +
    // Partial: only run messages have a tag, so adding a user message writes one index fewer.
    `CREATE INDEX messages_by_tag ON messages (owner, parent_id, tag, seq) WHERE tag IS NOT NULL;`,
  // Where each run is in its script (engine state beside the API object).
  `CREATE TABLE run_progress (run_id TEXT PRIMARY KEY, owner TEXT NOT NULL, body TEXT NOT NULL);
   CREATE INDEX runs_by_tag ON runs (owner, parent_id, tag);`,
  FILES_AND_VECTOR_STORES,
  // Where deleted objects stood in their lists, so a page can still start after one (see SeqPager).
  `CREATE TABLE cursor_tombstones (
     tbl TEXT NOT NULL, owner TEXT NOT NULL, scope TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL,
     PRIMARY KEY (tbl, owner, scope, id)
   ) WITHOUT ROWID;`,
  // A run's progress in three parts, so that a save writes only what changed: the content of the step
  // being produced (written once per step, not at every delta) and what the run settled at its start.
  `ALTER TABLE run_progress ADD COLUMN content TEXT;
   ALTER TABLE run_progress ADD COLUMN start TEXT;
   UPDATE run_progress SET start = json_object('driverState', body -> '$.driverState', 'newestUserMessage', body ->> '$.newestUserMessage');`,
  // A run finds its thread's newest user message in one index step (store/messages.ts).
  MESSAGES_BY_USER_INDEX,
  // Every status each run entered, with its time (the inspector's run timelines; see RunHistoryTable).
  `CREATE TABLE run_history (
     seq INTEGER PRIMARY KEY, owner TEXT NOT NULL, thread_id TEXT NOT NULL, run_id TEXT NOT NULL,
     status TEXT NOT NULL, at_ms INTEGER NOT NULL, detail TEXT
   );
   CREATE INDEX run_history_by_run ON run_history (owner, run_id, seq);
   CREATE INDEX run_history_recent ON run_history (owner, seq);`,
  // Owners were the bearer keys themselves: a digest takes their place, so no key stays in the file.
  ['assistants', 'threads', 'messages', 'runs', 'run_steps', 'run_progress', 'files', 'vector_stores', 'file_batches', 'vector_store_files', 'cursor_tombstones', 'run_history']
    .map((table) => `UPDATE ${table} SET owner = owner_of(owner);`)
    .join('\n'),
  // Chunks are searched by words instead of trigrams (retrieval/word-index.ts): an index a few times
  // smaller and faster to build, whose rowids put each file's chunks in one range (store/chunks.ts).
  // contentless_delete: a file's chunks leave the index by rowid, without tokenising their text again.
  // It rebuilds the index, so it can run again (test/secrets.at-rest.test.ts runs the migrations
  // after the owners' digest again).
  `DROP TRIGGER IF EXISTS chunks_fts_insert;
   DROP TRIGGER IF EXISTS chunks_fts_delete;
   DROP TABLE IF EXISTS chunks_fts;
   DROP TABLE IF EXISTS chunk_words;
   CREATE VIRTUAL TABLE chunk_words USING fts5(text, content='', contentless_delete=1, tokenize="${WORD_TOKENIZER}");
   INSERT INTO chunk_words (rowid, text) SELECT word_index_rowid(vector_store_file_seq, position), indexed_text(text) FROM chunks;`,
  // Every slice a file is indexed in commits a segment of the word index; FTS5 merges them 4 at a time
  // by default, 16 at a time here: merging was a third of indexing's time (bench:retrieval).
  `INSERT INTO chunk_words (chunk_words, rank) VALUES ('automerge', 16);`,
  // A loaded scenario's script, stored once for all the runs that play it (store/scripts.ts). It can
  // run again, as the word index above can.
  `CREATE TABLE IF NOT EXISTS scripts (digest TEXT PRIMARY KEY, body TEXT NOT NULL);`,
];

export function migrate(db: Db): void {
  db.function('owner_of', { deterministic: true }, (key) => ownerOf(String(key)));
  db.function('indexed_text', { deterministic: true }, (text) => indexedText(String(text)));
  db.function('word_index_rowid', { deterministic: true }, (seq, position) => wordIndexRowid(Number(seq), Number(position)));
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < MIGRATIONS.length; version++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
