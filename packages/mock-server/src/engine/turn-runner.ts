import type { Message } from 'openai/resources/beta/threads/messages';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { Store } from '../store/index.js';
import type { Clock } from '../clock.js';
import type { EngineContext, EngineEvent } from './advance.js';
import { TurnError, type RunDriver, type TurnRequest } from './driver.js';
import { completionBudget } from './limits.js';
import { countTokens } from './usage.js';
import { admit, applyTurnPieces, beginTurn, failTurn, waitsForWorld, type TurnChange } from './turn.js';
import { batches } from './batches.js';
import { advance } from './advance.js';
import type { RunSnapshot } from './snapshot.js';
import { Slots } from './slots.js';
import type { Pacer } from './pacer.js';

/** How the runner reaches the engine: one transaction per change, stored before it is streamed. */
export interface TurnHost {
  /** Plays the run to now, applies `change`, plays it on and stores it all; null when the run is gone. */
  update<T>(owner: string, threadId: string, runId: string, change: (s: RunSnapshot, ctx: EngineContext) => { change: TurnChange | null; value: T }): T | null;
  subscribe(runId: string, listener: (events: EngineEvent[]) => void): () => void;
}

/** A run stops playing its turn once it leaves `in_progress` for good or is being cancelled. */
const STOPS_TURN = new Set(['thread.run.cancelling', 'thread.run.cancelled', 'thread.run.failed', 'thread.run.expired', 'thread.run.completed', 'thread.run.incomplete']);

/** Queued for a slot (not a run that merely will need one when its tool outputs come). */
const waitsForSlot = (s: RunSnapshot) => s.progress.phase !== 'turn' && waitsForWorld(s.progress);

/** A message's size by the engine's count: its text, and a flat 85 tokens an image (as the prompt builder counts). */
const messageTokens = (message: Message) =>
  message.content.reduce((sum, part) => sum + (part.type === 'text' ? countTokens(part.text.value) : part.type === 'refusal' ? 0 : 85), 0);

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' };

/**
 * Plays the turns of runs whose driver answers in the background. Each run has at most one turn in
 * flight in this process; at most `driver.maxConcurrent` are in flight at once (the others wait in
 * `queued`). A cancel aborts the request at once. After a restart, the first read of a run that was
 * mid-turn wakes it here, and the turn is asked again.
 */
