import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './helpers/harness.js';
import { hostileValue, pathsOf, RAW_JSON_BODIES, replaceAt, structuralBody, WEIRD_NUMBERS, WEIRD_STRINGS } from './helpers/fuzz.js';

/** Cases per run: 2,000 in CI; `FUZZ_RUNS=50000 npx vitest run test/api.fuzz.test.ts` for a longer hunt, `FUZZ_SEED` to replay one. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 2_000);
const SEED = Number(process.env.FUZZ_SEED ?? 20260301);

const h = await startHarness();
const origin = new URL(h.baseURL).origin;
const KEY = 'sk-test-default';

/** A valid body per route; the fuzzer breaks one field at a time. Routes without a seed get random bodies only. */
const SEEDS: Record<string, unknown> = {
  'POST /v1/assistants': {
    model: 'gpt-4o',
    name: 'n',
    instructions: 'i',
    tools: [
      { type: 'function', function: { name: 'f', parameters: { type: 'object' }, strict: true } },
      { type: 'file_search', file_search: { max_num_results: 5, ranking_options: { score_threshold: 0.5 } } },
    ],
    tool_resources: { code_interpreter: { file_ids: ['file-1'] } },
    metadata: { a: 'b' },
    temperature: 0.5,
    top_p: 1,
    response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object' } } },
  },
  'POST /v1/assistants/:assistant_id': { name: 'x', tool_resources: { file_search: { vector_store_ids: ['vs_1'] } }, metadata: { a: 'b' } },
  'POST /v1/threads': {
    messages: [
      {
        role: 'user',
        content: [{ type: 'text', text: 't' }, { type: 'image_url', image_url: { url: 'https://x.test/a.png', detail: 'low' } }],
        attachments: [{ file_id: 'file-1', tools: [{ type: 'file_search' }] }],
        metadata: { a: 'b' },
      },
    ],
    tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-1'], chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 } } }] } },
    metadata: { a: 'b' },
  },
  'POST /v1/threads/:thread_id': { tool_resources: { code_interpreter: { file_ids: [] } }, metadata: { a: 'b' } },
  'POST /v1/threads/:thread_id/messages': {
    role: 'assistant',
    content: [{ type: 'image_file', image_file: { file_id: 'file-1', detail: 'high' } }],
    attachments: [{ file_id: 'file-1', tools: [{ type: 'code_interpreter' }] }],
    metadata: { a: 'b' },
  },
  'POST /v1/threads/:thread_id/messages/:message_id': { metadata: { a: 'b' } },
  'POST /v1/threads/runs': { assistant_id: 'asst_1', thread: { messages: [{ role: 'user', content: 'x' }] }, temperature: 1, tool_choice: 'auto' },
  'POST /v1/threads/:thread_id/runs': { assistant_id: 'asst_1', additional_messages: [{ role: 'user', content: 'x' }], truncation_strategy: { type: 'auto' } },
  'POST /v1/threads/:thread_id/runs/:run_id/submit_tool_outputs': { tool_outputs: [{ tool_call_id: 'call_1', output: 'o' }] },
  'POST /v1/vector_stores': { name: 'v', file_ids: ['file-1'], expires_after: { anchor: 'last_active_at', days: 1 }, metadata: { a: 'b' } },
  'POST /v1/vector_stores/:vector_store_id/search': { query: 'q', max_num_results: 5, filters: { type: 'eq', key: 'k', value: 'v' } },
  'POST /v1/vector_stores/:vector_store_id/file_batches': { file_ids: ['file-1'], attributes: { a: 1 } },
};

const realIds: Record<string, string> = {};
beforeAll(async () => {
  realIds.assistant_id = (await h.client.beta.assistants.create({ model: 'gpt-4o' })).id;
  realIds.thread_id = (await h.client.beta.threads.create()).id;
  realIds.message_id = (await h.client.beta.threads.messages.create(realIds.thread_id, { role: 'user', content: 'x' })).id;
  realIds.vector_store_id = (await h.client.vectorStores.create({ name: 'fuzz' })).id;
});

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/vnd.api+json', 'text/plain', '*/*', 'multipart/form-data; boundary=x', ''];
const BETAS = ['assistants=v2', 'assistants=v1', '', 'assistants=v2 ,x'];

interface Attempt {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | FormData;
}

const weirdId = fc.constantFrom(...WEIRD_STRINGS.map((s) => s.slice(0, 200)));
const queryValue = fc.oneof(weirdId, fc.constantFrom(...WEIRD_NUMBERS.map(String), 'asc', 'desc', '20', '1e3', '0x10', '%E0%A4%A'));
const query = fc
  .array(fc.tuple(fc.constantFrom('limit', 'order', 'after', 'before', 'run_id', 'purpose', 'include[]', 'limit[]', '%ZZ', ''), queryValue), { maxLength: 3 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${v}`).join('&')}`));

/** The bodies a route is fuzzed with: its seed with one field broken, random JSON, raw text, bound-crossing structures, forms. */
function bodyFor(route: string): fc.Arbitrary<string | FormData> {
  const seed = SEEDS[route];
  const broken = seed === undefined ? [] : [fc.tuple(fc.constantFrom(...pathsOf(seed)), hostileValue).map(([path, value]) => JSON.stringify(replaceAt(seed, path, value)))];
  return fc.oneof(
    ...broken,
    hostileValue.map((value) => JSON.stringify(value) ?? 'null'),
    fc.constantFrom(...RAW_JSON_BODIES),
    structuralBody,
    fc.dictionary(fc.constantFrom('purpose', 'file', 'expires_after[anchor]', '__proto__[x]', 'x'), fc.constantFrom(...WEIRD_STRINGS.map((s) => s.slice(0, 300)))).map((fields) => {
      const form = new FormData();
      for (const [name, value] of Object.entries(fields)) form.append(name, name === 'file' ? new File([value], 'f.txt') : value);
      return form;
    }),
  );
}

