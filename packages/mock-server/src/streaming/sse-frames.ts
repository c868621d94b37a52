import type { AssistantStreamEvent } from 'openai/resources/beta/assistants';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { ApiErrorBody } from '../errors.js';
import { presentStep } from '../objects/run-step.js';

/** One event exactly as the real service frames it (JSON never holds a raw newline). */
const sseFrame = (event: string, data: string) => `event: ${event}\ndata: ${data}\n\n`;

export const DONE_FRAME = sseFrame('done', '[DONE]');

/**
 * The SDKs read an `error` event's `data.error` (openai-node `core/streaming`, openai-python
 * `_streaming`) and throw it as an APIError, so the error object is wrapped like an error body.
 */
export const errorFrame = (error: ApiErrorBody) => sseFrame('error', JSON.stringify({ error }));

const carriesStep = (event: AssistantStreamEvent) => event.event.startsWith('thread.run.step.') && event.event !== 'thread.run.step.delta';

/** The event as a retrieve would show its object: file_search result text only when `include[]` asked for it. */
export function eventFrame(event: AssistantStreamEvent, includeFileSearchContent: boolean): string {
  const data = carriesStep(event) ? presentStep(event.data as RunStep, includeFileSearchContent) : event.data;
  return sseFrame(event.event, JSON.stringify(data));
}
