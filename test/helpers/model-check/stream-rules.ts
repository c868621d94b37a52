import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';
import type { Run, RunStatus } from 'openai/resources/beta/threads/runs/runs';
import type { RunStep, RunStepDelta } from 'openai/resources/beta/threads/runs/steps';
import type { Message, MessageDeltaEvent } from 'openai/resources/beta/threads/messages';
import { isSingleStep, isTerminal, runHistoryProblems, runShapeProblems } from './run-rules.js';

/** How a stream was opened: creating a run, creating a thread and a run, or submitting tool outputs. */
export type StreamStart = 'create' | 'create_thread' | 'submit';

const PREFIX: Record<StreamStart, readonly string[]> = {
  create: ['thread.run.created', 'thread.run.queued'],
  create_thread: ['thread.created', 'thread.run.created', 'thread.run.queued'],
  // The waiting step completes with the outputs, and the run goes back to the queue.
  submit: ['thread.run.step.completed', 'thread.run.queued'],
};

/** Statuses after which a stream ends (a submission opens a new one). */
export const endsStream = (status: RunStatus) => status === 'requires_action' || isTerminal(status);

/** A tool call as its deltas built it: id, type, and the arguments or code streamed so far. */
interface StreamedCall {
  id: string;
  type: string;
  text: string;
}

interface OpenStep {
  step: RunStep;
  sawInProgress: boolean;
  calls: StreamedCall[];
}

interface OpenMessage {
  message: Message;
  text: string;
}

/** What a stored tool call holds that its deltas stream in pieces. */
function callText(call: { type: string; function?: { arguments?: string }; code_interpreter?: { input?: string } }): string {
  return call.type === 'function' ? (call.function?.arguments ?? '') : call.type === 'code_interpreter' ? (call.code_interpreter?.input ?? '') : '';
}

/**
 * Checks the order of a stream's events: the opening events, one allowed run transition at a time,
 * steps and messages opened and closed in turn (a message inside its message_creation step), text and
 * arguments that add up, and exactly one event that ends the stream, last. `complete: false` checks a
 * prefix (an aborted stream). A message in `deleted` was deleted by a client: its events may stop.
 */
