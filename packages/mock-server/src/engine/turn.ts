import type { Message } from 'openai/resources/beta/threads/messages';
import type { RunStep, ToolCall } from 'openai/resources/beta/threads/runs/steps';
import type { FileSearchResult } from './actions.js';
import type { CallOrigin, TurnError, TurnPiece } from './driver.js';
import type { Progress, RunSnapshot, TurnProgress } from './snapshot.js';
import { createMessageStep, endIncomplete, messageEndEvent, runTo, runUsage, seconds, type EngineContext, type EngineEvent } from './advance.js';
import { deltaEvent, mergeMessageDelta, mergeStepDelta, toolCallDeltas, type Delta } from './deltas.js';
import { citeMarkers, codePointLength } from './citations.js';
import { turnPromptTokens } from './limits.js';
import { addUsage, countTokens, toolCallsTokens, usageOf, type Usage } from './usage.js';
import { buildRunStep, fileSearchRankingOptions, toolCallsDetails } from '../objects/run-step.js';
import { searchQuery } from '../live/file-search.js';

/**
 * A model turn played in the background (`RunDriver.play`), as plain functions over the run's
 * snapshot: each piece that arrives becomes the stored objects and stream events a scripted step
 * would have made, so a client cannot tell a live run from a scripted one. The interpreter
 * (`RunEngine.update`) stores each result in one transaction before anything is streamed.
 */
export interface TurnChange {
  snapshot: RunSnapshot;
  events: EngineEvent[];
  /** Objects an interrupted attempt of the turn had made, to delete (the turn is asked again). */
  discard?: { steps: string[]; messages: string[] };
}

/** The run waits for the world: a turn in flight, or a slot to start one (it stays `queued` until then). */
export function waitsForWorld({ phase, needsSlot }: Pick<Progress, 'phase' | 'needsSlot'>): boolean {
  return phase === 'turn' || (needsSlot === true && (phase === 'queued' || phase === 'resuming'));
}

/** The run got its slot: it may leave `queued`. */
export function admit(s: RunSnapshot, ctx: EngineContext): RunSnapshot {
  return { ...s, progress: { ...s.progress, needsSlot: false, dueAt: Math.min(s.progress.dueAt, ctx.now) } };
}

/** The driver answers in the background: the run waits in `turn` until the runner plays it. */
export function enterTurn(s: RunSnapshot, code?: string): RunSnapshot {
  const turn: TurnProgress = { attempt: 0, text: '', created: { steps: [], messages: [] }, stepCount: s.progress.stepCount, spent: 0, ...(code !== undefined && { code }) };
  return { ...s, content: null, progress: { ...s.progress, cursor: s.progress.cursor + 1, phase: 'turn', playing: null, turn } };
}

/**
 * Starts (or, after a restart, starts again) the turn the run waits for. An earlier attempt's
 * unfinished objects are dropped, so asking again duplicates nothing.
 */
export function beginTurn(s: RunSnapshot): TurnChange {
  const previous = s.progress.turn!;
  const turn: TurnProgress = { ...previous, attempt: previous.attempt + 1, text: '', created: { steps: [], messages: [] }, spent: 0, calls: null };
  return {
    snapshot: { ...s, step: null, message: null, progress: { ...s.progress, turn, playing: null, stepCount: previous.stepCount } },
    events: [],
    discard: previous.created,
  };
}

/** Pieces that arrived together (one network read), applied as one change: each is still its own event. */
export function applyTurnPieces(s: RunSnapshot, pieces: readonly TurnPiece[], ctx: EngineContext): TurnChange {
  const events: EngineEvent[] = [];
  let snapshot = s;
  for (const piece of pieces) {
    // The run may have ended within the batch (an end piece): what follows has nowhere to go.
    if (snapshot.progress.phase !== 'turn') break;
    const change = applyTurnPiece(snapshot, piece, ctx);
    snapshot = change.snapshot;
    events.push(...change.events);
  }
  return { snapshot, events };
}

