import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';
import type { RunStep, ToolCall } from 'openai/resources/beta/threads/runs/steps';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { Annotation, Message } from 'openai/resources/beta/threads/messages';
import type { Action, FileSearchResult } from './actions.js';
import type { RunDriver } from './driver.js';
import type { CallsContent, RunSnapshot, StepContent } from './snapshot.js';
import { transition, type RunEvent } from './run-machine.js';
import { deltaAt, deltaEvent, mergeMessageDelta, mergeStepDelta } from './deltas.js';
import { citeMarkers, resolveCitations } from './citations.js';
import { enterTurn, failCutOffCalls, failTurn, searchStep, waitsForWorld } from './turn.js';
import { TurnError } from './driver.js';
import { addUsage, countTokens, toolCallsTokens, usageOf, type Usage } from './usage.js';
import { completionBudget, cutText, limitReached, turnPromptTokens, type TokenLimit } from './limits.js';
import { buildRunMessage } from '../objects/message.js';
import { buildRunStep, fileSearchRankingOptions, toolCallsDetails } from '../objects/run-step.js';
import { ID_PREFIX, newId } from '../ids.js';

/** A stream event as the SSE endpoint sends it; object-bearing events are also what gets stored. */
export type EngineEvent = Exclude<AssistantStreamEvent, { event: 'error' }>;

export interface EngineContext {
  driver: RunDriver;
  /** Clock time in milliseconds. */
  now: number;
  /** Searches the run's vector stores at `nowMs` (file_search steps without scripted results). */
  search(run: Run, query: string, nowMs: number): FileSearchResult[];
  /** Whether a stream follows the run: only then is an event built for each delta. */
  streamed: boolean;
  /**
   * At most this many deltas are played (unlimited if absent): a stream takes a long answer in slices,
   * so its first delta goes out without waiting for the whole answer to be played and stored.
   */
  maxDeltas?: number;
}

/** The context of one transition: `now` is its due time; `due` tells whether a later time is reached too. */
interface TickContext extends EngineContext {
  due(atMs: number): boolean;
  /** The deltas this `advance` may still play. */
  slice: { left: number };
}

/** A guard against a script that never settles; no real run needs this many transitions. */
const MAX_TICKS = 100_000;

/**
 * Plays the run forward to `ctx.now`: every transition that is due happens, in order, and each one
 * yields the events a stream shows. Stops at a terminal status, while waiting for tool outputs, or
 * at the first thing not yet due.
 *
 * Each transition happens at its own due time, not at the time of the read: a run nobody watched
 * (or whose stream client went away) is found exactly where it would have got, paced deltas included.
 */
export function advance(snapshot: RunSnapshot, ctx: EngineContext): { snapshot: RunSnapshot; events: EngineEvent[] } {
  const events: EngineEvent[] = [];
  const slice = { left: ctx.maxDeltas ?? Infinity };
  let current = snapshot;
  for (let ticks = 0; ticks < MAX_TICKS; ticks++) {
    const { progress, run } = current;
    // A slice played in full: the rest stays due, for the next advance.
    if (progress.phase === 'done' || slice.left <= 0) break;
    // Waiting for tool outputs, or for the world (a turn played in the background): nothing is due.
    const nextAt = progress.phase === 'awaiting_outputs' || waitsForWorld(progress) ? Infinity : progress.dueAt;
    const expiresAt = run.expires_at === null || progress.phase === 'cancelling' ? Infinity : run.expires_at * 1000;
    if (expiresAt <= ctx.now && expiresAt <= nextAt) {
      current = expire(current, { ...ctx, now: expiresAt }, events);
      break;
    }
    if (nextAt > ctx.now) break;
    // A later transition is reached when it is due by now and the run has not expired before it.
    const due = (atMs: number) => atMs <= ctx.now && !(expiresAt <= ctx.now && expiresAt <= atMs);
    current = tick(current, { ...ctx, now: nextAt, due, slice }, events);
  }
  return { snapshot: current, events };
}

function tick(s: RunSnapshot, ctx: TickContext, events: EngineEvent[]): RunSnapshot {
  switch (s.progress.phase) {
    case 'queued':
      return start(s, ctx, events);
    case 'resuming':
      return runTo(s, { type: 'resume' }, ctx, events, { phase: 'idle' });
    case 'idle':
      return nextAction(s, ctx, events, false);
    case 'delaying':
      return nextAction(s, ctx, events, true);
    case 'step':
      return emitDeltas(s, ctx, events);
    case 'cancelling':
      return finishCancel(s, ctx, events);
    default:
      return s;
  }
}

