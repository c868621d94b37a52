import { isDeepStrictEqual } from 'node:util';
import OpenAI from 'openai';
import type { AssistantStream } from 'openai/lib/AssistantStream';
import type { Stream } from 'openai/core/streaming';
import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { conformingFetch } from '../harness.js';
import { parseFrame, tapSseBlocks } from '../sse.js';
import { withoutIndexes } from '../assistant-stream.js';
import { endsStream, streamProblems, type StreamStart } from './stream-rules.js';
import { isTerminal } from './run-rules.js';
import { diff, type RunModel, type World } from './world.js';

/**
 * A stream the session consumes while it goes on: `eager` through the SDK's AssistantStream, which
 * reads as fast as the server writes; `lazy` through the plain SDK Stream, read only when the session
 * pulls, so the server waits on its writes meanwhile (a slow client).
 */
export interface StreamWatch {
  n: number;
  start: StreamStart;
  kind: 'eager' | 'lazy';
  /** The AssistantStream (eager only): its accumulated snapshots are checked too. */
  assistantStream: AssistantStream | null;
  /** Every event as it arrived (copied: the SDK mutates what it accumulates). */
  events: AssistantStreamEvent[];
  /** The raw SSE blocks, `done` included. */
  frames: string[];
  /** Resolves with the first run the stream carries, or the error it ended with before one. */
  opened: Promise<{ run: Run } | { error: unknown }>;
  /** The thread of its run, once known. */
  threadId: string | null;
  /** Reads what the server has written so far (lazy), without waiting for more. */
  pull(): Promise<void>;
  stop(): void;
  finished: boolean;
  aborted: boolean;
  error: unknown;
  /** The operation that opened it checked its (expected) opening error. */
  openErrorChecked: boolean;
  checked: boolean;
  /** What it showed, for the determinism check. */
  summary: string;
}

const isRunEvent = (event: AssistantStreamEvent) => event.event.startsWith('thread.run.') && !event.event.startsWith('thread.run.step.');

/** A client whose fetch also keeps the raw SSE blocks of its streamed responses. */
function recordingClient(world: World, frames: string[]): OpenAI {
  const checked = conformingFetch(world.server.fetch);
  return world.clientWith((async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await checked(input, init);
    if (!response.body || !(response.headers.get('content-type') ?? '').startsWith('text/event-stream')) return response;
    return new Response(response.body.pipeThrough(tapSseBlocks((block) => frames.push(block))), response);
  }) as typeof fetch);
}

function newWatch(world: World, start: StreamStart, kind: StreamWatch['kind'], frames: string[]) {
  let resolveOpened!: (value: { run: Run } | { error: unknown }) => void;
  const watch: StreamWatch = {
    n: world.streams.length,
    start,
    kind,
    assistantStream: null,
    events: [],
    frames,
    opened: new Promise((resolve) => (resolveOpened = resolve)),
    threadId: null,
    pull: async () => undefined,
    stop: () => undefined,
    finished: false,
    aborted: false,
    error: undefined,
    openErrorChecked: false,
    checked: false,
    summary: '',
  };
  world.streams.push(watch);
  return {
    watch,
    take(event: AssistantStreamEvent) {
      watch.events.push(structuredClone(event));
      if (isRunEvent(event)) {
        watch.threadId = (event.data as Run).thread_id;
        resolveOpened({ run: event.data as Run });
      }
    },
    end(error?: unknown) {
      watch.error = error;
      watch.finished = true;
      resolveOpened({ error: error ?? new Error('the stream ended before any run event') });
    },
  };
}