export function applyTurnPiece(s: RunSnapshot, piece: TurnPiece, ctx: EngineContext): TurnChange {
  const events: EngineEvent[] = [];
  switch (piece.type) {
    case 'text':
      return { snapshot: writeText(s, piece.value, ctx, events), events };
    case 'call':
      return { snapshot: openCall(s, piece, ctx, events), events };
    case 'arguments': {
      const current = turnOf(s).calls ? callsBack(s, false, ctx, events) : s;
      const delta = { target: 'step' as const, index: piece.index, toolCall: { type: 'function', function: { arguments: piece.value } } };
      return { snapshot: current.progress.playing === 'call' ? pushStepDelta(current, delta, events) : current, events };
    }
    case 'end':
      return { snapshot: endTurn(s, piece, ctx, events), events };
    case 'code':
      return { snapshot: codeStep(s, piece, ctx, events), events };
  }
}

/**
 * A code_interpreter call that ran for real: its step is created, streamed (the code, then what it
 * printed) and completed as a scripted one would be, and the run goes on to its next action.
 */
function codeStep(s: RunSnapshot, piece: Extract<TurnPiece, { type: 'code' }>, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const now = seconds(ctx.now);
  const current = s.progress.playing === 'say' ? closeTextBefore(s, ctx, events) : s;
  const { spent } = turnOf(current);
  const total = piece.usage ?? usageOf(turnPromptTokens(s.run, s.progress.promptTokens), spent + countTokens(piece.input));
  const usage = usageOf(total.prompt_tokens, Math.max(total.completion_tokens - spent, 0));
  const call = { id: piece.id, type: 'code_interpreter', code_interpreter: { input: piece.input, outputs: piece.outputs } } as ToolCall;
  const step = buildRunStep(s.run, toolCallsDetails(), now);
  events.push({ event: 'thread.run.step.created', data: step }, { event: 'thread.run.step.in_progress', data: step });
  let shown: RunStep = step;
  for (const delta of toolCallDeltas(0, call) as Extract<Delta, { target: 'step' }>[]) {
    shown = mergeStepDelta(shown, delta);
    events.push(deltaEvent(delta, shown.id, []));
  }
  events.push({ event: 'thread.run.step.completed', data: { ...step, step_details: toolCallsDetails([call]), status: 'completed', completed_at: now, usage } });
  const callOrigins = piece.origin ? { ...current.progress.callOrigins, [piece.id]: piece.origin } : current.progress.callOrigins;
  const progress = {
    ...current.progress,
    turn: null,
    playing: null,
    phase: 'idle' as const,
    dueAt: ctx.now,
    stepCount: current.progress.stepCount + 1,
    stepsUsage: addUsage(current.progress.stepsUsage, total),
    ...(callOrigins && { callOrigins }),
  };
  return { ...current, step: null, message: null, progress };
}

const turnOf = (s: RunSnapshot): TurnProgress => s.progress.turn!;
const withTurn = (s: RunSnapshot, turn: Partial<TurnProgress>): RunSnapshot => ({ ...s, progress: { ...s.progress, turn: { ...turnOf(s), ...turn } } });

function writeText(s: RunSnapshot, value: string, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const current = s.progress.playing === 'call' ? callsAside(s) : s;
  const open = current.progress.playing === 'say' ? current : openMessage(current, ctx, events);
  const { text } = turnOf(open);
  const written = text + value;
  const annotations = citationsEndingIn(written, text.length, open.progress.lastResults);
  const delta: Extract<Delta, { target: 'message' }> = { target: 'message', value, annotations, ...(text === '' && { opensText: true }) };
  // A message deleted while the run writes it stays deleted: the text goes nowhere but still counts.
  const message = open.message && mergeMessageDelta(open.message, delta);
  if (message) events.push(deltaEvent(delta, message.id, annotationsOf(message)));
  return withTurn({ ...open, message }, { text: written });
}

/**
 * Text after the turn's tool calls is a message step of its own, after theirs: the hosted service made
 * one step per stretch of the model's output, in the order written (the seed's math tutor: a message,
 * its code, a message). The calls step waits aside, in progress, until the turn ends.
 */
