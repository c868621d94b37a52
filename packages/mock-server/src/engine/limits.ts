import type { Annotation } from 'openai/resources/beta/threads/messages';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { Usage } from './usage.js';

/**
 * `max_prompt_tokens` and `max_completion_tokens` count over the whole run, across its model turns
 * (one turn per step), as the real service counts them. A run that has no room for its next turn
 * ends `incomplete` with the limit it reached as `incomplete_details.reason`.
 */
export type TokenLimit = 'max_prompt_tokens' | 'max_completion_tokens';

/**
 * The prompt one turn sends. With `truncation_strategy: auto` the service drops messages from the
 * middle of the thread to fit `max_prompt_tokens`, so a single turn never sends more than that.
 */
export function turnPromptTokens(run: Run, promptTokens: number): number {
  const auto = (run.truncation_strategy?.type ?? 'auto') === 'auto';
  return auto && run.max_prompt_tokens !== null ? Math.min(promptTokens, run.max_prompt_tokens) : promptTokens;
}

/** Completion tokens the run may still produce (Infinity without `max_completion_tokens`). */
export function completionBudget(run: Run, used: Usage | null): number {
  return run.max_completion_tokens === null ? Infinity : Math.max(run.max_completion_tokens - (used?.completion_tokens ?? 0), 0);
}

/** The limit that leaves no room for another turn whose prompt is `promptTokens`, or null. */
export function limitReached(run: Run, used: Usage | null, promptTokens: number): TokenLimit | null {
  if (completionBudget(run, used) === 0) return 'max_completion_tokens';
  if (run.max_prompt_tokens !== null && (used?.prompt_tokens ?? 0) + turnPromptTokens(run, promptTokens) > run.max_prompt_tokens) {
    return 'max_prompt_tokens';
  }
  return null;
}

/**
 * Cuts text to its first `tokens` tokens (the deterministic count: four code points a token),
 * keeping the annotations whose span survives whole (their indices count code points too).
 */
export function cutText(text: string, annotations: Annotation[], tokens: number): { text: string; annotations: Annotation[] } {
  const kept = [...text].slice(0, tokens * 4);
  return { text: kept.join(''), annotations: annotations.filter((a) => a.end_index <= kept.length) };
}
