import type { AssistantStream } from 'openai/lib/AssistantStream';
import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { LegContext, RunLegs } from './legs.js';
import type { RunWatcher } from './run-watcher.js';
import { messageText } from './text.js';

/** Follows the run over server-sent events, reporting statuses, text deltas, messages and steps as they come. */
export function streamLegs({ openai, watch }: LegContext): RunLegs {
  const runs = openai.beta.threads.runs;
  return {
    start: (threadId, body) => follow(watch, () => runs.stream(threadId, body)),
    submit: (run, outputs) =>
      follow(watch, () => runs.submitToolOutputsStream(run.id, { thread_id: run.thread_id, tool_outputs: outputs })),
  };
}

async function follow(watch: RunWatcher, open: () => AssistantStream): Promise<Run> {
  const stop = watch.stopper.signal;
  stop.throwIfAborted();
  const stream = open();
  // Abort only once the run exists: before `thread.run.created` there would be nothing to cancel.
  const abortIfKnown = () => {
    if (watch.run) stream.abort();
  };
  const texts = new Map<string, string[]>();
  stream.on('event', (event) => {
    report(event, watch, texts);
    if (stop.aborted) abortIfKnown();
  });
  stop.addEventListener('abort', abortIfKnown);
  try {
    return await stream.finalRun();
  } catch (error) {
    if (stop.aborted) throw stop.reason;
    throw error;
  } finally {
    stop.removeEventListener('abort', abortIfKnown);
  }
}

function report(event: AssistantStreamEvent, watch: RunWatcher, texts: Map<string, string[]>): void {
  switch (event.event) {
    case 'thread.message.delta':
      for (const part of event.data.delta.content ?? []) {
        if (part.type !== 'text' || !part.text?.value) continue;
        const parts = texts.get(event.data.id) ?? [];
        parts[part.index] = (parts[part.index] ?? '') + part.text.value;
        texts.set(event.data.id, parts);
        watch.emit({ type: 'message.delta', messageId: event.data.id, delta: part.text.value, text: parts.filter((p) => p !== undefined).join('\n') });
      }
      return;
    case 'thread.message.completed':
    case 'thread.message.incomplete':
      if (event.data.role === 'assistant') watch.emit({ type: 'message.done', message: { ...event.data, text: messageText(event.data) } });
      return;
    case 'thread.run.step.completed':
    case 'thread.run.step.failed':
    case 'thread.run.step.cancelled':
    case 'thread.run.step.expired':
      watch.emit({ type: 'step.done', step: event.data });
      return;
    default:
      if (event.event.startsWith('thread.run.') && !event.event.startsWith('thread.run.step.')) watch.observe(event.data as Run);
  }
}
