import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { ScenarioSet, type Scenario } from '@assistants-mock/fixtures';
import { createApp } from './app.js';
import { inProcessFetch } from './in-process-fetch.js';
import { systemClock, type Clock } from './clock.js';
import { RunEngine } from './engine/apply.js';
import { searchForRun } from './retrieval/run-search.js';
import { resumeIndexing } from './retrieval/indexer.js';
import { scriptedDriver, type JournalEntry } from './engine/scripted-driver.js';
import { openDb } from './store/db.js';
import { createStore, type Store } from './store/index.js';
import { startCheckpointer } from './store/checkpointer.js';

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
  /** The scenarios runs are matched against (see `loadFixtures`, `defineScenarios`). */
  scenarios?: readonly Scenario[];
}

export interface MockServer {
  app: ReturnType<typeof createApp>;
  /** The SQLite store behind the app, for seeding data in bulk (tests, benchmarks); requests never need it. */
  store: Store;
  /** A fetch that answers in process: `new OpenAI({ baseURL, apiKey, fetch: server.fetch })`. */
  fetch: typeof fetch;
  /** The base URL that goes with `fetch` (no socket behind it). */
  baseURL: string;
  /** Puts scenarios in front of the loaded ones, for every API key. */
  use(...scenarios: Scenario[]): void;
  /** Puts scenarios in front for one API key only (parallel tests stay apart). */
  useFor(apiKey: string, ...scenarios: Scenario[]): void;
  /** Drops the scenarios added by `use`/`useFor` (all, or one key's). */
  reset(apiKey?: string): void;
  /** Runs that no scenario matched, with the reason: read it when a run unexpectedly fails. */
  journal(): readonly JournalEntry[];
  /** Opens a real socket; resolves to the API base URL, e.g. `http://127.0.0.1:4141/v1`. */
  listen(options?: { port?: number; host?: string }): Promise<string>;
  close(): Promise<void>;
}

export function createMockServer(options: MockServerOptions = {}): MockServer {
  const db = openDb(options.db ?? ':memory:');
  const store = createStore(db);
  const checkpointer = db.memory ? null : startCheckpointer(db);
  const clock = options.clock ?? systemClock;
  resumeIndexing(store, clock.now());
  const scenarios = new ScenarioSet(options.scenarios ?? []);
  const journal: JournalEntry[] = [];
  const engine = new RunEngine(store, clock, scriptedDriver(scenarios, journal), searchForRun(store));
  const app = createApp({
    store,
    clock,
    engine,
    scenarios,
    journal,
    apiKey: options.apiKey,
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024,
    maxUploadBytes: options.maxUploadBytes ?? 512 * 1024 * 1024,
    fileProcessingMs: options.fileProcessingMs ?? 0,
  });
  let server: ServerType | undefined;

  return {
    app,
    store,
    fetch: inProcessFetch(app),
    baseURL: 'http://assistants-mock.local/v1',
    use: (...list) => scenarios.use(...list),
    useFor: (apiKey, ...list) => scenarios.useFor(apiKey, ...list),
    reset: (apiKey) => scenarios.reset(apiKey),
    journal: () => journal,
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
      await checkpointer?.stop();
      if (db.open) {
        store.flush();
        db.close();
      }
    },
  };
}
