import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';
import type { Progress, StepContent } from '../engine/snapshot.js';

/** A run's progress with the ids of the step and message it is writing. */
export type StoredProgress = Progress & { stepId: string | null; messageId: string | null };

/** What a run settles at its start and never changes (the driver's state can hold a whole script). */
type StartFields = Pick<Progress, 'driverState' | 'newestUserMessage'>;

/** Past this many runs, the remembered parses start over. */
const MAX_REMEMBERED = 10_000;
/** Step contents can be long: only the few runs being played at a time keep theirs remembered. */
const MAX_REMEMBERED_CONTENTS = 32;

/**
 * The engine's state for each run, keyed by run id, in three columns so that a save writes only what
 * changes: `body` (small, at every transition), `content` (the step being produced, which can be long:
 * when a step starts) and `start` (once, when the run is created). Parses are remembered: `start`
 * never changes, and a `body` is reused while the stored text is the same.
 */
export class RunProgressTable {
  private readonly getStmt: Statement;
  private readonly contentStmt: Statement;
  private readonly startStmt: Statement;
  private readonly insertStmt: Statement;
  private readonly putStmt: Statement;
  private readonly putProgressStmt: Statement;
  private readonly deleteStmt: Statement;
  private readonly starts = new Map<string, StartFields>();
  private readonly bodies = new Map<string, { text: string; progress: Omit<StoredProgress, keyof StartFields> }>();
  private readonly contents = new Map<string, { text: string; content: StepContent }>();

  constructor(db: Db) {
    this.getStmt = db.prepare('SELECT body, content IS NOT NULL FROM run_progress WHERE run_id = ? AND owner = ?').raw();
    this.contentStmt = db.prepare('SELECT content FROM run_progress WHERE run_id = ? AND owner = ?').pluck();
    this.startStmt = db.prepare('SELECT start FROM run_progress WHERE run_id = ? AND owner = ?').pluck();
    this.insertStmt = db.prepare('INSERT INTO run_progress (run_id, owner, body, content, start) VALUES (?, ?, ?, NULL, ?)');
    this.putStmt = db.prepare('UPDATE run_progress SET body = ?, content = ? WHERE run_id = ? AND owner = ?');
    this.putProgressStmt = db.prepare('UPDATE run_progress SET body = ? WHERE run_id = ? AND owner = ?');
    this.deleteStmt = db.prepare('DELETE FROM run_progress WHERE run_id = ? AND owner = ?');
  }

  /**
   * The progress, and whether a step content is stored (the content, which can be long, is read apart:
   * only a run being played needs it).
   */
  get(owner: string, runId: string): { progress: StoredProgress; hasContent: boolean } | undefined {
    const row = this.getStmt.get(runId, owner) as [string, number] | undefined;
    if (row === undefined) return undefined;
    const [text, hasContent] = row;
    let body = this.bodies.get(runId);
    if (body?.text !== text) body = this.remember(runId, text, JSON.parse(text));
    return { progress: { ...this.startOf(owner, runId), ...body.progress }, hasContent: hasContent === 1 };
  }

  /**
   * The content of the step being produced (null between steps). Its parse is remembered by its text:
   * a stream playing a long answer in slices reads it at each slice.
   */
  content(owner: string, runId: string): StepContent | null {
    const text = (this.contentStmt.get(runId, owner) as string | null | undefined) ?? null;
    if (text === null) return null;
    const known = this.contents.get(runId);
    if (known?.text === text) return known.content;
    const content = JSON.parse(text) as StepContent;
    if (this.contents.size >= MAX_REMEMBERED_CONTENTS) this.contents.clear();
    this.contents.set(runId, { text, content });
    return content;
  }

  /** Stores the progress of a new run (no step content yet). */
  insert(owner: string, runId: string, { driverState, newestUserMessage, ...progress }: StoredProgress): void {
    const start: StartFields = { driverState, newestUserMessage };
    this.insertStmt.run(runId, owner, this.remember(runId, JSON.stringify(progress), progress).text, JSON.stringify(start));
    this.rememberStart(runId, start);
  }

  /** Stores the progress, and the content JSON unless it is `undefined` (unchanged). */
  put(owner: string, runId: string, { driverState: _d, newestUserMessage: _n, ...progress }: StoredProgress, content: string | null | undefined): void {
    const { text } = this.remember(runId, JSON.stringify(progress), progress);
    if (content === undefined) this.putProgressStmt.run(text, runId, owner);
    else this.putStmt.run(text, content, runId, owner);
    if (content === null) this.contents.delete(runId);
  }

  delete(owner: string, runId: string): void {
    this.deleteStmt.run(runId, owner);
    this.starts.delete(runId);
    this.bodies.delete(runId);
    this.contents.delete(runId);
  }

  private startOf(owner: string, runId: string): StartFields {
    return this.starts.get(runId) ?? this.rememberStart(runId, JSON.parse(this.startStmt.get(runId, owner) as string) as StartFields);
  }

  private rememberStart(runId: string, start: StartFields): StartFields {
    if (this.starts.size >= MAX_REMEMBERED) this.starts.clear();
    this.starts.set(runId, start);
    return start;
  }

  /** Remembers a body's parse by its text, which is what a later read compares (so a rollback is never mistaken). */
  private remember(runId: string, text: string, progress: Omit<StoredProgress, keyof StartFields>) {
    const body = { text, progress };
    if (this.bodies.size >= MAX_REMEMBERED) this.bodies.clear();
    this.bodies.set(runId, body);
    return body;
  }
}
