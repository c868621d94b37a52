import { describe, expect, it } from 'vitest';
import OpenAI, { toFile } from 'openai';
import { startHarness, uniqueKey } from './helpers/harness.js';
import { apiError } from './helpers/errors.js';

const h = await startHarness();

const upload = async (client: OpenAI, text: string, filename: string) =>
  client.files.create({ file: await toFile(Buffer.from(text), filename), purpose: 'assistants' });

/** A store with three short scenes, each its own file with attributes. */
async function hamletStore() {
  const key = uniqueKey('search');
  const client = h.clientFor(key);
  const scenes = [
    ['act1.txt', '유령: 기억하라, 나를 기억하라. 햄릿은 복수를 맹세한다.', { act: 1, speaker: 'ghost' }],
    ['act3.txt', '햄릿: 사느냐 죽느냐, 그것이 문제로다. 오필리아, 수녀원으로 가시오. 햄릿 햄릿.', { act: 3, speaker: 'hamlet' }],
    ['act4.txt', '오필리아: 로즈메리는 기억을 위한 것이에요. Rosemary, that is for remembrance.', { act: 4, speaker: 'ophelia' }],
  ] as const;
  const store = await client.vectorStores.create({});
  const files: Record<string, string> = {};
  for (const [filename, text, attributes] of scenes) {
    const file = await upload(client, text, filename);
    files[filename] = file.id;
    await client.vectorStores.files.create(store.id, { file_id: file.id, attributes });
  }
  return { client, store, files, key };
}

