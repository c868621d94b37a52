import { getRequestListener } from '@hono/node-server';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScenarioSet, type Scenario } from '@assistants-mock/fixtures';
import { createApp } from './app.js';
import type { AppDeps } from './deps.js';
import { withReadLane } from './middleware/read-lane.js';
import { hostGuard, isLoopbackBind } from './middleware/host-check.js';
import { answerProtocolErrors, unparsableRequest } from './middleware/protocol-errors.js';
import { inProcessFetch } from './in-process-fetch.js';
import { systemClock, type Clock } from './clock.js';
import { RunEngine } from './engine/apply.js';
import { searchForRun } from './retrieval/run-search.js';
import { resumeIndexing } from './retrieval/indexer.js';
import { scriptedDriver, type JournalEntry } from './engine/scripted-driver.js';
import { recordingDriver, type RecordOptions } from './record/recording-driver.js';
import type { WrittenRecording } from './record/recorder.js';
import { createUpstream, type UpstreamOptions } from './live/upstream.js';
import { liveDriver } from './live/live-driver.js';
import { withCodeExecution } from './sandbox/code-driver.js';
import { createSandboxPool, type SandboxOptions, type SandboxPool } from './sandbox/pool.js';
import { openDb } from './store/db.js';
import { ownerOf } from './owner.js';
import { createStore, type Store } from './store/index.js';
import { deleteOwnerData, type OwnerCounts } from './store/owner-data.js';
import { FaultTable, type FaultRule, type StoredFault } from './faults.js';
import { RequestJournal, type JournaledRequest } from './request-journal.js';
import { startCheckpointer } from './store/checkpointer.js';

export interface MockServerOptions {
  /** SQLite location: a file path, or `:memory:` (the default). */
  db?: string;
  /** Injected time; `manualClock()` in tests. Defaults to the system clock. */
  clock?: Clock;
  /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
  apiKey?: string;
  /** Limits of the Python sandbox that runs code_interpreter steps without scripted output (started on first use). */
  sandbox?: SandboxOptions;
  /** Largest file `POST /files` accepts, in bytes (default 512 MB, the real service's limit). */
  maxUploadBytes?: number;
  /** How long indexing a vector-store file takes on the clock (default 0: done by the next read). */
  fileProcessingMs?: number;
  /** Largest JSON request body in bytes (default 32 MiB). */
  maxBodyBytes?: number;
  /** The scenarios runs are matched against (see `loadFixtures`, `defineScenarios`). */
  scenarios?: readonly Scenario[];
  /** Writes each run, when it ends, as a scenario into `record.dir` (see README "Recording"). */
  record?: RecordOptions;
  /** How long a streamed run waits on a client that stopped reading before dropping it (default 30 s). */
  stalledStreamMs?: number;
  /** Host names (besides loopback ones) a server bound to loopback answers; others get a 403 (DNS rebinding). */
  allowedHosts?: readonly string[];
  /**
   * Live runs: a run no scenario matches (every run with `liveOnly`) is played by a model behind
   * this Chat Completions endpoint. The key stays in memory: it is never stored or shown.
   */
  upstream?: UpstreamOptions & { liveOnly?: boolean };
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
  /** Drops the scenarios added by `use`/`useFor` and the injected faults (all, or one key's). */
  reset(apiKey?: string): void;
  /** Runs that no scenario matched, with the reason: read it when a run unexpectedly fails. */
  journal(): readonly JournalEntry[];
  /** Every request of one key (the newest 1,000): method, path, status, the object ids involved. */
  requests(apiKey: string): readonly JournaledRequest[];
  /** Makes the next `times` requests of one key to a route answer 429/500/503, or wait `latencyMs`. */
  injectFault(apiKey: string, rule: FaultRule): StoredFault;
  /** Forgets every object one key made (one transaction); other keys keep theirs. */
  deleteData(apiKey: string): OwnerCounts;
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
  const requests = new RequestJournal();
  const faults = new FaultTable();
  const scripted = scriptedDriver(scenarios, journal, store.scripts);
  const { upstream } = options;
  // Re-recording everything (`record.mode: 'all'`) sends every run live, as `liveOnly` does.
  const hybrid = !upstream?.liveOnly && options.record?.mode !== 'all';
  const played = upstream ? liveDriver(createUpstream(upstream), hybrid ? scripted : null) : scripted;
  let sandbox: SandboxPool | undefined;
  const executing = withCodeExecution(played, {
    store,
    clock,
    sandbox: () => (sandbox ??= createSandboxPool(options.sandbox)),
  });
  const driver = options.record ? recordingDriver(executing, { ...options.record, onRecorded: recorded(options.record) }) : executing;
  /** With a model behind the server (hybrid), a question asked again replays its recording instead of going live. */
  function recorded(record: RecordOptions) {
    return (written: WrittenRecording) => {
      if (upstream && hybrid) scenarios.use(written.scenario);
      record.onRecorded?.(written);
    };
  }
  const engine = new RunEngine(store, clock, driver, searchForRun(store));
  const deps: AppDeps = {
    store,
    clock,
    engine,
    scenarios,
    journal,
    requests,
    faults,
    apiKey: options.apiKey,
    maxBodyBytes: options.maxBodyBytes ?? 32 * 1024 * 1024,
    maxUploadBytes: options.maxUploadBytes ?? 512 * 1024 * 1024,
    fileProcessingMs: options.fileProcessingMs ?? 0,
    stalledStreamMs: options.stalledStreamMs ?? 30_000,
  };
  const app = createApp(deps);
  let server: Server | undefined;

