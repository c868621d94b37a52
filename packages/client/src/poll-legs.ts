import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { LegContext, RunLegs } from './legs.js';
import { pollUntil } from './polling.js';
import { PAUSED_OR_TERMINAL } from './statuses.js';

/** Follows the run with plain requests: create (or submit), then retrieve until it pauses or ends. */
export function pollLegs({ openai, watch, pollIntervalMs }: LegContext): RunLegs {
  const runs = openai.beta.threads.runs;
  const follow = (run: Run) => {
    watch.observe(run);
    return pollUntil(openai, run, PAUSED_OR_TERMINAL, { signal: watch.stopper.signal, onRun: watch.observe, pollIntervalMs });
  };
  return {
    start: async (threadId, body) => follow(await runs.create(threadId, body)),
    submit: async (run, outputs) => follow(await runs.submitToolOutputs(run.id, { thread_id: run.thread_id, tool_outputs: outputs })),
  };
}