export const seconds = (ms: number) => Math.floor(ms / 1000);

/** Applies a run transition and records its event; the engine never asks for one the table forbids. */
export function runTo(
  s: RunSnapshot,
  event: RunEvent,
  ctx: EngineContext,
  events: EngineEvent[],
  progress: Partial<RunSnapshot['progress']> = {},
): RunSnapshot {
  const result = transition(s.run, event, seconds(ctx.now));
  if (!result.changed) throw new Error(`run ${s.run.id}: '${event.type}' is not allowed from '${s.run.status}'`);
  events.push({ event: `thread.run.${result.run.status}`, data: result.run } as EngineEvent);
  return { ...s, run: result.run, progress: { ...s.progress, ...progress } };
}

function start(s: RunSnapshot, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const started = runTo(s, { type: 'start' }, ctx, events, { phase: 'idle', dueAt: ctx.now });
  const error = s.progress.startError;
  if (!error) return started;
  return runTo(started, { type: 'fail', ...error, usage: runUsage(started) }, ctx, events, { phase: 'done' });
}

/** What the run reports when it ends: the sum over its steps (just the prompt if it made none). */
export function runUsage(s: RunSnapshot): Usage {
  return s.progress.stepsUsage ?? usageOf(turnPromptTokens(s.run, s.progress.promptTokens), 0);
}

/** The run ends `incomplete`: a token limit leaves no room for what it would do next. */
export function endIncomplete(s: RunSnapshot, reason: TokenLimit, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  return runTo(s, { type: 'incomplete', reason, usage: runUsage(s) }, ctx, events, { phase: 'done' });
}

function nextAction(s: RunSnapshot, ctx: EngineContext, events: EngineEvent[], delayed: boolean): RunSnapshot {
  const { progress } = s;
  const action = ctx.driver.next(progress.driverState, {
    cursor: progress.cursor,
    tools: s.run.tools as { type: string; function?: { name: string } }[],
    outputs: progress.outputs,
    latestOutputs: progress.latestOutputs,
    newestUserMessage: progress.newestUserMessage,
  });
  if (!action) return runTo(s, { type: 'complete', usage: runUsage(s) }, ctx, events, { phase: 'done' });
  if (action.delay > 0 && !delayed) return { ...s, progress: { ...progress, phase: 'delaying', dueAt: ctx.now + action.delay } };
  return startAction(s, action, ctx, events);
}

function startAction(s: RunSnapshot, action: Action, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  if (action.kind === 'fail') {
    return runTo(s, { type: 'fail', code: action.code, message: action.message, usage: runUsage(s) }, ctx, events, { phase: 'done' });
  }
  if (action.kind === 'incomplete') return endIncomplete(s, action.reason, ctx, events);
  const limit = limitReached(s.run, s.progress.stepsUsage, s.progress.promptTokens);
  if (limit) return endIncomplete(s, limit, ctx, events);
  if (action.kind === 'turn') return enterTurn(s, action.code);
  if (action.kind === 'empty') return completeEmpty(s, action.usage, ctx, events);
  const progress = { ...s.progress, cursor: s.progress.cursor + 1, playing: action.kind, pace: action.pace, shown: 0, stepUsage: action.usage ?? null };
  const started = { ...s, progress };
  return action.kind === 'say' ? startMessage(started, action, ctx, events) : startToolCalls(started, action, ctx, events);
}

/** A turn that wrote nothing makes no step, but the model was asked: its usage counts, as a live turn's does. */
function completeEmpty(s: RunSnapshot, usage: Usage | undefined, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const spent = usage ?? usageOf(turnPromptTokens(s.run, s.progress.promptTokens), 0);
  const counted = { ...s, progress: { ...s.progress, stepsUsage: addUsage(s.progress.stepsUsage, spent) } };
  return runTo(counted, { type: 'complete', usage: runUsage(counted) }, ctx, events, { phase: 'done' });
}