  return {
    app,
    store,
    fetch: inProcessFetch(app),
    baseURL: 'http://assistants-mock.local/v1',
    use: (...list) => scenarios.use(...list),
    useFor: (apiKey, ...list) => scenarios.useFor(ownerOf(apiKey), ...list),
    reset(apiKey) {
      const owner = apiKey === undefined ? undefined : ownerOf(apiKey);
      scenarios.reset(owner);
      faults.clear(owner);
    },
    journal: () => journal,
    requests: (apiKey) => requests.list(ownerOf(apiKey)),
    injectFault: (apiKey, rule) => faults.add(ownerOf(apiKey), rule),
    deleteData: (apiKey) => deleteOwnerData(store, ownerOf(apiKey)),
    listen({ port = 0, host = '127.0.0.1' } = {}) {
      return new Promise((resolve, reject) => {
        const guard = isLoopbackBind(host) ? hostGuard(options.allowedHosts ?? []) : null;
        const listener = getRequestListener(
          (request, env) => {
            const refused = guard?.(env.incoming.headers.host as string | undefined);
            return refused ? Response.json({ error: refused.body }, { status: refused.status }) : app.fetch(request, env);
          },
          { hostname: host, errorHandler: unparsableRequest },
        );
        server = createServer(withReadLane(deps, (name) => !guard?.(name), listener));
        answerProtocolErrors(server);
        server.once('error', reject);
        server.listen(port, host, () => {
          const info = server!.address() as AddressInfo;
          const shownHost = info.family === 'IPv6' ? `[${info.address}]` : info.address;
          resolve(`http://${shownHost}:${info.port}/v1`);
        });
      });
    },
    async close() {
      // Turns in flight stop here; a server opened on the same file asks them again.
      engine.close();
      if (server) {
        const closing = server;
        server = undefined;
        const closed = new Promise<void>((resolve) => closing.close(() => resolve()));
        // Open keep-alive sockets and event streams would hold `close` (and a SIGTERM'd CLI) forever.
        closing.closeAllConnections();
        await closed;
      }
      await sandbox?.close();
      await checkpointer?.stop();
      if (db.open) {
        store.flush();
        db.close();
      }
    },
  };
}
