import type { Harness } from './harness.js';

/** The whole list envelope, which the SDK's page object does not keep (`first_id`, `last_id`). */
export interface ListBody<T = { id: string }> {
  object: 'list';
  data: T[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

/** GETs a list endpoint with the beta header the SDK would send and returns the raw envelope. */
export async function getList<T = { id: string }>(
  h: Harness,
  path: string,
  query: Record<string, string | number | undefined> = {},
): Promise<ListBody<T>> {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  const response = await h.raw(`${path}?${search}`, { headers: { 'openai-beta': 'assistants=v2' } });
  if (response.status !== 200) throw new Error(`GET ${path}?${search} → ${response.status} ${await response.text()}`);
  return (await response.json()) as ListBody<T>;
}

/** A list envelope reduced to ids, for exact comparisons. */
export const idsOf = ({ data, first_id, last_id, has_more }: ListBody) => ({ ids: data.map((item) => item.id), first_id, last_id, has_more });
