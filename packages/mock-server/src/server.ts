import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import { openDb } from './store/db.js';
import { createStore } from './store/index.js';

export interface MockServerOptions {
  /** SQLite location: a file path, or `:memory:` (the default). */
  db?: string;
  /** Injected time; `manualClock()` in tests. Defaults to the system clock. */
  clock?: Clock;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Largest file `POST /files` accepts, in bytes (default 512 MB, the real service's limit). */
  maxUploadBytes?: number;
  /** How long indexing a vector-store file takes on the clock (default 0: done by the next read). */
  fileProcessingMs?: number;
  /** Largest JSON request body in bytes (default 32 MiB). */
  maxBodyBytes?: number;
}

export interface MockServer {
  app: ReturnType<typeof createApp>;
  /** A fetch that answers in process: `new OpenAI({ baseURL, apiKey, fetch: server.fetch })`. */
  fetch: typeof fetch;
  /** The base URL that goes with `fetch` (no socket behind it). */
  baseURL: string;
  /** Opens a real socket; resolves to the API base URL, e.g. `http://127.0.0.1:4141/v1`. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  close(): Promise<void>;
}

export function createMockServer(options: MockServerOptions = {}): MockServer {
  const db = openDb(options.db ?? ':memory:');
  const store = createStore(db);
  const app = createApp({
    store,
    clock: options.clock ?? systemClock,
    apiKey: options.apiKey,
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024,
    maxUploadBytes: options.maxUploadBytes ?? 512 * 1024 * 1024,
    fileProcessingMs: options.fileProcessingMs ?? 0,
  });
  let server: ServerType | undefined;

  const inProcessFetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    app.fetch(new Request(input, init))) as typeof fetch;

  return {
    app,
    fetch: inProcessFetch,
    baseURL: 'http://assistants-mock.local/v1',
    listen({ port = 0, host = '127.0.0.1' } = {}) {
      return new Promise((resolve, reject) => {
        server = serve({ fetch: app.fetch, port, hostname: host }, (info: AddressInfo) => {
          const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
          resolve(`http://${shownHost}:${info.port}/v1`);
        });
        server.once('error', reject);
      });
    },
    async close() {
      if (server) {
        const closing = server;
        server = undefined;
        await new Promise<void>((resolve) => closing.close(() => resolve()));
      }
      if (db.open) db.close();
    },
  };
}
