import type { Statement } from 'better-sqlite3';
import type { Run, RunStatus } from 'openai/resources/beta/threads/runs/runs';
import type { Db } from './db.js';
import type { EngineEvent } from '../engine/advance.js';
import type { RunSnapshot } from '../engine/snapshot.js';

/** One status a run entered, when, and what came with it (the calls asked, the outputs given, the error). */
export interface RunStatusEntry {
  status: RunStatus;
  /** Clock milliseconds; see `statusTimes` for how close to the transition this is. */
  at_ms: number;
  detail: Record<string, unknown> | null;
}

/**
 * Who decided what the run did: `scenario` (with its `name`), `refused` (no scenario would play it, the
 * `message` says why), or the `kind` another driver names (`live` ...).
 */
export interface RunSource {
  kind: string;
  name?: string;
  message?: string;
}

/** A row of the history table. */
interface HistoryRow {
  owner: string;
  thread_id: string;
  run_id: string;
  status: RunStatus;
  at_ms: number;
  /** JSON, or null. */
  detail: string | null;
}

/** A run's latest entry in the history, for lists of recent runs. */
export interface RecentRun {
  run_id: string;
  thread_id: string;
  status: RunStatus;
  at_ms: number;
}

const isRunStatusEvent = (event: EngineEvent) =>
  event.event.startsWith('thread.run.') && !event.event.startsWith('thread.run.step.') && event.event !== 'thread.run.created';

/** Most rows one statement inserts (a prepared statement is kept for each count up to it). */
const ROWS_PER_INSERT = 32;

/**
 * The status history of every run, for the inspector: the API shows a run's current status only. Written
 * in the transaction that stores the run's events, so the history never holds a transition rolled back.
 * Rows wait in `pending` until the store's group of writes commits (`flush`), so all the runs of a group
 * cost one statement; a savepoint that rolls back drops its own (`pendingCount`, `dropPending`), and the
 * reads add the pending rows to the stored ones.
 */
export class RunHistoryTable {
  /** By how many rows they insert at once. */
  private readonly insertStmts = new Map<number, Statement>();
  private readonly pending: HistoryRow[] = [];
  private readonly forRunStmt: Statement;
  private readonly sourceStmt: Statement;
  private readonly recentStmt: Statement;

  constructor(private readonly db: Db) {
    this.forRunStmt = db.prepare('SELECT status, at_ms, detail FROM run_history WHERE owner = ? AND run_id = ? ORDER BY seq');
    this.sourceStmt = db.prepare('SELECT detail FROM run_history WHERE owner = ? AND run_id = ? ORDER BY seq LIMIT 1').pluck();
    this.recentStmt = db.prepare('SELECT run_id, thread_id, status, at_ms FROM run_history WHERE owner = ? ORDER BY seq DESC LIMIT ?');
  }

  /** Records the run statuses among `events`, stored at clock time `nowMs` (called by the engine's save). */
  record(owner: string, snapshot: RunSnapshot, events: readonly EngineEvent[], nowMs: number): void {
    const entered = events.filter(isRunStatusEvent).map((event) => event.data as Run);
    if (entered.length === 0) return;
    // After tool outputs the run starts again, but `started_at` keeps the first start.
    const times = statusTimes(entered, nowMs, snapshot.progress.outputs.length > 0);
    entered.forEach((run, index) => {
      const detail = statusDetail(run, snapshot, index === 0 && events[0]?.event === 'thread.run.created');
      this.pending.push({ owner, thread_id: run.thread_id, run_id: run.id, status: run.status, at_ms: times[index]!, detail: detail && JSON.stringify(detail) });
    });
    if (!this.db.inTransaction) this.flush();
  }

  /** Inserts the rows recorded so far; the store calls it inside the transaction, just before committing. */
  flush(): void {
    for (let from = 0; from < this.pending.length; from += ROWS_PER_INSERT) {
      const rows = this.pending.slice(from, from + ROWS_PER_INSERT);
      this.insertStatement(rows.length).run(rows.flatMap((row) => [row.owner, row.thread_id, row.run_id, row.status, row.at_ms, row.detail]));
    }
    this.pending.length = 0;
  }

  pendingCount(): number {
    return this.pending.length;
  }

  /** Forgets the rows recorded after the first `count` (the savepoint that recorded them rolled back). */
  dropPending(count: number): void {
    if (count < this.pending.length) this.pending.length = count;
  }

