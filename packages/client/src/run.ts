import OpenAI from 'openai';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { startOnThread } from './busy-thread.js';
import { dispatchToolCalls } from './dispatch.js';
import { RunAbortedError, RunTimeoutError, ToolCallError } from './errors.js';
import type { RunBody, RunLegs } from './legs.js';
import { pollLegs } from './poll-legs.js';
import { cancelAndWait, pollUntil } from './polling.js';
import { collectResult } from './result.js';
import { RunWatcher } from './run-watcher.js';
import { ACTIVE, PAUSED_OR_TERMINAL } from './statuses.js';
import { Stopper, type StopReason } from './stop.js';
import { streamLegs } from './stream-legs.js';
import { userMessage } from './text.js';
import type { RunOptions, RunResult, ToolCallRecord } from './types.js';

/** Runs an assistant to a final status; see `AssistantsClient.run`. */
export async function runAssistant(openai: OpenAI, options: RunOptions): Promise<RunResult> {
  if (options.threadId !== undefined && options.thread !== undefined) {
    throw new TypeError('`thread` describes a new thread; it cannot be combined with `threadId`.');
  }
  const stopper = new Stopper(options.signal, options.timeoutMs);
  const watch = new RunWatcher(stopper, options.onEvent);
  const context = { openai, watch, pollIntervalMs: options.pollIntervalMs };
  const legs = options.mode === 'stream' ? streamLegs(context) : pollLegs(context);
  const toolCalls: ToolCallRecord[] = [];
  try {
    stopper.throwIfStopped();
    const threadId = options.threadId ?? (await createThread(openai, options));
    const body: RunBody = {
      ...options.params,
      assistant_id: options.assistantId,
      ...(options.threadId !== undefined && options.message !== undefined && { additional_messages: [userMessage(options.message)] }),
    };
    let run = await startOnThread(openai, legs, threadId, body, {
      ifBusy: options.ifThreadBusy ?? 'wait',
      watch,
      pollIntervalMs: options.pollIntervalMs,
    });
    while (run.status === 'requires_action') {
      const records = await dispatchToolCalls(run, {
        tools: new Map((options.tools ?? []).map((tool) => [tool.name, tool])),
        toolTimeoutMs: options.toolTimeoutMs,
        signal: stopper.signal,
        emit: (event) => watch.emit(event),
        onError: (record) => {
          if (options.onToolError === 'fail') stopper.stop({ kind: 'tool', toolCall: record });
        },
      });
      stopper.throwIfStopped();
      toolCalls.push(...records);
      run = await submit(openai, legs, run, records, context);
    }
    const result = await collectResult(openai, run, toolCalls);
    if (options.mode !== 'stream') reportCollected(watch, result);
    // Once the run has ended there is nothing left to stop; only a throwing listener still counts.
    const late = stopper.reason;
    if (late?.kind === 'listener') throw late.error;
    return result;
  } catch (error) {
    const ended = await cancelOwnRun(openai, watch, options.pollIntervalMs);
    if (!stopper.reason) throw error;
    const partial = ended && (await collectResult(openai, ended, toolCalls).catch(() => undefined));
    throw stopError(stopper.reason, partial);
  } finally {
    stopper.dispose();
  }
}

async function createThread(openai: OpenAI, options: RunOptions): Promise<string> {
  const messages = [...(options.thread?.messages ?? []), ...(options.message !== undefined ? [userMessage(options.message)] : [])];
  const thread = await openai.beta.threads.create({ ...options.thread, messages });
  return thread.id;
}

/**
 * All outputs in one request. If the run stopped waiting meanwhile (it expired, or someone
 * cancelled it), the API answers 400: follow the run to wherever it went instead.
 */
async function submit(openai: OpenAI, legs: RunLegs, run: Run, records: ToolCallRecord[], context: { watch: RunWatcher; pollIntervalMs: number | undefined }) {
  try {
    return await legs.submit(run, records.map((record) => ({ tool_call_id: record.id, output: record.output })));
  } catch (error) {
    if (!(error instanceof OpenAI.BadRequestError)) throw error;
    const current = await openai.beta.threads.runs.retrieve(run.id, { thread_id: run.thread_id });
    if (current.status === 'requires_action') throw error;
    context.watch.observe(current);
    return pollUntil(openai, current, PAUSED_OR_TERMINAL, {
      signal: context.watch.stopper.signal,
      onRun: context.watch.observe,
      pollIntervalMs: context.pollIntervalMs,
    });
  }
}

/** Polling sees messages and steps only at the end; report them then, as streaming did along the way. */
function reportCollected(watch: RunWatcher, result: RunResult) {
  for (const message of result.messages) watch.emit({ type: 'message.done', message });
  for (const step of result.steps) watch.emit({ type: 'step.done', step });
}

/**
 * Whatever went wrong, never leave our run active behind us (it would lock the thread until it
 * expires): cancel it and wait for the end. Best effort: the original error matters more.
 */
async function cancelOwnRun(openai: OpenAI, watch: RunWatcher, pollIntervalMs: number | undefined): Promise<Run | undefined> {
  if (!watch.run || !ACTIVE.has(watch.run.status)) return watch.run;
  return cancelAndWait(openai, watch.run, { onRun: watch.observe, pollIntervalMs }).catch(() => undefined);
}

function stopError(reason: StopReason, result: RunResult | undefined): unknown {
  switch (reason.kind) {
    case 'aborted':
      return new RunAbortedError('The run was aborted, so it was cancelled.', result, { cause: reason.cause });
    case 'timeout':
      return new RunTimeoutError(reason.timeoutMs, result);
    case 'tool':
      return new ToolCallError(reason.toolCall, result);
    case 'listener':
      return reason.error;
  }
}