/** Opens an AssistantStream and consumes it in the background; after `abortAfter` events the client goes away. */
export function watchStream(world: World, start: StreamStart, open: (client: OpenAI) => AssistantStream, abortAfter: number | null): StreamWatch {
  const frames: string[] = [];
  const { watch, take, end } = newWatch(world, start, 'eager', frames);
  const stream = open(recordingClient(world, frames));
  watch.assistantStream = stream;
  watch.stop = () => {
    watch.aborted = true;
    stream.abort();
  };
  void (async () => {
    try {
      for await (const event of stream) {
        take(event);
        if (abortAfter !== null && watch.events.length >= abortAfter && !watch.aborted) watch.stop();
      }
      end();
    } catch (error) {
      end(error);
    }
  })();
  return watch;
}

/** Opens a plain SDK Stream that is read only when the session pulls (and up to its first run event now). */
export async function watchLazyStream(
  world: World,
  start: StreamStart,
  open: (client: OpenAI) => Promise<Stream<AssistantStreamEvent>>,
): Promise<StreamWatch> {
  const frames: string[] = [];
  const { watch, take, end } = newWatch(world, start, 'lazy', frames);
  let stream: Stream<AssistantStreamEvent>;
  try {
    stream = await open(recordingClient(world, frames));
  } catch (error) {
    end(error);
    return watch;
  }
  const iterator = stream[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<AssistantStreamEvent>> | null = null;
  /** Takes the next event if it comes before the server goes quiet; false once nothing more came. */
  const step = async (wait: boolean): Promise<boolean> => {
    pending ??= iterator.next();
    const next = wait ? await pending : await Promise.race([pending, world.quiesce().then(() => null)]);
    if (next === null) return false;
    pending = null;
    if (next.done) end();
    else take(next.value);
    return !next.done;
  };
  const guarded = async (read: () => Promise<void>) => {
    try {
      await read();
    } catch (error) {
      end(error);
    }
  };
  watch.pull = () =>
    guarded(async () => {
      while (!watch.finished && (await step(false)));
    });
  watch.stop = () => {
    watch.aborted = true;
    stream.controller.abort();
    void watch.pull();
  };
  await guarded(async () => {
    while (!watch.finished && !watch.events.some(isRunEvent)) await step(true);
  });
  return watch;
}

/** Checks the streams that have ended since the last look. */
export async function checkFinishedStreams(world: World) {
  for (const watch of world.streams) {
    if (!watch.finished || watch.checked) continue;
    watch.checked = true;
    watch.summary = summarize(watch);
    await checkEnded(world, watch);
  }
}

/** Event names with runs of deltas folded: `thread.message.delta×5`. */
function summarize(watch: StreamWatch): string {
  const folded: string[] = [];
  let last = '';
  let count = 0;
  for (const name of [...watch.events.map((e) => e.event), '']) {
    if (name === last) {
      count++;
      continue;
    }
    if (last) folded.push(count > 1 ? `${last}×${count}` : last);
    last = name;
    count = 1;
  }
  const ending = watch.aborted ? ' (aborted)' : watch.error ? ` (error: ${(watch.error as Error).message})` : '';
  return `${watch.kind} ${watch.start}: ${folded.join(' ')}${ending}`;
}

async function checkEnded(world: World, watch: StreamWatch) {
  if (watch.openErrorChecked) return;
  const runId = (watch.events.find(isRunEvent)?.data as Run | undefined)?.id;
  const model = runId ? world.runs.get(runId) : undefined;
  const threadDeleted = model ? world.thread(model.threadId).deleted : false;
  const deleted = model?.deletedMessages ?? new Set<string>();
  const prefixProblems = () => streamProblems(watch.events, watch.start, false, deleted).map((p) => `stream ${watch.n}: ${p}`);
  if (watch.aborted) return world.check(prefixProblems());
  if (watch.error) {
    const gone = { message: `No run found with id '${runId}'.`, type: 'invalid_request_error', param: null, code: null };
    const error = watch.error;
    if (threadDeleted && error instanceof OpenAI.APIError && error.status === undefined && isDeepStrictEqual(error.error, gone)) {
      return world.check(prefixProblems());
    }
    world.fail([`stream ${watch.n} (${watch.summary}) ended with ${String(error)}`]);
  }
  const problems = [...streamProblems(watch.events, watch.start, true, deleted), ...frameProblems(watch.frames)];
  world.check(problems.map((p) => `stream ${watch.n} (${watch.summary}): ${p}`));
  if (model && !threadDeleted) await checkFinals(world, watch, model);
}

/** The raw frames end with exactly one event that ends the run's stream, then `done`. */
function frameProblems(blocks: readonly string[]): string[] {
  const frames = blocks.map(parseFrame);
  if (frames.some((f) => f === null)) return ['a frame is not `event: <name>\\ndata: <json>`'];
  const ends = frames.flatMap((frame, index) => {
    if (!frame!.event.startsWith('thread.run.') || frame!.event.startsWith('thread.run.step.')) return [];
    return endsStream((JSON.parse(frame!.data) as Run).status) ? [index] : [];
  });
  const last = frames.at(-1);
  const problems: string[] = [];
  if (last?.event !== 'done' || last.data !== '[DONE]') problems.push(`the last frame is ${last?.event}, not done`);
  if (ends.length !== 1 || ends[0] !== frames.length - 2) problems.push(`frames ${ends.join(', ')} end the run; exactly the one before done should`);
  return problems;
}

/** The ids a run waits for outputs of ('' unless it is in requires_action). */
const waitingFor = (run: Run) => run.required_action?.submit_tool_outputs.tool_calls.map((call) => call.id).join() ?? '';

/** The last event about each object of a kind (deltas aside), by id. */
function lastShown(watch: StreamWatch, prefix: string, delta: string) {
  const shown = new Map<string, unknown>();
  for (const e of watch.events) if (e.event.startsWith(prefix) && e.event !== delta) shown.set((e.data as { id: string }).id, e.data);
  return shown;
}

/**
 * What the client is left with equals what the API returns: the run, each message's and each closed
 * step's last event, and (eager) the steps the SDK accumulated from deltas. Compared once the run can
 * no longer have moved since the stream ended: it is finished, or still waits for the same calls.
 */
async function checkFinals(world: World, watch: StreamWatch, model: RunModel) {
  const streamed = watch.events.filter(isRunEvent).at(-1)!.data as Run;
  const read = await world.retrieve(model, true);
  if (!read) return;
  const stillWaiting = read.status === 'requires_action' && waitingFor(read) === waitingFor(streamed);
  if (!isTerminal(streamed.status) && !stillWaiting) return;
  const problems: string[] = [];
  const differs = (what: string, shown: object, stored: object | undefined) => {
    if (!isDeepStrictEqual(shown, stored)) problems.push(`${what} differs from a retrieve: ${JSON.stringify(diff(shown, stored ?? {}))}`);
  };
  differs('the final run', { ...streamed, metadata: null }, { ...read, metadata: null });
  const { threads } = world.client.beta;
  const steps = new Map((await threads.runs.steps.list(model.id, { thread_id: model.threadId, limit: 100 })).data.map((s) => [s.id, s]));
  for (const [id, shown] of lastShown(watch, 'thread.run.step.', 'thread.run.step.delta')) {
    if ((shown as { status: string }).status !== 'in_progress') differs(`step ${id} as last streamed`, shown as object, steps.get(id));
  }
  for (const step of watch.assistantStream ? await watch.assistantStream.finalRunSteps() : []) {
    differs(`step ${step.id} as the SDK accumulated it`, withoutIndexes(step), steps.get(step.id));
  }
  const messages = new Map((await threads.messages.list(model.threadId, { run_id: model.id, limit: 100 })).data.map((m) => [m.id, m]));
  for (const [id, shown] of lastShown(watch, 'thread.message.', 'thread.message.delta')) {
    if (!model.deletedMessages.has(id)) differs(`message ${id} as last streamed`, shown as object, messages.get(id));
  }
  world.check(problems.map((p) => `stream ${watch.n} (${watch.summary}): ${p}`));
}
