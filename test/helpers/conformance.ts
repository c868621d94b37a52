import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { loadSpec, type OpenApiDoc } from './openapi.js';
import { parseFrame } from './sse.js';

/**
 * Where the real service deviates from the spec, the observed behaviour wins. Each allowance names the
 * case and rewrites the body to what the spec expects before it is validated; nothing else is relaxed.
 *
 * Fields the real service sends beyond the spec need no allowance (the object schemas allow extra
 * properties): runs carry `tool_resources` and `reasoning_effort`, assistants `reasoning_effort`.
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
    reason:
      'An `error` stream event carries `{"error": Error}` (the spec says `Error`): both official SDKs read `data.error` and ' +
      'throw it as an APIError; a bare Error object would reach AssistantStream as an unnamed event instead.',
    normalise: (body) => {
      const data = body.data as { error?: unknown } | undefined;
      if (body.event === 'error' && data?.error !== undefined) body.data = data.error;
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

let compiled: { ajv: Ajv2020; operations: Operation[]; streamEvents: Map<string, string> } | null | undefined;

function setup() {
  if (compiled !== undefined) return compiled;
  const spec = loadSpec();
  if (!spec) return (compiled = null);
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
  addFormats.default(ajv);
  // The spec's own format for timestamps: whole Unix seconds.
  ajv.addFormat('unixtime', { type: 'number', validate: (n: number) => Number.isInteger(n) && n >= 0 });
  ajv.addSchema({ $id: 'openapi', components: withNullTypes(spec.components) } as object);
  return (compiled = { ajv, operations: operationsOf(spec), streamEvents: streamEventsOf(spec) });
}

/**
 * The spec mixes OpenAPI 3.0's `nullable: true` into 3.1 schemas; JSON Schema says the same with a
 * `null` type, which is what ajv understands.
 */
function withNullTypes(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withNullTypes);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) if (key !== 'nullable') out[key] = withNullTypes(value);
  if ((node as { nullable?: unknown }).nullable !== true) return out;
  if (typeof out.type === 'string') return { ...out, type: [out.type, 'null'] };
  if (Array.isArray(out.type)) return { ...out, type: [...new Set([...out.type, 'null'])] };
  return { anyOf: [out, { type: 'null' }] };
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

/**
 * The member schema of each `AssistantStreamEvent` by event name, as a JSON pointer: the members are
 * inline objects (`RunStreamEvent/oneOf/3`) whose `event` property is a one-value enum.
 */
function streamEventsOf(spec: OpenApiDoc): Map<string, string> {
  type Member = { $ref?: string; oneOf?: Member[]; properties?: { event?: { enum?: string[] } } };
  const schemas = spec.components.schemas as Record<string, Member>;
  const events = new Map<string, string>();
  const visit = (member: Member, pointer: string) => {
    if (member.$ref) return visit(schemas[member.$ref.split('/').pop()!]!, member.$ref);
    member.oneOf?.forEach((inner, index) => visit(inner, `${pointer}/oneOf/${index}`));
    const name = member.properties?.event?.enum?.[0];
    if (name) events.set(name, pointer);
  };
  visit(schemas.AssistantStreamEvent!, '#/components/schemas/AssistantStreamEvent');
  return events;
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
      describeErrors(validate) +
      `\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
  );
}

/**
 * Validates one server-sent event against the `AssistantStreamEvent` member of its name; `data` is
 * the parsed JSON (the string `[DONE]` for `done`). An event name the spec does not know fails too.
 */
export function checkStreamEvent(event: { event: string; data: unknown }, where: string): void {
  const setupResult = setup();
  if (!setupResult) return;
  const ref = setupResult.streamEvents.get(event.event);
  if (!ref) {
    failures.push(`${where}: event '${event.event}' is not an AssistantStreamEvent`);
    return;
  }
  const body = structuredClone(event) as Record<string, unknown>;
  for (const allowance of ALLOWANCES) allowance.normalise(body);
  const validate = validatorFor(setupResult.ajv, ref);
  if (validate(body)) return;
  failures.push(
    `${where}: event '${event.event}' does not match ${ref}:\n` +
      describeErrors(validate) +
      `\ndata: ${JSON.stringify(event.data).slice(0, 2000)}`,
  );
}

/** Checks one SSE block as it went over the wire: framed exactly `event:`/`data:`, then by its schema. */
export function checkStreamBlock(block: string, where: string): void {
  const frame = parseFrame(block);
  if (!frame) {
    failures.push(`${where}: an SSE block is not framed as "event: <name>\\ndata: <data>": ${JSON.stringify(block).slice(0, 300)}`);
    return;
  }
  if (frame.event === 'done') return checkStreamEvent({ event: frame.event, data: frame.data }, where);
  let data: unknown;
  try {
    data = JSON.parse(frame.data);
  } catch {
    failures.push(`${where}: event '${frame.event}' has data that is not JSON: ${frame.data.slice(0, 300)}`);
    return;
  }
  checkStreamEvent({ event: frame.event, data }, where);
}

const describeErrors = (validate: ValidateFunction) =>
  (validate.errors ?? []).slice(0, 8).map((e) => `  ${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`).join('\n');

const failures: string[] = [];

/** Returns and clears the responses that failed validation since the last call. */
export function takeConformanceFailures(): string[] {
  return failures.splice(0);
}

export const conformanceEnabled = () => setup() !== null;