function callsAside(s: RunSnapshot): RunSnapshot {
  return withTurn({ ...s, step: null, progress: { ...s.progress, playing: null } }, { calls: s.step, text: '' });
}

/** The message written after the calls ends (with its share of the usage) and the calls step is the turn's again. */
function callsBack(s: RunSnapshot, incomplete: boolean, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const turn = turnOf(s);
  const spent = turn.spent + countTokens(turn.text);
  const details = s.step?.step_details;
  const written = s.progress.playing === 'say' && details?.type === 'message_creation' ? { [details.message_creation.message_id]: turn.calls!.id } : {};
  const closed = s.progress.playing === 'say' ? closeMessage(s, usageOf(0, countTokens(turn.text)), incomplete, ctx, events) : s;
  const textAfterCalls = { ...closed.progress.textAfterCalls, ...written };
  return withTurn({ ...closed, step: turn.calls!, progress: { ...closed.progress, playing: 'call', textAfterCalls } }, { calls: null, text: '', spent });
}

function openMessage(s: RunSnapshot, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const now = seconds(ctx.now);
  const { message, step } = createMessageStep(s.run, now, events);
  const turn = turnOf(s);
  const created = { steps: [...turn.created.steps, step.id], messages: [...turn.created.messages, message.id] };
  return withTurn({ ...s, step, message, progress: { ...s.progress, playing: 'say', stepCount: s.progress.stepCount + 1 } }, { created });
}

/** The message of the turn ends (before its tool calls, or as the answer), with the usage it is given. */
function closeMessage(s: RunSnapshot, usage: Usage, incomplete: boolean, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const now = seconds(ctx.now);
  if (s.message) events.push(messageEndEvent(s.message, incomplete, now));
  events.push({ event: 'thread.run.step.completed', data: { ...s.step!, status: 'completed', completed_at: now, usage } });
  return { ...s, step: null, message: null, progress: { ...s.progress, playing: null } };
}

/**
 * Text before the turn's tool calls (functions, code, searches) is a step of its own, reporting its own
 * tokens; the rest of the turn's usage goes to the step that ends the turn, so the steps add up to it.
 */
function closeTextBefore(s: RunSnapshot, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const { spent, text } = turnOf(s);
  const tokens = countTokens(text);
  return withTurn(closeMessage(s, usageOf(0, tokens), false, ctx, events), { spent: spent + tokens, text: '' });
}

function openCall(s: RunSnapshot, piece: Extract<TurnPiece, { type: 'call' }>, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  // A call after text that followed the calls joins them in their step.
  let current = turnOf(s).calls ? callsBack(s, false, ctx, events) : s;
  if (current.progress.playing === 'say') current = closeTextBefore(current, ctx, events);
  if (current.progress.playing !== 'call') {
    const step = buildRunStep(current.run, toolCallsDetails(), seconds(ctx.now));
    events.push({ event: 'thread.run.step.created', data: step }, { event: 'thread.run.step.in_progress', data: step });
    const turn = turnOf(current);
    current = withTurn(
      { ...current, step, progress: { ...current.progress, playing: 'call', stepCount: current.progress.stepCount + 1 } },
      { created: { ...turn.created, steps: [...turn.created.steps, step.id] } },
    );
  }
  const header = { id: piece.id, type: 'function', function: { name: piece.name, arguments: '', output: null } };
  const opened = pushStepDelta(current, { target: 'step', index: piece.index, toolCall: header }, events);
  return { ...opened, progress: { ...opened.progress, callOrigins: { ...opened.progress.callOrigins, [piece.id]: piece.origin } } };
}

function pushStepDelta(s: RunSnapshot, delta: Extract<Delta, { target: 'step' }>, events: EngineEvent[]): RunSnapshot {
  const step = mergeStepDelta(s.step!, delta);
  events.push(deltaEvent(delta, step.id, []));
  return { ...s, step };
}

