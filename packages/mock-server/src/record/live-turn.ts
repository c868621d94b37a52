import type { TurnError, TurnPiece } from '../engine/driver.js';
import type { MessageCutOff } from '../engine/actions.js';
import { countTokens, usageOf, type Usage } from '../engine/usage.js';
import { searchQuery } from '../live/file-search.js';
import type { RecordedStep } from './to-scenario.js';

/** What one played turn (a live model's, or code run in the sandbox) did, as scripted steps. */
export interface RecordedTurn {
  steps: RecordedStep[];
  /** The turn ended the run: an answer, a cut-off (`length`), or nothing more to do. */
  endsRun: boolean;
}

type Untimed<T> = T extends unknown ? Omit<T, 'delay' | 'pace'> : never;
type RecordedAction = Untimed<RecordedStep['action']>;
const step = (action: RecordedAction): RecordedStep => ({ action: { ...action, delay: 0, pace: 0 } as RecordedStep['action'] });

/** A model's text is never a template: text that would read as one is kept literal. */
const say = (text: string, cutOff?: MessageCutOff): RecordedAction => ({
  kind: 'say',
  text,
  ...(text.includes('{{') && { literal: true }),
  ...(cutOff && { cutOff }),
});

/** The pieces of a turn so far: its text before its first call, its function calls by index, and its text after them. */
function readTurn(pieces: readonly TurnPiece[]) {
  const calls = new Map<number, { name: string; arguments: string }>();
  let text = '';
  let after = '';
  for (const piece of pieces) {
    if (piece.type === 'text' && calls.size === 0) text += piece.value;
    if (piece.type === 'text' && calls.size > 0) after += piece.value;
    if (piece.type === 'call') calls.set(piece.index, { name: piece.name, arguments: '' });
    if (piece.type === 'arguments') {
      const call = calls.get(piece.index);
      if (call) call.arguments += piece.value;
    }
  }
  return { text, after, calls: [...calls.entries()].sort(([a], [b]) => a - b).map(([, call]) => call) };
}

/**
 * The steps a scripted replay takes to do what the turn's pieces did: its text (`say`), its function
 * calls by index with their arguments (`call`), the searches the server answered (one `file_search`
 * step, as live: replay searches its own stores; beside calls, the calls step's `searches`), text
 * written after the calls (the calls step's `textAfter`), code run in
 * the sandbox (`code_interpreter`), a message or calls cut off when the model ran out of tokens, and a
 * turn that wrote nothing (`empty`). Each step carries the usage the live step reported.
 */
export function turnSteps(pieces: readonly TurnPiece[]): RecordedTurn {
  const { text, after, calls } = readTurn(pieces);
  const last = pieces.at(-1);
  if (last?.type === 'code') {
    // A code turn: the run goes on to its next action.
    return { steps: withTurnUsage(text, step({ kind: 'code_interpreter', input: last.input, outputs: last.outputs }), last.usage ?? null), endsRun: false };
  }
  if (last?.type !== 'end') return { steps: [], endsRun: false };
  if (last.finish === 'length') return { steps: cutOffSteps(text, calls, last.usage), endsRun: true };
  const searches = last.serverCalls.map((call) => ({ query: searchQuery(call.origin.arguments), results: undefined }));
  // Searches and text after them beside function calls are the calls step's (live, their steps follow it, before the run asks for outputs).
  const besideCalls = { ...(searches.length > 0 && { searches }), ...(after !== '' && { textAfter: after }) };
  const tool = calls.length > 0 ? step({ kind: 'call', calls, ...besideCalls }) : searches.length > 0 ? step({ kind: 'file_search', searches }) : null;
  return { steps: withTurnUsage(text, tool, last.usage, after), endsRun: tool === null };
}

/**
 * `finish_reason: length`: the message or the calls it was writing end cut off, and the run with it
 * (calls cut off mid-arguments are not made: their step fails, with the turn's usage, as live).
 */
function cutOffSteps(text: string, calls: Calls, usage: Usage | null): RecordedStep[] {
  const cutOff = { reason: 'max_tokens' } as const;
  if (calls.length > 0) return withTurnUsage(text, step({ kind: 'call', calls, cutOff }), usage);
  if (text !== '') return [withUsage(step(say(text, cutOff)), usage)];
  return [step({ kind: 'incomplete', reason: 'max_completion_tokens' })];
}

type Calls = ReturnType<typeof readTurn>['calls'];

/**
 * A turn that failed (`TurnError`) after it began to write: a message or calls it was writing are cut
 * off by the failure (live, the message ends `incomplete`, `run_failed`, the calls' step `failed`); a
 * message finished before its calls stays; the run fails.
 */
export function failedTurnSteps(pieces: readonly TurnPiece[], error: TurnError): RecordedStep[] {
  const { text, calls } = readTurn(pieces);
  const cutOff = { reason: 'run_failed', code: error.code, message: error.message } as const;
  if (calls.length > 0) return [...(text === '' ? [] : [messageBeforeCalls(text)]), step({ kind: 'call', calls, cutOff })];
  if (text !== '') return [step(say(text, cutOff))];
  return [step({ kind: 'fail', code: error.code, message: error.message })];
}

/**
 * The turn's steps with the usage each reported live (engine/turn.ts): the tool step that ends the
 * turn has the upstream's usage, less what its messages before and after the calls took (searches
 * beside function calls none, their calls step all). Without the upstream's usage the replay
 * estimates, as live did.
 */
function withTurnUsage(text: string, tool: RecordedStep | null, usage: Usage | null, after = ''): RecordedStep[] {
  // A turn that wrote nothing still counts its usage (live, the run's): an `empty` step keeps it.
  if (tool === null) return [withUsage(step(text === '' ? { kind: 'empty' } : say(text)), usage)];
  const spent = countTokens(text) + countTokens(after);
  const own = usage && spent > 0 ? usageOf(usage.prompt_tokens, Math.max(usage.completion_tokens - spent, 0)) : usage;
  return [...(text === '' ? [] : [messageBeforeCalls(text)]), withUsage(tool, own)];
}

/** A message before a turn's tool calls reports its own text's tokens, whatever the upstream counted. */
const messageBeforeCalls = (text: string) => withUsage(step(say(text)), usageOf(0, countTokens(text)));

const withUsage = (s: RecordedStep, usage: Usage | null): RecordedStep => (usage === null ? s : { ...s, action: { ...s.action, usage } });
