import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { Message } from 'openai/resources/beta/threads/messages';
import { isTerminal } from './run-rules.js';

/** The step status a run's ending leaves on the step it was in the middle of. */
const ABANDONED_STEP: Partial<Record<Run['status'], RunStep['status']>> = { cancelled: 'cancelled', expired: 'expired' };
const ABANDONED_MESSAGE: Partial<Record<Run['status'], string>> = { cancelled: 'run_cancelled', expired: 'run_expired' };

const functionCalls = (step: RunStep) =>
  step.step_details.type === 'tool_calls' ? step.step_details.tool_calls.flatMap((call) => (call.type === 'function' ? [call] : [])) : [];

/**
 * What must hold between a run (as read) and its steps and messages (read right after, oldest first).
 * `deleted`: messages of the run a client deleted (their steps still name them).
 */
export function childrenProblems(run: Run, steps: RunStep[], messages: Message[], deleted: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  const expect = (ok: boolean, what: string) => {
    if (!ok) problems.push(`${run.id} (${run.status}): ${what}`);
  };
  for (const step of steps) {
    const at = `step ${step.id} (${step.status})`;
    expect(step.run_id === run.id && step.thread_id === run.thread_id && step.assistant_id === run.assistant_id, `${at} carries the run's ids`);
    expect(step.type === step.step_details.type, `${at} type matches its details`);
    expect((step.completed_at !== null) === (step.status === 'completed'), `${at} completed_at is set iff completed`);
    expect((step.cancelled_at !== null) === (step.status === 'cancelled'), `${at} cancelled_at is set iff cancelled`);
    expect((step.expired_at !== null) === (step.status === 'expired'), `${at} expired_at is set iff expired`);
    expect(step.status !== 'failed' || run.status === 'failed', `${at} only fails with its run`);
    if (step.status === 'in_progress') expect(step.usage === null, `${at} has no usage while in progress`);
    if (step.status === 'completed') expect(step.usage !== null, `${at} has usage once completed`);
    if (step.status === 'cancelled' || step.status === 'expired') {
      expect(ABANDONED_STEP[run.status] === step.status, `${at} is ${step.status} only under a ${step.status} run`);
    }
    if (step.status === 'completed') {
      expect(functionCalls(step).every((call) => typeof call.function.output === 'string'), `${at} has an output on every function call`);
    }
    expect(step.created_at >= run.created_at, `${at} is not older than its run`);
  }
  const inProgress = steps.filter((step) => step.status === 'in_progress');
  if (isTerminal(run.status)) expect(inProgress.length === 0, `no step left in progress (${inProgress.map((s) => s.id).join(', ')})`);
  expect(inProgress.length <= 1, 'at most one step in progress');
  if (run.status === 'requires_action') {
    const waiting = inProgress[0];
    const required = run.required_action!.submit_tool_outputs.tool_calls.map((call) => ({ id: call.id, ...call.function }));
    const calls = waiting ? functionCalls(waiting) : [];
    expect(
      calls.length === required.length &&
        calls.every((call, i) => call.id === required[i]!.id && call.function.name === required[i]!.name && call.function.arguments === required[i]!.arguments),
      `required_action lists the function calls of the step in progress (${JSON.stringify(required)} vs ${JSON.stringify(calls)})`,
    );
    expect(calls.every((call) => call.function.output === null), 'the waiting calls have no output yet');
  }

  const stepOfMessage = new Map(
    steps.flatMap((step) => (step.step_details.type === 'message_creation' ? [[step.step_details.message_creation.message_id, step] as const] : [])),
  );
  const written = [...stepOfMessage.keys()].filter((id) => !deleted.has(id));
  expect(
    messages.length === written.length && messages.every((message) => stepOfMessage.has(message.id)),
    `its messages are those of its message_creation steps (${messages.map((m) => m.id).join(', ')} vs ${written.join(', ')})`,
  );
  for (const message of messages) {
    const at = `message ${message.id} (${message.status})`;
    expect(message.role === 'assistant' && message.run_id === run.id && message.assistant_id === run.assistant_id && message.thread_id === run.thread_id, `${at} carries the run's ids`);
    expect((message.completed_at !== null) === (message.status === 'completed'), `${at} completed_at is set iff completed`);
    expect((message.incomplete_at !== null) === (message.status === 'incomplete'), `${at} incomplete_at is set iff incomplete`);
    expect((message.incomplete_details !== null) === (message.status === 'incomplete'), `${at} incomplete_details is set iff incomplete`);
    if (isTerminal(run.status)) expect(message.status !== 'in_progress', `${at} is not left in progress under a finished run`);
    const step = stepOfMessage.get(message.id);
    if (!step) continue;
    if (step.status === 'in_progress') expect(message.status === 'in_progress', `${at} is in progress while its step is`);
    if (step.status === 'completed') {
      const cut = message.status === 'incomplete' && message.incomplete_details?.reason === 'max_tokens';
      expect(message.status === 'completed' || (cut && run.status === 'incomplete'), `${at} ends with its completed step`);
    }
    if (step.status === 'cancelled' || step.status === 'expired') {
      expect(message.incomplete_details?.reason === ABANDONED_MESSAGE[run.status], `${at} is left incomplete by the run's ${run.status}`);
    }
  }

  if (run.usage) {
    const counted = steps.filter((step) => step.usage !== null);
    const completion = counted.reduce((sum, step) => sum + step.usage!.completion_tokens, 0);
    const prompt = counted.reduce((sum, step) => sum + step.usage!.prompt_tokens, 0);
    expect(run.usage.completion_tokens === completion, `usage.completion_tokens ${run.usage.completion_tokens} is the steps' ${completion}`);
    if (counted.length > 0) expect(run.usage.prompt_tokens === prompt, `usage.prompt_tokens ${run.usage.prompt_tokens} is the steps' ${prompt}`);
  }
  return problems;
}
