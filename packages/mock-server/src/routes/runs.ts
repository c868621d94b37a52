import { Hono, type Context } from 'hono';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { AppDeps, AppEnv } from '../deps.js';
import { badRequest, notFound } from '../errors.js';
import { unixSeconds } from '../clock.js';
import { listResponse, readListQuery } from '../pagination.js';
import { readBody, readJson } from '../request.js';
import * as s from '../schemas/common.js';
import { createRunBody, createThreadAndRunBody, submitToolOutputsBody, type CreateRunBody } from '../schemas/runs.js';
import { buildRun, type RunOptions } from '../objects/run.js';
import { toToolResources } from '../objects/tool-resources.js';
import { findThread, insertThread } from './threads.js';
import { includesContent } from './steps.js';
import { indexingContext } from './vector-store-context.js';
import { addUserMessages } from '../retrieval/message-attachments.js';
import type { IndexingContext } from '../retrieval/attach.js';
import { initialProgress } from '../engine/snapshot.js';
import { dueAtOf } from '../engine/apply.js';
import { cancelRun, submitToolOutputs, type CommandResult } from '../engine/commands.js';
import { tokensOfLength } from '../engine/usage.js';
import { codePointLength } from '../engine/citations.js';
import { streamRun } from '../streaming/run-stream.js';
import type { Store } from '../store/index.js';
import type { HistoryMessage } from '@assistants-mock/fixtures';

/** How often a polling client looks again at a run whose model is writing. */
const LIVE_POLL_MS = 100;

/** The thread's active run, if any (after playing runs forward to now). */
export function activeRun(deps: AppDeps, owner: string, threadId: string): Run | undefined {
  return deps.engine.settleThread(owner, threadId)[0];
}

/** While a run is active, a thread takes no new messages (the real service's wording). */
export function assertCanAddMessage(deps: AppDeps, owner: string, threadId: string): void {
  const run = activeRun(deps, owner, threadId);
  if (run) throw badRequest(`Can't add messages to ${threadId} while a run ${run.id} is active.`);
}

function findAssistant(store: Store, owner: string, id: string) {
  const assistant = store.assistants.get({ owner }, id);
  if (!assistant) throw notFound('assistant', id);
  return assistant;
}

/** The run played forward to now. Runs go with their thread, so only a miss looks the thread up (to say which is missing). */
function findRun(deps: AppDeps, owner: string, threadId: string, runId: string): Run {
  return deps.engine.settle(owner, storedRun(deps, owner, threadId, runId));
}

function storedRun(deps: AppDeps, owner: string, threadId: string, runId: string): Run {
  const run = deps.store.runs.get({ owner, parentId: threadId }, runId);
  if (run) return run;
  findThread(deps.store, owner, threadId);
  throw notFound('run', runId);
}

/** How many of the newest messages a run's prompt count reads (the count is deterministic, not a tokenizer's). */
const PROMPT_MESSAGES = 100;

/** Creates a queued run on a thread: the one place runs are born. Call inside a transaction. Also says when it is next due. */
function startRun(deps: AppDeps, ctx: IndexingContext, threadId: string, body: RunOptions & Pick<CreateRunBody, 'additional_messages'>): { run: Run; dueAt: number | null } {
  const { store, clock, engine } = deps;
  const owner = ctx.owner;
  const found = findThread(store, owner, threadId);
  const assistant = findAssistant(store, owner, body.assistant_id);
  const active = engine.settleThread(owner, threadId, { rememberIdle: false })[0];
  if (active) throw badRequest(`Thread ${threadId} already has an active run ${active.id}.`);
  const now = unixSeconds(clock);
  const thread = addUserMessages(ctx, found.id, body.additional_messages ?? []).thread ?? found;
  const run = buildRun(assistant, threadId, body, now);
  // `truncation_strategy: last_messages` sends only the newest N messages to the model.
  const truncation = run.truncation_strategy;
  const lastMessages = truncation?.type === 'last_messages' && truncation.last_messages ? truncation.last_messages : undefined;
  const newestUser = store.messages.newestUserMessage(owner, threadId, lastMessages);
  const newestUserMessage = textOf(newestUser);
  const start = engine.driver.start({
    owner,
    assistant: { id: assistant.id, name: assistant.name, model: run.model, metadata: (assistant.metadata ?? {}) as Record<string, string> },
    thread: { id: thread.id, metadata: (thread.metadata ?? {}) as Record<string, string> },
    newestUserMessage,
    history: once(() => threadHistory(store, owner, threadId, newestUser?.id)),
    instructions: run.instructions,
    tools: run.tools as { type: string; function?: { name: string } }[],
    toolChoice: run.tool_choice,
    parallelToolCalls: run.parallel_tool_calls,
  });
  const promptLength = codePointLength(run.instructions) + store.messages.promptTextLength(owner, threadId, Math.min(lastMessages ?? PROMPT_MESSAGES, PROMPT_MESSAGES));
  const promptTokens = tokensOfLength(promptLength);
  const progress = initialProgress({
    dueAt: clock.now() + (start.ok ? start.queuedMs : 0),
    driverState: start.ok ? start.state : null,
    startError: start.ok ? null : { code: start.code, message: start.message },
    // A run played in the background waits `queued` for a slot among the upstream requests.
    needsSlot: start.ok && start.background === true,
    promptTokens,
    newestUserMessage,
  });
  engine.insert(owner, { run, step: null, message: null, progress });
  return { run, dueAt: dueAtOf(progress) };
}

