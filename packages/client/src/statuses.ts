import type { RunStatus } from 'openai/resources/beta/threads/runs/runs';

/** A run in these statuses will change no more. */
export const TERMINAL: ReadonlySet<RunStatus> = new Set(['completed', 'failed', 'cancelled', 'expired', 'incomplete']);

/** Where a leg of a run hands back to the caller: the end, or a wait for tool outputs. */
export const PAUSED_OR_TERMINAL: ReadonlySet<RunStatus> = new Set([...TERMINAL, 'requires_action']);

/** While a run is in these statuses its thread takes no new run and no new message. */
export const ACTIVE: ReadonlySet<RunStatus> = new Set(['queued', 'in_progress', 'requires_action', 'cancelling']);
