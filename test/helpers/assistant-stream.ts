import type { AssistantStream, AssistantStreamEvents } from 'openai/lib/AssistantStream';
import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';

/** The AssistantStream helper events users build UIs on. */
export const HELPER_EVENTS = [
  'textCreated',
  'textDelta',
  'textDone',
  'messageDone',
  'toolCallCreated',
  'toolCallDelta',
  'toolCallDone',
  'runStepDone',
] as const satisfies readonly (keyof AssistantStreamEvents)[];

export type HelperEvent = (typeof HELPER_EVENTS)[number];

export interface Recording {
  /** Every stream event as it arrived (copied: the SDK mutates what it accumulates). */
  events: AssistantStreamEvent[];
  /** The helper events in order, with copies of their arguments. */
  helpers: { name: HelperEvent; args: unknown[] }[];
}

/** Records a stream's events and helper events; attach before the stream starts (same tick). */
export function record(stream: AssistantStream): Recording {
  const recording: Recording = { events: [], helpers: [] };
  stream.on('event', (event) => recording.events.push(structuredClone(event)));
  for (const name of HELPER_EVENTS) {
    const listener = (...args: unknown[]) => recording.helpers.push({ name, args: structuredClone(args) });
    stream.on(name, listener as AssistantStreamEvents[typeof name]);
  }
  return recording;
}

export const eventNames = (recording: Recording) => recording.events.map((e) => e.event);
export const helperNames = (recording: Recording) => recording.helpers.map((h) => h.name);

/** `[name, n]` pairs spelled out: `expand(['a', 1], ['b', 3])` → a, b, b, b. */
export const expand = (...runs: [string, number][]) => runs.flatMap(([name, n]) => Array<string>(n).fill(name));

/** How every streamed run begins. */
export const RUN_START = ['thread.run.created', 'thread.run.queued', 'thread.run.in_progress'];

/** The events of a message step whose text arrives in `deltas` pieces. */
export const messageStep = (deltas: number) => [
  'thread.run.step.created',
  'thread.run.step.in_progress',
  'thread.message.created',
  'thread.message.in_progress',
  ...expand(['thread.message.delta', deltas]),
  'thread.message.completed',
  'thread.run.step.completed',
];

/**
 * Drops the `index` keys that the SDK keeps from deltas in what it accumulates (`content[0].index`,
 * `tool_calls[0].index`); a retrieved object has none, and is otherwise the same.
 */
export function withoutIndexes<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutIndexes) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'index').map(([key, v]) => [key, withoutIndexes(v)])) as T;
}

/** Reads a stream's events one at a time: `until(name)` waits for the next event of that name. */
export function reader(stream: AssistantStream) {
  const iterator = stream[Symbol.asyncIterator]();
  const seen: string[] = [];
  return {
    seen,
    async next(): Promise<AssistantStreamEvent | undefined> {
      const { value, done } = await iterator.next();
      if (done) return undefined;
      seen.push(value.event);
      return value;
    },
    async until(name: AssistantStreamEvent['event']): Promise<AssistantStreamEvent> {
      for (;;) {
        const event = await this.next();
        if (!event) throw new Error(`the stream ended before '${name}' (saw ${seen.join(', ')})`);
        if (event.event === name) return event;
      }
    },
    /** Reads to the end and returns the names read from here on. */
    async rest(): Promise<string[]> {
      const from = seen.length;
      while (await this.next());
      return seen.slice(from);
    },
  };
}