export class TurnRunner {
  /** Runs being played here; `again` when a wake came meanwhile (looked at once more at the end). */
  private readonly inFlight = new Map<string, { again: boolean; stop: AbortController }>();
  private readonly slots: Slots;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly driver: RunDriver & Required<Pick<RunDriver, 'play'>>,
    private readonly host: TurnHost,
    /** Turn starts and the pieces of turns are written in slices of the loop, all runs' together. */
    private readonly pacer: Pacer,
  ) {
    this.slots = new Slots(driver.maxConcurrent ?? Infinity);
    // Once the server is assembled: turns a stopped server left in flight go on without waiting for a read.
    setImmediate(() => this.resumeInFlight());
  }

  /** Wakes every run that waits for a turn or a slot (a server stopped mid-turn left them so); each turn is asked again. */
  private resumeInFlight(): void {
    if (this.closed) return;
    for (const { owner, parentId, id } of this.store.runs.placesWithTags(['queued', 'in_progress'])) {
      if (this.stillWaits(owner, id)) this.wake(owner, parentId, id);
    }
  }

  /** Plays the run's turn (after a slot, if it waits for one) unless it is already being played here. */
  wake(owner: string, threadId: string, runId: string): void {
    const playing = this.inFlight.get(runId);
    if (playing) return void (playing.again = true);
    if (this.closed) return;
    const entry = { again: false, stop: new AbortController() };
    this.inFlight.set(runId, entry);
    void this.playTurns(owner, threadId, runId, entry.stop).finally(() => {
      this.inFlight.delete(runId);
      // Most wakes meanwhile were the run's own writes: only one that left it waiting again needs playing.
      if (entry.again && !entry.stop.signal.aborted && this.stillWaits(owner, runId)) this.wake(owner, threadId, runId);
    });
  }

  /** Stops every turn in flight (the server is closing); they are asked again after a restart. */
  close(): void {
    this.closed = true;
    for (const { stop } of this.inFlight.values()) stop.abort();
  }

  private async playTurns(owner: string, threadId: string, runId: string, stop: AbortController): Promise<void> {
    const unsubscribe = this.host.subscribe(runId, (events) => {
      if (events.some((e) => STOPS_TURN.has(e.event))) stop.abort();
    });
    try {
      // One slot per turn: a run that goes on to another turn (after a search) queues for it again.
      while (await this.slots.acquire(stop.signal)) {
        try {
          if (!(await this.playOne(owner, threadId, runId, stop.signal))) break;
        } finally {
          this.slots.release();
        }
      }
    } catch (error) {
      // Only a closed database gets here (the server closing under a turn).
      if (!this.closed) console.error(error);
    } finally {
      unsubscribe();
    }
  }

  private stillWaits(owner: string, runId: string): boolean {
    const progress = this.store.runProgress.get(owner, runId)?.progress;
    return progress !== undefined && waitsForWorld(progress);
  }

  /**
   * Starts the turn and stores its pieces as they come, through the pacer: at once on an idle server,
   * in slices of the loop when many runs start or stream together.
   */
  private async playOne(owner: string, threadId: string, runId: string, signal: AbortSignal): Promise<boolean> {
    const begun = await this.pacer.run(() => this.begin(owner, threadId, runId, signal));
    if (!begun) return false;
    const apply = (change: (s: RunSnapshot, ctx: EngineContext) => TurnChange) =>
      this.host.update(owner, threadId, runId, (s, ctx) => {
        if (s.progress.phase !== 'turn' || s.progress.turn?.attempt !== begun.attempt) return { change: null, value: false };
        const changed = change(s, ctx);
        return { change: changed, value: changed.snapshot.progress.phase === 'turn' };
      });
    try {
      for await (const pieces of begun.pieces) {
        if (!(await this.pacer.run(() => apply((s, ctx) => applyTurnPieces(s, pieces, ctx))))) break;
      }
    } catch (error) {
      if (signal.aborted) return false;
      if (!(error instanceof TurnError)) console.error(error);
      const failure = error instanceof TurnError ? error : new TurnError('server_error', `assistants-mock: the model turn failed (${String(error)}).`);
      apply((s, ctx) => failTurn(s, failure, ctx));
      return false;
    }
    return this.host.update(owner, threadId, runId, (s) => ({ change: null, value: s.progress.phase === 'turn' })) ?? false;
  }

  /** Admits the run (it leaves `queued` for the turn it waits for), begins the turn and starts reading it. */
  private begin(owner: string, threadId: string, runId: string, signal: AbortSignal) {
    const begun = this.host.update(owner, threadId, runId, (s, ctx) => {
      // Admitted first: playing the run on takes it from `queued` to the turn it waits for.
      const admitted = waitsForSlot(s) ? advance(admit(s, ctx), ctx) : null;
      const current = admitted?.snapshot ?? s;
      if (current.progress.phase !== 'turn') return { change: admitted, value: null };
      const change = beginTurn(current);
      return { change: { ...change, events: [...(admitted?.events ?? []), ...change.events] }, value: { attempt: change.snapshot.progress.turn!.attempt, snapshot: change.snapshot } };
    });
    if (!begun) return null;
    const { snapshot, attempt } = begun;
    return { attempt, pieces: batches(this.driver.play(snapshot.progress.driverState, this.request(owner, snapshot), signal)) };
  }

  /** The turn's input, read from the store: the thread, the run's steps, its images. */
  private request(owner: string, s: RunSnapshot): TurnRequest {
    const { run } = s;
    return {
      run,
      threadMessages: (tokens) => this.newestMessages(owner, run, tokens),
      steps: this.all<RunStep>((page) => this.store.steps.page({ owner, parentId: run.id }, page)),
      callOrigins: s.progress.callOrigins ?? {},
      textAfterCalls: s.progress.textAfterCalls ?? {},
      completionBudget: completionBudget(run, s.progress.stepsUsage),
      imageDataUrl: (fileId) => this.imageDataUrl(owner, fileId),
      owner,
      ...(s.progress.turn?.code !== undefined && { code: s.progress.turn.code }),
    };
  }

  /**
   * The thread's messages, oldest first: this run's own (the newest: a thread takes no message while a
   * run is active), then the others newest first until `last_messages` of them, or twice `tokens` (room
   * for the estimate's slack: the prompt builder truncates exactly), are read.
   */
  private newestMessages(owner: string, run: RunSnapshot['run'], tokens: number): Message[] {
    const strategy = run.truncation_strategy;
    const most = strategy?.type === 'last_messages' ? (strategy.last_messages ?? Infinity) : Infinity;
    const read: Message[] = [];
    let others = 0;
    let total = 0;
    for (let after: string | undefined; ; ) {
      const { data, hasMore } = this.store.messages.page({ owner, parentId: run.thread_id }, { limit: 100, order: 'desc', ...(after !== undefined && { after }) });
      for (const message of data) {
        if (message.run_id !== run.id) {
          if (others >= most || total > 2 * tokens) return read.reverse();
          others++;
          total += messageTokens(message);
        }
        read.push(message);
      }
      if (!hasMore || data.length === 0) return read.reverse();
      after = data.at(-1)!.id;
    }
  }

  private all<T extends { id: string }>(page: (request: { limit: number; order: 'asc'; after?: string }) => { data: T[]; hasMore: boolean }): T[] {
    const out: T[] = [];
    for (let after: string | undefined; ; ) {
      const { data, hasMore } = page({ limit: 100, order: 'asc', ...(after !== undefined && { after }) });
      out.push(...data);
      if (!hasMore || data.length === 0) return out;
      after = data.at(-1)!.id;
    }
  }

  private imageDataUrl(owner: string, fileId: string): string | null {
    const now = this.clock.now();
    const file = this.store.files.get(owner, fileId, now);
    const type = file && IMAGE_TYPES[file.filename.split('.').pop()?.toLowerCase() ?? ''];
    const bytes = type ? this.store.files.content(owner, fileId, now) : undefined;
    return type && bytes ? `data:${type};base64,${bytes.toString('base64')}` : null;
  }
}