function endTurn(s: RunSnapshot, end: Extract<TurnPiece, { type: 'end' }>, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const searches = end.serverCalls.length > 0 && end.finish !== 'length';
  const current = turnOf(s).calls
    ? callsBack(s, end.finish === 'length', ctx, events)
    : searches && s.progress.playing === 'say'
      ? closeTextBefore(s, ctx, events)
      : s;
  const { spent, text } = turnOf(current);
  const written = spent + countTokens(text) + toolCallsTokens(current.progress.playing === 'call' ? callsOfStep(current.step) : []);
  const usage = end.usage ?? usageOf(turnPromptTokens(s.run, s.progress.promptTokens), written);
  // What is left of the turn's usage once its messages beside the tool calls took their share.
  const own = usageOf(usage.prompt_tokens, Math.max(usage.completion_tokens - spent, 0));
  const ended = { ...current, progress: { ...current.progress, turn: null, stepsUsage: addUsage(current.progress.stepsUsage, usage) } };
  if (end.finish === 'length') return endCutShort(ended, own, ctx, events);
  const searched = searches ? fileSearchStep(ended, end.serverCalls, current.progress.playing === 'call' ? usageOf(0, 0) : own, ctx, events) : ended;
  if (searched.progress.playing === 'say') {
    const answered = closeMessage(searched, own, false, ctx, events);
    return runTo(answered, { type: 'complete', usage: runUsage(answered) }, ctx, events, { phase: 'done' });
  }
  if (searched.progress.playing === 'call') return requireAction(searched, own, ctx, events);
  // The model searched (or said nothing): the run goes on to its next turn, or ends.
  const idle = { ...searched, progress: { ...searched.progress, playing: null, phase: 'idle' as const, dueAt: ctx.now } };
  return end.serverCalls.length > 0 ? idle : runTo(idle, { type: 'complete', usage: runUsage(idle) }, ctx, events, { phase: 'done' });
}

/** `finish_reason: length`: the message ends `incomplete` (`max_tokens`), and the run with it (`max_completion_tokens`). */
function endCutShort(s: RunSnapshot, usage: Usage, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  let current = s;
  if (current.progress.playing === 'say') current = closeMessage(current, usage, true, ctx, events);
  if (current.progress.playing === 'call') current = failCutOffCalls(current, usage, ctx, events);
  return endIncomplete(current, 'max_completion_tokens', ctx, events);
}

/** Calls cut off mid-arguments cannot be made: their step fails, with the usage of the turn that wrote them. */
export function failCutOffCalls(s: RunSnapshot, usage: Usage, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const lastError = { code: 'server_error' as const, message: 'The model ran out of completion tokens while writing its tool calls.' };
  events.push({ event: 'thread.run.step.failed', data: { ...s.step!, status: 'failed', failed_at: seconds(ctx.now), last_error: lastError, usage } });
  return { ...s, step: null, progress: { ...s.progress, playing: null } };
}

/** The function calls wait for their outputs; the turn's usage is reported when they come. */
function requireAction(s: RunSnapshot, usage: Usage, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const details = s.step!.step_details;
  const toolCalls = (details.type === 'tool_calls' ? details.tool_calls : []).flatMap((call) =>
    call.type === 'function' ? [{ id: call.id, type: 'function' as const, function: { name: call.function.name, arguments: call.function.arguments } }] : [],
  );
  const waiting = { ...s, message: null, progress: { ...s.progress, playing: null, turnUsage: usage, needsSlot: true } };
  return runTo(waiting, { type: 'require_action', toolCalls }, ctx, events, { phase: 'awaiting_outputs' });
}

/** The server answers the model's file_search calls: a completed file_search step with the real search's results. */
function fileSearchStep(s: RunSnapshot, calls: Extract<TurnPiece, { type: 'end' }>['serverCalls'], usage: Usage, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const toolCalls = calls.map(
    (call): ToolCall =>
      ({
        id: call.id,
        type: 'file_search',
        file_search: { ranking_options: fileSearchRankingOptions(s.run), results: ctx.search(s.run, searchQuery(call.origin.arguments), ctx.now) },
      }) as ToolCall,
  );
  const searched = searchStep(s, toolCalls, usage, ctx, events);
  const origins: Record<string, CallOrigin> = Object.fromEntries(calls.map((call) => [call.id, call.origin]));
  return { ...searched, progress: { ...searched.progress, callOrigins: { ...s.progress.callOrigins, ...origins } } };
}

