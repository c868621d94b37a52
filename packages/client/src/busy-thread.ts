import OpenAI from 'openai';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { ThreadBusyError } from './errors.js';
import type { RunBody, RunLegs } from './legs.js';
import { cancelAndWait, pollUntil } from './polling.js';
import type { RunWatcher } from './run-watcher.js';
import { ACTIVE, TERMINAL } from './statuses.js';

export type BusyPolicy = 'wait' | 'cancel' | 'error';

/** Others may keep starting runs on the thread; past this many, their 400 is what the caller gets. */
const ATTEMPTS = 3;

/**
 * Starts the run, and if the thread turns out to have an active run (the API's 400), applies the
 * policy and tries again. Asking first would cost a request on every run and still race.
 */
export async function startOnThread(
  openai: OpenAI,
  legs: RunLegs,
  threadId: string,
  body: RunBody,
  policy: { ifBusy: BusyPolicy; watch: RunWatcher; pollIntervalMs: number | undefined },
): Promise<Run> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await legs.start(threadId, body);
    } catch (error) {
      if (!(error instanceof OpenAI.BadRequestError) || attempt === ATTEMPTS) throw error;
      const active = await findActiveRun(openai, threadId);
      if (!active) throw error;
      await settle(openai, active, policy);
    }
  }
}

/** A thread has at most one active run, and it is the newest one. */
async function findActiveRun(openai: OpenAI, threadId: string): Promise<Run | undefined> {
  const page = await openai.beta.threads.runs.list(threadId, { limit: 1, order: 'desc' });
  const newest = page.data[0];
  return newest && ACTIVE.has(newest.status) ? newest : undefined;
}

async function settle(openai: OpenAI, active: Run, { ifBusy, watch, pollIntervalMs }: Parameters<typeof startOnThread>[4]) {
  if (ifBusy === 'error') throw new ThreadBusyError(active);
  watch.emit({ type: 'thread.busy', run: active, action: ifBusy });
  if (ifBusy === 'cancel') await cancelAndWait(openai, active, { pollIntervalMs });
  else await pollUntil(openai, active, TERMINAL, { signal: watch.stopper.signal, pollIntervalMs });
}
