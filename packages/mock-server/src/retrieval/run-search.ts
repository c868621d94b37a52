import type { FileSearchTool } from 'openai/resources/beta/assistants';
import type { SearchForRun } from '../engine/apply.js';
import type { Store } from '../store/index.js';
import { runVectorStoreIds, searchVectorStores, toFileSearchStepResult } from './search.js';
import { markVectorStoresActive } from './vector-stores.js';

/** The documented default of file_search results for gpt-4* models. */
const DEFAULT_MAX_RESULTS = 20;

/**
 * A file_search step of a run searches the vector stores of its assistant and its thread, with the
 * run's file_search tool settings. The step keeps each result's text; reads show it only when
 * `include[]` asks for it.
 */
export function searchForRun(store: Store): SearchForRun {
  return (owner, run, query, nowMs) => {
    const holders = [store.assistants.get({ owner }, run.assistant_id), store.threads.get({ owner }, run.thread_id)];
    const ids = runVectorStoreIds(...holders.filter((holder) => holder !== undefined));
    const tool = run.tools.find((t): t is FileSearchTool => t.type === 'file_search');
    const hits = searchVectorStores(store, owner, ids, query, {
      nowMs,
      maxNumResults: tool?.file_search?.max_num_results ?? DEFAULT_MAX_RESULTS,
      scoreThreshold: tool?.file_search?.ranking_options?.score_threshold,
    });
    markVectorStoresActive(store, owner, ids, nowMs);
    return hits.map((hit) => ({ ...toFileSearchStepResult(hit, true), content: hit.content }));
  };
}
