import type { Model } from 'openai/resources/models';

/**
 * Models the Assistants API runs on, as `GET /v1/models` describes them on the real service
 * (`created` and `owned_by` as it reports them): the seed notebooks' gpt-4o and gpt-4o-mini and
 * their neighbours. Other names are listed once an assistant or a scenario names them.
 */
const CATALOG: readonly Model[] = [
  { id: 'gpt-3.5-turbo', object: 'model', created: 1677610602, owned_by: 'openai' },
  { id: 'gpt-4', object: 'model', created: 1687882411, owned_by: 'openai' },
  { id: 'gpt-4-turbo', object: 'model', created: 1712361441, owned_by: 'system' },
  { id: 'gpt-4o', object: 'model', created: 1715367049, owned_by: 'system' },
  { id: 'gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' },
  { id: 'o3-mini', object: 'model', created: 1737146383, owned_by: 'system' },
  { id: 'gpt-4.1', object: 'model', created: 1744316542, owned_by: 'system' },
  { id: 'gpt-4.1-mini', object: 'model', created: 1744318173, owned_by: 'system' },
  { id: 'gpt-4.1-nano', object: 'model', created: 1744321707, owned_by: 'system' },
];

/**
 * The models a key sees: the catalog, then every other name its assistants or the scenarios use,
 * `created` when it was first named (the oldest assistant naming it, else `namedAt`).
 */
export function modelList(named: ReadonlyMap<string, number | null>, namedAt: number): Model[] {
  const known = new Set(CATALOG.map((model) => model.id));
  const others = [...named]
    .filter(([id]) => !known.has(id))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, created]): Model => ({ id, object: 'model', created: created ?? namedAt, owned_by: 'system' }));
  return [...CATALOG, ...others];
}
