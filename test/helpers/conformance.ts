import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadSpec, type OpenApiDoc } from './openapi.js';

/**
 * Where the real service deviates from the spec, the observed behaviour wins. Each allowance names the
 * case and rewrites the body to what the spec expects before it is validated; nothing else is relaxed.
 */
const ALLOWANCES: { reason: string; normalise: (body: Record<string, unknown>) => void }[] = [
  {
    reason: 'An empty list has `first_id: null` and `last_id: null` on the real service (the spec types them as strings).',
    normalise: (body) => {
      if (body.object === 'list' && Array.isArray(body.data) && body.data.length === 0) {
        if (body.first_id === null) body.first_id = '';
        if (body.last_id === null) body.last_id = '';
      }
    },
  },
  {
    reason: 'A vector store created without a name has `name: null` on the real service (the spec types it as a string; openai-openapi#266).',
    normalise: (body) => {
      const stores = body.object === 'list' && Array.isArray(body.data) ? body.data : [body];
      for (const store of stores as Record<string, unknown>[]) {
        if (store?.object === 'vector_store' && store.name === null) store.name = '';
      }
    },
  },
  {
    reason: 'A file uploaded with `purpose: evals` (a request purpose) keeps it; the spec\'s object enum lacks `evals`.',
    normalise: (body) => {
      const files = body.object === 'list' && Array.isArray(body.data) ? body.data : [body];
      for (const file of files as Record<string, unknown>[]) {
        if (file?.object === 'file' && file.purpose === 'evals') file.purpose = 'user_data';
      }
    },
  },
];

interface Operation {
  method: string;
  pattern: RegExp;
  operationId: string;
  schemaRef: string | undefined;
}

let compiled: { ajv: Ajv2020; operations: Operation[] } | null | undefined;

function setup() {
  if (compiled !== undefined) return compiled;
  const spec = loadSpec();
  if (!spec) return (compiled = null);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  ajv.addSchema({ $id: 'openapi', components: spec.components } as object);
  return (compiled = { ajv, operations: operationsOf(spec) });
}

function operationsOf(spec: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    const pattern = new RegExp(`^/v1${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    for (const [method, op] of Object.entries(item)) {
      if (!op?.operationId) continue;
      const ok = op.responses?.['200'] as { content?: Record<string, { schema?: { $ref?: string } }> } | undefined;
      const ref = ok?.content?.['application/json']?.schema?.$ref;
      ops.push({ method: method.toUpperCase(), pattern, operationId: op.operationId, schemaRef: ref });
    }
  }
  // Literal segments beat parameters (`/threads/runs` before `/threads/{thread_id}`).
  return ops.sort((a, b) => a.pattern.source.split('[^/]+').length - b.pattern.source.split('[^/]+').length);
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(ajv: Ajv2020, ref: string): ValidateFunction {
  let validate = validators.get(ref);
  if (!validate) {
    validate = ajv.compile({ $ref: `openapi${ref}` });
    validators.set(ref, validate);
  }
  return validate;
}

/** Validates one JSON response against its operation's schema (or ErrorResponse for 4xx/5xx). */
export async function checkResponse(request: Request, response: Response): Promise<void> {
  const setupResult = setup();
  if (!setupResult) return;
  if (!(response.headers.get('content-type') ?? '').includes('application/json')) return;
  const path = new URL(request.url).pathname;
  const operation = setupResult.operations.find((op) => op.method === request.method && op.pattern.test(path));
  const ref = response.status >= 400 ? '#/components/schemas/ErrorResponse' : operation?.schemaRef;
  if (!ref) return;
  const body = (await response.json()) as Record<string, unknown>;
  if (body && typeof body === 'object') for (const allowance of ALLOWANCES) allowance.normalise(body);
  const validate = validatorFor(setupResult.ajv, ref);
  if (validate(body)) return;
  failures.push(
    `${request.method} ${path} (${operation?.operationId ?? 'error'}) does not match ${ref}:\n` +
      (validate.errors ?? []).slice(0, 8).map((e) => `  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n') +
      `\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
  );
}

const failures: string[] = [];

/** Returns and clears the responses that failed validation since the last call. */
export function takeConformanceFailures(): string[] {
  return failures.splice(0);
}

export const conformanceEnabled = () => setup() !== null;
