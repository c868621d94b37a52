import OpenAI from 'openai';
import type { Run, RunStatus } from 'openai/resources/beta/threads/runs/runs';
import { sleep, Stopped, Stopper } from './stop.js';
import { ACTIVE, TERMINAL } from './statuses.js';

export interface PollOptions {
  /** Aborting stops the wait (rejecting with the signal's reason). */
  signal: AbortSignal;
  /** Called with every retrieved state of the run. */
  onRun?: (run: Run) => void;
  /** Fixed interval; by default the server's `openai-poll-after-ms`, else 1000 ms. */
  pollIntervalMs?: number | undefined;
}

/** The SDK's own pollers send this header; the service may tune `openai-poll-after-ms` for it. */
const POLL_HEADERS = { 'X-Stainless-Poll-Helper': 'true' };
const DEFAULT_POLL_MS = 1000;

/**
 * Retrieves the run until its status is in `until`. Written here rather than with `runs.poll`
 * because that one cannot be aborted while it sleeps and reports no intermediate status.
 */
export async function pollUntil(openai: OpenAI, run: Run, until: ReadonlySet<RunStatus>, options: PollOptions): Promise<Run> {
  let current = run;
  for (;;) {
    options.signal.throwIfAborted();
    const { data, response } = await openai.beta.threads.runs
      .retrieve(current.id, { thread_id: current.thread_id }, { headers: POLL_HEADERS })
      .withResponse();
    current = data;
    options.onRun?.(current);
    if (until.has(current.status)) return current;
    await sleep(options.pollIntervalMs ?? pollAfter(response), options.signal);
  }
}

function pollAfter(response: Response): number {
  const header = Number.parseInt(response.headers.get('openai-poll-after-ms') ?? '', 10);
  return Number.isFinite(header) && header >= 0 ? header : DEFAULT_POLL_MS;
}

/** How long `cancelAndWait` waits for `cancelling` to become final before giving up. */
const CANCEL_WAIT_MS = 60_000;

/**
 * Cancels a run and waits until it has stopped (`cancelled`, or whatever final status it reached
 * first: a run may complete while the cancel is on its way, which the API answers with a 400).
 */
export async function cancelAndWait(openai: OpenAI, run: Run, options: Omit<PollOptions, 'signal'> = {}): Promise<Run> {
  let current = run;
  if (ACTIVE.has(current.status) && current.status !== 'cancelling') {
    try {
      current = await openai.beta.threads.runs.cancel(current.id, { thread_id: current.thread_id });
      options.onRun?.(current);
    } catch (error) {
      if (!(error instanceof OpenAI.BadRequestError)) throw error;
    }
  }
  if (TERMINAL.has(current.status)) return current;
  const deadline = new Stopper(undefined, CANCEL_WAIT_MS);
  try {
    return await pollUntil(openai, current, TERMINAL, { ...options, signal: deadline.signal });
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
    throw new Error(`Run ${run.id} did not reach a final status within ${CANCEL_WAIT_MS / 1000} s of being cancelled.`);
  } finally {
    deadline.dispose();
  }
}
