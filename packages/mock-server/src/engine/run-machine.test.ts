import { describe, expect, it } from 'vitest';
import type { Run, RunStatus } from 'openai/resources/beta/threads/runs/runs';
import { transition, type RunEvent } from './run-machine.js';

const usage = { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 };
const EVENTS: RunEvent[] = [
  { type: 'start' },
  { type: 'require_action', toolCalls: [] },
  { type: 'outputs_submitted' },
  { type: 'resume' },
  { type: 'complete', usage },
  { type: 'fail', code: 'server_error', message: 'x', usage },
  { type: 'incomplete', reason: 'max_completion_tokens', usage },
  { type: 'cancel' },
  { type: 'cancelled', usage },
  { type: 'expire', usage },
];
const STATUSES: RunStatus[] = ['queued', 'in_progress', 'requires_action', 'cancelling', 'cancelled', 'failed', 'completed', 'incomplete', 'expired'];

/** The run lifecycle of the real service, written out by hand: [from, event] → to. */
const ALLOWED: Record<string, RunStatus> = {
  'queued start': 'in_progress',
  'queued resume': 'in_progress',
  'queued fail': 'failed',
  'queued cancel': 'cancelling',
  'queued expire': 'expired',
  'in_progress require_action': 'requires_action',
  'in_progress complete': 'completed',
  'in_progress fail': 'failed',
  'in_progress incomplete': 'incomplete',
  'in_progress cancel': 'cancelling',
  'in_progress expire': 'expired',
  'requires_action outputs_submitted': 'queued',
  'requires_action cancel': 'cancelling',
  'requires_action expire': 'expired',
  'cancelling cancelled': 'cancelled',
};

const runIn = (status: RunStatus) => ({ status, expires_at: 600, required_action: null }) as unknown as Run;

describe('the run status machine', () => {
  it.each(STATUSES.flatMap((status) => EVENTS.map((event) => [status, event] as const)))('%s + %o', (status, event) => {
    const result = transition(runIn(status), event, 100);
    const expected = ALLOWED[`${status} ${event.type}`];
    expect(result.changed).toBe(expected !== undefined);
    expect(result.run.status).toBe(expected ?? status);
  });

  it('stamps the times and clears expires_at when a run ends (but not when it expires)', () => {
    expect(transition(runIn('queued'), { type: 'start' }, 7).run).toMatchObject({ started_at: 7, expires_at: 600 });
    expect(transition(runIn('in_progress'), { type: 'complete', usage }, 9).run).toMatchObject({ completed_at: 9, expires_at: null, usage });
    expect(transition(runIn('in_progress'), { type: 'fail', code: 'server_error', message: 'm', usage }, 9).run).toMatchObject({
      failed_at: 9,
      last_error: { code: 'server_error', message: 'm' },
    });
    expect(transition(runIn('requires_action'), { type: 'expire', usage }, 9).run).toMatchObject({ expires_at: 600, status: 'expired' });
  });
});
