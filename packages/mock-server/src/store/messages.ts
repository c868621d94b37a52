import type { Statement } from 'better-sqlite3';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { Db } from './db.js';
import { DocumentTable } from './documents.js';

/** The condition of the `messages_by_user` partial index; a query must repeat it word for word to use it. */
const IS_USER = `json_extract(body, '$.role') = 'user'`;

/** Past this many messages, the remembered text lengths start over. */
const MAX_REMEMBERED_LENGTHS = 100_000;

/** Messages, with the lookup a new run needs: the thread's newest user message, wherever it is. */
export class MessageTable extends DocumentTable<Message> {
  private readonly newestUserStmt: Statement;
  private readonly newerCountStmt: Statement;
  private readonly newestStmt: Statement;
  private readonly textLengthStmt: Statement;
  /** Each message's prompt text length, by its id and the size of its stored body. */
  private readonly textLengths = new Map<string, number>();

  constructor(db: Db) {
    super(db, 'messages');
    this.newestUserStmt = db.prepare(
      `SELECT seq, body FROM messages INDEXED BY messages_by_user
       WHERE owner = ? AND parent_id = ? AND ${IS_USER} ORDER BY seq DESC LIMIT 1`,
    );
    this.newerCountStmt = db
      .prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE owner = ? AND parent_id = ? AND seq > ? LIMIT ?)`)
      .pluck();
    this.newestStmt = db.prepare(`SELECT id, octet_length(body) FROM messages WHERE owner = ? AND parent_id = ? ORDER BY seq DESC LIMIT ?`).raw();
    // A message's text parts joined by newlines (other parts count as empty), in code points.
    // `->>` rather than json_extract(): a third of the time (SQLite 3.53).
    this.textLengthStmt = db
      .prepare(
        `SELECT (SELECT COALESCE(SUM(length(COALESCE(part.value ->> '$.text.value', ''))), 0) + MAX(COUNT(*) - 1, 0)
                 FROM json_each(m.body, '$.content') AS part)
         FROM messages AS m WHERE id = ? AND owner = ? AND parent_id = ?`,
      )
      .pluck();
  }

  /**
   * How long (in code points) the text of the thread's newest `limit` messages is, joined by newlines
   * as a prompt sends them. Each message's length is measured inside SQLite once and remembered by its
   * id and body size (a body that changes is measured again), so a new run parses only the messages
   * that are new since the last one.
   */
  promptTextLength(owner: string, threadId: string, limit: number): number {
    const newest = this.newestStmt.all(owner, threadId, limit) as [string, number][];
    let length = Math.max(newest.length - 1, 0);
    for (const [id, octets] of newest) length += this.textLength(owner, threadId, id, octets);
    return length;
  }

  private textLength(owner: string, threadId: string, id: string, octets: number): number {
    const key = `${id} ${octets}`;
    let length = this.textLengths.get(key);
    if (length === undefined) {
      length = this.textLengthStmt.get(id, owner, threadId) as number;
      if (this.textLengths.size >= MAX_REMEMBERED_LENGTHS) this.textLengths.clear();
      this.textLengths.set(key, length);
    }
    return length;
  }

  /**
   * The thread's newest user message, found through the partial index in one step however many
   * messages (run answers, say) came after it. With `withinNewest`, only if it is among that many
   * newest messages (a run's `truncation_strategy: last_messages`).
   */
  newestUserMessage(owner: string, threadId: string, withinNewest?: number): Message | undefined {
    const row = this.newestUserStmt.get(owner, threadId) as { seq: number; body: string } | undefined;
    if (!row) return undefined;
    if (withinNewest !== undefined && (this.newerCountStmt.get(owner, threadId, row.seq, withinNewest) as number) >= withinNewest) {
      return undefined;
    }
    return JSON.parse(row.body) as Message;
  }
}

/** The migration that adds the index (a partial index: only user messages are in it). */
export const MESSAGES_BY_USER_INDEX = `CREATE INDEX messages_by_user ON messages (owner, parent_id, seq) WHERE ${IS_USER};`;
