import { EventEmitter } from 'node:events';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';
import { advance, type EngineEvent } from './advance.js';
import type { FileSearchResult } from './actions.js';
import type { CommandResult } from './commands.js';
import type { RunDriver } from './driver.js';
import { TurnRunner } from './turn-runner.js';
import { Pacer } from './pacer.js';
import { waitsForWorld, type TurnChange } from './turn.js';
import type { EngineContext } from './advance.js';
import { ACTIVE_STATUSES } from './run-machine.js';
import { loadedContent, storedContent, type Progress, type RunSnapshot } from './snapshot.js';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { Message } from 'openai/resources/beta/threads/messages';

/** What a file_search step finds for a run of `owner` (the retrieval module provides it). */
export type SearchForRun = (owner: string, run: Run, query: string, nowMs: number) => FileSearchResult[];

/** Enough to cover a busy server's working set of threads; past it the memory starts over. */
const MAX_REMEMBERED_IDLE_THREADS = 100_000;

/**
 * Milliseconds a slice of the event loop may hold (see `Pacer`): the store writes, then what they wake
 * (streams framing and writing their events), a turn of the loop each. Well under the event loop delay
 * a server should keep (20 ms): with 4, a hundred live runs at once showed a p99 delay a third higher.
 */
const SLICE_MS = 2;

/**
 * The interpreter around the pure engine: loads a run's snapshot, plays it forward to the clock's
 * now, and stores what changed in one transaction. Every batch of events is also published, so a
 * stream shows exactly the transitions that were stored, whoever caused them.
 */
