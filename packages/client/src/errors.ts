import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { CompletedRun, RunResult, ToolCallRecord } from './types.js';

/**
 * The caller stopped the run: it was cancelled on the server and waited for. `result` is what the
 * run had produced (usually `status: 'cancelled'`), or undefined if no run had been created yet.
 */
export class RunStoppedError extends Error {
  readonly result: RunResult | undefined;
  constructor(message: string, result: RunResult | undefined, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.result = result;
  }
}

/** The `signal` passed to `run()` was aborted; `cause` is the signal's reason. */
export class RunAbortedError extends RunStoppedError {}

/** The run took longer than `timeoutMs`. */
export class RunTimeoutError extends RunStoppedError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, result: RunResult | undefined) {
    super(`The run did not end within ${timeoutMs} ms, so it was cancelled.`, result);
    this.timeoutMs = timeoutMs;
  }
}

/** With `onToolError: 'fail'`, a tool call could not produce an output. */
export class ToolCallError extends RunStoppedError {
  readonly toolCall: ToolCallRecord;
  constructor(toolCall: ToolCallRecord, result: RunResult | undefined) {
    super(`Tool call ${toolCall.id} (${toolCall.name}) failed: ${toolCall.error?.message}`, result, { cause: toolCall.error?.cause });
    this.toolCall = toolCall;
  }
}

/** With `ifThreadBusy: 'error'`, the thread already had an active run. */
export class ThreadBusyError extends Error {
  readonly activeRun: Run;
  constructor(activeRun: Run) {
    super(`Thread ${activeRun.thread_id} already has an active run ${activeRun.id} (${activeRun.status}).`);
    this.name = 'ThreadBusyError';
    this.activeRun = activeRun;
  }
}

/** Thrown by `assertCompleted` for a run that ended `failed`, `incomplete`, `expired` or `cancelled`. */
export class RunNotCompletedError extends Error {
  readonly result: Exclude<RunResult, CompletedRun>;
  constructor(result: Exclude<RunResult, CompletedRun>) {
    super(describe(result));
    this.name = 'RunNotCompletedError';
    this.result = result;
  }
}

function describe(result: Exclude<RunResult, CompletedRun>): string {
  const id = result.run.id;
  if (result.status === 'failed') return `Run ${id} failed (${result.lastError.code}): ${result.lastError.message}`;
  if (result.status === 'incomplete') return `Run ${id} ended incomplete (${result.incompleteDetails.reason ?? 'no reason given'}).`;
  return `Run ${id} ended ${result.status}.`;
}

/**
 * For callers that want an exception rather than a status check.
 * @example
 * const result = await client.run({ assistantId, threadId, message });
 * assertCompleted(result); // throws RunNotCompletedError carrying last_error / incomplete_details
 * console.log(result.text);
 */
export function assertCompleted(result: RunResult): asserts result is CompletedRun {
  if (result.status !== 'completed') throw new RunNotCompletedError(result);
}
