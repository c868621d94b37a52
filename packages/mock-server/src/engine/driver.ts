import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { HistoryMessage } from '@assistants-mock/fixtures';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { Action, CodeOutput, SubmittedOutput } from './actions.js';
import type { Usage } from './usage.js';

/** What a driver sees when a run is created. */
export interface RunStartContext {
  owner: string;
  assistant: { id: string; name: string | null; model: string; metadata: Record<string, string> };
  thread: { id: string; metadata: Record<string, string> };
  /** Text of the newest user message, or null. */
  newestUserMessage: string | null;
  /** The thread's other messages, oldest first (read on demand: most runs never need them). */
  history?: () => readonly HistoryMessage[];
  instructions: string;
  tools: { type: string; function?: { name: string } }[];
  /** The run's `tool_choice` (`"none"`: the model calls no tool) and `parallel_tool_calls`. */
  toolChoice: Run['tool_choice'];
  parallelToolCalls: boolean;
}

export type DriverStart =
  /** `background`: the run's turns are played through `play` (it may wait `queued` for a slot). */
  | { ok: true; state: unknown; queuedMs: number; background?: boolean }
  /** `unmatched`: no scenario matched the run (a live driver may take it instead). */
  | { ok: false; code: 'server_error'; message: string; unmatched?: true };

/** What a driver sees when the run asks for its next action. */
export interface RunTurnContext {
  cursor: number;
  tools: { type: string; function?: { name: string } }[];
  outputs: readonly SubmittedOutput[];
  /** The outputs of the latest submission, in the order submitted. */
  latestOutputs: readonly SubmittedOutput[];
  newestUserMessage: string | null;
}

/**
 * Decides what a run does. The scripted driver answers at once (`next`); a driver that must ask the
 * world (a model over the network, a recording proxy) answers `next` with a `turn` action and then
 * plays that turn in the background through `play`. The engine only talks to this interface.
 */
export interface RunDriver {
  /** Called when a run is created: choose what it will do (or say why it cannot run). */
  start(context: RunStartContext): DriverStart;
  /** The action at `context.cursor`, or null when the run is done. `state` is what `start` returned. */
  next(state: unknown, context: RunTurnContext): Action | null;
  /**
   * Plays a `turn` action: what the model writes, piece by piece as it arrives, then how the turn
   * ended. Throws `TurnError` to fail the run; stops when `signal` aborts (a cancel).
   */
  play?(state: unknown, request: TurnRequest, signal: AbortSignal): AsyncIterable<TurnPiece>;
  /** The text of a `say` action's `source`, as `next` gave it (null: not known). */
  textOf?(source: string): string | null;
  /** Runs the driver may have in flight at once; the others wait `queued` (undefined: no limit). */
  readonly maxConcurrent?: number;
}

/** What one model turn is asked from: the run, its thread and its own steps so far, as plain data. */
export interface TurnRequest {
  run: Run;
  /**
   * The thread's messages, oldest first: all of this run's own, and of the others the newest, as many
   * as `last_messages` allows and some more than `tokens` hold (by the engine's count; Infinity: all).
   * A long thread is not read whole for a prompt that can only hold its end.
   */
  threadMessages(tokens: number): readonly Message[];
  /** The run's steps so far, oldest first. */
  steps: readonly RunStep[];
  /** Where each tool call of the run came from (the upstream's id and the model's arguments), by call id. */
  callOrigins: Readonly<Record<string, CallOrigin>>;
  /** Messages the model wrote after its tool calls in the same turn, by message id: the id of the calls' step. */
  textAfterCalls?: Readonly<Record<string, string>>;
  /** Completion tokens the run may still spend (Infinity: no limit). */
  completionBudget: number;
  /** An uploaded image as a `data:` URL (null when missing or not an image). */
  imageDataUrl(fileId: string): string | null;
  /** Whose run it is (the API key's owner), for reading the run's files. */
  owner?: string;
  /** Code to run for real instead of asking a model (a `turn` action with `code`). */
  code?: string;
  /** Runs code in the thread's sandbox (set when the server has one): a live model's code_interpreter calls. */
  runCode?(code: string): Promise<CodeOutput[]>;
}

export interface CallOrigin {
  upstreamId: string;
  name: string;
  arguments: string;
}

/**
 * One piece of a model turn, stored (then streamed) as it arrives: text, a function call opening (with
 * the run's own call id) and its arguments in pieces; last, how the turn ended.
 */
export type TurnPiece =
  | { type: 'text'; value: string }
  /**
   * A code_interpreter call that ran: its step completes and the run goes on to its next action. A
   * model's call has its `origin` (sent back to it in the next turn) and the turn's `usage`.
   */
  | { type: 'code'; id: string; input: string; outputs: CodeOutput[]; origin?: CallOrigin; usage?: Usage | null }
  | { type: 'call'; index: number; id: string; name: string; origin: CallOrigin }
  | { type: 'arguments'; index: number; value: string }
  | {
      type: 'end';
      finish: 'stop' | 'length' | 'tool_calls' | 'content_filter';
      /** As the upstream reported it; null when it sent none (the engine then estimates). */
      usage: Usage | null;
      /** Calls the server answers itself (file_search), with the run's own ids. */
      serverCalls: { id: string; name: string; origin: CallOrigin }[];
    };

/** Why a turn could not be played, as the run's `last_error` shows it. */
export class TurnError extends Error {
  constructor(
    readonly code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt',
    message: string,
  ) {
    super(message);
  }
}
