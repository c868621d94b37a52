import type { Clock } from './clock.js';
import type { Store } from './store/index.js';
import type { RunEngine } from './engine/apply.js';
import type { ScenarioSet } from '@assistants-mock/fixtures';
import type { JournalEntry } from './engine/scripted-driver.js';
import type { FaultTable } from './faults.js';
import type { RequestJournal } from './request-journal.js';

/** Everything a route needs, assembled once by `createApp`. */
export interface AppDeps {
  store: Store;
  clock: Clock;
  engine: RunEngine;
  /** The scenarios runs play, with per-key overrides (see the control routes). */
  scenarios: ScenarioSet;
  /** Runs that no scenario matched. */
  journal: readonly JournalEntry[];
  /** Every API request, per key (bounded). */
  requests: RequestJournal;
  /** Faults injected per key. */
  faults: FaultTable;
  /** When set, only this bearer key is accepted. */
  apiKey?: string | undefined;
  /** Largest JSON request body, in bytes. */
  maxBodyBytes: number;
  /** Largest file `POST /files` accepts, in bytes. */
  maxUploadBytes: number;
  /** How long indexing a vector-store file takes on the clock (0: done by the next read). */
  fileProcessingMs: number;
  /** How long an event stream may wait on a client that does not read before the client is dropped. */
  stalledStreamMs: number;
}

/** Hono context variables set by the middleware. */
export interface AppEnv {
  Variables: {
    /** The API key that owns the objects of this request (isolation like OpenAI projects). */
    owner: string;
  };
}
