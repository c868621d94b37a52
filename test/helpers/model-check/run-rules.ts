import { isDeepStrictEqual } from 'node:util';
import type { Run, RunStatus } from 'openai/resources/beta/threads/runs/runs';

/**
 * The run lifecycle written out independently of the engine's table, for checking what a client
 * observes: one transition at a time in a stream, any number of them between two polls.
 */
export const TERMINAL_STATUSES: readonly RunStatus[] = ['completed', 'failed', 'cancelled', 'expired', 'incomplete'];
export const isTerminal = (status: RunStatus) => TERMINAL_STATUSES.includes(status);
export const isActive = (status: RunStatus) => !isTerminal(status);

/** What a run does by itself, on the clock. */
const AUTOMATIC: Record<RunStatus, readonly RunStatus[]> = {
  queued: ['in_progress', 'failed', 'expired'],
  in_progress: ['requires_action', 'completed', 'failed', 'incomplete', 'expired'],
  requires_action: ['expired'],
  cancelling: ['cancelled'],
  completed: [],
  failed: [],
  cancelled: [],
  expired: [],
  incomplete: [],
};

/** What a client's command does: submitting outputs requeues, cancelling starts the cancel. */
const BY_SUBMIT: Partial<Record<RunStatus, readonly RunStatus[]>> = { requires_action: ['queued'] };
const BY_CANCEL: Partial<Record<RunStatus, readonly RunStatus[]>> = {
  queued: ['cancelling'],
  in_progress: ['cancelling'],
  requires_action: ['cancelling'],
};

/** The commands a client sent to a run between two observations of it. */
export interface CommandsSince {
  submitted: boolean;
  cancelled: boolean;
}

const nextStatuses = (from: RunStatus, commands: CommandsSince) => [
  ...AUTOMATIC[from],
  ...(commands.submitted ? (BY_SUBMIT[from] ?? []) : []),
  ...(commands.cancelled ? (BY_CANCEL[from] ?? []) : []),
];

/** One transition, as a stream shows it (a cancel may come from another request at any moment). */
export const isSingleStep = (from: RunStatus, to: RunStatus) => nextStatuses(from, { submitted: false, cancelled: true }).includes(to);

/** Every status a poll may find after `from`, given the commands sent since (the status itself included). */
export function reachable(from: RunStatus, commands: CommandsSince): Set<RunStatus> {
  const seen = new Set<RunStatus>([from]);
  const queue = [from];
  for (let status = queue.shift(); status; status = queue.shift()) {
    for (const next of nextStatuses(status, commands)) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

const RUN_EXPIRY_SECONDS = 600;

/** What must hold of any run object, whatever its history; `nowMs` when it was read (null: an event). */
export function runShapeProblems(run: Run, nowMs: number | null): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${run.id} (${run.status}): ${what}`);
  };
  const { status } = run;
  expect(run.object === 'thread.run', 'object is thread.run');
  expect((run.completed_at !== null) === (status === 'completed'), 'completed_at is set iff completed');
  expect((run.failed_at !== null) === (status === 'failed'), 'failed_at is set iff failed');
  expect((run.last_error !== null) === (status === 'failed'), 'last_error is set iff failed');
  expect((run.cancelled_at !== null) === (status === 'cancelled'), 'cancelled_at is set iff cancelled');
  expect((run.incomplete_details !== null) === (status === 'incomplete'), 'incomplete_details is set iff incomplete');
  expect((run.required_action !== null) === (status === 'requires_action'), 'required_action is set iff requires_action');
  expect((run.usage === null) === isActive(status), 'usage is null iff the run is active');
  if (run.usage) expect(run.usage.total_tokens === run.usage.prompt_tokens + run.usage.completion_tokens, 'usage adds up');
  const keepsExpiry = isActive(status) || status === 'expired';
  expect(run.expires_at === (keepsExpiry ? run.created_at + RUN_EXPIRY_SECONDS : null), 'expires_at is created_at + 600 until it ends, then null (kept when expired)');
  if (['in_progress', 'requires_action', 'completed', 'incomplete', 'failed'].includes(status)) expect(run.started_at !== null, 'started_at is set once started');
  if (run.required_action) {
    const calls = run.required_action.submit_tool_outputs.tool_calls;
    expect(run.required_action.type === 'submit_tool_outputs' && calls.length > 0, 'required_action lists the calls');
    expect(calls.every((call) => call.type === 'function' && call.id.startsWith('call_')), 'required calls are function calls with call_ ids');
  }
  for (const key of ['started_at', 'completed_at', 'failed_at', 'cancelled_at'] as const) {
    const at = run[key];
    if (at === null) continue;
    expect(at >= run.created_at, `${key} is not before created_at`);
    if (nowMs !== null) expect(at <= Math.floor(nowMs / 1000), `${key} is not in the future`);
  }
  if (run.started_at !== null && run.completed_at !== null) expect(run.completed_at >= run.started_at, 'completed_at is not before started_at');
  // A run still running at its expiry would have been found expired by this read.
  if (nowMs !== null && status !== 'cancelling' && isActive(status) && run.expires_at !== null) {
    expect(nowMs < run.expires_at * 1000, `still ${status} at or after expires_at`);
  }
  return problems;
}

/** Fields a run keeps from its creation on. */
const FIXED_FIELDS = [
  'id', 'created_at', 'thread_id', 'assistant_id', 'model', 'instructions', 'tools', 'temperature', 'top_p',
  'max_prompt_tokens', 'max_completion_tokens', 'truncation_strategy', 'response_format', 'tool_choice', 'parallel_tool_calls',
] as const;

const TIMESTAMPS = ['started_at', 'completed_at', 'failed_at', 'cancelled_at'] as const;

/** What must hold between two observations of one run, `before` then `after`. */
export function runHistoryProblems(before: Run, after: Run, commands: CommandsSince): string[] {
  const problems: string[] = [];
  const where = `${after.id} ${before.status} → ${after.status}`;
  if (!reachable(before.status, commands).has(after.status)) {
    problems.push(`${where}: not reachable (commands since: ${JSON.stringify(commands)})`);
  }
  for (const key of FIXED_FIELDS) {
    if (!isDeepStrictEqual(before[key], after[key])) problems.push(`${where}: ${key} changed`);
  }
  for (const key of TIMESTAMPS) {
    if (before[key] !== null && before[key] !== after[key]) problems.push(`${where}: ${key} changed from ${before[key]} to ${after[key]}`);
  }
  if (before.expires_at !== null && after.expires_at !== before.expires_at && !(after.expires_at === null && isTerminal(after.status))) {
    problems.push(`${where}: expires_at changed from ${before.expires_at} to ${after.expires_at}`);
  }
  if (isTerminal(before.status) && !isDeepStrictEqual({ ...before, metadata: null }, { ...after, metadata: null })) {
    problems.push(`${where}: a finished run changed`);
  }
  return problems;
}
