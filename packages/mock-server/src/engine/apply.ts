import { EventEmitter } from 'node:events';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';
import { advance, type EngineEvent } from './advance.js';
import type { FileSearchResult } from './actions.js';
import type { CommandResult } from './commands.js';
import type { RunDriver } from './driver.js';
import { ACTIVE_STATUSES } from './run-machine.js';
import type { RunSnapshot } from './snapshot.js';

/** What a file_search step finds for a run of `owner` (the retrieval module provides it). */
export type SearchForRun = (owner: string, run: Run, query: string, nowMs: number) => FileSearchResult[];

/** Enough to cover a busy server's working set of threads; past it the memory starts over. */
const MAX_REMEMBERED_IDLE_THREADS = 100_000;

/**
 * The interpreter around the pure engine: loads a run's snapshot, plays it forward to the clock's
 * now, and stores what changed in one transaction. Every batch of events is also published, so a
 * stream shows exactly the transitions that were stored, whoever caused them.
 */
export class RunEngine {
  private readonly bus = new EventEmitter();
  /** `owner\nthreadId` of threads known to have no active run (runs are only born through `insert`). */
  private readonly idleThreads = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly driver: RunDriver,
    private readonly search: SearchForRun,
  ) {
    this.bus.setMaxListeners(0);
  }

  /**
   * Advances every active run of a thread to now and returns those still active. Call at the start
   * of any read or write of the thread. Threads seen with no active run are remembered, so the hot
   * paths (adding and reading messages) skip the look-up until a run is created on them.
   */
  settleThread(owner: string, threadId: string): Run[] {
    const key = `${owner}\n${threadId}`;
    if (this.idleThreads.has(key)) return [];
    const active = this.store.runs
      .withTags({ owner, parentId: threadId }, ACTIVE_STATUSES)
      .map((run) => this.settle(owner, run))
      .filter((run) => ACTIVE_STATUSES.includes(run.status));
    // Remembered only once the settling is stored: a request that fails later rolls it back.
    if (active.length === 0) {
      this.store.afterCommit(() => {
        if (this.idleThreads.size >= MAX_REMEMBERED_IDLE_THREADS) this.idleThreads.clear();
        this.idleThreads.add(key);
      });
    }
    return active;
  }

  /** Advances one run to now and returns it as stored. */
  settle(owner: string, run: Run): Run {
    if (!ACTIVE_STATUSES.includes(run.status)) return run;
    return this.store.transaction(() => {
      const snapshot = this.load(owner, run.thread_id, run.id);
      if (!snapshot) return run;
      const result = advance(snapshot, {
        driver: this.driver,
        now: this.clock.now(),
        search: (run, query, nowMs) => this.search(owner, run, query, nowMs),
      });
      this.save(owner, result.snapshot, result.events);
      return result.snapshot.run;
    });
  }

  /** Runs a pure command (submit, cancel) on the settled run in one transaction. */
  command(owner: string, run: Run, command: (snapshot: RunSnapshot, nowMs: number) => CommandResult): CommandResult {
    return this.store.transaction(() => {
      const settled = this.settle(owner, run);
      const snapshot = this.load(owner, settled.thread_id, settled.id)!;
      const result = command(snapshot, this.clock.now());
      if (result.ok) this.save(owner, result.snapshot, result.events);
      return result;
    });
  }

  /** Stores a new run with its starting events (`created`, `queued`); call inside the creating transaction. */
  insert(owner: string, snapshot: RunSnapshot): void {
    const key = `${owner}\n${snapshot.run.thread_id}`;
    this.idleThreads.delete(key);
    // Again at commit, after any "idle" this transaction registered before the run existed.
    this.store.afterCommit(() => this.idleThreads.delete(key));
    this.store.runs.insert({ owner, parentId: snapshot.run.thread_id, tag: snapshot.run.status }, snapshot.run);
    this.save(owner, snapshot, [
      { event: 'thread.run.created', data: snapshot.run },
      { event: 'thread.run.queued', data: snapshot.run },
    ]);
  }

  /** Listens to the events of one run; returns the unsubscribe function. */
  subscribe(runId: string, listener: (events: EngineEvent[]) => void): () => void {
    this.bus.on(runId, listener);
    return () => this.bus.off(runId, listener);
  }

  /** When the run next has something to do, in clock milliseconds (null: it waits for someone). */
  dueAt(owner: string, runId: string): number | null {
    const progress = this.store.runProgress.get(owner, runId);
    if (!progress || progress.phase === 'done' || progress.phase === 'awaiting_outputs') return null;
    return progress.dueAt;
  }

  private load(owner: string, threadId: string, runId: string): RunSnapshot | undefined {
    const run = this.store.runs.get({ owner, parentId: threadId }, runId);
    const stored = this.store.runProgress.get(owner, runId);
    if (!run || !stored) return undefined;
    const { stepId, messageId, ...progress } = stored;
    return {
      run,
      progress,
      step: stepId ? (this.store.steps.get({ owner, parentId: runId }, stepId) ?? null) : null,
      message: messageId ? (this.store.messages.get({ owner, parentId: threadId }, messageId) ?? null) : null,
    };
  }

  private save(owner: string, snapshot: RunSnapshot, events: EngineEvent[]): void {
    const { run } = snapshot;
    for (const { event, data } of events) {
      if (event.startsWith('thread.run.step.') && event !== 'thread.run.step.delta')
        this.store.steps.upsert({ owner, parentId: run.id }, data as never);
      else if (event.startsWith('thread.message.') && event !== 'thread.message.delta')
        this.store.messages.upsert({ owner, parentId: run.thread_id, tag: run.id }, data as never);
    }
    // Objects in the middle of a step hold what their deltas have shown so far.
    if (snapshot.step) this.store.steps.upsert({ owner, parentId: run.id }, snapshot.step);
    if (snapshot.message) this.store.messages.upsert({ owner, parentId: run.thread_id, tag: run.id }, snapshot.message);
    this.store.runs.update({ owner, parentId: run.thread_id, tag: run.status }, run);
    this.store.runProgress.put(owner, run.id, {
      ...snapshot.progress,
      stepId: snapshot.step?.id ?? null,
      messageId: snapshot.message?.id ?? null,
    });
    this.store.runHistory.record(owner, snapshot, events, this.clock.now());
    // Streams see a transition once it is stored: a request that fails after playing the run forward rolls it back.
    if (events.length > 0) this.store.afterCommit(() => this.bus.emit(run.id, events));
  }
}
