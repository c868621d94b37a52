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

/**
 * One page of rows of a table with a `seq` creation order, in O(limit) through its index; the same
 * cursor rules as `DocumentTable.page` for the relational tables (files, vector-store files).
 */
export class SeqPager {
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: Db) {}

  page<Row>(query: SeqPageQuery, request: PageRequest): Page<Row> {
    const after = query.cursorSeq(request.after);
    const before = query.cursorSeq(request.before);
    if (after === null || before === null) return { data: [], hasMore: false };
    const desc = request.order === 'desc';
    const where = [...query.where];
    const params = [...query.params];
    if (after !== undefined) {
      where.push(desc ? 'seq < ?' : 'seq > ?');
      params.push(after);
    }
    if (before !== undefined) {
      where.push(desc ? 'seq > ?' : 'seq < ?');
      params.push(before);
    }
    const reverse = before !== undefined && after === undefined;
    const direction = desc !== reverse ? 'DESC' : 'ASC';
    const sql = `SELECT ${query.columns} FROM ${query.table} WHERE ${where.join(' AND ')} ORDER BY seq ${direction} LIMIT ?`;
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    const rows = statement.all(...params, request.limit + 1) as Row[];
    const hasMore = rows.length > request.limit;
    const data = rows.slice(0, request.limit);
    if (reverse) data.reverse();
    return { data, hasMore };
  }
}
