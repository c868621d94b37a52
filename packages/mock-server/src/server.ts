import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.js';
import { systemClock, type Clock } from './clock.js';
import { openDb } from './store/db.js';
import { createStore, type Store } from './store/index.js';

export interface MockServerOptions {
  /** SQLite location: a file path, or `:memory:` (the default). */
  db?: string;
  /** Injected time; `manualClock()` in tests. Defaults to the system clock. */
  clock?: Clock;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Largest JSON request body in bytes (default 32 MiB). */
  maxBodyBytes?: number;
}

export interface MockServer {
  app: ReturnType<typeof createApp>;
  /** The SQLite store behind the app, for seeding data in bulk (tests, benchmarks); requests never need it. */
  store: Store;
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
  });
  let server: ServerType | undefined;

  const inProcessFetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    app.fetch(new Request(input, init))) as typeof fetch;

  return {
    app,
    store,
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
        const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
        // Open keep-alive sockets and event streams would hold `close` (and a SIGTERM'd CLI) forever.
        if ('closeAllConnections' in closing) closing.closeAllConnections();
        await closed;
      }
      if (db.open) db.close();
    },
  };
}
