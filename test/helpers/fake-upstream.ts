import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';

/**
 * A Chat Completions server for tests, speaking the real streaming wire format byte for byte: a role
 * chunk, content deltas, tool-call deltas split across chunks (`index`, then `id`/`type`/`name`, then
 * `arguments` in pieces), `finish_reason`, the usage chunk `stream_options.include_usage` asks for,
 * `data: [DONE]`. Each request takes the next scripted reply (or asks `reply(request)`), so a test says
 * exactly what the "model" does. Served on a real socket (`listen`) and in process (`fetch`).
 */

export interface FakeToolCall {
  name: string;
  arguments: string;
  /** The upstream's own id (default `call_up_<n>`). */
  id?: string;
}

export type FakeReply =
  | {
      /** Text the model writes, as these content deltas (a string is cut into words). */
      text?: string | string[];
      toolCalls?: FakeToolCall[];
      /** Text the model writes after its tool calls (some models do), cut into words. */
      textAfterCalls?: string;
      /** Default `tool_calls` when there are calls, else `stop`. */
      finish?: 'stop' | 'length' | 'tool_calls' | 'content_filter';
      /** Default: counted from the request and the reply; null sends no usage chunk. */
      usage?: { prompt_tokens: number; completion_tokens: number } | null;
      /** Milliseconds between chunks. */
      delayMs?: number;
      /** Stop sending (without ending the response) after this many chunks. */
      stallAfter?: number;
      /** End the response (no finish, no [DONE]) after this many chunks. */
      endAfter?: number;
      /** Bytes sent after the chunks instead of the usage chunk and `[DONE]`. */
      garbage?: string;
    }
  | { status: number; error?: { message: string; type?: string; param?: string | null; code?: string | null }; headers?: Record<string, string> }
  /** The connection is closed before any answer. */
  | { drop: true };

export interface FakeRequest {
  body: ChatCompletionCreateParamsStreaming;
  headers: Record<string, string>;
  /** Set when the client went away before the reply ended (the server saw the abort). */
  aborted: boolean;
}

export interface FakeUpstream {
  /** `http://127.0.0.1:<port>/v1` after `listen`, else an in-process address for `fetch`. */
  baseURL: string;
  /** Answers in process with the same bytes as the socket. */
  fetch: typeof fetch;
  listen(): Promise<string>;
  close(): Promise<void>;
  /** Queues replies, taken one per request in order. */
  reply(...replies: FakeReply[]): void;
  /** Answers every request with no queued reply. */
  fallback(make: (request: FakeRequest) => FakeReply): void;
  /** Every request received, in order. */
  requests: FakeRequest[];
  /** Resolves once `count` requests have arrived. */
  received(count: number): Promise<FakeRequest[]>;
  reset(): void;
}

const MODEL_FINGERPRINT = 'fp_f33640a400';

export function fakeUpstream(): FakeUpstream {
  const queue: FakeReply[] = [];
  let fallback: ((request: FakeRequest) => FakeReply) | null = null;
  const requests: FakeRequest[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  let server: Server | undefined;
  let completions = 0;

  const take = (request: FakeRequest): FakeReply => {
    requests.push(request);
    for (const waiter of waiters.splice(0)) {
      if (requests.length >= waiter.count) waiter.resolve();
      else waiters.push(waiter);
    }
    return queue.shift() ?? fallback?.(request) ?? { status: 500, error: { message: 'fake upstream: no reply scripted' } };
  };

  const answer = (body: ChatCompletionCreateParamsStreaming, headers: Record<string, string>) => {
    const request: FakeRequest = { body, headers, aborted: false };
    const reply = take(request);
    return { request, reply, chunks: 'status' in reply || 'drop' in reply ? emptyStream() : streamChunks(reply, body, ++completions) };
  };

  const upstream: FakeUpstream = {
    baseURL: 'http://fake-upstream.local/v1',
    requests,
    reply: (...replies) => void queue.push(...replies),
    fallback: (make) => void (fallback = make),
    reset() {
      queue.length = 0;
      requests.length = 0;
      fallback = null;
    },
    received(count) {
      if (requests.length >= count) return Promise.resolve(requests.slice());
      return new Promise((resolve) => waiters.push({ count, resolve: () => resolve(requests.slice()) }));
    },
    async fetch(input, init) {
      const request = new Request(input, init);
      const headers = headersOf(request.headers);
      const { request: seen, reply, chunks } = answer(await request.json(), headers);
      if ('drop' in reply) throw new TypeError('fetch failed', { cause: new Error('other side closed') });
      if ('status' in reply) return errorResponse(reply);
      const signal = request.signal;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          // As a real fetch does: an abort errors the body the client is reading.
          signal.addEventListener(
            'abort',
            () => {
              seen.aborted = true;
              controller.error(signal.reason);
            },
            { once: true },
          );
        },
        async pull(controller) {
          const next = await chunks.next();
          if (signal.aborted) return;
          if (next.done) controller.close();
          else if (next.value !== null) controller.enqueue(new TextEncoder().encode(next.value));
          // A stall: nothing more until the client gives up.
          else await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
        },
        cancel() {
          seen.aborted = true;
        },
      });
      return new Response(body, { headers: streamHeaders() });
    },
    listen() {
      server = createServer(async (req, res) => {
        const parts: Buffer[] = [];
        for await (const part of req) parts.push(part as Buffer);
        const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
        const { request: seen, reply, chunks } = answer(JSON.parse(Buffer.concat(parts).toString('utf8')), headers);
        res.on('close', () => {
          if (!res.writableFinished) seen.aborted = true;
        });
        if ('drop' in reply) return void req.socket.destroy();
        if ('status' in reply) {
          const response = errorResponse(reply);
          res.writeHead(response.status, headersOf(response.headers));
          return void res.end(await response.text());
        }
        res.writeHead(200, streamHeaders());
        res.flushHeaders();
        for await (const chunk of chunks) {
          if (seen.aborted) return;
          if (chunk === null) return; // stalled: the response stays open, silent
          res.write(chunk);
        }
        res.end();
      });
      return new Promise((resolve) => {
        server!.listen(0, '127.0.0.1', () => {
          upstream.baseURL = `http://127.0.0.1:${(server!.address() as AddressInfo).port}/v1`;
          resolve(upstream.baseURL);
        });
      });
    },
    async close() {
      if (!server) return;
      server.closeAllConnections();
      await new Promise((resolve) => server!.close(resolve));
    },
  };
  return upstream;
}

