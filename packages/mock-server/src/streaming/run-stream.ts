import type { Context } from 'hono';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { streamSSE, type SSEStreamingApi } from 'hono/streaming';
import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';
import type { Run, RunStatus } from 'openai/resources/beta/threads/runs/runs';
import type { AppDeps } from '../deps.js';
import { ApiError, notFound, serverError } from '../errors.js';
import { openRunInbox } from './run-inbox.js';
import { DONE_FRAME, errorFrame, eventFrame } from './sse-frames.js';
import { watchForStall } from './stall-watch.js';

/** A stream ends when the run stops for good or waits for tool outputs (submitting opens a new one). */
const ENDS_STREAM: ReadonlySet<RunStatus> = new Set(['requires_action', 'completed', 'failed', 'cancelled', 'expired', 'incomplete']);

export interface StreamRunOptions {
  /** `include[]` on create run asked for file_search result content. */
  includeFileSearchContent?: boolean;
}

/**
 * Streams a run as server-sent events. The stream is a view of the engine: it plays the run forward
 * on the clock and forwards every stored transition in order, whoever caused it, so each object in
 * an event is what a retrieve shows at that moment. A client that goes away stops only the view;
 * the run carries on when next read.
 */
export function streamRun(c: Context, deps: AppDeps, owner: string, run: Run, first: AssistantStreamEvent[], options: StreamRunOptions = {}) {
  const socket = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing?.socket ?? undefined;
  return streamSSE(c, (stream) => follow(stream, deps, owner, run, first, options.includeFileSearchContent ?? false, socket));
}

async function follow(
  stream: SSEStreamingApi,
  deps: AppDeps,
  owner: string,
  run: Run,
  first: AssistantStreamEvent[],
  withContent: boolean,
  socket: Socket | undefined,
) {
  const out = eventWriter(stream, socket, deps.stalledStreamMs, withContent);
  // Subscribed before the first await: nothing stored from here on can be missed.
  const inbox = openRunInbox(deps.engine, run.id);
  // The first events go out with the first play's, in one write.
  let unsent = [...first];
  try {
    let ended = upToEnd(first).ended;
    let slice = FIRST_SLICE_DELTAS;
    let played = run;
    // Woken by what a model's turn wrote while the run waited for nothing else: that is stored (the
    // turn played the run on), so a play would find nothing due; its events are sent at once.
    let toldByTurn = false;
    while (!ended && !out.gone.aborted) {
      if (!toldByTurn) {
        // Through the engine's write pacer: a hundred streams starting at once play their runs in slices of the loop.
        played = await deps.engine.writes.run(() => playRun(deps, owner, run, slice));
        slice *= 2;
      }
      // When to wake is read with the events taken, before the writes: a slow client keeps this
      // stream waiting on them while other requests move the run on, up to its end even.
      const events = [...unsent, ...inbox.take()];
      unsent = [];
      const wake = nextWake(deps, owner, played);
      ended = await out.send(events);
      if (ended) break;
      // Nothing more to do; unless the run is gone meanwhile, which a play finds.
      if (wake.at === null && !toldByTurn) break;
      // A slice left due goes on after one turn of the event loop (a cancel may come in between),
      // not after a timer's millisecond.
      if (wake.at === null || wake.at <= deps.clock.now()) {
        toldByTurn = false;
        await new Promise(setImmediate);
      } else {
        const told = await inbox.wait(deps.clock, wake.at, out.gone);
        toldByTurn = told && wake.forTurn && deps.clock.now() < wake.at;
      }
    }
    await out.send(unsent.splice(0));
    if (!out.gone.aborted) await out.write(DONE_FRAME);
  } catch (error) {
    if (out.gone.aborted) return;
    if (!(error instanceof ApiError)) console.error(error);
    await out.send(unsent.splice(0));
    await out.write(errorFrame((error instanceof ApiError ? error : serverError()).body));
  } finally {
    out.close();
    inbox.close();
  }
}