/**
 * The searches a model turn made, answered: a file_search step made and completed at once (after the
 * turn's calls step, if any, which goes on waiting), its results the run's latest for citations.
 */
export function searchStep(s: RunSnapshot, toolCalls: ToolCall[], usage: Usage, ctx: EngineContext, events: EngineEvent[]): RunSnapshot {
  const now = seconds(ctx.now);
  const step = buildRunStep(s.run, toolCallsDetails(), now);
  events.push({ event: 'thread.run.step.created', data: step }, { event: 'thread.run.step.in_progress', data: step });
  let shown: RunStep = step;
  toolCalls.forEach((call, index) => {
    const delta: Delta = { target: 'step', index, toolCall: { id: call.id, type: 'file_search', file_search: {} } };
    shown = mergeStepDelta(shown, delta);
    events.push(deltaEvent(delta, shown.id, []));
  });
  events.push({ event: 'thread.run.step.completed', data: { ...step, step_details: toolCallsDetails(toolCalls), status: 'completed', completed_at: now, usage } });
  const results = toolCalls.flatMap((call) => (call.type === 'file_search' ? ((call.file_search.results ?? []) as FileSearchResult[]) : []));
  return { ...s, progress: { ...s.progress, stepCount: s.progress.stepCount + 1, lastResults: results } };
}

/** The turn could not be played: what it was writing ends with the run, which fails saying why. */
export function failTurn(s: RunSnapshot, error: TurnError, ctx: EngineContext): TurnChange {
  const events: EngineEvent[] = [];
  const now = seconds(ctx.now);
  if (s.message) {
    const message: Message = { ...s.message, status: 'incomplete', incomplete_at: now, incomplete_details: { reason: 'run_failed' } };
    events.push({ event: 'thread.message.incomplete', data: message });
  }
  const lastError = { code: error.code === 'rate_limit_exceeded' ? error.code : ('server_error' as const), message: error.message };
  // The step being written, and tool calls set aside for text after them.
  for (const step of [s.progress.turn?.calls, s.step]) {
    if (step) events.push({ event: 'thread.run.step.failed', data: { ...step, status: 'failed', failed_at: now, last_error: lastError } });
  }
  // Messages the turn finished before it failed reported their tokens: the run counts them (its steps add up to it).
  const spent = s.progress.turn?.spent ?? 0;
  const stepsUsage = spent > 0 ? addUsage(s.progress.stepsUsage, usageOf(0, spent)) : s.progress.stepsUsage;
  const cleared = { ...s, step: null, message: null, progress: { ...s.progress, turn: null, playing: null, stepsUsage } };
  const snapshot = runTo(cleared, { type: 'fail', code: error.code, message: error.message, usage: runUsage(cleared) }, ctx, events, { phase: 'done' });
  return { snapshot, events };
}

/**
 * The citations whose marker the newest delta completed (text from `from` on is new): a marker may
 * have begun in an earlier delta, so the scan starts at an unclosed `【` before it.
 */
function citationsEndingIn(text: string, from: number, results: readonly FileSearchResult[]) {
  if (results.length === 0 || !text.includes('】', from)) return [];
  const open = text.lastIndexOf('【', from - 1);
  const begin = open !== -1 && text.lastIndexOf('】', from - 1) < open ? open : from;
  const offset = codePointLength(text.slice(0, begin));
  const newFrom = offset + codePointLength(text.slice(begin, from));
  return citeMarkers(text.slice(begin), results)
    .annotations.map((a) => ({ ...a, start_index: a.start_index + offset, end_index: a.end_index + offset }))
    .filter((a) => a.end_index > newFrom);
}

const annotationsOf = (message: Message) => {
  const part = message.content[0];
  return part?.type === 'text' ? part.text.annotations : [];
};

const callsOfStep = (step: RunStep | null): ToolCall[] => {
  const details = step?.step_details;
  return details?.type === 'tool_calls' ? details.tool_calls : [];
};
