import { isDeepStrictEqual } from 'node:util';
import OpenAI from 'openai';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { createMockServer, manualClock, type ApiErrorBody, type ManualClock, type MockServer } from '@assistants-mock/server';
import { conformingFetch } from '../harness.js';
import { watchedClock } from '../watched-clock.js';
import { seededRandom, type Random } from '../fuzz.js';
import { childrenProblems } from './children-rules.js';
import { isActive, runHistoryProblems, runShapeProblems, type CommandsSince } from './run-rules.js';
import { allowedEndings, factsOf, failsAtStart, modelCheckScenarios, type RunSetup } from './scenarios.js';
import type { StreamWatch } from './stream-watch.js';

/** What the model knows of a thread. */
export interface ThreadModel {
  id: string;
  deleted: boolean;
  /** The user messages' text, oldest first. */
  userMessages: string[];
  /** Its runs, oldest first. */
  runIds: string[];
}

/** What the model knows of a run: how it was set up, what clients did to it, and how it was last seen. */
export interface RunModel {
  id: string;
  threadId: string;
  setup: RunSetup;
  createdMs: number;
  metadata: Record<string, string>;
  last: Run;
  /** `last` was read (so played forward) at the current clock, and nothing was sent to the run since. */
  fresh: boolean;
  since: CommandsSince;
  /** When a cancel was first accepted. */
  cancelledAtMs: number | null;
  /** When tool outputs were last accepted. */
  submittedAtMs: number | null;
  /** Messages of this run that a client deleted. */
  deletedMessages: Set<string>;
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; status: number; body: ApiErrorBody };

const NO_COMMANDS: CommandsSince = { submitted: false, cancelled: false };
const ID = /\b(?:thread|run|msg|step|call|asst)_[A-Za-z0-9]+/g;

/** A violated invariant, with where the session was and what it had done. */
export class ModelCheckFailure extends Error {}

/**
 * One seeded session: a fresh mock server on a manual clock, the official SDK against it, and the
 * reference model. Every read goes through `observe`, which checks it against the model.
 */
export class World {
  readonly clock: ManualClock & { sleeping(): number };
  readonly server: MockServer;
  readonly client: OpenAI;
  readonly random: Random;
  readonly threads: ThreadModel[] = [];
  readonly runs = new Map<string, RunModel>();
  readonly streams: StreamWatch[] = [];
  /** What was observed, ids replaced by aliases: the same seed must give the same trace. */
  readonly trace: string[] = [];
  /** Threads and runs the current operation touched: they are checked after it. */
  readonly touched = { threads: new Set<string>(), runs: new Set<string>() };
  where = 'setup';
  /** An assistant with code_interpreter and the `lookup` function, and one with no tools. */
  assistants = { tools: '', bare: '' };
  private readonly aliases = new Map<string, string>();
  private messageCount = 0;

  constructor(readonly seed: number) {
    this.clock = watchedClock(manualClock());
    this.server = createMockServer({ clock: this.clock, scenarios: modelCheckScenarios() });
    this.random = seededRandom(seed);
    this.client = this.clientWith(conformingFetch(this.server.fetch));
  }

  clientWith(fetch: typeof globalThis.fetch) {
    return new OpenAI({ baseURL: this.server.baseURL, apiKey: 'sk-model-check', fetch, maxRetries: 0 });
  }

  get nowMs() {
    return this.clock.now();
  }

  nextMessageNumber() {
    return ++this.messageCount;
  }

  thread(id: string): ThreadModel {
    const thread = this.threads.find((t) => t.id === id);
    if (!thread) this.fail([`unknown thread ${id}`]);
    return thread;
  }

  liveThreads() {
    return this.threads.filter((t) => !t.deleted);
  }

  note(line: string) {
    this.trace.push(this.unalias(`${this.where}: ${line}`));
  }

