import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { HistoryMessage } from '@assistants-mock/fixtures';
import type { Action, SubmittedOutput } from './actions.js';

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
  | { ok: true; state: unknown; queuedMs: number }
  | { ok: false; code: 'server_error'; message: string };

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
 * Decides what a run does. The scripted driver is the first implementation; the engine only talks to
 * this interface, so a model-backed driver can replace it.
 */
export interface RunDriver {
  /** Called when a run is created: choose what it will do (or say why it cannot run). */
  start(context: RunStartContext): DriverStart;
  /** The action at `context.cursor`, or null when the run is done. `state` is what `start` returned. */
  next(state: unknown, context: RunTurnContext): Action | null;
}
