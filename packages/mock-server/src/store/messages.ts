import type { Statement } from 'better-sqlite3';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { Db } from './db.js';
import { DocumentTable, type Scope } from './documents.js';
import { PromptLengths } from './prompt-lengths.js';

/** The condition of the `messages_by_user` partial index; a query must repeat it word for word to use it. */
const IS_USER = `json_extract(body, '$.role') = 'user'`;

/** Messages, with the lookup a new run needs: the thread's newest user message, wherever it is. */
export class MessageTable extends DocumentTable<Message> {
  private readonly newestUserStmt: Statement;
  private readonly newerCountStmt: Statement;
  private readonly promptLengths: PromptLengths;

  constructor(db: Db) {
    super(db, 'messages');
    this.newestUserStmt = db.prepare(
      `SELECT seq, body FROM messages INDEXED BY messages_by_user
       WHERE owner = ? AND parent_id = ? AND ${IS_USER} ORDER BY seq DESC LIMIT 1`,
    );
    this.newerCountStmt = db
      .prepare(`SELECT COUNT(*) FROM (SELECT 1 FROM messages WHERE owner = ? AND parent_id = ? AND seq > ? LIMIT ?)`)
      .pluck();
    this.promptLengths = new PromptLengths(db);
  }

  /**
   * How long (in code points) the text of the thread's newest `limit` messages is, joined by newlines
   * as a prompt sends them (each message's text parts joined by newlines), counted inside SQLite; a
   * new run parses only the messages that are new since the thread's last run (see PromptLengths).
   */
  promptTextLength(owner: string, threadId: string, limit: number): number {
    return this.promptLengths.measure(owner, threadId, limit);
  }

  protected override written(scope: Scope, message: Message, seq: number | undefined): void {
    this.promptLengths.written(scope.owner, scope.parentId ?? '', message, seq);
  }

  /** Says a transaction rolled back: messages it wrote are gone, their seqs may be given again. */
  rolledBack(): void {
    this.promptLengths.lost();
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