  private insertStatement(rows: number): Statement {
    let statement = this.insertStmts.get(rows);
    if (!statement) {
      const placeholders = Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?)').join(', ');
      statement = this.db.prepare(`INSERT INTO run_history (owner, thread_id, run_id, status, at_ms, detail) VALUES ${placeholders}`);
      this.insertStmts.set(rows, statement);
    }
    return statement;
  }

  forRun(owner: string, runId: string): RunStatusEntry[] {
    const rows = [...(this.forRunStmt.all(owner, runId) as Pick<HistoryRow, 'status' | 'at_ms' | 'detail'>[]), ...this.pendingOf(owner, runId)];
    return rows.map(({ status, at_ms, detail }) => ({ status, at_ms, detail: detail === null ? null : JSON.parse(detail) }));
  }

  /** What played the run, as recorded when it was created (null for a run older than this table). */
  source(owner: string, runId: string): RunSource | null {
    const detail = (this.sourceStmt.get(owner, runId) as string | undefined) ?? this.pendingOf(owner, runId)[0]?.detail;
    return detail ? ((JSON.parse(detail) as { source?: RunSource }).source ?? null) : null;
  }

  /**
   * The runs that changed most recently, newest first: read from the newest entries back (a run has a
   * handful each), never the whole history, which the Live view asks for every second.
   */
  recent(owner: string, limit: number): RecentRun[] {
    const latest = new Map<string, RecentRun>();
    const newestPending = this.pending.filter((row) => row.owner === owner).reverse();
    const rows = [...newestPending.map(({ run_id, thread_id, status, at_ms }) => ({ run_id, thread_id, status, at_ms })), ...(this.recentStmt.all(owner, limit * 8) as RecentRun[])];
    for (const row of rows) {
      if (!latest.has(row.run_id)) latest.set(row.run_id, row);
      if (latest.size === limit) break;
    }
    return [...latest.values()];
  }

  private pendingOf(owner: string, runId: string): HistoryRow[] {
    return this.pending.filter((row) => row.owner === owner && row.run_id === runId);
  }
}

/**
 * The clock time of each transition. A batch is stored when someone reads the run, possibly after its
 * transitions were due, so the save time is only an upper bound; a status with its own timestamp
 * (`started_at`, `completed_at` ...) happened within that second, and each transition came no later than
 * the next. A run that is watched (streamed or polled) is stored as it moves, and its times are exact.
 */
export function statusTimes(runs: readonly Run[], nowMs: number, resumed: boolean): number[] {
  const times: number[] = [];
  let next = nowMs;
  for (let index = runs.length - 1; index >= 0; index--) {
    const run = runs[index]!;
    const seconds = run.status === 'in_progress' && resumed ? null : ownTimestamp(run);
    next = seconds === null ? next : Math.min(next, seconds * 1000 + 999);
    times[index] = next;
  }
  return times;
}

function ownTimestamp(run: Run): number | null {
  switch (run.status) {
    case 'in_progress':
      return run.started_at;
    case 'completed':
      return run.completed_at;
    case 'failed':
      return run.failed_at;
    case 'cancelled':
      return run.cancelled_at;
    default:
      return null;
  }
}

/** What a status brought: the calls asked for, the outputs that resumed the run, how it ended, or (first) what plays it. */
function statusDetail(run: Run, snapshot: RunSnapshot, created: boolean): Record<string, unknown> | null {
  if (created) return { source: runSource(snapshot) };
  switch (run.status) {
    case 'requires_action':
      return { tool_calls: run.required_action?.submit_tool_outputs.tool_calls ?? [] };
    case 'queued':
      return { tool_outputs: snapshot.progress.latestOutputs };
    case 'failed':
      return { last_error: run.last_error };
    case 'incomplete':
      return { incomplete_details: run.incomplete_details };
    default:
      return null;
  }
}

/**
 * Read from the driver's state: the scripted driver keeps its scenario's name and script there; the live
 * driver wraps it (`{ by: 'scenario', state }`) or names the model (`{ by: 'model', model }`). Another
 * driver says what it is with a `kind`; a run no driver would play keeps the reason it was refused.
 */
export function runSource({ progress }: RunSnapshot): RunSource {
  if (progress.startError) return { kind: 'refused', message: progress.startError.message };
  const state = (progress.driverState ?? {}) as { by?: unknown; model?: unknown; kind?: unknown };
  if (state.by === 'model') return { kind: 'live', ...(typeof state.model === 'string' && { name: state.model }) };
  const { scenario } = scriptedState(progress.driverState);
  if (typeof state.kind === 'string') return { kind: state.kind, ...(scenario !== undefined && { name: scenario }) };
  return scenario !== undefined ? { kind: 'scenario', name: scenario } : { kind: 'unknown' };
}

/**
 * The scripted driver's state inside a run's driver state (as is, or wrapped by the live driver): a loaded
 * scenario's script is in the `scripts` table under `digest`.
 */
export function scriptedState(driverState: unknown): { scenario?: string; script?: unknown[]; digest?: string } {
  const state = (driverState ?? {}) as { by?: unknown; state?: unknown; scenario?: unknown; script?: unknown; digest?: unknown };
  if (state.by === 'scenario') return scriptedState(state.state);
  return {
    ...(typeof state.scenario === 'string' && { scenario: state.scenario }),
    ...(Array.isArray(state.script) && { script: state.script as unknown[] }),
    ...(typeof state.digest === 'string' && { digest: state.digest }),
  };
}
