import { z } from 'zod';
import type { Attributes } from '../store/vector-store-files.js';

type Scalar = string | number | boolean;

export interface ComparisonFilter {
  type: 'eq' | 'ne' | 'gt' | 'gte' | 'lt' | 'lte' | 'in' | 'nin';
  key: string;
  value: Scalar | (string | number)[];
}

export interface CompoundFilter {
  type: 'and' | 'or';
  filters: AttributeFilter[];
}

/** `filters` of a vector-store search (and of file_search): a comparison or a compound of filters. */
export type AttributeFilter = ComparisonFilter | CompoundFilter;

const comparisonFilter = z.strictObject({
  type: z.enum(['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'nin']),
  key: z.string(),
  value: z.union([z.string(), z.number(), z.boolean(), z.array(z.union([z.string(), z.number()]))]),
});

const filterShape: z.ZodType<AttributeFilter> = z.lazy(() =>
  z.union([comparisonFilter, z.strictObject({ type: z.enum(['and', 'or']), filters: z.array(filterShape) })]),
);

/** Compound filters nest; a bound keeps validation and matching (both recursive) off the stack's edge. */
export const MAX_FILTER_DEPTH = 32;

/** How deeply objects and arrays nest in a JSON value, found without recursion. */
function nesting(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(node)) pending.push([child, depth + 1]);
  }
  return deepest;
}

export const attributeFilter = z
  .unknown()
  .superRefine((value, ctx) => {
    // Each compound level is an object and its `filters` array.
    if (nesting(value) > 2 * MAX_FILTER_DEPTH + 1) {
      ctx.addIssue({
        code: 'custom',
        params: { code: 'invalid_value' },
        message: `Invalid 'filters': compound filters nest too deeply. Expected at most ${MAX_FILTER_DEPTH} levels.`,
      });
    }
  })
  .pipe(filterShape);

/** Whether a file's attributes pass a filter. A missing attribute passes only `ne` and `nin`. */
export function matchesFilter(attributes: Attributes | null, filter: AttributeFilter): boolean {
  if ('filters' in filter) {
    const test = (inner: AttributeFilter) => matchesFilter(attributes, inner);
    return filter.type === 'and' ? filter.filters.every(test) : filter.filters.some(test);
  }
  const actual = attributes?.[filter.key];
  const { value } = filter;
  switch (filter.type) {
    case 'eq':
      return actual === value;
    case 'ne':
      return actual !== value;
    case 'in':
      return Array.isArray(value) && actual !== undefined && (value as Scalar[]).includes(actual);
    case 'nin':
      return !(Array.isArray(value) && actual !== undefined && (value as Scalar[]).includes(actual));
    default:
      return compare(actual, value, filter.type);
  }
}

/** Ordering compares numbers with numbers and strings with strings; anything else does not match. */
function compare(actual: Scalar | undefined, value: ComparisonFilter['value'], op: 'gt' | 'gte' | 'lt' | 'lte'): boolean {
  const comparable =
    (typeof actual === 'number' && typeof value === 'number') || (typeof actual === 'string' && typeof value === 'string');
  if (!comparable) return false;
  switch (op) {
    case 'gt':
      return actual > value;
    case 'gte':
      return actual >= value;
    case 'lt':
      return actual < value;
    case 'lte':
      return actual <= value;
  }
}
