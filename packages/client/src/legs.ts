import type OpenAI from 'openai';
import type { Run, RunCreateParamsBase, RunSubmitToolOutputsParams } from 'openai/resources/beta/threads/runs/runs';
import type { RunWatcher } from './run-watcher.js';

/** A run's creation body; each way of following it adds its own `stream`. */
export type RunBody = Omit<RunCreateParamsBase, 'stream'>;

export type ToolOutput = RunSubmitToolOutputsParams.ToolOutput;

/**
 * The two halves of following a run, by polling or by streaming. Each resolves with the run once it
 * waits for tool outputs or has ended, and rejects with the stop reason if the call is stopped.
 */
export interface RunLegs {
  start(threadId: string, body: RunBody): Promise<Run>;
  /** Submits every output in one request, then follows the run again. */
  submit(run: Run, outputs: ToolOutput[]): Promise<Run>;
}

export interface LegContext {
  openai: OpenAI;
  watch: RunWatcher;
  pollIntervalMs: number | undefined;
}