function startMessage(s: RunSnapshot, say: Extract<Action, { kind: 'say' }>, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const now = seconds(ctx.now);
  const stepNumber = s.progress.stepCount;
  const budget = completionBudget(s.run, s.progress.stepsUsage);
  const resolved = say.literal ? citeMarkers(say.text, s.progress.lastResults) : resolveCitations(say.text, s.progress.lastResults, stepNumber);
  // Text longer than the run's completion budget is cut where the budget ends; the message and the
  // run then end incomplete (see finishStep), as they do when the script says the model was cut off.
  const overBudget = countTokens(resolved.text) > budget;
  const { text, annotations } = overBudget ? cutText(resolved.text, resolved.annotations, budget) : resolved;
  const cutShort = overBudget || say.cutOff?.reason === 'max_tokens';
  const failing = !overBudget && say.cutOff?.reason === 'run_failed' ? say.cutOff : null;
  const { message, step } = createMessageStep(s.run, now, events);
  // The driver's text as it gave it: stored as where the driver finds it again (see `storedContent`).
  const source = say.source !== undefined && text === say.text ? { source: say.source } : {};
  const content: StepContent = { kind: 'text', text, annotations, ...source };
  return { ...s, step, message, content, progress: { ...s.progress, phase: 'step', dueAt: ctx.now, stepCount: stepNumber + 1, cutShort, failing } };
}

/** A message_creation step and its message, both in progress, with the events that announce them. */
export function createMessageStep(run: Run, now: number, events: EngineEvent[]): { message: Message; step: RunStep } {
  const message = buildRunMessage(run, now);
  const step = buildRunStep(run, { type: 'message_creation', message_creation: { message_id: message.id } }, now);
  events.push(
    { event: 'thread.run.step.created', data: step },
    { event: 'thread.run.step.in_progress', data: step },
    { event: 'thread.message.created', data: message },
    { event: 'thread.message.in_progress', data: message },
  );
  return { message, step };
}

function startToolCalls(s: RunSnapshot, action: Action, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const calls = toolCallsOf(action, s.run, ctx);
  // A tool call cut off by the completion budget cannot be made: the run ends before its step.
  if (toolCallsTokens(calls) > completionBudget(s.run, s.progress.stepsUsage)) {
    return endIncomplete(s, 'max_completion_tokens', ctx, events);
  }
  const step = buildRunStep(s.run, toolCallsDetails(), seconds(ctx.now));
  events.push({ event: 'thread.run.step.created', data: step }, { event: 'thread.run.step.in_progress', data: step });
  const lastResults = action.kind === 'file_search' ? fileSearchResultsOf(calls) : s.progress.lastResults;
  // Calls the model was cut off in are written, then their step fails (see finishStep).
  const cutOff = action.kind === 'call' ? action.cutOff : undefined;
  const ending = { cutShort: cutOff?.reason === 'max_tokens', failing: cutOff?.reason === 'run_failed' ? cutOff : null };
  return {
    ...s,
    step,
    message: null,
    content: {
      kind: 'calls',
      calls,
      ...(action.kind === 'call' && action.searches && { searchesAfter: action.searches }),
      ...(action.kind === 'call' && action.textAfter !== undefined && { textAfter: action.textAfter }),
    },
    progress: { ...s.progress, phase: 'step', dueAt: ctx.now, lastResults, stepCount: s.progress.stepCount + 1, ...ending },
  };
}

function toolCallsOf(action: Action, run: Run, ctx: EngineContext): ToolCall[] {
  const id = () => newId(ID_PREFIX.toolCall);
  switch (action.kind) {
    case 'call':
      return action.calls.map((call) => ({ id: id(), type: 'function', function: { name: call.name, arguments: call.arguments, output: null } }));
    case 'code_interpreter':
      return [{ id: id(), type: 'code_interpreter', code_interpreter: { input: action.input, outputs: action.outputs } }];
    case 'file_search':
      return action.searches.map(
        (search) =>
          ({
            id: id(),
            type: 'file_search',
            file_search: {
              ranking_options: fileSearchRankingOptions(run),
              results: search.results ?? ctx.search(run, search.query, ctx.now),
            },
          }) as ToolCall,
      );
    default:
      return [];
  }
}

const fileSearchResultsOf = (calls: ToolCall[]): FileSearchResult[] =>
  calls.flatMap((call) => (call.type === 'file_search' ? ((call.file_search.results ?? []) as FileSearchResult[]) : []));

/**
 * Plays the step's next delta and every further one that is due (as many as the slice leaves), merging
 * them into the stored message or step in one go; a followed run also gets an event for each. The step
 * finishes in the tick after its last delta.
 */
