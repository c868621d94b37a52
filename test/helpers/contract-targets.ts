import OpenAI from 'openai';
import { afterAll } from 'vitest';
import type { Assistant, AssistantCreateParams } from 'openai/resources/beta/assistants';
import type { Thread, ThreadCreateParams } from 'openai/resources/beta/threads/threads';
import type { Scenario } from '@assistants-mock/fixtures';
import { startHarness, uniqueKey } from './harness.js';
import { startLiveHarness } from './live-harness.js';
import { fakeModel } from './fake-model.js';

/** One server the protocol suite runs against. */
export interface ContractTarget {
  name: string;
  client: OpenAI;
  /** Runs follow scripted fixtures (the mock). False against a real model: fixture-dependent cases are skipped. */
  scripted: boolean;
  model: string;
  /** Per-test time limit: a real model takes seconds per run. */
  timeoutMs: number;
  /** An assistant that is deleted after the file. */
  assistant(params?: Partial<AssistantCreateParams>): Promise<Assistant>;
  /** A thread that is deleted after the file. */
  thread(params?: ThreadCreateParams): Promise<Thread>;
}

/**
 * The targets of the protocol suite: the mock in process, the mock over a real socket, and, when
 * `ASSISTANTS_BASE_URL` and `OPENAI_API_KEY` are set, that endpoint (model: `ASSISTANTS_MODEL`, default
 * gpt-4o-mini). Call at the top of a test file; `scenarios` script the mock's runs.
 */
export async function contractTargets(scenarios: readonly Scenario[]): Promise<ContractTarget[]> {
  const inProcess = await startHarness({ scenarios });
  const overHttp = await startHarness({ scenarios, over: 'http' });
  // Live mode: every run goes to a model (a fake one behind a real socket), as against a real endpoint.
  const live = await startLiveHarness({ over: 'http', upstreamOver: 'http', upstream: { liveOnly: true }, model: fakeModel });
  const targets = [
    target('mock (in process)', inProcess.clientFor(uniqueKey('contract')), { scripted: true, model: 'gpt-4o', timeoutMs: 20_000 }),
    target('mock (HTTP)', overHttp.clientFor(uniqueKey('contract')), { scripted: true, model: 'gpt-4o', timeoutMs: 20_000 }),
    target('mock in live mode (fake model upstream)', live.clientFor(uniqueKey('contract')), { scripted: false, model: 'gpt-4o', timeoutMs: 20_000 }),
  ];
  const { ASSISTANTS_BASE_URL: baseURL, OPENAI_API_KEY: apiKey, ASSISTANTS_MODEL: model = 'gpt-4o-mini' } = process.env;
  if (baseURL && apiKey) {
    targets.push(target(`real endpoint (${baseURL})`, new OpenAI({ baseURL, apiKey }), { scripted: false, model, timeoutMs: 180_000 }));
  }
  return targets;
}

function target(name: string, client: OpenAI, options: Pick<ContractTarget, 'scripted' | 'model' | 'timeoutMs'>): ContractTarget {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    await Promise.allSettled(cleanups.map((cleanup) => cleanup()));
  });
  return {
    name,
    client,
    ...options,
    async assistant(params = {}) {
      const assistant = await client.beta.assistants.create({ model: options.model, ...params });
      cleanups.push(() => client.beta.assistants.delete(assistant.id));
      return assistant;
    },
    async thread(params = {}) {
      const thread = await client.beta.threads.create(params);
      cleanups.push(() => client.beta.threads.delete(thread.id));
      return thread;
    },
  };
}