/** The thread's newest messages but its newest user message, oldest first: what `match.history` compares. */
function threadHistory(store: Store, owner: string, threadId: string, newestUserId: string | undefined): HistoryMessage[] {
  const { data } = store.messages.page({ owner, parentId: threadId }, { limit: PROMPT_MESSAGES, order: 'desc' });
  return data
    .reverse()
    .filter((message) => message.id !== newestUserId)
    .map((message) => ({ role: message.role, text: textOf(message) ?? '' }));
}

const once = <T>(read: () => T): (() => T) => {
  let value: { read: T } | undefined;
  return () => (value ??= { read: read() }).read;
};

function textOf(message: Message | undefined): string | null {
  if (!message) return null;
  return message.content.map((part) => (part.type === 'text' ? part.text.value : '')).join('\n');
}

/**
 * How soon the SDK's polling helpers should look again: soon, or when the run's next step is due.
 * Whole milliseconds: the Python SDK reads the header with `int()`, which refuses `599.5`.
 */
function pollAfterMs(deps: AppDeps, dueAt: number | null): number {
  // A run waiting for a model changes whenever the model writes: look again soon.
  return dueAt === null ? 1 : dueAt === Infinity ? LIVE_POLL_MS : Math.min(Math.max(Math.ceil(dueAt - deps.clock.now()), 1), 1000);
}

const setPollAfter = (c: Context, deps: AppDeps, dueAt: number | null) => c.header('openai-poll-after-ms', String(pollAfterMs(deps, dueAt)));

/** A run as a poll reads it, played forward to now, and when to look again (shared by the route and the socket's lane, middleware/read-lane.ts). */
export function pollRun(deps: AppDeps, owner: string, threadId: string, runId: string): { run: Run; pollAfterMs: number } {
  const { run, dueAt } = deps.engine.settleDue(owner, storedRun(deps, owner, threadId, runId));
  return { run, pollAfterMs: pollAfterMs(deps, dueAt) };
}

function throwUnlessOk(result: CommandResult): Run {
  if (!result.ok) throw badRequest(result.message);
  return result.snapshot.run;
}

/** POST /threads/runs: a new thread and a run on it, in one transaction (paced: see `RunEngine.writes`). */
export function threadAndRunRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().post('/', async (c) => {
    const owner = c.var.owner;
    const { thread: threadBody, tool_resources, stream, ...body } = await readBody(c, createThreadAndRunBody);
    const { thread, run, dueAt } = await deps.engine.writes.run(() =>
      deps.store.transaction(() => {
        const ctx = indexingContext(deps, c);
        const thread = insertThread(ctx, { ...threadBody, ...(tool_resources && { tool_resources }) });
        return { thread, ...startRun(deps, ctx, thread.id, { ...body, ...(tool_resources && { tool_resources: toToolResources(tool_resources) }) }) };
      }),
    );
    if (stream) return streamRun(c, deps, owner, run, [{ event: 'thread.created', data: thread }, ...createdEvents(run)]);
    setPollAfter(c, deps, dueAt);
    return c.json(run);
  });
}

const createdEvents = (run: Run) => [
  { event: 'thread.run.created' as const, data: run },
  { event: 'thread.run.queued' as const, data: run },
];

export function runsRoutes(deps: AppDeps) {
  const { store, engine } = deps;
  const threadIdOf = (c: Context) => c.req.param('thread_id')!;

  return new Hono<AppEnv>()
    .post('/', async (c) => {
      const owner = c.var.owner;
      const includeFileSearchContent = includesContent(c);
      const { stream, ...body } = await readBody(c, createRunBody);
      const { run, dueAt } = await engine.writes.run(() => store.transaction(() => startRun(deps, indexingContext(deps, c), threadIdOf(c), body)));
      if (stream) return streamRun(c, deps, owner, run, createdEvents(run), { includeFileSearchContent });
      setPollAfter(c, deps, dueAt);
      return c.json(run);
    })
    .get('/', (c) => {
      const owner = c.var.owner;
      const threadId = threadIdOf(c);
      const query = readListQuery(c);
      findThread(store, owner, threadId);
      engine.settleThread(owner, threadId);
      return c.json(listResponse(store.runs.page({ owner, parentId: threadId }, query)));
    })
    .get('/:run_id', (c) => {
      const { run, pollAfterMs } = pollRun(deps, c.var.owner, threadIdOf(c), c.req.param('run_id'));
      c.header('openai-poll-after-ms', String(pollAfterMs));
      return c.json(run);
    })
    .post('/:run_id', async (c) => {
      const owner = c.var.owner;
      const body = await readBody(c, s.modifyMetadataOnly);
      const run = store.transaction(() => {
        const current = findRun(deps, owner, threadIdOf(c), c.req.param('run_id'));
        if (body.metadata === undefined) return current;
        return store.runs.update({ owner, parentId: current.thread_id }, { ...current, metadata: body.metadata });
      });
      return c.json(run);
    })
    .post('/:run_id/cancel', async (c) => {
      const owner = c.var.owner;
      await readJson(c);
      const run = findRun(deps, owner, threadIdOf(c), c.req.param('run_id'));
      return c.json(throwUnlessOk(engine.command(owner, run, cancelRun)));
    })
    .post('/:run_id/submit_tool_outputs', async (c) => {
      const owner = c.var.owner;
      const { tool_outputs, stream } = await readBody(c, submitToolOutputsBody);
      const run = findRun(deps, owner, threadIdOf(c), c.req.param('run_id'));
      const result = engine.command(owner, run, (snapshot, now) => submitToolOutputs(snapshot, tool_outputs, now));
      const submitted = throwUnlessOk(result);
      if (stream) return streamRun(c, deps, owner, submitted, result.ok ? result.events : []);
      setPollAfter(c, deps, result.ok ? dueAtOf(result.snapshot.progress) : null);
      return c.json(submitted);
    });
}
