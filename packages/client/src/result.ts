import type OpenAI from 'openai';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { listMessages, listRunSteps } from './conversation.js';
import type { RunResult, ToolCallRecord } from './types.js';

/** Reads what a finished run produced: the same requests whether it was polled or streamed. */
export async function collectResult(openai: OpenAI, run: Run, toolCalls: ToolCallRecord[]): Promise<RunResult> {
  const [messages, steps] = await Promise.all([
    listMessages(openai, run.thread_id, { runId: run.id }),
    listRunSteps(openai, run.thread_id, run.id),
  ]);
  const assistantMessages = messages.filter((message) => message.role === 'assistant');
  const outcome = {
    run,
    threadId: run.thread_id,
    messages: assistantMessages,
    text: assistantMessages.map((message) => message.text).join('\n\n'),
    steps,
    toolCalls,
  };
  switch (run.status) {
    case 'completed':
    case 'expired':
    case 'cancelled':
      return { ...outcome, status: run.status };
    case 'failed':
      return { ...outcome, status: 'failed', lastError: run.last_error ?? { code: 'server_error', message: 'The run failed without an error message.' } };
    case 'incomplete':
      return { ...outcome, status: 'incomplete', incompleteDetails: run.incomplete_details ?? {} };
    default:
      throw new Error(`Run ${run.id} is still ${run.status}; a result needs a final status.`);
  }
}
