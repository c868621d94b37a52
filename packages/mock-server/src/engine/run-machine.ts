import type { Run, RunStatus } from 'openai/resources/beta/threads/runs/runs';
import type { Usage } from './usage.js';

/** What can happen to a run. */
export type RunEvent =
  | { type: 'start' }
  | { type: 'require_action'; toolCalls: NonNullable<Run['required_action']>['submit_tool_outputs']['tool_calls'] }
  | { type: 'outputs_submitted' }
  | { type: 'resume' }
  | { type: 'complete'; usage: Usage }
  | { type: 'fail'; code: 'server_error' | 'rate_limit_exceeded' | 'invalid_prompt'; message: string; usage: Usage }
  | { type: 'incomplete'; reason: 'max_completion_tokens' | 'max_prompt_tokens'; usage: Usage }
  | { type: 'cancel' }
  | { type: 'cancelled'; usage: Usage }
  | { type: 'expire'; usage: Usage };

/** The statuses each event may leave from, and where it goes. Anything else is not allowed. */
const TABLE: Record<RunEvent['type'], { from: readonly RunStatus[]; to: RunStatus }> = {
  start: { from: ['queued'], to: 'in_progress' },
  require_action: { from: ['in_progress'], to: 'requires_action' },
  outputs_submitted: { from: ['requires_action'], to: 'queued' },
  resume: { from: ['queued'], to: 'in_progress' },
  complete: { from: ['in_progress'], to: 'completed' },
  fail: { from: ['queued', 'in_progress'], to: 'failed' },
  incomplete: { from: ['in_progress'], to: 'incomplete' },
  cancel: { from: ['queued', 'in_progress', 'requires_action'], to: 'cancelling' },
  cancelled: { from: ['cancelling'], to: 'cancelled' },
  expire: { from: ['queued', 'in_progress', 'requires_action'], to: 'expired' },
};

export const ACTIVE_STATUSES: readonly RunStatus[] = ['queued', 'in_progress', 'requires_action', 'cancelling'];
export const isActive = (status: RunStatus) => ACTIVE_STATUSES.includes(status);

export type Transition = { changed: true; run: Run } | { changed: false; run: Run };

/** The pure transition: the run after `event` at `nowSeconds`, or `changed: false` if not allowed. */
export function transition(run: Run, event: RunEvent, nowSeconds: number): Transition {
  const rule = TABLE[event.type];
  if (!rule.from.includes(run.status)) return { changed: false, run };
  const next: Run = { ...run, status: rule.to, required_action: null };
  switch (event.type) {
    case 'start':
      next.started_at = nowSeconds;
      break;
    case 'require_action':
      next.required_action = { type: 'submit_tool_outputs', submit_tool_outputs: { tool_calls: event.toolCalls } };
      break;
    case 'complete':
      next.completed_at = nowSeconds;
      break;
    case 'fail':
      next.failed_at = nowSeconds;
      next.last_error = { code: event.code, message: event.message };
      break;
    case 'incomplete':
      next.incomplete_details = { reason: event.reason };
      break;
    case 'cancelled':
      next.cancelled_at = nowSeconds;
      break;
    default:
      break;
  }
  if ('usage' in event) {
    next.usage = event.usage;
    // A finished run no longer expires (the real service clears `expires_at`), except an expired one.
    if (event.type !== 'expire') next.expires_at = null;
  }
  return { changed: true, run: next };
}