function emitDeltas(s: RunSnapshot, ctx: TickContext, events: EngineEvent[]): RunSnapshot {
  const { progress } = s;
  const content = s.content!;
  let piece = deltaAt(content, progress.shown);
  if (!piece) return finishStep(s, ctx, events);
  let { step } = s;
  // A message deleted while the run writes it stays deleted: its remaining deltas go nowhere.
  const { message } = s;
  const riding: Annotation[] = [];
  const part = message?.content[0];
  const annotations = part?.type === 'text' ? [...part.text.annotations] : [];
  let { shown, dueAt } = progress;
  for (;;) {
    const { delta, next } = piece;
    if (delta.target === 'step') {
      step = mergeStepDelta(step!, delta);
      if (ctx.streamed) events.push(deltaEvent(delta, step.id, annotations));
    } else if (message) {
      if (delta.annotations.length > 0) {
        riding.push(...delta.annotations);
        annotations.push(...delta.annotations);
      }
      if (ctx.streamed) events.push(deltaEvent(delta, message.id, annotations));
    }
    shown = next;
    ctx.slice.left--;
    piece = deltaAt(content, shown);
    if (!piece) break;
    dueAt += progress.pace;
    if (ctx.slice.left <= 0 || !ctx.due(dueAt)) break;
  }
  // The pieces played are the text between the two positions.
  const merged =
    message && content.kind === 'text'
      ? mergeMessageDelta(message, { target: 'message', value: content.text.slice(progress.shown, shown), annotations: riding })
      : message;
  return { ...s, message: merged, step, progress: { ...progress, shown, dueAt } };
}

function finishStep(s: RunSnapshot, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const now = seconds(ctx.now);
  // A message the model was cut off in by a failure ends as a failed live turn does.
  const { failing } = s.progress;
  if (failing) return failTurnWith(s, new TurnError(failing.code, failing.message), ctx, events);
  const calls = s.content?.kind === 'calls' ? s.content.calls : [];
  // The stored step gets the full calls (file_search results included), which deltas do not carry.
  const details = calls.length > 0 ? toolCallsDetails(calls) : s.step!.step_details;
  const usage = s.progress.stepUsage ?? usageOf(turnPromptTokens(s.run, s.progress.promptTokens), stepOutputTokens(s.content));
  const progress = {
    ...s.progress,
    shown: 0,
    playing: null,
    cutShort: false,
    stepUsage: null,
    phase: 'idle' as const,
    dueAt: ctx.now,
    stepsUsage: addUsage(s.progress.stepsUsage, usage),
  };
  if (s.progress.playing === 'call' && s.progress.cutShort) {
    const failed = failCutOffCalls({ ...s, content: null, progress }, usage, ctx, events);
    return endIncomplete(failed, 'max_completion_tokens', ctx, events);
  }
  if (s.progress.playing === 'call' && s.content?.kind === 'calls' && s.content.textAfter !== undefined) {
    return startTextAfterCalls({ ...s, step: { ...s.step!, step_details: details } }, s.content, ctx, events);
  }
  if (s.progress.playing === 'call') {
    // The step stays in progress until the outputs arrive; the run asks for them (a recorded usage is what it reports then).
    if (s.progress.stepUsage) progress.turnUsage = s.progress.stepUsage;
    const step = { ...s.step!, step_details: details };
    const searched = answerSearchesAfter({ ...s, progress }, ctx, events);
    const toolCalls = calls.flatMap((call) =>
      call.type === 'function'
        ? [{ id: call.id, type: 'function' as const, function: { name: call.function.name, arguments: call.function.arguments } }]
        : [],
    );
    return runTo({ ...searched, step, content: null }, { type: 'require_action', toolCalls }, ctx, events, { phase: 'awaiting_outputs' });
  }
  const step = { ...s.step!, step_details: details, status: 'completed' as const, completed_at: now, usage };
  if (s.message) events.push(messageEndEvent(s.message, s.progress.cutShort, now));
  events.push({ event: 'thread.run.step.completed', data: step });
  const finished = { ...s, step: null, message: null, content: null, progress };
  if (s.progress.cutShort) return endIncomplete(finished, 'max_completion_tokens', ctx, events);
  const aside = s.content?.kind === 'text' ? s.content.callsAside : undefined;
  // The calls the text followed are the turn's step again: they finish as calls do (searches, then requires_action).
  if (aside) return finishStep({ ...finished, step: aside.step, content: aside.content, progress: { ...progress, playing: 'call', stepUsage: aside.usage } }, ctx, events);
  return finished;
}

/**
 * Text the model wrote after its calls in the same turn is a message step of its own, after theirs, as
 * live (engine/turn.ts): the calls step waits aside, in progress; the message reports its own tokens.
 */
