import { describe, expect, it } from 'vitest';
import { openDb } from '../store/db.js';
import { createStore } from '../store/index.js';
import { buildFile } from '../objects/file.js';
import type { IndexingContext } from './attach.js';
import type { Assistant } from 'openai/resources/beta/assistants';
import type { Thread } from 'openai/resources/beta/threads/threads';
import { runVectorStoreIds, searchVectorStores, toFileSearchStepResult } from './search.js';
import { createVectorStore } from './vector-stores.js';

const OWNER = 'sk-engine';
const NOW = Date.UTC(2026, 0, 1);

/** A store with files indexed directly, as the run engine sees it (no HTTP). */
function setup(processingMs = 0) {
  const store = createStore(openDb(':memory:'));
  const ctx: IndexingContext = { store, owner: OWNER, nowMs: NOW, processingMs };
  const addFile = (filename: string, text: string) => {
    const file = buildFile({ filename, bytes: Buffer.byteLength(text), purpose: 'assistants', createdAt: NOW / 1000 });
    store.files.insert(OWNER, file, Buffer.from(text), { text });
    return file.id;
  };
  return { store, ctx, addFile };
}

describe('searchVectorStores (the file_search engine entry point)', () => {
  it('searches every named store, drops unknown ones, and reports each chunk once', () => {
    const { store, ctx, addFile } = setup();
    const ophelia = addFile('ophelia.txt', '오필리아: 여기 로즈메리가 있어요, 기억을 위한 것이죠.');
    const hamlet = addFile('hamlet.txt', '햄릿: 약한 자여, 그대 이름은 여자로다.');
    const assistantStore = store.transaction(() => createVectorStore(ctx, { file_ids: [ophelia, hamlet] })).record.id;
    const threadStore = store.transaction(() => createVectorStore(ctx, { file_ids: [ophelia] })).record.id;
    const hits = searchVectorStores(store, OWNER, [assistantStore, threadStore, 'vs_unknown'], '로즈메리 기억', { nowMs: NOW, maxNumResults: 20 });
    expect(hits.map((hit) => [hit.file_id, hit.filename])).toEqual([[ophelia, 'ophelia.txt']]);
    expect(hits[0]!.content).toEqual([{ type: 'text', text: '오필리아: 여기 로즈메리가 있어요, 기억을 위한 것이죠.' }]);
    expect(searchVectorStores(store, 'sk-someone-else', [assistantStore], '로즈메리', { nowMs: NOW, maxNumResults: 20 })).toEqual([]);
  });

  it('shapes results for run steps: file_name, and content only when include[] asks for it', () => {
    const { store, ctx, addFile } = setup();
    const id = addFile('ophelia.txt', '오필리아의 노래');
    const vs = store.transaction(() => createVectorStore(ctx, { file_ids: [id] })).record.id;
    const [hit] = searchVectorStores(store, OWNER, [vs], '오필리아', { nowMs: NOW, maxNumResults: 20 });
    expect(toFileSearchStepResult(hit!, false)).toEqual({ file_id: id, file_name: 'ophelia.txt', score: hit!.score });
    expect(toFileSearchStepResult(hit!, true)).toEqual({ file_id: id, file_name: 'ophelia.txt', score: hit!.score, content: hit!.content });
  });

  it('sees a file only once its indexing is done on the clock it is given', () => {
    const { store, ctx, addFile } = setup(1000);
    const id = addFile('late.txt', '늦게 끝나는 색인');
    const vs = store.transaction(() => createVectorStore(ctx, { file_ids: [id] })).record.id;
    expect(searchVectorStores(store, OWNER, [vs], '색인', { nowMs: NOW + 999, maxNumResults: 5 })).toEqual([]);
    expect(searchVectorStores(store, OWNER, [vs], '색인', { nowMs: NOW + 1000, maxNumResults: 5 })).toHaveLength(1);
  });

  it('gives the same scores for the same files, whatever else the database holds', () => {
    const first = setup();
    const second = setup();
    const text = '햄릿: 덴마크에는 무언가 썩은 것이 있다.';
    const vsA = first.store.transaction(() => createVectorStore(first.ctx, { file_ids: [first.addFile('a.txt', text)] })).record.id;
    second.store.transaction(() => createVectorStore(second.ctx, { file_ids: [second.addFile('noise.txt', '덴마크 덴마크 덴마크')] }));
    const vsB = second.store.transaction(() => createVectorStore(second.ctx, { file_ids: [second.addFile('a.txt', text)] })).record.id;
    const score = (s: ReturnType<typeof setup>, vs: string) => searchVectorStores(s.store, OWNER, [vs], '덴마크 썩은', { nowMs: NOW, maxNumResults: 1 })[0]!.score;
    expect(score(second, vsB)).toBe(score(first, vsA));
  });

  it("names a run's stores: the assistant's, then the thread's, each once", () => {
    const assistant = { tool_resources: { file_search: { vector_store_ids: ['vs_a', 'vs_shared'] } } } as Pick<Assistant, 'tool_resources'>;
    const thread = { tool_resources: { file_search: { vector_store_ids: ['vs_shared', 'vs_t'] } } } as Pick<Thread, 'tool_resources'>;
    expect(runVectorStoreIds(assistant, thread)).toEqual(['vs_a', 'vs_shared', 'vs_t']);
    expect(runVectorStoreIds({ tool_resources: null }, { tool_resources: {} })).toEqual([]);
  });

  it('scores a chunk the same whether or not the query also has a word no file contains', () => {
    const { store, ctx, addFile } = setup();
    const vs = store.transaction(() => createVectorStore(ctx, { file_ids: [addFile('a.txt', '오필리아의 노래'), addFile('b.txt', '햄릿의 독백')] })).record.id;
    const search = (query: string) => searchVectorStores(store, OWNER, [vs], query, { nowMs: NOW, maxNumResults: 5 });
    expect(search('오필리아의 아버지')).toEqual(search('오필리아'));
    expect(search('오필리아')[0]!.score).toBeGreaterThan(0.3);
  });

  it('finds a rare word anywhere in a store whose other query word is too common to rank all its matches', () => {
    const { store, ctx, addFile } = setup();
    // 30 files of 100 chunks: "the" is in all 3,000, "yorick" in the last chunk only.
    const chunk = (n: number) => `${Array.from({ length: 24 }, (_, i) => `the line ${n}x${i} goes`).join(' ')}.`;
    const files = Array.from({ length: 30 }, (_, f) =>
      addFile(`part${f}.txt`, Array.from({ length: 100 }, (_, c) => chunk(f * 100 + c) + (f === 29 && c === 99 ? ' alas poor yorick' : '')).join('\n')),
    );
    const chunking = { type: 'static' as const, static: { max_chunk_size_tokens: 100, chunk_overlap_tokens: 0 } };
    const vs = store.transaction(() => createVectorStore(ctx, { file_ids: files, chunking_strategy: chunking })).record.id;
    expect(store.db.prepare('SELECT count(*) FROM chunks').pluck().get()).toBeGreaterThan(2_000);
    const [best] = searchVectorStores(store, OWNER, [vs], 'the yorick', { nowMs: NOW, maxNumResults: 5 });
    expect(best).toMatchObject({ filename: 'part29.txt' });
    expect(best!.content[0]!.text).toContain('yorick');
    expect(searchVectorStores(store, OWNER, [vs], 'the', { nowMs: NOW, maxNumResults: 5 })).toHaveLength(5);
  });
});

