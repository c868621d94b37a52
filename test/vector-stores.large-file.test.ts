import { describe, expect, it } from 'vitest';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import OpenAI, { toFile } from 'openai';
import { createMockServer } from '@assistants-mock/server';
import { AUTO_CHUNKING, chunkText } from '../packages/mock-server/src/retrieval/chunking.js';

/** About `bytes` of text with a word only its last line holds. */
function largeText(bytes: number): string {
  const line = 'The quick brown fox jumps over the lazy dog while the 여우 runs through the 숲 at night.\n';
  return `${line.repeat(Math.ceil(bytes / Buffer.byteLength(line)))}zanzibarquux ends the file.\n`;
}

describe('a large file added to a vector store', () => {
  it('is indexed between other requests: the event loop never stalls for the whole file, and the result is what indexing it at once gives', async () => {
    const server = createMockServer();
    // Over a real socket: requests arrive as I/O, between which the indexer gets its turns.
    const client = new OpenAI({ baseURL: await server.listen(), apiKey: 'sk-large', maxRetries: 0 });
    try {
      const text = largeText(2 * 1024 * 1024);
      const file = await client.files.create({ file: await toFile(Buffer.from(text), 'large.txt'), purpose: 'assistants' });
      const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
      const store = await client.vectorStores.create({});

      const delay = monitorEventLoopDelay({ resolution: 5 });
      delay.enable();
      const attached = await client.vectorStores.files.create(store.id, { file_id: file.id });
      expect(attached.status).toBe('in_progress');
      // Ordinary requests keep being answered while the file is indexed.
      let served = 0;
      let status = attached.status;
      while (status === 'in_progress') {
        await client.beta.assistants.retrieve(assistant.id);
        served++;
        status = (await client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id })).status;
      }
      delay.disable();

      expect(status).toBe('completed');
      expect(served).toBeGreaterThan(2);
      // Indexing 2 MB at once holds the loop for seconds; one slice takes milliseconds (the bound
      // leaves room for a loaded machine).
      expect(delay.max / 1e6).toBeLessThan(500);

      const chunks = chunkText(text, AUTO_CHUNKING);
      const done = await client.vectorStores.files.retrieve(file.id, { vector_store_id: store.id });
      expect(done.usage_bytes).toBe(chunks.reduce((sum, chunk) => sum + Buffer.byteLength(chunk.text), 0));
      const found = await client.vectorStores.search(store.id, { query: 'zanzibarquux' });
      expect(found.data.map((hit) => hit.content[0]?.text.includes('zanzibarquux'))).toEqual([true]);
    } finally {
      await server.close();
    }
  });

  it('is dropped, not indexed further, when it is detached before indexing ends', async () => {
    const server = createMockServer();
    const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-large', fetch: server.fetch, maxRetries: 0 });
    try {
      const file = await client.files.create({ file: await toFile(Buffer.from(largeText(512 * 1024)), 'large.txt'), purpose: 'assistants' });
      const store = await client.vectorStores.create({});
      await client.vectorStores.files.create(store.id, { file_id: file.id });
      await client.vectorStores.files.delete(file.id, { vector_store_id: store.id });
      for (let i = 0; i < 20; i++) await new Promise((resolve) => setTimeout(resolve, 1));
      expect(server.store.db.prepare('SELECT count(*) FROM chunks').pluck().get()).toBe(0);
      expect((await client.vectorStores.retrieve(store.id)).file_counts).toMatchObject({ total: 0, in_progress: 0 });
    } finally {
      await server.close();
    }
  });
});