function startTextAfterCalls(s: RunSnapshot, calls: CallsContent, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const { textAfter, ...rest } = calls;
  const { message, step } = createMessageStep(s.run, seconds(ctx.now), events);
  const { text, annotations } = citeMarkers(textAfter!, s.progress.lastResults);
  const content: StepContent = { kind: 'text', text, annotations, callsAside: { step: s.step!, content: rest, usage: s.progress.stepUsage ?? null } };
  const textAfterCalls = { ...s.progress.textAfterCalls, [message.id]: s.step!.id };
  const progress = { ...s.progress, playing: 'say' as const, shown: 0, dueAt: ctx.now, stepCount: s.progress.stepCount + 1, stepUsage: usageOf(0, countTokens(text)), textAfterCalls };
  return { ...s, step, message, content, progress };
}

/** Searches the calls' own turn made are answered before the run asks for outputs, with no usage (the calls report the turn's), as live. */
function answerSearchesAfter(s: RunSnapshot, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const searches = s.content?.kind === 'calls' ? s.content.searchesAfter : undefined;
  if (!searches) return s;
  return searchStep(s, toolCallsOf({ kind: 'file_search', searches, delay: 0, pace: 0 }, s.run, ctx), usageOf(0, 0), ctx, events);
}

function failTurnWith(s: RunSnapshot, error: TurnError, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const failed = failTurn(s, error, ctx);
  events.push(...failed.events);
  return { ...failed.snapshot, content: null, progress: { ...failed.snapshot.progress, failing: null, stepUsage: null } };
}

/** A message cut short by the completion budget ends `incomplete` (`max_tokens`), else `completed`. */
export function messageEndEvent(message: Message, cutShort: boolean, now: number): EngineEvent {
  if (!cutShort) return { event: 'thread.message.completed', data: { ...message, status: 'completed', completed_at: now } };
  return {
    event: 'thread.message.incomplete',
    data: { ...message, status: 'incomplete', incomplete_at: now, incomplete_details: { reason: 'max_tokens' } },
  };
}

/** What the step wrote: the whole text of its message (even if the message was deleted), or its calls. */
function stepOutputTokens(content: StepContent | null): number {
  if (!content) return 0;
  return content.kind === 'text' ? countTokens(content.text) : toolCallsTokens(content.calls);
}

function expire(s: RunSnapshot, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  abandonInFlight(s, 'run_expired', seconds(ctx.now), events);
  const expired = runTo(s, { type: 'expire', usage: runUsage(s) }, ctx, events, { phase: 'done' });
  return { ...expired, step: null, message: null, content: null };
}

function finishCancel(s: RunSnapshot, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  abandonInFlight(s, 'run_cancelled', seconds(ctx.now), events);
  const cancelled = runTo(s, { type: 'cancelled', usage: runUsage(s) }, ctx, events, { phase: 'done' });
  return { ...cancelled, step: null, message: null, content: null };
}

/**
 * The message being written ends incomplete with `reason`, and the step under way ends with the run.
 * A step waiting for tool outputs has had its turn (the run counted its usage), so it reports that usage.
 */
function abandonInFlight(s: RunSnapshot, reason: 'run_cancelled' | 'run_expired', now: number, events: EngineEvent[]): void {
  if (s.message) {
    const message = { ...s.message, status: 'incomplete' as const, incomplete_at: now, incomplete_details: { reason } };
    events.push({ event: 'thread.message.incomplete', data: message });
  }
  // The calls step waiting aside while the text after its calls is written (scripted, or a live turn's) ends with the run too.
  const aside = (s.content?.kind === 'text' ? s.content.callsAside?.step : undefined) ?? s.progress.turn?.calls;
  if (aside) endStep(aside, reason, now, events);
  if (s.step) endStep(s.progress.playing === null ? { ...s.step, usage: waitingStepUsage(s) } : s.step, reason, now, events);
}

function endStep(step: RunStep, reason: 'run_cancelled' | 'run_expired', now: number, events: EngineEvent[]): void {
  if (reason === 'run_expired') events.push({ event: 'thread.run.step.expired', data: { ...step, status: 'expired', expired_at: now } });
  else events.push({ event: 'thread.run.step.cancelled', data: { ...step, status: 'cancelled', cancelled_at: now } });
}

/**
 * The usage of the turn that made the waiting step's tool calls: what the run counted when the step
 * began to wait for outputs (a live turn's as the upstream reported it).
 */
export function waitingStepUsage(s: RunSnapshot): Usage {
  if (s.progress.turnUsage) return s.progress.turnUsage;
  const details = s.step!.step_details;
  return usageOf(turnPromptTokens(s.run, s.progress.promptTokens), toolCallsTokens(details.type === 'tool_calls' ? details.tool_calls : []));
}
