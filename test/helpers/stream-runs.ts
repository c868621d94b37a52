import { expect } from 'vitest';
import type { AssistantStream } from 'openai/lib/AssistantStream';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { Harness } from './harness.js';
import { withoutIndexes, type Recording } from './assistant-stream.js';

/** The three SDK helpers that start a run on a user message and stream it. */
export const STREAM_STARTERS: Record<string, (h: Harness, assistantId: string, message: string) => Promise<AssistantStream>> = {
  'runs.stream': async (h, assistant_id, message) => {
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: message }] });
    return h.client.beta.threads.runs.stream(thread.id, { assistant_id });
  },
  'runs.createAndStream': async (h, assistant_id, message) => {
    const thread = await h.client.beta.threads.create({ messages: [{ role: 'user', content: message }] });
    return h.client.beta.threads.runs.createAndStream(thread.id, { assistant_id });
  },
  'threads.createAndRunStream': async (h, assistant_id, message) =>
    h.client.beta.threads.createAndRunStream({ assistant_id, thread: { messages: [{ role: 'user', content: message }] } }),
};

/** The ids of the objects a stream showed, in order of first appearance. */
const shownIds = (recording: Recording, prefix: string) => [
  ...new Set(recording.events.flatMap((e) => (e.event.startsWith(prefix) ? [(e.data as { id: string }).id] : []))),
];

/**
 * What a stream leaves the SDK with equals what the API returns once it is over: the final run, the
 * steps and messages this stream showed (an earlier stream of the same run showed the others), the
 * last event of each message, and the thread it created.
 */
export async function expectFinalsEqualRetrieves(h: Harness, stream: AssistantStream, recording: Recording, run: Run) {
  const thread_id = run.thread_id;
  expect(run).toEqual(await h.client.beta.threads.runs.retrieve(run.id, { thread_id }));

  const steps = new Map((await h.client.beta.threads.runs.steps.list(run.id, { thread_id })).data.map((s) => [s.id, s]));
  const finalSteps = await stream.finalRunSteps();
  expect(finalSteps.map((s) => s.id)).toEqual(shownIds(recording, 'thread.run.step.'));
  expect(withoutIndexes(finalSteps)).toEqual(finalSteps.map((s) => steps.get(s.id)));

  const messages = new Map((await h.client.beta.threads.messages.list(thread_id, { run_id: run.id })).data.map((m) => [m.id, m]));
  const finalMessages = await stream.finalMessages();
  expect(finalMessages.map((m) => m.id)).toEqual(shownIds(recording, 'thread.message.'));
  // The SDK keeps its delta-merged snapshot (still `in_progress`); the content is what was stored.
  expect(finalMessages.map((m) => withoutIndexes(m.content))).toEqual(finalMessages.map((m) => messages.get(m.id)?.content));
  for (const id of shownIds(recording, 'thread.message.')) {
    const shown = recording.events.filter((e) => e.event.startsWith('thread.message.') && e.event !== 'thread.message.delta' && (e.data as { id: string }).id === id);
    expect(shown.at(-1)?.data).toEqual(messages.get(id));
  }

  const created = recording.events.find((e) => e.event === 'thread.created');
  if (created) expect(created.data).toEqual(await h.client.beta.threads.retrieve(thread_id));
}