/**
 * The stream's writes: events framed in chunks, a client that stops reading dropped (see
 * `watchForStall`), the first bytes held until the first write (see `firstWrite`).
 */
function eventWriter(stream: SSEStreamingApi, socket: Socket | undefined, stalledStreamMs: number, withContent: boolean) {
  const wire = firstWrite(socket);
  const clientGone = new AbortController();
  stream.onAbort(() => clientGone.abort());
  const stall = watchForStall(stalledStreamMs, () => {
    clientGone.abort();
    stream.abort();
    // A dropped client's socket is reset, not closed: a close would keep the unread bytes queued in the kernel.
    socket?.resetAndDestroy();
  });
  // A write lets the held bytes go once it is under way: bytes held are never drained, so a write
  // waiting on them would wait for ever.
  const write = (chunk: string) => {
    const written = stall.write(() => stream.write(chunk));
    wire.send();
    return written;
  };
  return {
    gone: clientGone.signal,
    write,
    /** Writes the events up to the first that ends the stream; whether one did. */
    async send(events: readonly AssistantStreamEvent[]) {
      const { shown, ended } = upToEnd(events);
      for (const chunk of chunked(shown, withContent)) {
        if (clientGone.signal.aborted) break;
        await write(chunk);
      }
      return ended;
    },
    close() {
      wire.send();
      stall.stop();
    },
  };
}

/**
 * Holds the response's bytes on the socket until the stream first writes (the run's first play): the
 * headers, the first events and the answer's first deltas then go out in one write, not three (on
 * loopback a write costs some 0.3–0.6 ms of CPU, most of the way to the first delta). `send` lets them
 * go, once, at the next tick: the stream's write reaches the socket through a chain of promises (the
 * response's web streams), all run before it.
 */
function firstWrite(socket: Socket | undefined) {
  socket?.cork();
  let held = socket !== undefined;
  return {
    send() {
      if (!held) return;
      held = false;
      process.nextTick(() => socket!.uncork());
    },
  };
}

/**
 * The stream plays the run in slices of deltas, each twice the last: the first delta of a long answer
 * goes out as soon as the first slice (about one write) is stored, and the whole answer still takes
 * only a handful of transactions. A slice left due is played at once after the write.
 */
const FIRST_SLICE_DELTAS = 64;

/**
 * Frames go out in writes of about this many characters: a whole long answer in one write makes the
 * SDK's SSE reader (which copies its buffer once per event it cuts out) quadratic, and one write per
 * event costs a round trip each.
 */
const CHUNK_CHARS = 16_384;

function* chunked(events: readonly AssistantStreamEvent[], withContent: boolean) {
  let chunk = '';
  for (const event of events) {
    chunk += eventFrame(event, withContent);
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** The events up to and including the first that ends the stream, and whether one did. */
function upToEnd(events: readonly AssistantStreamEvent[]) {
  const end = events.findIndex(
    (e) => e.event.startsWith('thread.run.') && !e.event.startsWith('thread.run.step.') && ENDS_STREAM.has((e.data as Run).status),
  );
  return end === -1 ? { shown: events, ended: false } : { shown: events.slice(0, end + 1), ended: true };
}

/** Plays the stored run forward by up to `deltas` deltas; the run as it now stands. */
function playRun(deps: AppDeps, owner: string, run: Run, deltas: number): Run {
  const stored = deps.store.runs.get({ owner, parentId: run.thread_id }, run.id);
  if (!stored) throw notFound('run', run.id);
  return deps.engine.settle(owner, stored, deltas);
}

/**
 * When the run next changes by itself: its next due transition, or its expiry if sooner (null: nothing
 * left to do); `forTurn`: until then only a model's turn moves it.
 */
function nextWake(deps: AppDeps, owner: string, run: Run): { at: number | null; forTurn: boolean } {
  const dueAt = deps.engine.dueAt(owner, run.id);
  const forTurn = dueAt === Infinity;
  if (dueAt === null || run.expires_at === null) return { at: dueAt, forTurn };
  return { at: Math.min(dueAt, run.expires_at * 1000), forTurn };
}
