import type { Statement } from 'better-sqlite3';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { Db } from './db.js';

/**
 * A thread's newest `limit` messages as last measured, newest first, the id of the newest, the losses seen
 * by then, and the messages written to the thread since, by id.
 */
interface Window {
  limit: number;
  seqs: number[];
  lengths: number[];
  newestId: string | null;
  losses: number;
  written: Map<string, { seq: number; message: Message }>;
}

/** How many of these tables were made in this process (each names its deletion counter after it). */
let tables = 0;

/** Past this many threads, the remembered windows start over. */
const MAX_REMEMBERED_WINDOWS = 10_000;

/**
 * How long the text of a thread's newest messages is, joined as a prompt sends them, for each new run.
 * The window a thread was last measured on is remembered: the next run measures only the messages
 * newer than it (usually the last run's answer and the new question) and checks from the index alone
 * that the older ones are still there. Only a new run asks, when the thread has no active run, and
 * only an active run writes the text of a message: a message once measured keeps its length. (A run
 * creation rolled back after measuring, whose settling had finished a run that is later cancelled,
 * would leave that run's message counted whole: an estimate off, never a wrong object.) Messages lost
 * are counted: deleted (a temporary trigger sees every deletion, whatever deletes them) or rolled back
 * (the store says so). While none was lost since a window was measured, its older messages are all
 * still there without asking the index.
 */
export class PromptLengths {
  private readonly newerStmt: Statement;
  private readonly olderStmt: Statement;
  private readonly windows = new Map<string, Window>();
  /** Deletions of messages and rollbacks (which may have dropped messages) since the table was made. */
  private losses = 0;

  constructor(db: Db) {
    // Named for this table alone: each table on a database counts for itself.
    const counter = `assistants_mock_message_deleted_${++tables}`;
    db.function(counter, { deterministic: false }, () => this.lost());
    db.exec(`CREATE TEMP TRIGGER ${counter} AFTER DELETE ON main.messages BEGIN SELECT ${counter}(); END`);
    // A message's text parts joined by newlines (other parts count as empty), in code points.
    // `->>` rather than json_extract(): a third of the time (SQLite 3.53).
    this.newerStmt = db
      .prepare(
        `SELECT seq, id, (SELECT COALESCE(SUM(length(COALESCE(part.value ->> '$.text.value', ''))), 0) + MAX(COUNT(*) - 1, 0)
                          FROM json_each(m.body, '$.content') AS part)
         FROM messages AS m WHERE owner = ? AND parent_id = ? AND seq > ? ORDER BY seq DESC LIMIT ?`,
      )
      .raw();
    // How many messages lie between two seqs (one deleted among them makes fewer: seqs only grow), and
    // the id at the newer one (a message added after the newest was deleted takes its seq).
    this.olderStmt = db
      .prepare(
        `SELECT count(*), (SELECT id FROM messages WHERE seq = ? AND owner = ? AND parent_id = ?)
         FROM messages WHERE owner = ? AND parent_id = ? AND seq BETWEEN ? AND ?`,
      )
      .raw();
  }

  /** The text length (code points) of the thread's newest `limit` messages, joined by newlines. */
  measure(owner: string, threadId: string, limit: number): number {
    const key = `${owner}\n${threadId}`;
    const known = this.windows.get(key);
    const measured = known && known.limit === limit ? this.measureSince(owner, threadId, known) : this.measureAll(owner, threadId, limit);
    const window = { ...measured, limit, losses: this.losses, written: new Map() };
    if (this.windows.size >= MAX_REMEMBERED_WINDOWS) this.windows.clear();
    this.windows.set(key, window);
    return window.lengths.reduce((sum, length) => sum + length, Math.max(window.lengths.length - 1, 0));
  }

  /**
   * Told of every message written (its seq unless an update, which keeps it). Every message of a thread is
   * written through here, so with no loss since, the messages newer than a window are those written since.
   */
  written(owner: string, threadId: string, message: Message, seq: number | undefined): void {
    const written = this.windows.get(`${owner}\n${threadId}`)?.written;
    if (!written) return;
    const at = seq ?? written.get(message.id)?.seq;
    if (at !== undefined) written.set(message.id, { seq: at, message });
  }

  private measureAll(owner: string, threadId: string, limit: number) {
    return joined(this.newerStmt.all(owner, threadId, -1, limit) as Row[], null, 0);
  }

  /** The window moved on by the messages newer than it: those written since, or (after a loss) as the index has them. */
  private measureSince(owner: string, threadId: string, known: Window) {
    const newestSeq = known.seqs[0] ?? -1;
    const newer: Row[] =
      known.losses === this.losses
        ? [...known.written.values()].filter(({ seq }) => seq > newestSeq).sort((a, b) => b.seq - a.seq).slice(0, known.limit).map(({ seq, message }) => [seq, message.id, promptLength(message)])
        : (this.newerStmt.all(owner, threadId, newestSeq, known.limit) as Row[]);
    const kept = this.olderStillStored(owner, threadId, known, known.limit - newer.length);
    return kept ? joined(newer, known, known.limit - newer.length) : this.measureAll(owner, threadId, known.limit);
  }

  /** Called for each message deleted and each rollback: remembered windows are checked against the index again. */
  lost(): void {
    this.losses++;
  }

  /** Whether the newest `count` messages of a remembered window are the newest stored up to its newest. */
  private olderStillStored(owner: string, threadId: string, known: Window, count: number): boolean {
    if (count <= 0 || known.seqs.length === 0 || known.losses === this.losses) return true;
    const kept = Math.min(count, known.seqs.length);
    const [newest, oldest] = [known.seqs[0], known.seqs[kept - 1]];
    const [stored, newestId] = this.olderStmt.get(newest, owner, threadId, owner, threadId, oldest, newest) as [number, string | null];
    return newestId === known.newestId && stored === kept;
  }
}

/** The window of the `newer` messages (newest first) followed by the newest `count` of `older`. */
function joined(newer: Row[], older: Window | null, count: number): Pick<Window, 'seqs' | 'lengths' | 'newestId'> {
  const keep = older && count > 0 ? count : 0;
  return {
    seqs: [...newer.map(([seq]) => seq), ...(older?.seqs.slice(0, keep) ?? [])],
    lengths: [...newer.map(([, , length]) => length), ...(older?.lengths.slice(0, keep) ?? [])],
    newestId: newer[0]?.[1] ?? older?.newestId ?? null,
  };
}

/** A message's seq, id and prompt text length. */
type Row = [number, string, number];

/** As the SQL above counts it: the text parts joined by newlines, other parts empty, in code points. */
function promptLength(message: Message): number {
  let length = Math.max(message.content.length - 1, 0);
  for (const part of message.content) if (part.type === 'text') for (const _ of part.text.value) length++;
  return length;
}
