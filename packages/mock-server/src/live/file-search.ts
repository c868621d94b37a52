import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';

/**
 * file_search, offered to the model as a function the server answers itself: it runs the query on the
 * run's vector stores and returns the chunks, each headed by the marker the hosted service used
 * (`【{label}:{n}†{file name}】`), so the model cites them the way the real assistant did.
 */
export const FILE_SEARCH_TOOL = {
  type: 'function',
  function: {
    name: 'file_search',
    description:
      "Search the files the user has uploaded. Returns excerpts, each headed by a marker like 【4:0†report.pdf】. When the answer uses an excerpt, cite it by writing its marker exactly as given, right after the sentence it supports.",
    parameters: {
      type: 'object',
      properties: { query: { type: 'string', description: 'What to look for, in the language of the files.' } },
      required: ['query'],
    },
  },
} as const satisfies ChatCompletionFunctionTool;

/** The label of a search's markers: the position of its step in the run, as the hosted service numbered them. */
export const searchLabel = (stepPosition: number) => stepPosition;

/** The query the model asked for, from its call's JSON arguments (the whole text if it is not JSON). */
export function searchQuery(args: string): string {
  try {
    const parsed = JSON.parse(args) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { query?: unknown }).query === 'string') return (parsed as { query: string }).query;
  } catch {
    // A model that writes the query as plain text still gets a search.
  }
  return args;
}
