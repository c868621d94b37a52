import type { z } from 'zod';
import type { toolResourcesCreate, toolResourcesIds } from '../schemas/common.js';

type ToolResourcesInput = z.output<typeof toolResourcesCreate> | z.output<typeof toolResourcesIds> | undefined;

export interface ToolResources {
  code_interpreter?: { file_ids: string[] };
  file_search?: { vector_store_ids: string[] };
}

/**
 * Normalises requested tool resources to the stored shape. `vector_stores` helpers are resolved to
 * ids by `makeStore` (the files issue creates the store); without one they are dropped.
 */
export function toToolResources(
  input: ToolResourcesInput,
  makeStore?: (spec: { file_ids?: string[] | undefined }) => string,
): ToolResources {
  const out: ToolResources = {};
  if (!input) return out;
  if (input.code_interpreter) out.code_interpreter = { file_ids: input.code_interpreter.file_ids ?? [] };
  const fileSearch = input.file_search as
    | { vector_store_ids?: string[]; vector_stores?: { file_ids?: string[] | undefined }[] }
    | undefined;
  if (fileSearch) {
    const ids = [...(fileSearch.vector_store_ids ?? [])];
    if (makeStore) for (const spec of fileSearch.vector_stores ?? []) ids.push(makeStore(spec));
    out.file_search = { vector_store_ids: ids };
  }
  return out;
}

/**
 * The real service lists a resource entry for every enabled tool that uses one, empty when none was
 * given: an assistant with `code_interpreter` has `tool_resources.code_interpreter.file_ids: []`, one
 * with `file_search` has `file_search.vector_store_ids: []`. Entries the request named are kept.
 */
export function withEnabledToolEntries<R extends object>(resources: R, tools: readonly { type: string }[]): R {
  const enabled = (type: string) => tools.some((tool) => tool.type === type);
  return {
    ...(enabled('code_interpreter') && { code_interpreter: { file_ids: [] } }),
    ...(enabled('file_search') && { file_search: { vector_store_ids: [] } }),
    ...resources,
  };
}
