import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { RunStep, ToolCall } from 'openai/resources/beta/threads/runs/steps';
import type { Annotation, Message } from 'openai/resources/beta/threads/messages';
import type { Action, FileSearchResult, MessageCutOff, Search, SubmittedOutput } from './actions.js';
import type { Usage } from './usage.js';
import type { CallOrigin, RunDriver } from './driver.js';

/** Where a run is in its script. Persisted beside the run, so a restarted server carries on. */
export interface Progress {
  /** `turn`: a driver plays the run's turn in the background (`RunDriver.play`). */
  phase: 'queued' | 'resuming' | 'idle' | 'delaying' | 'step' | 'turn' | 'awaiting_outputs' | 'cancelling' | 'done';
  /** Milliseconds (clock time) before which nothing more happens. */
  dueAt: number;
  /** What the driver returned at start; null if the run cannot run (`startError`). */
  driverState: unknown;
  startError: { code: 'server_error'; message: string } | null;
  /** Index of the next action to ask the driver for. */
  cursor: number;
  /** How far the deltas of the step being produced have got: characters of its text, or tool-call deltas out. */
  shown: number;
  pace: number;
  /** The kind of the action being played. */
  playing: Action['kind'] | null;
  promptTokens: number;
  newestUserMessage: string | null;
  outputs: SubmittedOutput[];
  latestOutputs: SubmittedOutput[];
  /** The sum of the finished steps' usage; the run reports it when it ends. */
  stepsUsage: Usage | null;
  /** The message being written was cut at the run's completion budget: it and the run end incomplete. */
  cutShort: boolean;
  /** The usage a scripted step gives for itself (a recording's), reported instead of the estimate. */
  stepUsage?: Usage | null;
  /** The message being written was cut off by a failure: it ends `incomplete` (`run_failed`) and the run `failed`. */
  failing?: Extract<MessageCutOff, { reason: 'run_failed' }> | null;
  /** Results of the latest file_search, for citations in later text. */
  lastResults: FileSearchResult[];
  stepCount: number;
  /** The background turn under way (phase `turn`). */
  turn?: TurnProgress | null;
  /** Where the run's tool calls came from (the upstream's ids, the model's arguments), by call id. */
  callOrigins?: Record<string, CallOrigin>;
  /** Messages the model wrote after its tool calls in the same turn, by message id: the id of the calls' step. */
  textAfterCalls?: Record<string, string>;
  /** The usage of the turn whose tool calls wait for outputs, as the upstream reported it. */
  turnUsage?: Usage | null;
  /** The run waits `queued` for a slot among the driver's concurrent turns. */
  needsSlot?: boolean;
}

/** A model turn played in the background, as far as it has got. */
export interface TurnProgress {
  /** Counts the times the turn was asked: pieces of an abandoned attempt are ignored. */
  attempt: number;
  /** What the turn's message says so far. */
  text: string;
  /** The steps and messages this attempt made (dropped if the turn is asked again after a restart). */
  created: { steps: string[]; messages: string[] };
  /** `stepCount` when the turn began. */
  stepCount: number;
  /** Completion tokens given to a message the turn finished before its tool calls. */
  spent: number;
  /** Code the turn runs for real (a scripted code_interpreter step without outputs). */
  code?: string;
  /** The turn's tool_calls step, set aside while the model writes text after its calls (a message step of its own). */
  calls?: RunStep | null;
}

/**
 * What the step being produced writes in full, which its deltas show piece by piece. Kept apart from
 * `Progress` because it is written once, when the step starts, while the progress changes at every delta.
 */
export type StepContent = TextContent | CallsContent;
export type CallsContent = { kind: 'calls'; calls: ToolCall[]; searchesAfter?: Search[]; textAfter?: string };
/**
 * `callsAside`: the text follows the calls of its turn, whose step waits, in progress, until the text is written.
 * `source`: the driver gives the text again from it (`RunDriver.textOf`): the text is not stored.
 */
type TextContent = {
  kind: 'text';
  text: string;
  annotations: Annotation[];
  callsAside?: { step: RunStep; content: CallsContent; usage: Usage | null };
  source?: string;
};

/** Everything the engine reads and writes for one run: plain data. */
export interface RunSnapshot {
  run: Run;
  progress: Progress;
  /** The content of the step being produced (null between steps). */
  content: StepContent | null;
  /** The step being produced or waiting for tool outputs. */
  step: RunStep | null;
  /** The message being written by the current step. */
  message: Message | null;
}

/** The content as stored: a text the driver can give again is stored as its `source` alone. */
export function storedContent(content: StepContent): string {
  return JSON.stringify(content.kind === 'text' && content.source !== undefined ? { ...content, text: undefined } : content);
}

/** Step contents read back, their text given again by the driver (kept while the stored content is remembered). */
const withTexts = new WeakMap<StepContent, StepContent>();

/** The content as read back: a text stored as its `source` is asked of the driver again. */
export function loadedContent(content: StepContent | null, driver: RunDriver): StepContent | null {
  if (content?.kind !== 'text' || content.source === undefined || content.text !== undefined) return content;
  let loaded = withTexts.get(content);
  if (!loaded) {
    const text = driver.textOf?.(content.source);
    if (typeof text !== 'string') throw new Error(`assistants-mock: the driver has no text for ${content.source}`);
    withTexts.set(content, (loaded = { ...content, text }));
  }
  return loaded;
}

export function initialProgress(
  fields: Pick<Progress, 'dueAt' | 'driverState' | 'startError' | 'promptTokens' | 'newestUserMessage'> & Pick<Progress, 'needsSlot'>,
): Progress {
  return {
    phase: 'queued',
    cursor: 0,
    shown: 0,
    pace: 0,
    playing: null,
    outputs: [],
    latestOutputs: [],
    lastResults: [],
    stepsUsage: null,
    stepCount: 0,
    cutShort: false,
    ...fields,
  };
}