async function* emptyStream(): AsyncGenerator<string | null> {}

function headersOf(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, name) => (out[name] = value));
  return out;
}

const streamHeaders = () => ({
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-request-id': `req_${Math.random().toString(16).slice(2, 14)}`,
});

function errorResponse(reply: Extract<FakeReply, { status: number }>): Response {
  const error = { message: 'fake upstream error', type: 'server_error', param: null, code: null, ...reply.error };
  return new Response(JSON.stringify({ error }), {
    status: reply.status,
    headers: { 'content-type': 'application/json', 'x-request-id': 'req_fake', ...reply.headers },
  });
}

/** Words with their leading space, as model tokens come. */
const words = (text: string) => text.match(/\s*\S+|\s+/gu) ?? [];

/**
 * The SSE body of one completion as frames; `null` marks a stall (the server then sends nothing more).
 */
async function* streamChunks(reply: Extract<FakeReply, { text?: unknown }>, body: ChatCompletionCreateParamsStreaming, n: number): AsyncGenerator<string | null> {
  const id = `chatcmpl-fake${n}`;
  const created = Math.floor(Date.now() / 1000);
  const withUsage = body.stream_options?.include_usage === true;
  const chunk = (delta: object | null, finish: string | null = null, usage: object | null = null) =>
    `data: ${JSON.stringify({
      id,
      object: 'chat.completion.chunk',
      created,
      model: body.model,
      service_tier: 'default',
      system_fingerprint: MODEL_FINGERPRINT,
      choices: delta === null ? [] : [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      ...(withUsage && { usage }),
    })}\n\n`;
  const pieces = typeof reply.text === 'string' ? words(reply.text) : (reply.text ?? []);
  const calls = reply.toolCalls ?? [];
  const frames: string[] = [];
  if (calls.length > 0 && pieces.length === 0) {
    frames.push(chunk({ role: 'assistant', content: null, tool_calls: [callHeader(calls[0]!, 0, n)], refusal: null }));
  } else {
    frames.push(chunk({ role: 'assistant', content: '', refusal: null }));
    for (const piece of pieces) frames.push(chunk({ content: piece }));
    if (calls[0]) frames.push(chunk({ tool_calls: [callHeader(calls[0], 0, n)] }));
  }
  calls.forEach((call, index) => {
    if (index > 0) frames.push(chunk({ tool_calls: [callHeader(call, index, n)] }));
    // Arguments arrive in pieces of a few characters, as a model writes them.
    for (const piece of call.arguments.match(/[\s\S]{1,4}/g) ?? []) frames.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
  });
  const after = words(reply.textAfterCalls ?? '');
  for (const piece of after) frames.push(chunk({ content: piece }));
  frames.push(chunk({}, reply.finish ?? (calls.length > 0 ? 'tool_calls' : 'stop')));
  const completion = [...pieces, ...after].join('').length + calls.reduce((sum, call) => sum + call.arguments.length, 0);
  const usage = reply.usage === undefined ? { prompt_tokens: Math.ceil(JSON.stringify(body.messages).length / 4), completion_tokens: Math.ceil(completion / 4) } : reply.usage;
  for (const [index, frame] of frames.entries()) {
    if (reply.endAfter !== undefined && index >= reply.endAfter) return;
    if (reply.stallAfter !== undefined && index >= reply.stallAfter) {
      yield null;
      return;
    }
    if (reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    yield frame;
  }
  if (reply.garbage !== undefined) {
    yield reply.garbage;
    return;
  }
  if (withUsage && usage) {
    yield chunk(null, null, {
      ...usage,
      total_tokens: usage.prompt_tokens + usage.completion_tokens,
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });
  }
  yield 'data: [DONE]\n\n';
}

function callHeader(call: FakeToolCall, index: number, n: number) {
  return { index, id: call.id ?? `call_up_${n}_${index}`, type: 'function', function: { name: call.name, arguments: '' } };
}