export class RunEngine {
  private readonly bus = new EventEmitter();
  /** `owner\nthreadId` of threads known to have no active run (runs are only born through `insert`). */
  private readonly idleThreads = new Set<string>();
  /** The run each thread had born last in this process, by `owner\nthreadId` (see `rememberIdle`). */
  private readonly lastBorn = new Map<string, string>();
  /** Counts the times the two memories above started over. */
  private memoryEpoch = 0;
  /** Plays the turns of a driver that answers in the background (a live model); null for a scripted one. */
  private readonly turns: TurnRunner | null;
  /**
   * Store writes that come in bursts (run starts, streams playing their runs, the pieces of live turns)
   * run in slices of the event loop through this one pacer, so a hundred of them at once leave timers
   * and sockets their turn.
   */
  readonly writes: Pacer;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly driver: RunDriver,
    private readonly search: SearchForRun,
  ) {
    this.bus.setMaxListeners(0);
    this.writes = new Pacer(SLICE_MS, (slice) => store.transaction(slice));
    const { play } = driver;
    this.turns = play ? new TurnRunner(store, clock, { ...driver, play }, this, this.writes) : null;
  }

  /**
   * Advances every active run of a thread to now and returns those still active. Call at the start
   * of any read or write of the thread. Threads seen with no active run are remembered, so the hot
   * paths (adding and reading messages) skip the look-up until a run is created on them; a caller
   * about to create one passes `rememberIdle: false`, which lets its transaction join a group commit.
   */
  settleThread(owner: string, threadId: string, { rememberIdle = true } = {}): Run[] {
    const key = `${owner}\n${threadId}`;
    if (this.idleThreads.has(key)) return [];
    const active = this.store.runs
      .withTags({ owner, parentId: threadId }, ACTIVE_STATUSES)
      .map((run) => this.settle(owner, run))
      .filter((run) => ACTIVE_STATUSES.includes(run.status));
    if (active.length === 0 && rememberIdle) this.rememberIdle(key);
    return active;
  }

  /**
   * Remembers the thread idle once what showed it idle is committed (a request that fails later rolls it
   * back), unless a run was born on it meanwhile in the same group of writes.
   */
  private rememberIdle(key: string): void {
    const [born, epoch] = [this.lastBorn.get(key), this.memoryEpoch];
    this.store.afterCommit(
      () => {
        if (this.memoryEpoch !== epoch || this.lastBorn.get(key) !== born) return;
        if (this.idleThreads.size >= MAX_REMEMBERED_IDLE_THREADS) this.forgetThreads();
        this.idleThreads.add(key);
      },
      { withGroup: true },
    );
  }

  private forgetThreads(): void {
    this.idleThreads.clear();
    this.lastBorn.clear();
    this.memoryEpoch++;
  }

  /**
   * Advances one run to now and returns it as stored. A run with nothing due is not written. With
   * `maxDeltas`, it stops after that many deltas, the rest still due (a stream playing an answer in slices).
   */
  settle(owner: string, run: Run, maxDeltas?: number): Run {
    return this.settleDue(owner, run, maxDeltas).run;
  }

  /** `settle`, and when the run next has something to do (see `dueAt`), from the progress in hand. */
  settleDue(owner: string, run: Run, maxDeltas?: number): { run: Run; dueAt: number | null } {
    if (!ACTIVE_STATUSES.includes(run.status)) return { run, dueAt: null };
    const stored = this.store.runProgress.get(owner, run.id);
    if (stored) this.wakeIfWaiting(owner, run, stored.progress);
    if (!stored || !somethingDue(run, stored.progress, this.clock.now())) return { run, dueAt: stored ? dueAtOf(stored.progress) : null };
    return this.store.transaction(() => {
      const snapshot = this.loadWith(owner, run, stored);
      const result = advance(snapshot, { ...this.context(owner, run.id), ...(maxDeltas !== undefined && { maxDeltas }) });
      if (result.snapshot !== snapshot) this.save(owner, snapshot, result.snapshot, result.events);
      return { run: result.snapshot.run, dueAt: dueAtOf(result.snapshot.progress) };
    });
  }

  /** Runs a pure command (submit, cancel) on the settled run in one transaction. */
  command(owner: string, run: Run, command: (snapshot: RunSnapshot, nowMs: number) => CommandResult): CommandResult {
    return this.store.transaction(() => {
      const settled = this.settle(owner, run);
      const snapshot = this.load(owner, settled.thread_id, settled.id)!;
      const result = command(snapshot, this.clock.now());
      if (result.ok) this.save(owner, snapshot, result.snapshot, result.events);
      return result;
    });
  }

  /** Stores a new run with its starting events (`created`, `queued`); call inside the creating transaction. */
  insert(owner: string, created: Omit<RunSnapshot, 'content'>): void {
    const snapshot: RunSnapshot = { ...created, content: null };
    // Its creator asked for the thread's active runs without remembering it idle (see settleThread).
    const key = `${owner}\n${snapshot.run.thread_id}`;
    this.idleThreads.delete(key);
    if (this.lastBorn.size >= MAX_REMEMBERED_IDLE_THREADS) this.forgetThreads();
    this.lastBorn.set(key, snapshot.run.id);
    this.store.runs.insert({ owner, parentId: snapshot.run.thread_id, tag: snapshot.run.status }, snapshot.run);
    this.save(owner, null, snapshot, [
      { event: 'thread.run.created', data: snapshot.run },
      { event: 'thread.run.queued', data: snapshot.run },
    ]);
  }

  /** Listens to the events of one run; returns the unsubscribe function. */
  subscribe(runId: string, listener: (events: EngineEvent[]) => void): () => void {
    this.bus.on(runId, listener);
    return () => this.bus.off(runId, listener);
  }

  /**
   * When the run next has something to do, in clock milliseconds (null: it waits for someone;
   * Infinity: for the world, a model's turn, which its events will show).
   */
  dueAt(owner: string, runId: string): number | null {
    const progress = this.store.runProgress.get(owner, runId)?.progress;
    return progress ? dueAtOf(progress) : null;
  }

  /**
   * Plays the run to now, applies a change that comes from the world (a piece of a model's turn),
   * plays it on and stores it all, in one transaction; null when the run is gone.
   */
  update<T>(owner: string, threadId: string, runId: string, change: (s: RunSnapshot, ctx: EngineContext) => { change: TurnChange | null; value: T }): T | null {
    return this.store.transaction(() => {
      const loaded = this.load(owner, threadId, runId);
      if (!loaded) return null;
      const ctx = this.context(owner, runId);
      const before = advance(loaded, ctx);
      const { change: changed, value } = change(before.snapshot, ctx);
      const after = changed ? advance(changed.snapshot, ctx) : before;
      for (const id of changed?.discard?.steps ?? []) this.store.steps.delete({ owner, parentId: runId }, id);
      for (const id of changed?.discard?.messages ?? []) this.store.messages.delete({ owner, parentId: threadId }, id);
      const events = changed ? [...before.events, ...changed.events, ...after.events] : before.events;
      if (after.snapshot !== loaded) this.save(owner, loaded, after.snapshot, events);
      return value;
    });
  }

  /** Stops the turns in flight (the server is closing). */
  close(): void {
    this.turns?.close();
  }

  private context(owner: string, runId: string): EngineContext {
    return {
      driver: this.driver,
      now: this.clock.now(),
      search: (run, query, nowMs) => this.search(owner, run, query, nowMs),
      streamed: this.bus.listenerCount(runId) > 0,
    };
  }

  /** A run that waits for a turn nobody in this process plays (after a restart) is woken. */
  private wakeIfWaiting(owner: string, run: Run, progress: Progress): void {
    if (this.turns && waitsForWorld(progress)) this.store.afterCommit(() => this.turns!.wake(owner, run.thread_id, run.id));
  }

  private load(owner: string, threadId: string, runId: string): RunSnapshot | undefined {
    const run = this.store.runs.get({ owner, parentId: threadId }, runId);
    const stored = this.store.runProgress.get(owner, runId);
    return run && stored && this.loadWith(owner, run, stored);
  }

  /** The snapshot of a run read just now, with its progress as stored. */
  private loadWith(owner: string, run: Run, stored: NonNullable<ReturnType<Store['runProgress']['get']>>): RunSnapshot {
    const { stepId, messageId, ...progress } = stored.progress;
    const threadId = run.thread_id;
    const runId = run.id;
    return {
      run,
      progress,
      content: stored.hasContent ? loadedContent(this.store.runProgress.content(owner, runId), this.driver) : null,
      step: stepId ? (this.store.steps.get({ owner, parentId: runId }, stepId) ?? null) : null,
      message: messageId ? (this.store.messages.get({ owner, parentId: threadId }, messageId) ?? null) : null,
    };
  }

  /**
   * Stores what changed from `before` (null for a new run) to `after`: each step and message once,
   * as it last stands (events carry their versions in order, the snapshot the one being written), and
   * the step's content only when a step starts or ends, not at each of its deltas.
   */
  private save(owner: string, before: RunSnapshot | null, after: RunSnapshot, events: EngineEvent[]): void {
    const { run } = after;
    const steps = new Map<string, RunStep>();
    const messages = new Map<string, Message>();
    for (const engineEvent of events) {
      const { event } = engineEvent;
      // A delta's data is built when read: skipped unread.
      if (event === 'thread.run.step.delta' || event === 'thread.message.delta') continue;
      const { data } = engineEvent;
      if (event.startsWith('thread.run.step.')) steps.set((data as RunStep).id, data as RunStep);
      else if (event.startsWith('thread.message.')) messages.set((data as Message).id, data as Message);
    }
    // Objects in the middle of a step hold what their deltas have shown so far.
    if (after.step && (after.step !== before?.step || steps.has(after.step.id))) steps.set(after.step.id, after.step);
    if (after.message && (after.message !== before?.message || messages.has(after.message.id))) messages.set(after.message.id, after.message);
    for (const step of steps.values()) this.store.steps.upsert({ owner, parentId: run.id }, step);
    for (const message of messages.values()) this.store.messages.upsert({ owner, parentId: run.thread_id, tag: run.id }, message);
    if (before && run !== before.run) this.store.runs.update({ owner, parentId: run.thread_id, tag: run.status }, run);
    // A thread has one active run at most: when the one born last ends, the thread is idle.
    const key = `${owner}\n${run.thread_id}`;
    if (before && ACTIVE_STATUSES.includes(before.run.status) && !ACTIVE_STATUSES.includes(run.status) && this.lastBorn.get(key) === run.id) this.rememberIdle(key);
    const progress = { ...after.progress, stepId: after.step?.id ?? null, messageId: after.message?.id ?? null };
    if (!before) this.store.runProgress.insert(owner, run.id, progress);
    else if (after.content === before.content) this.store.runProgress.put(owner, run.id, progress, undefined);
    else this.store.runProgress.put(owner, run.id, progress, after.content && storedContent(after.content));
    this.store.runHistory.record(owner, after, events, this.clock.now());
    // Streams see a transition once it is stored: a request that fails after playing the run forward rolls it back.
    // With no stream following, nothing waits for the commit: the transaction joins the group commit.
    if (events.length > 0 && this.bus.listenerCount(run.id) > 0) this.store.afterCommit(() => this.bus.emit(run.id, events));
    this.wakeIfWaiting(owner, run, after.progress);
  }
}

/** When a run with this progress next has something to do (see `RunEngine.dueAt`). */
export function dueAtOf(progress: Progress): number | null {
  if (progress.phase === 'done' || progress.phase === 'awaiting_outputs') return null;
  return waitsForWorld(progress) ? Infinity : progress.dueAt;
}

/** Whether `advance` would do anything now: a transition is due, or the run has expired. */
function somethingDue(run: Run, progress: Progress, nowMs: number): boolean {
  if (progress.phase === 'done') return false;
  if (run.expires_at !== null && progress.phase !== 'cancelling' && run.expires_at * 1000 <= nowMs) return true;
  return progress.phase !== 'awaiting_outputs' && !waitsForWorld(progress) && progress.dueAt <= nowMs;
}
