import { beforeAll, describe, expect, it } from 'vitest';
import { startHarness } from './helpers/harness.js';
import {
  pathsOf,
  pick,
  RAW_JSON_BODIES,
  randomValue,
  replaceAt,
  seededRandom,
  WEIRD_NUMBERS,
  WEIRD_STRINGS,
  type Random,
} from './helpers/fuzz.js';

const h = await startHarness();
const random = seededRandom(20260301);

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
};

const realIds: Record<string, string> = {};
beforeAll(async () => {
  realIds.assistant_id = (await h.client.beta.assistants.create({ model: 'gpt-4o' })).id;
  realIds.thread_id = (await h.client.beta.threads.create()).id;
  realIds.message_id = (await h.client.beta.threads.messages.create(realIds.thread_id, { role: 'user', content: 'x' })).id;
});

interface Attempt {
  method: string;
  path: string;
  body?: string;
  headers: Record<string, string>;
}

const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'application/vnd.api+json', 'text/plain', '*/*', ''];
const BETAS = ['assistants=v2', 'assistants=v2', 'assistants=v2', 'assistants=v1', '', 'assistants=v2\u0000'.replace('\u0000', ' ,x')];

function fillPath(template: string, random: Random): string {
  return template.replace(/:([a-z_]+)/g, (_, name: string) =>
    random() < 0.5 && realIds[name] ? realIds[name] : pick(random, WEIRD_STRINGS).slice(0, 200),
  );
}

function headers(random: Random, body: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const beta = pick(random, BETAS);
  if (beta) out['openai-beta'] = beta;
  const contentType = random() < 0.8 ? 'application/json' : pick(random, CONTENT_TYPES);
  if (body && contentType) out['content-type'] = contentType;
  return out;
}

const randomQuery = (random: Random) =>
  Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
    const key = pick(random, ['limit', 'order', 'after', 'before', 'run_id', 'limit[]', '%ZZ', '']);
    const value = pick(random, [...WEIRD_STRINGS.map((s) => s.slice(0, 100)), ...WEIRD_NUMBERS.map(String), 'asc', 'desc', '20', '1e3', '0x10', '%E0%A4%A']);
    return `${key}=${value}`;
  }).join('&');

/** Bodies for one route: every field of its seed broken in a few ways, then random shapes and raw text. */
function bodiesFor(route: string, random: Random): string[] {
  const seed = SEEDS[route];
  const out: string[] = [];
  if (seed !== undefined) {
    for (const path of pathsOf(seed)) {
      for (let i = 0; i < 5; i++) {
        const replacement = pick(random, [null, 5, 'x', [], {}, true, ...WEIRD_NUMBERS, ...WEIRD_STRINGS, randomValue(random)]);
        out.push(JSON.stringify(replaceAt(seed, path, replacement)));
      }
    }
  }
  for (let i = 0; i < 150; i++) out.push(JSON.stringify(randomValue(random)) ?? 'null');
  out.push(...RAW_JSON_BODIES);
  return out;
}

function attemptsFor(method: string, template: string, random: Random): Attempt[] {
  const route = `${method} ${template}`;
  const attempts: Attempt[] = [];
  const path = () => fillPath(template, random).replace(/^\/v1/, '');
  if (method === 'POST') {
    for (const body of bodiesFor(route, random)) attempts.push({ method, path: path(), body, headers: headers(random, true) });
  }
  for (let i = 0; i < 120; i++) attempts.push({ method, path: `${path()}?${randomQuery(random)}`, headers: headers(random, false) });
  return attempts;
}

/** What is wrong with a response, or null: never a 5xx, always JSON, errors always in OpenAI's shape. */
async function problemWith(response: Response): Promise<string | null> {
  if (response.status >= 500) return `status ${response.status}: ${await response.text()}`;
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `not JSON: ${text.slice(0, 200)}`;
  }
  if (response.status < 400) return null;
  const error = (body as { error?: Record<string, unknown> }).error;
  const shaped =
    error !== undefined &&
    Object.keys(body as object).join() === 'error' &&
    Object.keys(error).sort().join() === 'code,message,param,type' &&
    typeof error.message === 'string' &&
    error.message.length > 0 &&
    typeof error.type === 'string' &&
    (error.param === null || typeof error.param === 'string') &&
    (error.code === null || typeof error.code === 'string');
  return shaped ? null : `not an OpenAI error body: ${text.slice(0, 300)}`;
}

describe('hostile input on every route', () => {
  it('never answers 5xx and always answers errors in the OpenAI shape', async () => {
    const routes = h.server.app.routes.filter((r) => r.method !== 'ALL');
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(Object.keys(SEEDS)));
    const failures: string[] = [];
    for (const { method, path: template } of routes) {
      for (const attempt of attemptsFor(method, template, random)) {
        const init: RequestInit = { method: attempt.method, headers: attempt.headers };
        if (attempt.body !== undefined) init.body = attempt.body;
        const problem = await problemWith(await h.raw(attempt.path, init));
        if (problem) failures.push(`${attempt.method} ${attempt.path.slice(0, 120)} ${attempt.body?.slice(0, 200) ?? ''}\n  → ${problem}`);
      }
    }
    expect(failures.slice(0, 20)).toEqual([]);
  }, 60_000);

  it('survives percent-encoding no decoder accepts, in paths and queries', async () => {
    for (const raw of ['/threads/%', '/threads/%E0%A4%A/messages', '/assistants/%C0%AF', '/threads/%00', '/assistants?after=%FF%FE&limit=%', '/threads/%25%32%65/messages?run_id=%D8%00']) {
      const response = await h.raw(raw, { headers: { 'openai-beta': 'assistants=v2' } });
      expect(await problemWith(response), raw).toBeNull();
      expect(response.status, raw).toBeLessThan(500);
    }
  });
});
