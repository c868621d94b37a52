import type { RunSnapshot } from './snapshot.js';
import { waitingStepUsage, type EngineEvent } from './advance.js';
import type { SubmittedOutput } from './actions.js';
import { transition } from './run-machine.js';
import { countTokens } from './usage.js';

export type CommandResult = { ok: true; snapshot: RunSnapshot; events: EngineEvent[] } | { ok: false; message: string };

const list = (ids: readonly string[]) => `[${ids.map((id) => `'${id}'`).join(', ')}]`;

/**
 * Takes the outputs for every pending call in one go, as the real service does: the waiting step
 * completes with the outputs on its function calls and the run goes back to `queued`.
 */
export function submitToolOutputs(
  s: RunSnapshot,
  outputs: readonly { tool_call_id: string; output: string }[],
  nowMs: number,
): CommandResult {
  if (s.run.status !== 'requires_action' || !s.run.required_action || !s.step) {
    return { ok: false, message: `Runs in status "${s.run.status}" do not accept tool outputs.` };
  }
  const expected = s.run.required_action.submit_tool_outputs.tool_calls.map((call) => call.id);
  const got = outputs.map((o) => o.tool_call_id);
  const sameSet = got.length === expected.length && new Set(got).size === got.length && expected.every((id) => got.includes(id));
  if (!sameSet) return { ok: false, message: `Expected tool outputs for call_ids ${list(expected)}, got ${list(got)}` };

  const now = Math.floor(nowMs / 1000);
  const outputFor = new Map(outputs.map((o) => [o.tool_call_id, o.output]));
  const details = s.step.step_details;
  const toolCalls = details.type === 'tool_calls' ? details.tool_calls : [];
  const step = {
    ...s.step,
    status: 'completed' as const,
    completed_at: now,
    step_details: {
      type: 'tool_calls' as const,
      tool_calls: toolCalls.map((call) =>
        call.type === 'function' ? { ...call, function: { ...call.function, output: outputFor.get(call.id) ?? null } } : call,
      ),
    },
    usage: waitingStepUsage(s),
  };
  const submitted: SubmittedOutput[] = outputs.map((o) => ({
    tool_call_id: o.tool_call_id,
    name: s.run.required_action!.submit_tool_outputs.tool_calls.find((c) => c.id === o.tool_call_id)!.function.name,
    output: o.output,
  }));
  const queued = transition(s.run, { type: 'outputs_submitted' }, now);
  if (!queued.changed) return { ok: false, message: `Runs in status "${s.run.status}" do not accept tool outputs.` };
  // Tool outputs become part of the prompt of what follows.
  const promptTokens = s.progress.promptTokens + countTokens(outputs.map((o) => o.output).join(''));
  return {
    ok: true,
    snapshot: {
      ...s,
      run: queued.run,
      step: null,
      progress: {
        ...s.progress,
        phase: 'resuming',
        dueAt: nowMs,
        turnUsage: null,
        promptTokens,
        outputs: [...s.progress.outputs, ...submitted],
        latestOutputs: submitted,
      },
    },
    events: [
      { event: 'thread.run.step.completed', data: step },
      { event: 'thread.run.queued', data: queued.run },
    ],
  };
}

/** Cancelling is not instant: the run says `cancelling`, and the next look finds it `cancelled`. */
export function cancelRun(s: RunSnapshot, nowMs: number): CommandResult {
  const result = transition(s.run, { type: 'cancel' }, Math.floor(nowMs / 1000));
  if (!result.changed) return { ok: false, message: `Cannot cancel run with status '${s.run.status}'.` };
  return {
    ok: true,
    snapshot: { ...s, run: result.run, progress: { ...s.progress, phase: 'cancelling', dueAt: nowMs } },
    events: [{ event: 'thread.run.cancelling', data: result.run }],
  };
}
