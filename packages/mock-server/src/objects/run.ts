import type { Assistant, AssistantTool } from 'openai/resources/beta/assistants';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { CreateRunBody } from '../schemas/runs.js';
import { ID_PREFIX, newId } from '../ids.js';
import type { ToolResources } from './tool-resources.js';

/** A run expires if it waits for tool outputs longer than this (as on the real service). */
export const RUN_EXPIRY_SECONDS = 600;

/** What a run takes from its request; `tool_resources` only comes with `POST /threads/runs`. */
export type RunOptions = Omit<CreateRunBody, 'additional_messages' | 'stream'> & { tool_resources?: ToolResources };

/** A new `queued` run: the assistant's settings, overridden by the request's. */
export function buildRun(assistant: Assistant, threadId: string, body: RunOptions, createdAt: number): Run {
  const instructions = [body.instructions ?? assistant.instructions ?? '', body.additional_instructions ?? '']
    .filter((part) => part !== '')
    .join('\n');
  return {
    id: newId(ID_PREFIX.run),
    object: 'thread.run',
    created_at: createdAt,
    assistant_id: assistant.id,
    thread_id: threadId,
    status: 'queued',
    started_at: null,
    expires_at: createdAt + RUN_EXPIRY_SECONDS,
    cancelled_at: null,
    failed_at: null,
    completed_at: null,
    required_action: null,
    last_error: null,
    model: body.model ?? assistant.model,
    instructions,
    tools: (body.tools ?? assistant.tools) as AssistantTool[],
    // The real run carries these two although the spec and the SDK's Run type leave them out.
    tool_resources: body.tool_resources ?? {},
    metadata: body.metadata ?? {},
    temperature: body.temperature ?? assistant.temperature ?? 1,
    top_p: body.top_p ?? assistant.top_p ?? 1,
    reasoning_effort: body.reasoning_effort ?? (assistant as { reasoning_effort?: string | null }).reasoning_effort ?? null,
    max_prompt_tokens: body.max_prompt_tokens ?? null,
    max_completion_tokens: body.max_completion_tokens ?? null,
    truncation_strategy: body.truncation_strategy
      ? { type: body.truncation_strategy.type, last_messages: body.truncation_strategy.last_messages ?? null }
      : { type: 'auto', last_messages: null },
    incomplete_details: null,
    usage: null,
    response_format: body.response_format ?? assistant.response_format ?? 'auto',
    tool_choice: body.tool_choice ?? 'auto',
    parallel_tool_calls: body.parallel_tool_calls ?? true,
  } as Run;
}