const routes = [...new Map(h.server.app.routes.filter((r) => r.method !== 'ALL').map((r) => [`${r.method} ${r.path}`, r])).values()];

const attempt: fc.Arbitrary<Attempt> = fc.constantFrom(...routes).chain(({ method, path: template }) =>
  fc
    .record({
      ids: fc.array(fc.oneof(fc.constant(null), weirdId), { minLength: 3, maxLength: 3 }),
      query,
      beta: fc.constantFrom(...BETAS),
      contentType: fc.oneof({ weight: 4, arbitrary: fc.constant('application/json') }, { weight: 1, arbitrary: fc.constantFrom(...CONTENT_TYPES) }),
      body: method === 'POST' ? bodyFor(`${method} ${template}`) : fc.constant(undefined),
    })
    .map(({ ids, query, beta, contentType, body }) => {
      let n = 0;
      const path = template.replace(/:([a-z_]+)/g, (_, name: string) => ids[n++ % 3] ?? realIds[name] ?? 'x') + query;
      const headers: Record<string, string> = { authorization: `Bearer ${KEY}` };
      if (beta) headers['openai-beta'] = beta;
      // A FormData body sets its own multipart content type.
      if (typeof body === 'string' && contentType) headers['content-type'] = contentType;
      return { method, path, headers, ...(body !== undefined && { body }) };
    }),
);

/** What is wrong with a response, or null: never a 5xx, always JSON, errors always in OpenAI's shape. */
async function problemWith(response: Response): Promise<string | null> {
  const text = await response.text();
  if (response.status >= 500) return `status ${response.status}: ${text.slice(0, 300)}`;
  // Event streams (a run created with `stream: true`) are checked by the streaming tests.
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) return null;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    // File content is served as the bytes uploaded.
    return response.status < 400 && !(response.headers.get('content-type') ?? '').includes('json') ? null : `not JSON: ${text.slice(0, 200)}`;
  }
  if (response.status < 400) return null;
  const error = (body as { error?: Record<string, unknown> }).error;
  const shaped =
    error !== undefined &&
    Object.keys(body as object).join() === 'error' &&
    Object.keys(error).sort().join() === 'code,message,param,type' &&
    typeof error.message === 'string' &&
    error.message.length > 0 &&
    error.message.length <= 4_096 &&
    typeof error.type === 'string' &&
    (error.param === null || typeof error.param === 'string') &&
    (error.code === null || typeof error.code === 'string');
  return shaped ? null : `not an OpenAI error body: ${text.slice(0, 300)}`;
}

describe('hostile input on every route', () => {
  it(`never answers 5xx and always answers errors in the OpenAI shape (${RUNS} cases, seed ${SEED})`, async () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(Object.keys(SEEDS)));
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(attempt, async ({ method, path, headers, body }) => {
        seen.add(`${method} ${path.split('?')[0]!.split('/').slice(0, 3).join('/')}`);
        const response = await h.fetch(`${origin}${path}`, { method, headers, ...(body !== undefined && { body }) });
        const problem = await problemWith(response);
        if (problem) throw new Error(`${method} ${path.slice(0, 120)} ${typeof body === 'string' ? body.slice(0, 200) : '(form)'}\n  → ${problem}`);
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    // Every resource was reached, the control routes too.
    expect(seen.size).toBeGreaterThan(10);
  }, 300_000);

  it('survives percent-encoding no decoder accepts, in paths and queries', async () => {
    for (const raw of ['/threads/%', '/threads/%E0%A4%A/messages', '/assistants/%C0%AF', '/threads/%00', '/assistants?after=%FF%FE&limit=%', '/threads/%25%32%65/messages?run_id=%D8%00']) {
      const response = await h.raw(raw, { headers: { 'openai-beta': 'assistants=v2' } });
      expect(await problemWith(response), raw).toBeNull();
      expect(response.status, raw).toBeLessThan(500);
    }
  });
});
