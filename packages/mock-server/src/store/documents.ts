import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

export interface PageRequest {
  limit: number;
  order: 'asc' | 'desc';
  after?: string | undefined;
  before?: string | undefined;
}

export interface Page<T> {
  data: T[];
  hasMore: boolean;
}

export interface Scope {
  owner: string;
  parentId?: string;
  /** An extra equality filter on the `tag` column (e.g. a message's run id). */
  tag?: string;
}

/**
 * A table of JSON documents with prepared statements for the operations every resource needs.
 * Table modules wrap it with their own names and types.
 */
export class DocumentTable<T extends { id: string }> {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement;
  private readonly hasStmt: Statement;
  private readonly updateStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly deleteByParentStmt: Statement;
  private readonly seqStmt: Statement;
  private readonly upsertStmt: Statement;
  private readonly statements = new Map<string, Statement>();

  constructor(
    private readonly db: Db,
    private readonly table: string,
  ) {
    this.insertStmt = db.prepare(`INSERT INTO ${table} (id, owner, parent_id, tag, body) VALUES (?, ?, ?, ?, ?)`);
    this.getStmt = db.prepare(`SELECT body FROM ${table} WHERE id = ? AND owner = ? AND parent_id = ?`).pluck();
    this.hasStmt = db.prepare(`SELECT 1 FROM ${table} WHERE id = ? AND owner = ? AND parent_id = ?`).pluck();
    this.updateStmt = db.prepare(`UPDATE ${table} SET body = ?, tag = COALESCE(?, tag) WHERE id = ? AND owner = ? AND parent_id = ?`);
    this.deleteStmt = db.prepare(`DELETE FROM ${table} WHERE id = ? AND owner = ? AND parent_id = ?`);
    this.deleteByParentStmt = db.prepare(`DELETE FROM ${table} WHERE owner = ? AND parent_id = ?`);
    this.upsertStmt = db.prepare(
      `INSERT INTO ${table} (id, owner, parent_id, tag, body) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (id, parent_id) DO UPDATE SET body = excluded.body, tag = COALESCE(excluded.tag, tag)`,
    );
    this.seqStmt = db.prepare(`SELECT seq FROM ${table} WHERE id = ? AND owner = ? AND parent_id = ?`);
  }

  insert(scope: Scope, doc: T): T {
    this.insertStmt.run(doc.id, scope.owner, scope.parentId ?? '', scope.tag ?? null, JSON.stringify(doc));
    return doc;
  }

  /** Inserts, or replaces the stored document with the same id in the same parent. */
  upsert(scope: Scope, doc: T): T {
    this.upsertStmt.run(doc.id, scope.owner, scope.parentId ?? '', scope.tag ?? null, JSON.stringify(doc));
    return doc;
  }

  /** Documents in `scope` whose tag is one of `tags`, oldest first (e.g. a thread's active runs). */
  withTags(scope: Scope, tags: readonly string[]): T[] {
    const sql = `SELECT body FROM ${this.table} WHERE owner = ? AND parent_id = ? AND tag IN (${tags.map(() => '?').join(', ')}) ORDER BY seq`;
    return (this.cachedStatement(sql).all(scope.owner, scope.parentId ?? '', ...tags) as { body: string }[]).map(
      (row) => JSON.parse(row.body) as T,
    );
  }

  get(scope: Scope, id: string): T | undefined {
    const json = this.getStored(scope, id);
    return json === undefined ? undefined : (JSON.parse(json) as T);
  }

  /** The document's JSON text as stored. */
  getStored(scope: Scope, id: string): string | undefined {
    return this.getStmt.get(id, scope.owner, scope.parentId ?? '') as string | undefined;
  }

  /** Whether the document exists, without reading or parsing its body. */
  has(scope: Scope, id: string): boolean {
    return this.hasStmt.get(id, scope.owner, scope.parentId ?? '') !== undefined;
  }

  update(scope: Scope, doc: T): T {
    this.updateStmt.run(JSON.stringify(doc), scope.tag ?? null, doc.id, scope.owner, scope.parentId ?? '');
    return doc;
  }

  delete(scope: Scope, id: string): boolean {
    return this.deleteStmt.run(id, scope.owner, scope.parentId ?? '').changes > 0;
  }

  deleteAllIn(scope: Scope): void {
    this.deleteByParentStmt.run(scope.owner, scope.parentId ?? '');
  }

  /** One page in O(limit) via the (owner, parent_id[, tag], seq) index. */
  page(scope: Scope, request: PageRequest): Page<T> {
    const { data, hasMore } = this.pageOfStored(scope, request);
    return { data: data.map((row) => JSON.parse(row.json) as T), hasMore };
  }

  /** The same page as the stored JSON texts, for a list answered without parsing and re-serialising each item. */
  pageOfStored(scope: Scope, request: PageRequest): Page<StoredDocument> {
    const parentId = scope.parentId ?? '';
    const cursorSeq = (id: string | undefined) =>
      id === undefined ? undefined : ((this.seqStmt.get(id, scope.owner, parentId) as { seq: number } | undefined)?.seq ?? null);
    const after = cursorSeq(request.after);
    const before = cursorSeq(request.before);
    // An unknown cursor names nothing to page from: the page is empty.
    if (after === null || before === null) return { data: [], hasMore: false };
    const query = pageQuery(this.table, { ...scope, parentId, order: request.order, after, before });
    const rows = this.cachedStatement(query.sql).all(...query.params, request.limit + 1) as StoredDocument[];
    const hasMore = rows.length > request.limit;
    const data = rows.slice(0, request.limit);
    if (query.reversed) data.reverse();
    return { data, hasMore };
  }

  private cachedStatement(sql: string): Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }
}

/** A document as stored: its id and its JSON text. */
export interface StoredDocument {
  id: string;
  json: string;
}

export interface PageFilter {
  owner: string;
  parentId: string;
  tag?: string | undefined;
  order: 'asc' | 'desc';
  /** `seq` of the `after` / `before` cursors. */
  after?: number | undefined;
  before?: number | undefined;
}

/** The SQL of one page (its last parameter is the row limit); exported so a test can check its query plan. */
export function pageQuery(table: string, filter: PageFilter) {
  const params: unknown[] = [filter.owner, filter.parentId];
  const where = ['owner = ?', 'parent_id = ?'];
  const desc = filter.order === 'desc';
  if (filter.tag !== undefined) {
    where.push('tag = ?');
    params.push(filter.tag);
  }
  if (filter.after !== undefined) {
    where.push(desc ? 'seq < ?' : 'seq > ?');
    params.push(filter.after);
  }
  if (filter.before !== undefined) {
    where.push(desc ? 'seq > ?' : 'seq < ?');
    params.push(filter.before);
  }
  // With only `before`, read towards the cursor and flip, so the page is the one adjacent to it.
  const reversed = filter.before !== undefined && filter.after === undefined;
  const direction = desc !== reversed ? 'DESC' : 'ASC';
  const sql = `SELECT id, body AS json FROM ${table} WHERE ${where.join(' AND ')} ORDER BY seq ${direction} LIMIT ?`;
  return { sql, params, reversed };
}
