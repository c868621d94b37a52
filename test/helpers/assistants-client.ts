import { createAssistantsClient, type AssistantsClient } from '@assistants-mock/client';
import type { Harness } from './harness.js';

export interface RecordedRequest {
  method: string;
  /** The path under the API base URL, e.g. `/threads/thread_…/runs/run_…/submit_tool_outputs`. */
  path: string;
  body: unknown;
}

/**
 * An AssistantsClient on the harness's server (responses still checked against the spec), with
 * every request it sends recorded, so a test can count e.g. `submit_tool_outputs` calls.
 */
export function recordingClient(h: Harness, apiKey: string): { client: AssistantsClient; requests: RecordedRequest[] } {
  const requests: RecordedRequest[] = [];
  const recordingFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const text = init?.body === undefined || init.body === null ? '' : await request.clone().text();
    requests.push({
      method: request.method,
      path: new URL(request.url).pathname.replace(new URL(h.baseURL).pathname, ''),
      body: text ? JSON.parse(text) : undefined,
    });
    return h.fetch(input, init);
  }) as typeof fetch;
  return { client: createAssistantsClient({ baseURL: h.baseURL, apiKey, fetch: recordingFetch, maxRetries: 0 }), requests };
}

/** The `submit_tool_outputs` requests among the recorded ones. */
export const submissions = (requests: readonly RecordedRequest[]) =>
  requests.filter((request) => request.method === 'POST' && request.path.endsWith('/submit_tool_outputs'));
