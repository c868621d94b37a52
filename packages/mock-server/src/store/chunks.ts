import type { Statement } from 'better-sqlite3';
import type { Chunk } from '../retrieval/chunking.js';
import { indexedText } from '../retrieval/word-index.js';
import type { Db } from './db.js';

/**
 * A chunk's rowid in the word index is its file's attachment seq and its position, so the chunks of a
 * file are one range of rowids and a search scope a few ranges, which FTS5 seeks to in its postings
 * (no join per match). 2^24 positions: a file of 512 MB in 50-token strides has about 10 million chunks.
 */
const POSITIONS_PER_FILE = 2 ** 24;
export const wordIndexRowid = (vectorStoreFileSeq: number, position: number) => vectorStoreFileSeq * POSITIONS_PER_FILE + position;

/** Rowids from `from` to `to`, both included. */
export interface RowidRange {
  from: number;
  to: number;
}

/** A chunk as search rescores it. */
export interface ChunkRow {
  rowid: number;
  vectorStoreFileSeq: number;
  tokens: number;
  text: string;
}

/**
 * The chunks of indexed vector-store files and their FTS5 word index (`chunk_words`, contentless: it
 * holds postings only, the text stays in `chunks`).
 */
export class ChunkIndex {
  private readonly insertStmt: Statement;
  private readonly insertWordsStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly deleteWordsStmt: Statement;
  private readonly bestStmt: Statement;
  private readonly nthMatchStmt: Statement;
  private readonly countStmt: Statement;
  private readonly readStmt: Statement;
  private readonly filesBetweenStmt: Statement;

  constructor(db: Db) {
    this.insertStmt = db.prepare('INSERT INTO chunks (vector_store_file_seq, position, tokens, text) VALUES (?, ?, ?, ?)');
    this.insertWordsStmt = db.prepare('INSERT INTO chunk_words (rowid, text) VALUES (?, ?)');
    this.deleteStmt = db.prepare('DELETE FROM chunks WHERE vector_store_file_seq = ?');
    this.deleteWordsStmt = db.prepare('DELETE FROM chunk_words WHERE rowid BETWEEN ? AND ?');
    const inRange = 'chunk_words MATCH @query AND rowid BETWEEN @from AND @to';
    // bm25() in ORDER BY, not `rank`: with `rank` FTS5 sorts every match before it applies the rowid range.
    this.bestStmt = db.prepare(`SELECT rowid, bm25(chunk_words) FROM chunk_words WHERE ${inRange} ORDER BY 2, 1 LIMIT @limit`).raw();
    this.nthMatchStmt = db.prepare(`SELECT rowid FROM chunk_words WHERE ${inRange} ORDER BY rowid LIMIT 1 OFFSET @n`).pluck();
    this.countStmt = db.prepare(`SELECT count(*) FROM chunk_words WHERE ${inRange}`).pluck();
    this.readStmt = db.prepare(
      `SELECT j.value AS rowid, c.vector_store_file_seq AS vectorStoreFileSeq, c.tokens, c.text
       FROM json_each(?) j JOIN chunks c ON c.vector_store_file_seq = j.value / ${POSITIONS_PER_FILE} AND c.position = j.value % ${POSITIONS_PER_FILE}`,
    );
    this.filesBetweenStmt = db.prepare('SELECT 1 FROM chunks WHERE vector_store_file_seq > ? AND vector_store_file_seq < ? LIMIT 1').pluck();
  }

  /** Adds a file's chunks; `firstPosition` is the position of the first (a large file comes in slices). */
  insert(vectorStoreFileSeq: number, chunks: readonly Chunk[], firstPosition = 0): void {
    chunks.forEach((chunk, i) => {
      this.insertStmt.run(vectorStoreFileSeq, firstPosition + i, chunk.tokens, chunk.text);
      this.insertWordsStmt.run(wordIndexRowid(vectorStoreFileSeq, firstPosition + i), indexedText(chunk.text));
    });
  }

  deleteForFile(vectorStoreFileSeq: number): void {
    this.deleteStmt.run(vectorStoreFileSeq);
    this.deleteWordsStmt.run(wordIndexRowid(vectorStoreFileSeq, 0), wordIndexRowid(vectorStoreFileSeq + 1, 0) - 1);
  }

  /**
   * The rowid ranges of the chunks of these attachments: one per run of seqs that no other
   * attachment's chunks come between (usually one for a vector store, whose files come in batches).
   */
  scopeRanges(vectorStoreFileSeqs: readonly number[]): RowidRange[] {
    const seqs = [...vectorStoreFileSeqs].sort((a, b) => a - b);
    const ranges: RowidRange[] = [];
    let first = seqs[0]!;
    seqs.forEach((seq, i) => {
      const next = seqs[i + 1];
      if (next !== undefined && (next === seq + 1 || this.filesBetweenStmt.get(seq, next) === undefined)) return;
      ranges.push({ from: wordIndexRowid(first, 0), to: wordIndexRowid(seq + 1, 0) - 1 });
      if (next !== undefined) first = next;
    });
    return ranges;
  }

  /**
   * The rowids of the best `limit` chunks for an FTS5 query by FTS5's BM25, best
   * first. FTS5 scores every match it ranks: given a `budget`, it ranks the first so many matches of
   * each range only.
   */
  best(query: string, ranges: readonly RowidRange[], limit: number, budget?: number): number[] {
    const ranked = ranges.flatMap(({ from, to }) => {
      const last = budget === undefined ? undefined : (this.nthMatchStmt.get({ query, from, to, n: budget - 1 }) as number | undefined);
      return this.bestStmt.all({ query, from, to: last ?? to, limit }) as [number, number][];
    });
    if (ranges.length > 1) ranked.sort(([rowidA, rankA], [rowidB, rankB]) => rankA - rankB || rowidA - rowidB);
    return ranked.slice(0, limit).map(([rowid]) => rowid);
  }

  /** How many chunks an FTS5 query matches (a term's document frequency). */
  countMatches(query: string, ranges: readonly RowidRange[]): number {
    return ranges.reduce((sum, range) => sum + (this.countStmt.get({ query, ...range }) as number), 0);
  }

  read(rowids: readonly number[]): ChunkRow[] {
    return this.readStmt.all(JSON.stringify(rowids)) as ChunkRow[];
  }
}
