import { Ajv2020 } from 'ajv/dist/2020.js';

/** A schema library value that can validate and describe itself (zod 4, ArkType, Valibot ...). */
export interface StandardSchemaWithJSON<Output = unknown> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>;
    readonly jsonSchema: { readonly input: (options: { readonly target: string }) => Record<string, unknown> };
    readonly types?: { readonly input: unknown; readonly output: Output } | undefined;
  };
}

type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<{ readonly message: string; readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined }> };

/** The outcome of checking parsed arguments: the value the handler gets, or why they are wrong. */
export type ArgumentCheck = { ok: true; value: unknown } | { ok: false; problems: string };

export type ArgumentValidator = (value: unknown) => Promise<ArgumentCheck>;

/** One compiler for every tool: ajv caches compiled schemas, and strict mode would reject OpenAI-only keywords. */
const ajv = new Ajv2020({ allErrors: true, strict: false });

/** JSON Schema validation with ajv (draft 2020-12, which also reads the draft-07 schemas most tools use). */
export function jsonSchemaValidator(parameters: Record<string, unknown>): ArgumentValidator {
  const { $schema: _ignored, ...schema } = parameters;
  const validate = ajv.compile(schema);
  return async (value) => {
    if (validate(value)) return { ok: true, value };
    const problems = (validate.errors ?? []).map((error) => `${error.instancePath || '(root)'} ${error.message ?? 'is invalid'}`);
    return { ok: false, problems: problems.join('; ') };
  };
}

/** Validation with the schema library's own rules (so zod refinements and defaults apply). */
export function standardSchemaValidator(schema: StandardSchemaWithJSON): ArgumentValidator {
  return async (value) => {
    const result = await schema['~standard'].validate(value);
    if (!result.issues) return { ok: true, value: result.value };
    const problems = result.issues.map((issue) => `${pathOf(issue.path)} ${issue.message}`);
    return { ok: false, problems: problems.join('; ') };
  };
}

function pathOf(path: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined): string {
  if (!path || path.length === 0) return '(root)';
  return path.map((segment) => `/${String(typeof segment === 'object' ? segment.key : segment)}`).join('');
}

/** The JSON Schema of a standard schema's input, as OpenAI expects it in a function definition. */
export function jsonSchemaOf(schema: StandardSchemaWithJSON): Record<string, unknown> {
  const { $schema: _ignored, ...parameters } = schema['~standard'].jsonSchema.input({ target: 'draft-2020-12' });
  return parameters;
}
