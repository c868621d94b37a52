import type { RunStep, ToolCall } from 'openai/resources/beta/threads/runs/steps';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { ID_PREFIX, newId } from '../ids.js';
import { DEFAULT_RANKER } from './tools.js';

/**
 * A new step of `run`, `in_progress`, as the real service creates it. Seed notebook 000 shows what it
 * sent for steps: `metadata: null` (messages and runs have `{}`), and an `expires_at: null` that the
 * spec and the SDK's RunStep type do not declare.
 */
export function buildRunStep(run: Run, details: RunStep['step_details'], createdAt: number): RunStep {
  return {
    id: newId(ID_PREFIX.step),
    object: 'thread.run.step',
    created_at: createdAt,
    run_id: run.id,
    assistant_id: run.assistant_id,
    thread_id: run.thread_id,
    type: details.type,
    status: 'in_progress',
    cancelled_at: null,
    completed_at: null,
    expired_at: null,
    failed_at: null,
    last_error: null,
    step_details: details,
    usage: null,
    metadata: null,
    expires_at: null,
  } as RunStep;
}

/**
 * The ranking a file_search step reports: the run's file_search settings, with `auto` (and no
 * setting) shown as the ranker it stands for, as the real service reports it.
 */
export function fileSearchRankingOptions(run: Run) {
  const tool = run.tools.find((t) => t.type === 'file_search');
  const options = tool?.type === 'file_search' ? tool.file_search?.ranking_options : undefined;
  return { ranker: DEFAULT_RANKER, score_threshold: options?.score_threshold ?? 0 };
}

export const toolCallsDetails = (toolCalls: ToolCall[] = []): RunStep['step_details'] => ({ type: 'tool_calls', tool_calls: toolCalls });

/** File-search result text is only sent when `include[]` asks for it, as on the real service. */
export function presentStep(step: RunStep, includeContent: boolean): RunStep {
  const details = step.step_details;
  if (includeContent || details.type !== 'tool_calls') return step;
  return {
    ...step,
    step_details: {
      ...details,
      tool_calls: details.tool_calls.map((call) =>
        call.type === 'file_search' && call.file_search.results
          ? { ...call, file_search: { ...call.file_search, results: call.file_search.results.map(({ content: _content, ...rest }) => rest) } }
          : call,
      ),
    },
  };
}
