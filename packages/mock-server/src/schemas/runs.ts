import { z } from 'zod';
import * as s from './common.js';
import { createThreadBody } from './threads.js';

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.strictObject({
    type: z.enum(['function', 'code_interpreter', 'file_search']),
    function: z.strictObject({ name: z.string() }).optional(),
  }),
]);

const truncationStrategy = z.strictObject({
  type: z.enum(['auto', 'last_messages']),
  last_messages: z.int().min(1).nullable().optional(),
});

/** Fields a run takes from the request, overriding the assistant's. */
const runOptions = {
  model: z.string().nullable().optional(),
  instructions: z.string().nullable().optional(),
  tools: z.array(s.tool).max(20).nullable().optional(),
  metadata: s.metadata.optional(),
  temperature: s.temperature.optional(),
  top_p: s.topP.optional(),
  stream: z.boolean().nullable().optional(),
  max_prompt_tokens: z.int().min(256).nullable().optional(),
  max_completion_tokens: z.int().min(256).nullable().optional(),
  truncation_strategy: truncationStrategy.nullable().optional(),
  tool_choice: toolChoice.nullable().optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: s.responseFormat.nullable().optional(),
};

export const createRunBody = z.strictObject({
  assistant_id: z.string(),
  ...runOptions,
  reasoning_effort: s.reasoningEffort.optional(),
  additional_instructions: z.string().nullable().optional(),
  additional_messages: z.array(s.createMessage).nullable().optional(),
});
export type CreateRunBody = z.output<typeof createRunBody>;

export const createThreadAndRunBody = z.strictObject({
  assistant_id: z.string(),
  ...runOptions,
  thread: createThreadBody.optional(),
  tool_resources: s.toolResourcesIds.optional(),
});
export type CreateThreadAndRunBody = z.output<typeof createThreadAndRunBody>;

export const submitToolOutputsBody = z.strictObject({
  tool_outputs: z.array(z.strictObject({ tool_call_id: z.string(), output: z.string() })),
  stream: z.boolean().nullable().optional(),
});

const INCLUDE_CONTENT = 'step_details.tool_calls[*].file_search.results[*].content';
/** `include[]` on run creation and step reads: only file_search result content exists. */
export const includeQuery = z.array(z.literal(INCLUDE_CONTENT)).optional();
/** Made once: zod compiles a schema on its first parse, which per request cost more than the parse. */
export const includeParams = z.object({ 'include[]': includeQuery });
export const INCLUDE_FILE_SEARCH_CONTENT = INCLUDE_CONTENT;