export function streamProblems(events: readonly AssistantStreamEvent[], start: StreamStart, complete: boolean, deleted: ReadonlySet<string>): string[] {
  const names = events.map((e) => e.event);
  const prefix = PREFIX[start];
  const seenPrefix = names.slice(0, prefix.length);
  if (seenPrefix.join() !== prefix.slice(0, seenPrefix.length).join()) return [`the stream opens with ${seenPrefix.join(', ')}, not ${prefix.join(', ')}`];
  if (names.length < prefix.length) return complete ? [`the stream ended after ${names.join(', ')}`] : [];

  const problems: string[] = [];
  let run = events[prefix.length - 1]!.data as Run;
  let step: OpenStep | null = null;
  let message: OpenMessage | null = null;
  let ended = false;
  let expiring = false;
  const problem = (index: number, what: string) => problems.push(`event ${index} ${names[index]}: ${what}`);
  problems.push(...runShapeProblems(run, null));

  for (let index = prefix.length; index < events.length; index++) {
    const { event, data } = events[index] as { event: string; data: unknown };
    if (ended) problem(index, 'comes after the event that ended the stream');
    if (event.startsWith('thread.run.step.')) {
      const current = data as RunStep & RunStepDelta & { delta: RunStepDelta };
      if (event === 'thread.run.step.created') {
        if (step) problem(index, `opens a step while ${step.step.id} is open`);
        if (run.status !== 'in_progress') problem(index, `opens a step while the run is ${run.status}`);
        if (current.run_id !== run.id || current.status !== 'in_progress') problem(index, 'is an in-progress step of this run');
        step = { step: current, sawInProgress: false, calls: [] };
        continue;
      }
      if (!step || step.step.id !== current.id) {
        problem(index, `is about ${current.id}, which is not the open step`);
        continue;
      }
      if (event === 'thread.run.step.in_progress') {
        if (step.sawInProgress) problem(index, 'repeats');
        step.sawInProgress = true;
      } else if (event === 'thread.run.step.delta') {
        const details = current.delta.step_details;
        for (const piece of details?.type === 'tool_calls' ? (details.tool_calls ?? []) : []) {
          const call = (step.calls[piece.index] ??= { id: piece.id ?? '', type: piece.type, text: '' });
          call.text += callText(piece);
        }
      } else {
        if (message && !deleted.has(message.message.id)) problem(index, `closes the step while message ${message.message.id} is open`);
        message = null;
        const stored = current.step_details.type === 'tool_calls' ? current.step_details.tool_calls : [];
        if (event === 'thread.run.step.completed' && stored.map(callText).join('|') !== step.calls.map((c) => c.text).join('|')) {
          problem(index, `its calls hold ${JSON.stringify(stored.map(callText))}, but the deltas streamed ${JSON.stringify(step.calls.map((c) => c.text))}`);
        }
        if (event === 'thread.run.step.cancelled' && run.status !== 'cancelling') problem(index, `cancels a step of a ${run.status} run`);
        if (event === 'thread.run.step.expired') expiring = true;
        if (!['thread.run.step.completed', 'thread.run.step.cancelled', 'thread.run.step.expired'].includes(event)) problem(index, 'is not expected');
        if (current.status !== event.slice('thread.run.step.'.length)) problem(index, `carries a ${current.status} step`);
        step = null;
      }
      continue;
    }
    if (event.startsWith('thread.message.')) {
      const current = data as Message;
      if (event === 'thread.message.created') {
        const details = step?.step.step_details;
        if (message) problem(index, `opens a message while ${message.message.id} is open`);
        if (details?.type !== 'message_creation' || details.message_creation.message_id !== current.id) problem(index, 'is not the message of the open step');
        if (current.run_id !== run.id || current.role !== 'assistant' || current.status !== 'in_progress') problem(index, 'is an in-progress assistant message of this run');
        message = { message: current, text: '' };
        continue;
      }
      if (!message || message.message.id !== current.id) {
        problem(index, `is about ${current.id}, which is not the open message`);
        continue;
      }
      if (event === 'thread.message.delta') {
        for (const part of (data as MessageDeltaEvent).delta.content ?? []) if (part.type === 'text') message.text += part.text?.value ?? '';
      } else if (event === 'thread.message.completed' || event === 'thread.message.incomplete') {
        if (current.status !== event.slice('thread.message.'.length)) problem(index, `carries a ${current.status} message`);
        const part = current.content[0];
        const stored = part?.type === 'text' ? part.text.value : '';
        if (stored !== message.text) problem(index, `its text is ${JSON.stringify(stored)}, but the deltas streamed ${JSON.stringify(message.text)}`);
        const reason = current.incomplete_details?.reason;
        if (reason === 'run_cancelled' && run.status !== 'cancelling') problem(index, `says run_cancelled while the run is ${run.status}`);
        if (reason === 'run_expired') expiring = true;
        message = null;
      } else if (event !== 'thread.message.in_progress') problem(index, 'is not expected');
      continue;
    }
    if (!event.startsWith('thread.run.')) {
      problem(index, 'is not a run, step or message event');
      continue;
    }
    const next = data as Run;
    if (event !== `thread.run.${next.status}`) problem(index, `carries a ${next.status} run`);
    if (next.id !== run.id) problem(index, `is about ${next.id}, not ${run.id}`);
    if (!isSingleStep(run.status, next.status)) problem(index, `${run.status} → ${next.status} is not one transition`);
    if (expiring && next.status !== 'expired') problem(index, 'follows an expired step or message, but the run is not expired');
    problems.push(...runShapeProblems(next, null).map((p) => `event ${index}: ${p}`));
    problems.push(...runHistoryProblems(run, next, { submitted: false, cancelled: true }).map((p) => `event ${index}: ${p}`));
    run = next;
    if (!endsStream(next.status)) continue;
    ended = true;
    if (next.status === 'requires_action') {
      const required = next.required_action!.submit_tool_outputs.tool_calls.map((call) => `${call.id} ${call.function.arguments}`);
      const streamed = step?.calls.map((call) => `${call.id} ${call.text}`) ?? [];
      if (!step || message) problem(index, 'ends the stream without exactly the waiting step open');
      else if (streamed.join('|') !== required.join('|')) problem(index, `requires ${required.join(', ')} but the step streamed ${streamed.join(', ')}`);
    } else if (step || (message && !deleted.has(message.message.id))) {
      problem(index, `ends the run with ${step ? `step ${step.step.id}` : `message ${message!.message.id}`} still open`);
    }
  }
  if (complete && !ended) problems.push(`the stream stopped without ending the run (last: ${names.at(-1)})`);
  return problems;
}
