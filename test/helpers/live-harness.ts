import { afterAll, beforeEach } from 'vitest';
import type { MockServerOptions } from '@assistants-mock/server';
import { startHarness, type Harness } from './harness.js';
import { fakeUpstream, type FakeReply, type FakeRequest, type FakeUpstream } from './fake-upstream.js';

export interface LiveHarness extends Harness {
  /** The Chat Completions server behind the mock: script its replies, read its requests. */
  upstream: FakeUpstream;
}

export interface LiveHarnessOptions extends Omit<MockServerOptions, 'upstream'> {
  /** Where the SDK reaches the mock. */
  over?: 'memory' | 'http';
  /** Where the mock reaches the fake upstream: its in-process fetch, or a real socket. */
  upstreamOver?: 'memory' | 'http';
  upstream?: Partial<NonNullable<MockServerOptions['upstream']>>;
  /** Answers every request no test scripted (restored before each test). */
  model?: (request: FakeRequest) => FakeReply;
}

/**
 * A mock server in live mode with a fake upstream behind it. The fake's queue is emptied before each
 * test; retries are quick (the fake's errors carry `retry-after-ms: 1` where a test wants them).
 */
export async function startLiveHarness(options: LiveHarnessOptions = {}): Promise<LiveHarness> {
  const upstream = fakeUpstream();
  const { upstreamOver = 'memory', upstream: upstreamOptions, model, ...rest } = options;
  const baseURL = upstreamOver === 'http' ? await upstream.listen() : upstream.baseURL;
  const h = await startHarness({
    ...rest,
    upstream: { baseURL, ...(upstreamOver === 'memory' && { fetch: upstream.fetch }), maxRetries: 2, stallTimeoutMs: 2_000, ...upstreamOptions },
  });
  afterAll(() => upstream.close());
  const restore = () => {
    upstream.reset();
    if (model) upstream.fallback(model);
  };
  restore();
  beforeEach(restore);
  return { ...h, upstream };
}

export const textOf = (message: { content: { type: string; text?: { value: string } }[] }) => message.content.map((p) => p.text?.value ?? '').join('');
