import type { Message } from 'openai/resources/beta/threads/messages';
import type { Run, RunCreateParams, RunStatus } from 'openai/resources/beta/threads/runs/runs';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { ThreadCreateParams } from 'openai/resources/beta/threads/threads';
import type { Tool } from './tools.js';

/** A user message: its text, or the full message body (attachments, image parts, metadata). */
export type MessageInput = string | RunCreateParams.AdditionalMessage;

/** A message with its text parts joined, the way one reads it. */
export type TextMessage = Message & {
  /** Every `text` content part's value, joined by a newline (annotation markers left in place). */
  text: string;
};

/** The run settings a call may override (everything else comes from the assistant). */
export type RunOverrides = Pick<
  RunCreateParams,
  | 'model'
  | 'instructions'
  | 'additional_instructions'
  | 'tools'
  | 'tool_choice'
  | 'parallel_tool_calls'
  | 'metadata'
  | 'temperature'
  | 'top_p'
  | 'max_prompt_tokens'
  | 'max_completion_tokens'
  | 'truncation_strategy'
  | 'response_format'
  | 'reasoning_effort'
>;

/** Why a tool call's output is an error message instead of the handler's result. */
export type ToolErrorKind = 'unknown_tool' | 'invalid_json' | 'invalid_arguments' | 'handler_error' | 'timeout';

/** One function call the model made and the output that was submitted for it. */
export interface ToolCallRecord {
  /** The `call_…` id. */
  id: string;
  name: string;
  /** The arguments exactly as the model sent them (a JSON string). */
  arguments: string;
  /** The parsed arguments: what the handler received (after schema defaults), or what failed validation; absent when not JSON. */
  args?: unknown;
  /** What was submitted: the handler's result, or `{"error": "…"}` for the model to read. */
  output: string;
  /** Set when the handler did not produce the output. */
  error?: { kind: ToolErrorKind; message: string; cause?: unknown };
}

/** Progress of a run, in the order it happens. */
export type RunEvent =
  /** The thread had another active run; `action` says what `ifThreadBusy` does about it. */
  | { type: 'thread.busy'; run: Run; action: 'wait' | 'cancel' }
  /** The run was seen in a new status (`queued`, `in_progress`, `requires_action`, … `completed`). */
  | { type: 'run.status'; status: RunStatus; run: Run }
  /** Streaming only: a piece of an assistant message's text, and the text so far. */
  | { type: 'message.delta'; messageId: string; delta: string; text: string }
  /** An assistant message is finished (when streaming, as it finishes; when polling, once the run has ended). */
  | { type: 'message.done'; message: TextMessage }
  /** A run step is finished (same timing as `message.done`). */
  | { type: 'step.done'; step: RunStep }
  /** A handler is about to run for a function call. */
  | { type: 'tool_call.started'; call: { id: string; name: string; arguments: string } }
  /** A handler finished (or its call was rejected); `call.output` is what will be submitted. */
  | { type: 'tool_call.finished'; call: ToolCallRecord };

export interface RunOptions {
  assistantId: string;
  /** Run on this thread; without it, a new thread is created (with `thread` and `message`). */
  threadId?: string;
  /** Body of the new thread when no `threadId` is given (metadata, tool_resources, earlier messages). */
  thread?: ThreadCreateParams;
  /**
   * A user message to add first. On an existing thread it is sent as the run's
   * `additional_messages`, so adding it and starting the run is one request.
   */
  message?: MessageInput;
  /** Handlers for the function calls the model may make (their definitions belong on the assistant). */
  tools?: readonly Tool[];
  /** `'poll'` (default) follows the run with retrieves; `'stream'` reads server-sent events and reports text deltas. */
  mode?: 'poll' | 'stream';
  /** Run settings that override the assistant's for this run. */
  params?: RunOverrides;
  /** Progress callback; if it throws, the run is cancelled and `run()` rejects with that error. */
  onEvent?: (event: RunEvent) => void;
  /** Aborting cancels the run on the server, waits for `cancelled` and rejects with `RunAbortedError`. */
  signal?: AbortSignal;
  /** Like `signal`, after this many ms; rejects with `RunTimeoutError`. */
  timeoutMs?: number;
  /** Longest time a handler may take (ms); past it, the model reads a timeout error. Default: no limit. */
  toolTimeoutMs?: number;
  /**
   * A tool call that cannot produce an output (unknown tool, bad JSON, schema violation, throwing
   * handler, timeout): `'report'` (default) submits `{"error": "…"}` for the model to read;
   * `'fail'` cancels the run and rejects with `ToolCallError`.
   */
  onToolError?: 'report' | 'fail';
  /**
   * The thread already has an active run: `'wait'` (default) until it ends, `'cancel'` it, or
   * `'error'` (reject with `ThreadBusyError`). A run waiting for tool outputs only ends when someone
   * submits them, or expires 10 minutes after it was created.
   */
  ifThreadBusy?: 'wait' | 'cancel' | 'error';
  /** Poll interval in ms; by default the server's `openai-poll-after-ms`, else 1000. */
  pollIntervalMs?: number;
}

interface RunOutcome {
  run: Run;
  threadId: string;
  /** The assistant messages this run added, oldest first. */
  messages: TextMessage[];
  /** Their text, joined by a blank line. */
  text: string;
  /** The run's steps, oldest first. */
  steps: RunStep[];
  /** Every function call of the run, in the order the model made them, with the submitted output. */
  toolCalls: ToolCallRecord[];
}

/**
 * How a run ended. Every status the server decides is a result, not an exception: check `status`
 * (or call `assertCompleted`). Only endings the caller causes (abort, timeout, `onToolError: 'fail'`,
 * `ifThreadBusy: 'error'`) reject.
 */
export type RunResult =
  | (RunOutcome & { status: 'completed' })
  | (RunOutcome & { status: 'failed'; lastError: Run.LastError })
  | (RunOutcome & { status: 'incomplete'; incompleteDetails: Run.IncompleteDetails })
  | (RunOutcome & { status: 'expired' })
  | (RunOutcome & { status: 'cancelled' });

export type CompletedRun = Extract<RunResult, { status: 'completed' }>;
