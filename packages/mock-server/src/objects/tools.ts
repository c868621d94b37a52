import type { AssistantTool } from 'openai/resources/beta/assistants';
import type { z } from 'zod';
import type { toolInput } from '../schemas/common.js';

/** The ranker `auto` (and no ranker at all) stands for, as the real service reports it. */
export const DEFAULT_RANKER = 'default_2024_08_21' as const;

/**
 * A tool as the real service echoes it, with the defaults it fills in (seed notebooks 000 and 002):
 * `file_search` gets `ranking_options: {ranker: "default_2024_08_21", score_threshold: 0}` (`auto`
 * reads back as the ranker it stands for); a `function` declared without `parameters` gets the empty
 * object schema, and `strict` defaults to `false`. `max_num_results` stays absent unless set: the
 * seed's `max_num_results=None` is the SDK's default for a missing field, and the spec types it a
 * non-nullable integer. The schema applies this to every `tools` a request sends, so assistants and
 * runs (which copy the assistant's tools or take the request's) echo the same objects.
 */
export function withToolDefaults(input: z.output<typeof toolInput>): AssistantTool {
  switch (input.type) {
    case 'code_interpreter':
      return { type: 'code_interpreter' };
    case 'file_search': {
      const options = input.file_search;
      return {
        type: 'file_search',
        file_search: {
          ...(options?.max_num_results !== undefined && { max_num_results: options.max_num_results }),
          ranking_options: { ranker: DEFAULT_RANKER, score_threshold: options?.ranking_options?.score_threshold ?? 0 },
        },
      };
    }
    case 'function': {
      const { name, description, parameters, strict } = input.function;
      return {
        type: 'function',
        function: {
          name,
          ...(description !== undefined && { description }),
          parameters: parameters ?? { type: 'object', properties: {} },
          strict: strict ?? false,
        },
      };
    }
  }
}
