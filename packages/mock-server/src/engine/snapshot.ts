import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { RunStep, ToolCall } from 'openai/resources/beta/threads/runs/steps';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { Action, FileSearchResult, SubmittedOutput } from './actions.js';
import type { Delta } from './deltas.js';
import type { Usage } from './usage.js';

/** Where a run is in its script. Persisted beside the run, so a restarted server carries on. */
export interface Progress {
  phase: 'queued' | 'resuming' | 'idle' | 'delaying' | 'step' | 'awaiting_outputs' | 'cancelling' | 'done';
  /** Milliseconds (clock time) before which nothing more happens. */
  dueAt: number;
  /** What the driver returned at start; null if the run cannot run (`startError`). */
  driverState: unknown;
  startError: { code: 'server_error'; message: string } | null;
  /** Index of the next action to ask the driver for. */
  cursor: number;
  /** The deltas of the step being produced, and how many are out. */
  deltas: Delta[];
  deltaIndex: number;
  pace: number;
  /** The kind of the action being played. */
  playing: Action['kind'] | null;
  promptTokens: number;
  newestUserMessage: string | null;
  outputs: SubmittedOutput[];
  latestOutputs: SubmittedOutput[];
  /** The full tool calls of the step being produced (deltas show them piece by piece). */
  calls: ToolCall[];
  /** The sum of the finished steps' usage; the run reports it when it ends. */
  stepsUsage: Usage | null;
  /** The message being written was cut at the run's completion budget: it and the run end incomplete. */
  cutShort: boolean;
  /** Results of the latest file_search, for citations in later text. */
  lastResults: FileSearchResult[];
  stepCount: number;
}

/** Everything the engine reads and writes for one run: plain data. */
export interface RunSnapshot {
  run: Run;
  progress: Progress;
  /** The step being produced or waiting for tool outputs. */
  step: RunStep | null;
  /** The message being written by the current step. */
  message: Message | null;
}

export function initialProgress(fields: Pick<Progress, 'dueAt' | 'driverState' | 'startError' | 'promptTokens' | 'newestUserMessage'>): Progress {
  return {
    phase: 'queued',
    cursor: 0,
    deltas: [],
    deltaIndex: 0,
    pace: 0,
    playing: null,
    outputs: [],
    latestOutputs: [],
    lastResults: [],
    calls: [],
    stepsUsage: null,
    stepCount: 0,
    cutShort: false,
    ...fields,
  };
}