/** The raw JSON body of a search (the SDK's page object keeps only `data`). */
async function rawSearch(key: string, storeId: string, body: Record<string, unknown>) {
  const response = await h.raw(`/vector_stores/${storeId}/search`, {
    method: 'POST',
    headers: { 'openai-beta': 'assistants=v2', authorization: `Bearer ${key}` },
    json: body,
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { data: { filename: string }[] } };
}

describe('POST /vector_stores/{id}/search', () => {
  it('finds the chunk and file of a Korean phrase, best first, scores in 0..1', async () => {
    const { client, store, files } = await hamletStore();
    const page = await client.vectorStores.search(store.id, { query: '사느냐 죽느냐' });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]).toMatchObject({
      file_id: files['act3.txt'],
      filename: 'act3.txt',
      attributes: { act: 3, speaker: 'hamlet' },
      content: [{ type: 'text', text: '햄릿: 사느냐 죽느냐, 그것이 문제로다. 오필리아, 수녀원으로 가시오. 햄릿 햄릿.' }],
    });
    expect(page.data[0]!.score).toBeGreaterThan(0);
    expect(page.data[0]!.score).toBeLessThan(1);
  });

  it('returns the real page envelope, echoing the query, for the owner of the store only', async () => {
    const { store, key } = await hamletStore();
    expect((await rawSearch(uniqueKey('stranger'), store.id, { query: 'x' })).status).toBe(404);
    const { status, body } = await rawSearch(key, store.id, { query: ['기억하라', 'remembrance'] });
    expect(status).toBe(200);
    expect(Object.keys(body)).toEqual(['object', 'search_query', 'data', 'has_more', 'next_page']);
    expect(body).toMatchObject({ object: 'vector_store.search_results.page', search_query: ['기억하라', 'remembrance'], has_more: false, next_page: null });
    expect(body.data.map((hit) => hit.filename).sort()).toEqual(['act1.txt', 'act4.txt']);
  });

  it('ranks by BM25: more occurrences of a term score higher', async () => {
    const { client, store } = await hamletStore();
    const page = await client.vectorStores.search(store.id, { query: '햄릿은' });
    expect(page.data.map((hit) => hit.filename)).toEqual(['act3.txt', 'act1.txt']);
    expect(page.data[0]!.score).toBeGreaterThan(page.data[1]!.score);
  });

  it('matches terms of one or two characters at the start of words', async () => {
    const { client, store } = await hamletStore();
    expect((await client.vectorStores.search(store.id, { query: '햄릿' })).data.map((hit) => hit.filename)).toEqual(['act3.txt', 'act1.txt']);
    expect((await client.vectorStores.search(store.id, { query: '유령' })).data.map((hit) => hit.filename)).toEqual(['act1.txt']);
    expect((await client.vectorStores.search(store.id, { query: '가시오 햄릿' })).data[0]!.filename).toBe('act3.txt');
  });

  it('ignores case for English and finds nothing for absent words or punctuation', async () => {
    const { client, store } = await hamletStore();
    expect((await client.vectorStores.search(store.id, { query: 'ROSEMARY' })).data.map((hit) => hit.filename)).toEqual(['act4.txt']);
    expect((await client.vectorStores.search(store.id, { query: '크로이체르' })).data).toEqual([]);
    expect((await client.vectorStores.search(store.id, { query: '?!' })).data).toEqual([]);
  });

  it('honours max_num_results and score_threshold', async () => {
    const { client, store } = await hamletStore();
    const all = await client.vectorStores.search(store.id, { query: '기억 햄릿 오필리아' });
    expect(all.data).toHaveLength(3);
    const scores = all.data.map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect((await client.vectorStores.search(store.id, { query: '기억 햄릿 오필리아', max_num_results: 2 })).data).toEqual(all.data.slice(0, 2));
    const threshold = (scores[1]! + scores[2]!) / 2;
    const above = await client.vectorStores.search(store.id, { query: '기억 햄릿 오필리아', ranking_options: { score_threshold: threshold } });
    expect(above.data).toEqual(all.data.slice(0, 2));
    expect((await client.vectorStores.search(store.id, { query: '기억 햄릿 오필리아', ranking_options: { score_threshold: 1 } })).data).toEqual([]);
  });

  it('filters on file attributes with comparison and compound filters', async () => {
    const { client, store } = await hamletStore();
    // The spec's comparison filters include `in` and `nin`, which the SDK's type does not list yet.
    const names = async (filters: Record<string, unknown>) =>
      (await client.vectorStores.search(store.id, { query: '햄릿 오필리아 기억', filters: filters as never })).data.map((hit) => hit.filename).sort();
    expect(await names({ type: 'eq', key: 'speaker', value: 'ophelia' })).toEqual(['act4.txt']);
    expect(await names({ type: 'ne', key: 'speaker', value: 'ophelia' })).toEqual(['act1.txt', 'act3.txt']);
    expect(await names({ type: 'gte', key: 'act', value: 3 })).toEqual(['act3.txt', 'act4.txt']);
    expect(await names({ type: 'in', key: 'act', value: [1, 4] })).toEqual(['act1.txt', 'act4.txt']);
    expect(await names({ type: 'nin', key: 'speaker', value: ['ghost'] })).toEqual(['act3.txt', 'act4.txt']);
    expect(
      await names({ type: 'or', filters: [{ type: 'eq', key: 'act', value: 1 }, { type: 'and', filters: [{ type: 'gt', key: 'act', value: 3 }, { type: 'eq', key: 'speaker', value: 'ophelia' }] }] }),
    ).toEqual(['act1.txt', 'act4.txt']);
    expect(await names({ type: 'eq', key: 'missing', value: 'x' })).toEqual([]);
  });

  it('reports a rewritten query as its normalised terms when rewrite_query is set', async () => {
    const { store, key } = await hamletStore();
    const { body } = await rawSearch(key, store.id, { query: '오필리아의 로즈메리는?', rewrite_query: true });
    expect(body.search_query).toEqual(['오필리아 로즈메리']);
    expect(body.data.map((hit) => hit.filename)).toEqual(['act4.txt', 'act3.txt']);
  });

  it('returns only the chunks that match from a long document', async () => {
    const client = h.clientFor(uniqueKey('search-long'));
    const filler = (n: number) => Array.from({ length: n }, (_, i) => `line ${i} of the play`).join('\n');
    const text = `${filler(400)}\nThe readiness is all.\n${filler(400)}`;
    const file = await upload(client, text, 'long.txt');
    const store = await client.vectorStores.create({
      file_ids: [file.id],
      chunking_strategy: { type: 'static', static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 } },
    });
    const page = await client.vectorStores.search(store.id, { query: 'readiness' });
    expect(page.data).toHaveLength(1);
    expect(page.data[0]!.content[0]!.text).toContain('The readiness is all.');
    expect(page.data[0]!.content[0]!.text.length).toBeLessThan(text.length / 10);
  });

  it('validates the request', async () => {
    const { client, store } = await hamletStore();
    const cases: [Record<string, unknown>, string, string][] = [
      [{}, 'query', 'missing_required_parameter'],
      [{ query: 'x', ranking_options: { score_threshold: 2 } }, 'ranking_options.score_threshold', 'decimal_above_max_value'],
      [{ query: 'x', ranking_options: { ranker: 'fast' } }, 'ranking_options.ranker', 'invalid_value'],
      [{ query: 'x', filters: { type: 'eq', key: 'k' } }, 'filters.value', 'missing_required_parameter'],
      [{ query: 'x', colour: 'red' }, 'colour', 'unknown_parameter'],
    ];
    for (const [body, param, code] of cases) {
      const error = await apiError(client.vectorStores.search(store.id, body as never));
      expect([error.status, error.body.param, error.body.code]).toEqual([400, param, code]);
    }
    let nested: Record<string, unknown> = { type: 'eq', key: 'k', value: 1 };
    for (let level = 0; level < 33; level++) nested = { type: 'and', filters: [nested] };
    const deep = await apiError(client.vectorStores.search(store.id, { query: 'x', filters: nested as never }));
    expect(deep.body).toEqual({
      message: "Invalid 'filters': compound filters nest too deeply. Expected at most 32 levels.",
      type: 'invalid_request_error',
      param: 'filters',
      code: 'invalid_value',
    });
    const tooMany = await apiError(client.vectorStores.search(store.id, { query: 'x', max_num_results: 51 }));
    expect([tooMany.status, tooMany.body.param]).toEqual([400, 'max_num_results']);
  });
});
