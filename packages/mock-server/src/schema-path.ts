import { z } from 'zod';

type Schema = z.core.$ZodType;
type Def = z.core.$ZodTypeDef & Partial<{
  shape: Record<string, Schema>;
  element: Schema;
  valueType: Schema;
  options: readonly Schema[];
  innerType: Schema;
  in: Schema;
  out: Schema;
  format: string;
}>;

/** The schemas a value described by `schema` is checked against, wrappers (optional, nullable, pipes) and unions opened. */
export function candidates(schema: Schema): Schema[] {
  const def = schema._zod.def as Def;
  if (def.innerType) return candidates(def.innerType);
  if (def.type === 'pipe') return [...candidates(def.in!), ...candidates(def.out!)];
  if (def.options) return def.options.flatMap(candidates);
  return [schema];
}

/** The candidate schemas of the value under `key` inside a value whose candidates are `parents`. */
export function childCandidates(parents: readonly Schema[], key: PropertyKey): Schema[] {
  return parents.flatMap((parent) => {
    const def = parent._zod.def as Def;
    if (def.shape) {
      const field = Object.hasOwn(def.shape, key) ? def.shape[String(key)] : undefined;
      return field ? candidates(field) : [];
    }
    if (def.element && typeof key === 'number') return candidates(def.element);
    if (def.valueType) return candidates(def.valueType);
    return [];
  });
}

/** Whether a child's schema depends on its key (an object's fields), so the key must be read to find it. */
export const keyedChildren = (parents: readonly Schema[]) => parents.some((parent) => (parent._zod.def as Def).shape !== undefined);

/** The schemas that could describe the value at `path` (several when a union lies on the way). */
function schemasAt(schema: Schema, path: readonly PropertyKey[]): Schema[] {
  let found = candidates(schema);
  for (const key of path) found = childCandidates(found, key);
  return found;
}

/**
 * The most entries any candidate allows an array or object to hold (`.max()` on an array; `maxProperties`
 * in a record's meta), or undefined when one of them sets no bound.
 */
export function entryLimit(schemas: readonly Schema[], kind: 'array' | 'object'): number | undefined {
  let limit = -1;
  for (const schema of schemas) {
    const def = schema._zod.def as Def;
    if (kind === 'array' ? def.type !== 'array' : def.type !== 'record' && def.type !== 'object') continue;
    const bound = kind === 'array' ? arrayMax(def) : (z.globalRegistry.get(schema) as { maxProperties?: number } | undefined)?.maxProperties;
    if (bound === undefined) return undefined;
    limit = Math.max(limit, bound);
  }
  return limit === -1 ? undefined : limit;
}

function arrayMax(def: Def): number | undefined {
  const maxima = (def.checks ?? []).flatMap((check) => {
    const checkDef = check._zod.def as { check: string; maximum?: number };
    return checkDef.check === 'max_length' && checkDef.maximum !== undefined ? [checkDef.maximum] : [];
  });
  return maxima.length > 0 ? Math.min(...maxima) : undefined;
}

const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32', 'int64', 'uint64']);

/**
 * Whether the field at `path` is an integer. zod reports `.min()`/`.max()` on `z.int()` with the same
 * origin as on `z.number()`, but the API words them differently ("integer above maximum value").
 */
export function isIntegerAt(schema: Schema, path: readonly PropertyKey[]): boolean {
  return schemasAt(schema, path).some((candidate) => {
    const def = candidate._zod.def as Def;
    // `z.int()` carries the format on its def, `z.number().int()` on one of its checks.
    const formats = [def.format, ...(def.checks ?? []).map((check) => (check._zod.def as { format?: string }).format)];
    return def.type === 'number' && formats.some((format) => format !== undefined && INTEGER_FORMATS.has(format));
  });
}
