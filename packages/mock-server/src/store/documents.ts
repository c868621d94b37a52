import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import { SeqPager, type PageShape } from './seq-page.js';

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
  private readonly pager: SeqPager;
  private readonly plainShape: PageShape;
  private readonly taggedShape: PageShape;

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
       ON CONFLICT (id, parent_id) DO UPDATE SET body = excluded.body, tag = COALESCE(excluded.tag, tag) RETURNING seq`,
    ).pluck();
    this.seqStmt = db.prepare(`SELECT seq FROM ${table} WHERE id = ? AND owner = ? AND parent_id = ?`).pluck();
    this.pager = new SeqPager(db);
    this.plainShape = documentPageShape(table, false);
    this.taggedShape = documentPageShape(table, true);
  }

  insert(scope: Scope, doc: T): T {
    const { lastInsertRowid } = this.insertStmt.run(doc.id, scope.owner, scope.parentId ?? '', scope.tag ?? null, JSON.stringify(doc));
    this.written(scope, doc, Number(lastInsertRowid));
    return doc;
  }

  /** Inserts, or replaces the stored document with the same id in the same parent. */
  upsert(scope: Scope, doc: T): T {
    this.written(scope, doc, this.upsertStmt.get(doc.id, scope.owner, scope.parentId ?? '', scope.tag ?? null, JSON.stringify(doc)) as number);
    return doc;
  }

  /** Where the documents of every owner whose tag is one of `tags` are (the runs a stopped server left active). */
  placesWithTags(tags: readonly string[]): { owner: string; parentId: string; id: string }[] {
    const marks = tags.map(() => '?').join(', ');
    return this.db.prepare(`SELECT owner, parent_id AS parentId, id FROM ${this.table} WHERE tag IN (${marks}) ORDER BY seq`).all(...tags) as { owner: string; parentId: string; id: string }[];
  }

  /** Documents in `scope` whose tag is one of `tags`, oldest first (e.g. a thread's active runs). */
  withTags(scope: Scope, tags: readonly string[]): T[] {
    return (this.pager.statement(withTagsSql(this.table, tags.length)).all(scope.owner, scope.parentId ?? '', ...tags) as { body: string }[]).map(
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
    this.written(scope, doc, undefined);
    return doc;
  }

  /** Told of every document this table writes, with its seq when known (an update keeps it): for tables that keep track. */
  protected written(_scope: Scope, _doc: T, _seq: number | undefined): void {}

  delete(scope: Scope, id: string): boolean {
    const parentId = scope.parentId ?? '';
    const seq = this.seqStmt.get(id, scope.owner, parentId) as number | undefined;
    if (seq === undefined) return false;
    this.deleteStmt.run(id, scope.owner, parentId);
    this.pager.bury(this.table, { owner: scope.owner, scope: parentId }, id, seq);
    return true;
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
    const tagged = scope.tag !== undefined;
    return this.pager.page<StoredDocument>(
      {
        shape: tagged ? this.taggedShape : this.plainShape,
        params: tagged ? [scope.owner, parentId, scope.tag] : [scope.owner, parentId],
        graveyard: { owner: scope.owner, scope: parentId },
        cursorSeq: (id) => (id === undefined ? undefined : ((this.seqStmt.get(id, scope.owner, parentId) as number | undefined) ?? null)),
      },
      request,
    );
  }
}

/**
 * The SQL of `withTags`. `+seq` keeps SQLite from reading the whole scope through its page index to
 * avoid a sort: it reads the few rows with those tags through the tag index and sorts them
 * (exported so a test can check the plan).
 */
export const withTagsSql = (table: string, tagCount: number) =>
  `SELECT body FROM ${table} WHERE owner = ? AND parent_id = ? AND tag IN (${Array(tagCount).fill('?').join(', ')}) ORDER BY +seq`;

/** The rows of one owner and parent (and tag), as a page query reads them. */
export function documentPageShape(table: string, tagged: boolean): PageShape {
  return { table, columns: 'id, body AS json', where: ['owner = ?', 'parent_id = ?', ...(tagged ? ['tag = ?'] : [])] };
}

/** A document as stored: its id and its JSON text. */
export interface StoredDocument {
  id: string;
  json: string;
}
