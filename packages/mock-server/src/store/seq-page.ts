import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { Page, PageRequest } from './documents.js';

export interface SeqPageQuery {
  table: string;
  /** The columns to read (never a BLOB that a list does not show). */
  columns: string;
  /** SQL conditions (joined with AND) and their parameters, which scope the rows. */
  where: string[];
  params: unknown[];
  /** The `seq` of a cursor id within the scope: `undefined` if no cursor, `null` if unknown. */
  cursorSeq: (id: string | undefined) => number | null | undefined;
}

/** Where a page starts and which way it reads, with the cursors resolved to `seq` values. */
export interface SeqCursors {
  order: 'asc' | 'desc';
  after?: number | undefined;
  before?: number | undefined;
}

/**
 * The SQL of one page (its last parameter is the row limit): an index range scan in `seq` order.
 * Exported so a test can check its query plan.
 */
export function seqPageSql(query: Pick<SeqPageQuery, 'table' | 'columns' | 'where' | 'params'>, cursors: SeqCursors) {
  const desc = cursors.order === 'desc';
  const where = [...query.where];
  const params = [...query.params];
  if (cursors.after !== undefined) {
    where.push(desc ? 'seq < ?' : 'seq > ?');
    params.push(cursors.after);
  }
  if (cursors.before !== undefined) {
    where.push(desc ? 'seq > ?' : 'seq < ?');
    params.push(cursors.before);
  }
  // With only `before`, read towards the cursor and flip, so the page is the one adjacent to it.
  const reversed = cursors.before !== undefined && cursors.after === undefined;
  const direction = desc !== reversed ? 'DESC' : 'ASC';
  const sql = `SELECT ${query.columns} FROM ${query.table} WHERE ${where.join(' AND ')} ORDER BY seq ${direction} LIMIT ?`;
  return { sql, params, reversed };
}

/**
 * One page of rows of a table with a `seq` creation order, in O(limit) through its index: the cursor
 * rules every list shares (documents, files, vector-store files).
 */
export class SeqPager {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  page<Row>(query: SeqPageQuery, request: PageRequest): Page<Row> {
    const after = query.cursorSeq(request.after);
    const before = query.cursorSeq(request.before);
    // An unknown cursor names nothing to page from: the page is empty.
    if (after === null || before === null) return { data: [], hasMore: false };
    const { sql, params, reversed } = seqPageSql(query, { order: request.order, after, before });
    const rows = this.statement(sql).all(...params, request.limit + 1) as Row[];
    const hasMore = rows.length > request.limit;
    const data = rows.slice(0, request.limit);
    if (reversed) data.reverse();
    return { data, hasMore };
  }

  /** A prepared statement, kept for reuse (a handful of shapes per table). */
  statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
