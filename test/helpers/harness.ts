import OpenAI from 'openai';
import { afterAll, afterEach } from 'vitest';
import { createMockServer, type MockServer, type MockServerOptions } from '@assistants-mock/server';
import { checkResponse, checkStreamBlock, takeConformanceFailures } from './conformance.js';
import { tapSseBlocks } from './sse.js';

export interface Harness {
  server: MockServer;
  client: OpenAI;
  /** A client with another API key: it sees none of `client`'s objects. */
  clientFor(apiKey: string): OpenAI;
  /** The API base URL the clients use (in process, or the socket's with `over: 'http'`). */
  baseURL: string;
  /** The fetch the clients use: every JSON response it returns is checked against the spec. */
  fetch: typeof fetch;
  /** Raw HTTP through the same in-process fetch (for requests the SDK would never send). */
  raw(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
}

/**
 * An in-process mock server and the official SDK pointed at it; every JSON response and every
 * streamed event is checked against its OpenAPI schema. `over: 'http'` puts a real socket between them.
 */
export async function startHarness(options: MockServerOptions & { over?: 'memory' | 'http' } = {}): Promise<Harness> {
  const server = createMockServer(options);
  const baseURL = options.over === 'http' ? await server.listen({ port: 0 }) : server.baseURL;
  const checkedFetch = conformingFetch(options.over === 'http' ? fetch : server.fetch);
  const clientFor = (apiKey: string) => new OpenAI({ baseURL, apiKey, fetch: checkedFetch, maxRetries: 0 });
  const harness: Harness = {
    server,
    baseURL,
    fetch: checkedFetch,
    client: clientFor(options.apiKey ?? 'sk-test-default'),
    clientFor,
    raw(path, init = {}) {
      const { json, ...rest } = init;
      const headers = new Headers(rest.headers);
      if (!headers.has('authorization')) headers.set('authorization', `Bearer ${options.apiKey ?? 'sk-test-default'}`);
      if (json !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
      return checkedFetch(`${baseURL}${path}`, {
        ...rest,
        headers,
        ...(json !== undefined && { body: JSON.stringify(json) }),
      });
    },
  };
  afterAll(() => server.close());
  failOnConformanceErrors();
  return harness;
}

/** Wraps a fetch so every JSON response and every streamed event is checked against the OpenAPI spec. */
export function conformingFetch(transport: typeof fetch): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await transport(input, init);
    const request = new Request(input, init);
    if (response.body && (response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
      const where = `${request.method} ${new URL(request.url).pathname} (stream)`;
      return new Response(response.body.pipeThrough(tapSseBlocks((block) => checkStreamBlock(block, where))), response);
    }
    await checkResponse(request, response.clone());
    return response;
  }) as typeof fetch;
}

/** Fails the current test if any response it received did not match the spec. */
export function failOnConformanceErrors() {
  afterEach(() => {
    const failures = takeConformanceFailures();
    if (failures.length > 0) throw new Error(`Responses that do not match the OpenAPI spec:\n${failures.join('\n\n')}`);
  });
}

/** A unique key per test file or case, so parallel tests never see each other's objects. */
export const uniqueKey = (label: string) => `sk-${label}-${Math.random().toString(36).slice(2, 10)}`;
