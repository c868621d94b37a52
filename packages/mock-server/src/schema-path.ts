import type { z } from 'zod';

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

/** The schemas that could describe the value at `path` (several when a union lies on the way). */
function schemasAt(schema: Schema, path: readonly PropertyKey[]): Schema[] {
  const def = schema._zod.def as Def;
  if (def.innerType) return schemasAt(def.innerType, path);
  if (def.type === 'pipe') return [...schemasAt(def.in!, path), ...schemasAt(def.out!, path)];
  if (def.options) return def.options.flatMap((option) => schemasAt(option, path));
  if (path.length === 0) return [schema];
  const [head, ...rest] = path;
  if (def.shape) {
    const field = def.shape[String(head)];
    return field ? schemasAt(field, rest) : [];
  }
  if (def.element && typeof head === 'number') return schemasAt(def.element, rest);
  if (def.valueType) return schemasAt(def.valueType, rest);
  return [];
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
