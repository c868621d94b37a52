import type { Statement } from 'better-sqlite3';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { Db } from './db.js';
import { DocumentTable } from './documents.js';

/** The condition of the `messages_by_user` partial index; a query must repeat it word for word to use it. */
const IS_USER = `json_extract(body, '$.role') = 'user'`;

/** Past this many threads, the remembered prompt lengths start over. */
const MAX_REMEMBERED_PROMPTS = 10_000;

/** Messages, with the lookup a new run needs: the thread's newest user message, wherever it is. */
export class MessageTable extends DocumentTable<Message> {
  private readonly newestUserStmt: Statement;
  private readonly newerCountStmt: Statement;
  private readonly textLengthStmt: Statement;
  private readonly windowStmt: Statement;
  /** By owner, thread and window size: the window a prompt length was measured on, and that length. */
  private readonly promptLengths = new Map<string, { window: string; length: number }>();

  constructor(db: Db) {
    super(db, 'messages');
    this.newestUserStmt = db.prepare(
      `SELECT seq, body FROM messages INDEXED BY messages_by_user
       WHERE owner = ? AND parent_id = ? AND ${IS_USER} ORDER BY seq DESC LIMIT 1`,
    );
    this.newerCountStmt = db
      .prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE owner = ? AND parent_id = ? AND seq > ? LIMIT ?)`)
      .pluck();
    // The length in code points of the newest messages' texts as one prompt joins them: each
    // message's text parts joined by newlines (other parts count as empty), messages joined by newlines.
    // `->>` rather than json_extract(): a third of the time here (SQLite 3.53).
    this.textLengthStmt = db
      .prepare(
        `SELECT COALESCE(SUM(chars), 0) + MAX(COUNT(*) - 1, 0) FROM (
           SELECT (SELECT COALESCE(SUM(length(COALESCE(part.value ->> '$.text.value', ''))), 0) + MAX(COUNT(*) - 1, 0)
                   FROM json_each(m.body, '$.content') AS part) AS chars
           FROM messages AS m WHERE owner = ? AND parent_id = ? ORDER BY seq DESC LIMIT ?)`,
      )
      .pluck();
    // Which messages are the newest `limit`, read from the index alone: their count and the sum of
    // their seqs change with any message added or deleted, and the newest one's id tells a new
    // message from a deleted one whose seq it took.
    this.windowStmt = db
      .prepare(
        `SELECT count(*) || ' ' || total(seq) || ' ' || COALESCE((SELECT id FROM messages WHERE owner = ? AND parent_id = ? ORDER BY seq DESC LIMIT 1), '')
         FROM (SELECT seq FROM messages WHERE owner = ? AND parent_id = ? ORDER BY seq DESC LIMIT ?)`,
      )
      .pluck();
  }

  /**
   * How long (in code points) the text of the thread's newest `limit` messages is, joined as a prompt
   * sends them, counted inside SQLite so a new run parses none of them. Only a new run asks, when the
   * thread has no active run, and only an active run changes the text of a message: the length is
   * remembered for as long as the same messages are the newest.
   */
  promptTextLength(owner: string, threadId: string, limit: number): number {
    const key = `${owner}\n${threadId}\n${limit}`;
    const window = this.windowStmt.get(owner, threadId, owner, threadId, limit) as string;
    const known = this.promptLengths.get(key);
    if (known?.window === window) return known.length;
    const length = this.textLengthStmt.get(owner, threadId, limit) as number;
    if (this.promptLengths.size >= MAX_REMEMBERED_PROMPTS) this.promptLengths.clear();
    this.promptLengths.set(key, { window, length });
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