  /** Ids replaced by stable names (thread#1, run#3 ...), in order of first appearance. */
  unalias(text: string): string {
    return text.replace(ID, (id) => {
      let alias = this.aliases.get(id);
      if (!alias) {
        alias = `${id.slice(0, id.indexOf('_'))}#${this.aliases.size + 1}`;
        this.aliases.set(id, alias);
      }
      return alias;
    });
  }

  fail(problems: string[]): never {
    const recent = this.trace.slice(-25).join('\n  ');
    throw new ModelCheckFailure(`seed ${this.seed}, at ${this.where}:\n- ${problems.join('\n- ')}\nrecent trace:\n  ${recent}`);
  }

  check(problems: string[]) {
    if (problems.length > 0) this.fail(problems);
  }

  /** Awaits an SDK call; an API error must be a 4xx in OpenAI's shape (never a 5xx, never anything else). */
  async attempt<T>(call: Promise<T>): Promise<Outcome<T>> {
    try {
      return { ok: true, value: await call };
    } catch (error) {
      return this.failure(error);
    }
  }

  /** An error a request answered with, as an outcome (checked for OpenAI's shape). */
  failure(error: unknown): Outcome<never> {
    if (!(error instanceof OpenAI.APIError) || error.status === undefined) throw error;
    this.check(errorShapeProblems(error.status, error.error));
    return { ok: false, status: error.status, body: error.error as ApiErrorBody };
  }

  expectError(outcome: Outcome<unknown>, status: number, message: string) {
    if (outcome.ok) this.fail([`expected ${status} "${message}", got a success`]);
    if (outcome.status !== status || outcome.body.message !== message) {
      this.fail([`expected ${status} "${message}", got ${outcome.status} "${outcome.body.message}"`]);
    }
  }

  threadGone = (id: string) => `No thread found with id '${id}'.`;

