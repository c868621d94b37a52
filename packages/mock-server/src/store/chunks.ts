import type { Statement } from 'better-sqlite3';
import type { Chunk } from '../retrieval/chunking.js';
import type { Db } from './db.js';

export interface ChunkRow {
  id: number;
  vector_store_file_seq: number;
  position: number;
  tokens: number;
  text: string;
}

/**
 * The chunks of indexed vector-store files and their FTS5 trigram index (kept in step by triggers).
 * Scopes are lists of vector-store-file `seq`s passed as one JSON array parameter.
 */
export class ChunkIndex {
  private readonly insertStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly matchStmt: Statement;
  private readonly countMatchesStmt: Statement;
  private readonly scopeStmt: Statement;

  constructor(db: Db) {
    const inScope = 'c.vector_store_file_seq IN (SELECT value FROM json_each(?))';
    this.insertStmt = db.prepare('INSERT INTO chunks (vector_store_file_seq, position, tokens, text) VALUES (?, ?, ?, ?)');
    this.deleteStmt = db.prepare('DELETE FROM chunks WHERE vector_store_file_seq = ?');
    this.matchStmt = db.prepare(
      `SELECT c.* FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
       WHERE chunks_fts MATCH ? AND ${inScope} ORDER BY bm25(chunks_fts), c.id LIMIT ?`,
    );
    this.countMatchesStmt = db.prepare(
      `SELECT count(*) AS n FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid WHERE chunks_fts MATCH ? AND ${inScope}`,
    );
    this.scopeStmt = db.prepare(`SELECT c.* FROM chunks c WHERE ${inScope} ORDER BY c.id`);
  }

  insert(vectorStoreFileSeq: number, chunks: readonly Chunk[]): void {
    chunks.forEach((chunk, position) => this.insertStmt.run(vectorStoreFileSeq, position, chunk.tokens, chunk.text));
  }

  deleteForFile(vectorStoreFileSeq: number): void {
    this.deleteStmt.run(vectorStoreFileSeq);
  }

  /** The best `limit` chunks in scope for an FTS5 query, by FTS5's own BM25 (ties by insertion). */
  match(ftsQuery: string, scope: readonly number[], limit: number): ChunkRow[] {
    return this.matchStmt.all(ftsQuery, JSON.stringify(scope), limit) as ChunkRow[];
  }

  /** How many chunks in scope an FTS5 query matches (a term's document frequency). */
  countMatches(ftsQuery: string, scope: readonly number[]): number {
    return (this.countMatchesStmt.get(ftsQuery, JSON.stringify(scope)) as { n: number }).n;
  }

  /** Every chunk in scope, lazily: the fallback for terms too short for the trigram index. */
  scan(scope: readonly number[]): IterableIterator<ChunkRow> {
    return this.scopeStmt.iterate(JSON.stringify(scope)) as IterableIterator<ChunkRow>;
  }
}
