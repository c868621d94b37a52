import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { Page, PageRequest } from './documents.js';

/** Which rows of which table a list reads, and which columns: a list's query but for its cursors. */
export interface PageShape {
  table: string;
  /** The columns to read (never a BLOB that a list does not show). */
  columns: string;
  /** SQL conditions, joined with AND. */
  where: readonly string[];
}

export interface SeqPageQuery {
  /** A shape kept from call to call has its statements found without building their SQL again. */
  shape: PageShape;
  /** The parameters of the shape's conditions. */
  params: readonly unknown[];
  /** The `seq` of a cursor id within the scope: `undefined` if no cursor, `null` if unknown. */
  cursorSeq: (id: string | undefined) => number | null | undefined;
  /** Where deleted objects of this list are remembered (see `bury`). */
  graveyard: { owner: string; scope: string };
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
export function seqPageSql(shape: PageShape, cursors: SeqCursors) {
  const desc = cursors.order === 'desc';
  const where = [...shape.where];
  if (cursors.after !== undefined) where.push(desc ? 'seq < ?' : 'seq > ?');
  if (cursors.before !== undefined) where.push(desc ? 'seq > ?' : 'seq < ?');
  // With only `before`, read towards the cursor and flip, so the page is the one adjacent to it.
  const reversed = cursors.before !== undefined && cursors.after === undefined;
  const direction = desc !== reversed ? 'DESC' : 'ASC';
  return { sql: `SELECT ${shape.columns} FROM ${shape.table} WHERE ${where.join(' AND ')} ORDER BY seq ${direction} LIMIT ?`, reversed };
}

/** The parameters of a page's SQL: the shape's, the cursors', then the row limit. */
export function pageParams(params: readonly unknown[], cursors: SeqCursors, limit: number): unknown[] {
  const all = [...params];
  if (cursors.after !== undefined) all.push(cursors.after);
  if (cursors.before !== undefined) all.push(cursors.before);
  all.push(limit);
  return all;
}

/** A page statement, and whether it reads the page back to front. */
interface PageStatement {
  statement: Statement;
  reversed: boolean;
}

/**
 * One page of rows of a table with a `seq` creation order, in O(limit) through its index: the cursor
 * rules every list shares (documents, files, vector-store files).
 */
export class SeqPager {
  private readonly statements = new Map<string, Statement>();
  /** Per shape, its page statements by cursor kind (see `cursorKind`): a page asked for often builds no SQL. */
  private readonly byShape = new WeakMap<PageShape, PageStatement[]>();
  private readonly buryStmt: Statement;
  private readonly graveStmt: Statement;

  constructor(private readonly db: Db) {
    this.buryStmt = db.prepare('INSERT OR REPLACE INTO cursor_tombstones (tbl, owner, scope, id, seq) VALUES (?, ?, ?, ?, ?)');
    this.graveStmt = db.prepare('SELECT seq FROM cursor_tombstones WHERE tbl = ? AND owner = ? AND scope = ? AND id = ?').pluck();
  }

  /**
   * Remembers where a deleted object stood, so a list can still continue after it: the SDK's
   * auto-pagination asks for `after=<last id of the page>`, and a loop that deletes what it lists
   * would otherwise stop after one page.
   */
  bury(table: string, graveyard: SeqPageQuery['graveyard'], id: string, seq: number): void {
    this.buryStmt.run(table, graveyard.owner, graveyard.scope, id, seq);
  }

  page<Row>(query: SeqPageQuery, request: PageRequest): Page<Row> {
    const seqOf = (id: string | undefined) => {
      const seq = query.cursorSeq(id);
      if (seq !== null) return seq;
      const buried = this.graveStmt.get(query.shape.table, query.graveyard.owner, query.graveyard.scope, id) as number | undefined;
      return buried ?? null;
    };
    const after = seqOf(request.after);
    const before = seqOf(request.before);
    // An unknown cursor names nothing to page from: the page is empty.
    if (after === null || before === null) return { data: [], hasMore: false };
    const cursors: SeqCursors = { order: request.order, after, before };
    const { statement, reversed } = this.pageStatement(query.shape, cursors);
    const rows = statement.all(pageParams(query.params, cursors, request.limit + 1)) as Row[];
    const hasMore = rows.length > request.limit;
    const data = rows.slice(0, request.limit);
    if (reversed) data.reverse();
    return { data, hasMore };
  }

  private pageStatement(shape: PageShape, cursors: SeqCursors): PageStatement {
    let kinds = this.byShape.get(shape);
    if (!kinds) this.byShape.set(shape, (kinds = []));
    const kind = cursorKind(cursors);
    let found = kinds[kind];
    if (!found) {
      const { sql, reversed } = seqPageSql(shape, cursors);
      found = kinds[kind] = { statement: this.statement(sql), reversed };
    }
    return found;
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

/** Which of the eight page queries of a shape the cursors ask for: the order, and which cursors are set. */
function cursorKind({ order, after, before }: SeqCursors): number {
  return (order === 'desc' ? 4 : 0) + (after !== undefined ? 2 : 0) + (before !== undefined ? 1 : 0);
}
