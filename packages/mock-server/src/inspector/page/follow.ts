/// <reference lib="dom" />
import { readEvents } from './api.js';

export const ACTIVE_STATUSES = ['queued', 'in_progress', 'requires_action', 'cancelling'];

/**
 * Follows a run until it ends: its event stream (`/threads/{t}/runs/{r}/events`, the events the API
 * streams) calls `onEvent` for each event as it arrives. The stream closes when the run waits for tool
 * outputs; the run is then looked at (`status`) every half second until it moves, and followed again.
 */
export async function followRun(
  base: string,
  onEvent: (event: string, data: string) => void,
  status: () => Promise<string>,
  signal: AbortSignal,
): Promise<void> {
  while (!signal.aborted) {
    await readEvents(`${base}/events`, (event, data) => event !== 'done' && onEvent(event, data), signal);
    const stoppedAt = await status();
    if (!ACTIVE_STATUSES.includes(stoppedAt)) return;
    while (!signal.aborted && (await status()) === stoppedAt) await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
