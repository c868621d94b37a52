import type OpenAI from 'openai';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import { withText } from './text.js';
import type { TextMessage } from './types.js';

/** Largest page the API serves; the SDK's auto-pagination fetches the next ones. */
const PAGE = 100;

/** Every message of a thread (or of one run), oldest first, across all pages. */
export async function listMessages(openai: OpenAI, threadId: string, options: { runId?: string } = {}): Promise<TextMessage[]> {
  const messages: TextMessage[] = [];
  const pages = openai.beta.threads.messages.list(threadId, { order: 'asc', limit: PAGE, ...(options.runId && { run_id: options.runId }) });
  for await (const message of pages) messages.push(withText(message));
  return messages;
}

/** Every step of a run, oldest first, across all pages. */
export async function listRunSteps(openai: OpenAI, threadId: string, runId: string): Promise<RunStep[]> {
  const steps: RunStep[] = [];
  for await (const step of openai.beta.threads.runs.steps.list(runId, { thread_id: threadId, order: 'asc', limit: PAGE })) steps.push(step);
  return steps;
}
