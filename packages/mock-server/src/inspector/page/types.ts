import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { RunSource, RunStatusEntry } from '../../store/run-history.js';

export type { RunSource, RunStatusEntry };

/** What the inspector's run routes answer: the run, what played it, its status history, its steps. */
export interface RunDetail {
  run: Run;
  source: RunSource | null;
  history: RunStatusEntry[];
  steps: RunStep[];
  /** What each file_search step searched for, by step id. */
  file_search_queries: Record<string, string>;
}

export interface List<T> {
  data: T[];
  has_more?: boolean;
  last_id?: string | null;
}
