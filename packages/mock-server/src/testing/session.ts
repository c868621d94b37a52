import { randomUUID } from 'node:crypto';
import OpenAI, { type ClientOptions } from 'openai';
import { defineScenarios, type Scenario, type ScenarioInput } from '@assistants-mock/fixtures';
import type { FaultRule, StoredFault } from '../faults.js';
import type { JournaledRequest } from '../request-journal.js';
import type { JournalEntry } from '../engine/scripted-driver.js';

export interface SessionOptions {
  /** The key this session's objects, scenarios and faults belong to (default: a new random one). */
  apiKey?: string;
  /** Passed on to `new OpenAI(...)` (e.g. `maxRetries`, `timeout`). */
  clientOptions?: Omit<ClientOptions, 'apiKey' | 'baseURL'>;
}

/** One API key's view of a running server: its own objects, scenarios, faults and journals. */
export interface AssistantsMockSession {
  apiKey: string;
  /** The API base URL, e.g. `http://127.0.0.1:53121/v1`. */
  baseURL: string;
  /** The official SDK, pointed at the server with this session's key. */
  client: OpenAI;
  /** Puts scenarios in front of the loaded ones, for this key only (checked as a fixture file is). */
  use(...scenarios: ScenarioInput[]): Promise<void>;
  /** Makes the next `times` requests matching a route answer 429/500/503, or wait `latencyMs`. */
  fault(rule: FaultRule): Promise<StoredFault>;
  /** Every request this key made (the newest 1,000): method, path, status, object ids. */
  requests(): Promise<JournaledRequest[]>;
  /** Runs of this key that no scenario matched, with the nearest scenario and why. */
  unmatchedRuns(): Promise<JournalEntry[]>;
  /** Drops this key's scenarios, faults and request journal, and with `{ data: true }` its objects too. */
  reset(options?: { data?: boolean }): Promise<void>;
}

/**
 * Connects to a server started by `startAssistantsMock`, `npx assistants-mock serve` or anything
 * else, through its control routes: works from any test runner and any process.
 */
export function connectAssistantsMock(baseURL: string, options: SessionOptions = {}): AssistantsMockSession {
  const apiKey = options.apiKey ?? `sk-test-${randomUUID()}`;
  const control = new URL('/__assistants_mock/', baseURL);
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(new URL(path, control), {
      method,
      headers: { authorization: `Bearer ${apiKey}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const json = (await response.json()) as T & { error?: { message: string } };
    if (!response.ok) throw new Error(`assistants-mock ${method} ${path}: ${json.error?.message ?? response.status}`);
    return json;
  };
  const list = async <T>(path: string) => (await call<{ data: T[] }>('GET', path)).data;

  return {
    apiKey,
    baseURL,
    client: new OpenAI({ ...options.clientOptions, apiKey, baseURL }),
    async use(...scenarios) {
      // Checked here too, so a mistake fails where it was written.
      const checked: Scenario[] = defineScenarios(scenarios, 'use()');
      await call('POST', 'scenarios', { scenarios: checked });
    },
    fault: (rule) => call('POST', 'faults', rule),
    requests: () => list('requests'),
    unmatchedRuns: () => list('journal'),
    async reset({ data = false } = {}) {
      await Promise.all([
        call('DELETE', 'scenarios'),
        call('DELETE', 'faults'),
        call('DELETE', 'requests'),
        ...(data ? [call('DELETE', 'data')] : []),
      ]);
    },
  };
}
