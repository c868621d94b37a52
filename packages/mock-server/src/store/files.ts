import type { Statement } from 'better-sqlite3';
import type { FileObject } from 'openai/resources/files';
import type { Extraction } from '../retrieval/extract.js';
import type { Db } from './db.js';
import type { Page } from './documents.js';
import { SeqPager } from './seq-page.js';

interface FileRow {
  body: string;
}

export interface FilePageRequest {
  limit: number;
  order: 'asc' | 'desc';
  after?: string | undefined;
  purpose?: string | undefined;
}

/**
 * Uploaded files: the `file` object, the raw bytes and the extracted text, in one row. A file whose
 * `expires_at` has passed is gone, as on the real service: every read takes `now` (Unix seconds).
 */
export class FileTable {
  private readonly insertStmt: Statement;
  private readonly getStmt: Statement;
  private readonly contentStmt: Statement;
  private readonly textStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly seqStmt: Statement;
  private readonly pager: SeqPager;

  constructor(db: Db) {
    const live = 'id = ? AND owner = ? AND (expires_at IS NULL OR expires_at > ?)';
    this.insertStmt = db.prepare(
      'INSERT INTO files (id, owner, purpose, expires_at, body, content, text, text_error) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.getStmt = db.prepare(`SELECT body FROM files WHERE ${live}`);
    this.contentStmt = db.prepare(`SELECT content FROM files WHERE ${live}`);
    this.textStmt = db.prepare(`SELECT text, text_error FROM files WHERE ${live}`);
    this.deleteStmt = db.prepare('DELETE FROM files WHERE id = ? AND owner = ?');
    this.seqStmt = db.prepare('SELECT seq FROM files WHERE id = ? AND owner = ?');
    this.pager = new SeqPager(db);
  }

  insert(owner: string, file: FileObject, content: Uint8Array, extraction: Extraction): FileObject {
    const [text, error] = 'text' in extraction ? [extraction.text, null] : [null, JSON.stringify(extraction.error)];
    this.insertStmt.run(file.id, owner, file.purpose, file.expires_at ?? null, JSON.stringify(file), content, text, error);
    return file;
  }

  get(owner: string, id: string, now: number): FileObject | undefined {
    const row = this.getStmt.get(id, owner, now) as FileRow | undefined;
    return row ? (JSON.parse(row.body) as FileObject) : undefined;
  }

  content(owner: string, id: string, now: number): Buffer | undefined {
    return (this.contentStmt.get(id, owner, now) as { content: Buffer } | undefined)?.content;
  }

  extraction(owner: string, id: string, now: number): Extraction | undefined {
    const row = this.textStmt.get(id, owner, now) as { text: string | null; text_error: string | null } | undefined;
    if (!row) return undefined;
    return row.text !== null ? { text: row.text } : { error: JSON.parse(row.text_error!) };
  }

  delete(owner: string, id: string): boolean {
    const seq = (this.seqStmt.get(id, owner) as { seq: number } | undefined)?.seq;
    if (seq === undefined) return false;
    this.deleteStmt.run(id, owner);
    this.pager.bury('files', { owner, scope: '' }, id, seq);
    return true;
  }

  page(owner: string, request: FilePageRequest, now: number): Page<FileObject> {
    const where = ['owner = ?', '(expires_at IS NULL OR expires_at > ?)'];
    const params: unknown[] = [owner, now];
    if (request.purpose !== undefined) {
      where.push('purpose = ?');
      params.push(request.purpose);
    }
    const cursorSeq = (id: string | undefined) =>
      id === undefined ? undefined : ((this.seqStmt.get(id, owner) as { seq: number } | undefined)?.seq ?? null);
    const graveyard = { owner, scope: '' };
    const page = this.pager.page<FileRow>({ shape: { table: 'files', columns: 'body', where }, params, cursorSeq, graveyard }, request);
    return { data: page.data.map((row) => JSON.parse(row.body) as FileObject), hasMore: page.hasMore };
  }
}