  /** Lets streams consumed in the background catch up with what the server did. */
  async quiesce() {
    for (let i = 0; i < 3; i++) await new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * Moves the clock. Half the time every thread is read right after; otherwise the runs stay where
   * they were until someone looks, so the next request is the one that plays them forward.
   */
  advance(ms: number, look = this.random() < 0.5) {
    this.clock.advance(ms);
    for (const run of this.runs.values()) run.fresh = false;
    if (look) for (const thread of this.liveThreads()) this.touched.threads.add(thread.id);
  }

  /** A run the server just created (its create response or `thread.run.created` event). */
  register(run: Run, setup: RunSetup, metadata: Record<string, string>) {
    const problems = runShapeProblems(run, this.nowMs);
    if (run.status !== 'queued' || run.created_at !== Math.floor(this.nowMs / 1000)) problems.push(`${run.id} is created queued, now`);
    if (!isDeepStrictEqual(run.metadata, metadata)) problems.push(`${run.id} has the metadata it was created with`);
    this.check(problems);
    this.runs.set(run.id, {
      id: run.id,
      threadId: run.thread_id,
      setup,
      createdMs: this.nowMs,
      metadata,
      last: run,
      fresh: false,
      since: { ...NO_COMMANDS },
      cancelledAtMs: null,
      submittedAtMs: null,
      deletedMessages: new Set(),
    });
    this.thread(run.thread_id).runIds.push(run.id);
    this.touched.runs.add(run.id);
    this.note(`${run.id} created for [${setup.scenario}]`);
  }

  /** A command changed the run: `after` is what it answered, not yet played forward. */
  commanded(model: RunModel, after: Run, command: 'submitted' | 'cancelled') {
    const since = { ...model.since, [command]: true };
    this.check([...runShapeProblems(after, this.nowMs), ...runHistoryProblems(model.last, after, since)]);
    this.remember(model, command);
    model.last = after;
    model.fresh = false;
    model.since = { ...NO_COMMANDS };
    this.touched.runs.add(model.id);
  }

  /** A command was sent whose answer carries no run (a stream): only its effect is known. */
  sent(model: RunModel, command: 'submitted' | 'cancelled') {
    this.remember(model, command);
    model.since[command] = true;
    model.fresh = false;
    this.touched.runs.add(model.id);
  }

  private remember(model: RunModel, command: 'submitted' | 'cancelled') {
    if (command === 'cancelled' && model.cancelledAtMs === null) model.cancelledAtMs = this.nowMs;
    if (command === 'submitted') model.submittedAtMs = this.nowMs;
  }

  /**
   * A run as a read returned it (played forward to now): checked against everything known of it.
   * `quiet` keeps it out of the trace (reads made when a background stream happens to end).
   */
  observe(run: Run, quiet = false) {
    const model = this.runs.get(run.id);
    if (!model) this.fail([`a read returned ${run.id}, which was never created`]);
    const problems = runShapeProblems(run, this.nowMs);
    if (model.fresh && !isDeepStrictEqual(model.last, run)) {
      problems.push(`${run.id} changed with nothing sent and the clock still: ${JSON.stringify(diff(model.last, run))}`);
    } else if (!model.fresh) problems.push(...runHistoryProblems(model.last, run, model.since));
    problems.push(...this.predictionProblems(model, run));
    this.check(problems);
    model.last = run;
    model.fresh = true;
    model.since = { ...NO_COMMANDS };
    if (!quiet) this.note(`${run.id} ${run.status}`);
  }

  /** What the model predicts exactly: metadata, start and cancel times, how the run may end and why. */
  private predictionProblems(model: RunModel, run: Run): string[] {
    const problems: string[] = [];
    const expect = (ok: boolean, what: string) => {
      if (!ok) problems.push(`${run.id} (${run.status}, [${model.setup.scenario}]): ${what}`);
    };
    expect(isDeepStrictEqual(run.metadata, model.metadata), `metadata ${JSON.stringify(run.metadata)} is ${JSON.stringify(model.metadata)}`);
    const startsAfter = failsAtStart(model.setup) ? 0 : factsOf(model.setup.scenario)!.queuedMs;
    if (run.started_at !== null) expect(run.started_at === Math.floor((model.createdMs + startsAfter) / 1000), `started_at is when its queued time ends`);
    if (run.status === 'cancelled') expect(run.cancelled_at === Math.floor(model.cancelledAtMs! / 1000), 'cancelled_at is when the cancel was accepted');
    if (isActive(run.status)) return problems;
    const pastExpiry = this.nowMs >= (run.created_at + 600) * 1000;
    const endings = allowedEndings(model.setup, model.cancelledAtMs !== null, pastExpiry);
    expect(endings.has(run.status), `ends ${run.status}, not one of ${[...endings].join(', ')}`);
    const facts = factsOf(model.setup.scenario);
    if (run.status === 'failed') {
      const scripted = failsAtStart(model.setup) ? undefined : facts?.lastError;
      expect(scripted ? isDeepStrictEqual(run.last_error, scripted) : run.last_error?.code === 'server_error', `fails with ${JSON.stringify(run.last_error)}`);
      if (failsAtStart(model.setup)) expect(run.failed_at === Math.floor(model.createdMs / 1000), 'a run that cannot start fails as it starts');
    }
    if (run.status === 'completed' && facts) {
      const endsAt = facts.endsAtLastSubmission ? model.submittedAtMs : facts.endsAfterMs !== undefined ? model.createdMs + startsAfter + facts.endsAfterMs : null;
      if (endsAt !== null) expect(run.completed_at === Math.floor(endsAt / 1000), `completed_at is when its script ends (${Math.floor(endsAt / 1000)})`);
    }
    if (run.status === 'incomplete' && !model.setup.limited) expect(run.incomplete_details?.reason === 'max_completion_tokens', 'ends incomplete as scripted');
    return problems;
  }

  /** Reads a run; a run of a deleted thread is a 404. */
  async retrieve(model: RunModel, quiet = false): Promise<Run | null> {
    const outcome = await this.attempt(this.client.beta.threads.runs.retrieve(model.id, { thread_id: model.threadId }));
    if (this.thread(model.threadId).deleted) {
      this.expectError(outcome, 404, this.threadGone(model.threadId));
      return null;
    }
    if (!outcome.ok) this.fail([`retrieving ${model.id}: ${outcome.status} ${outcome.body.message}`]);
    this.observe(outcome.value, quiet);
    return outcome.value;
  }

  /**
   * Reads a thread's runs, then the steps and messages of those that are or were active or were
   * touched, and checks them together. `idle`: the operation just proved the thread had no active run.
   */
  async checkThread(thread: ThreadModel, options: { idle?: boolean } = {}) {
    const listed = await this.attempt(this.client.beta.threads.runs.list(thread.id, { limit: 100, order: 'asc' }));
    if (thread.deleted) return this.expectError(listed, 404, this.threadGone(thread.id));
    if (!listed.ok) this.fail([`listing runs of ${thread.id}: ${listed.body.message}`]);
    const runs = listed.value.data;
    const problems: string[] = [];
    if (runs.map((r) => r.id).join() !== thread.runIds.join() || listed.value.has_more) problems.push(`${thread.id} lists its runs in creation order`);
    const wasActive = new Set(runs.filter((run) => isActive(this.runs.get(run.id)?.last.status ?? 'completed')).map((run) => run.id));
    for (const run of runs) this.observe(run);
    // A retrieve at the same moment must agree with the list (both play the runs forward to now).
    if (runs.length > 0) await this.retrieve(this.runs.get(runs.at(-1)!.id)!);
    const active = runs.filter((run) => isActive(run.status));
    if (active.length > (options.idle ? 0 : 1)) problems.push(`${thread.id} has ${active.length} active runs (${active.map((r) => `${r.id} ${r.status}`).join(', ')})`);
    this.check(problems);
    for (const run of runs) {
      if (wasActive.has(run.id) || isActive(run.status) || this.touched.runs.has(run.id)) await this.checkChildren(this.runs.get(run.id)!);
    }
  }

  /** The run's steps and messages, read now, against the run as last read. */
  async checkChildren(model: RunModel) {
    const { threads } = this.client.beta;
    const steps = await this.attempt(threads.runs.steps.list(model.id, { thread_id: model.threadId, limit: 100, order: 'asc' }));
    const messages = await this.attempt(threads.messages.list(model.threadId, { run_id: model.id, limit: 100, order: 'asc' }));
    if (!steps.ok || !messages.ok) this.fail([`reading the steps and messages of ${model.id}`]);
    const problems = childrenProblems(model.last, steps.value.data, messages.value.data, model.deletedMessages);
    for (const message of messages.value.data) {
      if (model.deletedMessages.has(message.id)) problems.push(`deleted message ${message.id} came back`);
    }
    this.check(problems);
  }

  /** Checks what the current operation touched (everything after the clock moved). */
  async checkTouched() {
    const threadIds = new Set([...this.touched.threads, ...[...this.touched.runs].map((id) => this.runs.get(id)!.threadId)]);
    for (const id of threadIds) await this.checkThread(this.thread(id));
    this.touched.threads.clear();
    this.touched.runs.clear();
  }

  async close() {
    await this.server.close();
  }
}

/** OpenAI's error shape, exactly: a 4xx with message, type, param and code. */
function errorShapeProblems(status: number, body: unknown): string[] {
  const keys = body && typeof body === 'object' ? Object.keys(body).sort().join() : String(body);
  const problems: string[] = [];
  if (status >= 500 || status < 400) problems.push(`answered ${status}: ${JSON.stringify(body)}`);
  if (keys !== 'code,message,param,type') problems.push(`error body ${JSON.stringify(body)} is not {message, type, param, code}`);
  return problems;
}

/** The top-level fields that differ, for a readable failure. */
export function diff<T extends object>(a: T, b: T): Record<string, [unknown, unknown]> {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof T & string>;
  return Object.fromEntries([...keys].filter((k) => !isDeepStrictEqual(a[k], b[k])).map((k) => [k, [a[k], b[k]]]));
}
