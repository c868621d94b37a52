import type { Statement } from 'better-sqlite3';
import type { Chunk } from '../retrieval/chunking.js';
import type { Db } from './db.js';

/** A chunk's length and how often each query term occurs in it (counted by SQLite, text left behind). */
export interface ChunkTermCounts {
  id: number;
  vectorStoreFileSeq: number;
  tokens: number;
  counts: number[];
}

/** The text a term is looked for in: folded to lower case only if the term has ASCII letters to fold. */
const folded = (term: string) => (/[a-z]/.test(term) ? 'lower(text)' : 'text');

/**
 * Term-count SQL differs with the number of terms and which of them are folded, so queries can ask for
 * thousands of shapes: the most recently used ones are kept prepared, the rest are prepared again.
 */
export const MAX_TERM_COUNT_STATEMENTS = 64;

const IN_SCOPE = 'c.vector_store_file_seq IN (SELECT value FROM json_each(@scope))';

/**
 * The chunks of indexed vector-store files and their FTS5 trigram index (kept in step by triggers).
 * Scopes are lists of vector-store-file `seq`s passed as one JSON array parameter.
 */
export class ChunkIndex {
  private readonly insertStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly matchStmt: Statement;
  private readonly countMatchesStmt: Statement;
  private readonly textsStmt: Statement;
  private readonly termCountStmts = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    this.insertStmt = db.prepare('INSERT INTO chunks (vector_store_file_seq, position, tokens, text) VALUES (?, ?, ?, ?)');
    this.deleteStmt = db.prepare('DELETE FROM chunks WHERE vector_store_file_seq = ?');
    this.matchStmt = db.prepare(
      `SELECT c.id FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid
       WHERE chunks_fts MATCH @query AND ${IN_SCOPE} ORDER BY bm25(chunks_fts), c.id LIMIT @limit`,
    );
    this.countMatchesStmt = db.prepare(
      `SELECT count(*) AS n FROM chunks_fts JOIN chunks c ON c.id = chunks_fts.rowid WHERE chunks_fts MATCH @query AND ${IN_SCOPE}`,
    );
    this.textsStmt = db.prepare('SELECT id, text FROM chunks WHERE id IN (SELECT value FROM json_each(?))');
  }

  /** Adds a file's chunks; `firstPosition` is the position of the first (a large file comes in slices). */
  insert(vectorStoreFileSeq: number, chunks: readonly Chunk[], firstPosition = 0): void {
    chunks.forEach((chunk, i) => this.insertStmt.run(vectorStoreFileSeq, firstPosition + i, chunk.tokens, chunk.text));
  }

  deleteForFile(vectorStoreFileSeq: number): void {
    this.deleteStmt.run(vectorStoreFileSeq);
  }

  /** The ids of the best `limit` chunks in scope for an FTS5 query, by FTS5's own BM25 (ties by insertion). */
  match(ftsQuery: string, scope: readonly number[], limit: number): number[] {
    return (this.matchStmt.all({ query: ftsQuery, scope: JSON.stringify(scope), limit }) as { id: number }[]).map((row) => row.id);
  }

  /** How many chunks in scope an FTS5 query matches (a term's document frequency). */
  countMatches(ftsQuery: string, scope: readonly number[]): number {
    return (this.countMatchesStmt.get({ query: ftsQuery, scope: JSON.stringify(scope) }) as { n: number }).n;
  }

  /**
   * Term counts of chunks: either the given ones, or every chunk in scope that contains one of
   * `scanFor` (a scan: the fallback for terms too short for the trigram index). Terms are lower case;
   * SQLite's `lower` folds ASCII only, enough for the CJK, Hangul and Latin text this serves.
   */
  termCounts(terms: readonly string[], of: { ids: readonly number[] } | { scope: readonly number[]; scanFor: readonly string[] }): ChunkTermCounts[] {
    const counts = terms.map((term, i) => `(length(${folded(term)}) - length(replace(${folded(term)}, @t${i}, ''))) / length(@t${i}) AS n${i}`);
    const where =
      'ids' in of
        ? 'id IN (SELECT value FROM json_each(@ids))'
        : `${IN_SCOPE} AND (${of.scanFor.map((term, i) => `instr(${folded(term)}, @s${i}) > 0`).join(' OR ')})`;
    const sql = `SELECT id, vector_store_file_seq, tokens, ${counts.join(', ')} FROM chunks c WHERE ${where}`;
    const statement = this.termCountStmts.get(sql) ?? this.db.prepare(sql);
    // Re-inserted on every use, so the Map's first key is the least recently used.
    this.termCountStmts.delete(sql);
    this.termCountStmts.set(sql, statement);
    if (this.termCountStmts.size > MAX_TERM_COUNT_STATEMENTS) this.termCountStmts.delete(this.termCountStmts.keys().next().value!);
    const params: Record<string, unknown> = Object.fromEntries(terms.map((term, i) => [`t${i}`, term]));
    if ('ids' in of) params.ids = JSON.stringify(of.ids);
    else {
      params.scope = JSON.stringify(of.scope);
      of.scanFor.forEach((term, i) => (params[`s${i}`] = term));
    }
    return (statement.all(params) as Record<string, number>[]).map((row) => ({
      id: row.id!,
      vectorStoreFileSeq: row.vector_store_file_seq!,
      tokens: row.tokens!,
      counts: terms.map((_, i) => row[`n${i}`]!),
    }));
  }

  texts(ids: readonly number[]): Map<number, string> {
    const rows = this.textsStmt.all(JSON.stringify(ids)) as { id: number; text: string }[];
    return new Map(rows.map((row) => [row.id, row.text]));
  }
}
