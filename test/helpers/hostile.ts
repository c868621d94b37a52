/**
 * Hostile requests of every kind issue #10 lists, built as raw HTTP so that sending them costs the sender
 * nothing: shared by test/hardening.event-loop.test.ts and bench/hostile.ts.
 * Sizes are parameters: the test keeps them small enough for CI, the bench uses the issue's.
 */
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface Target {
  host: string;
  port: number;
  key: string;
}

export interface HostileSizes {
  /** Nesting depth of `function.parameters` (issue: ~4,100–5,000). */
  depth: number;
  /** Metadata keys in one thread create (issue: 1,000,000). */
  metadataKeys: number;
  /** Messages in one thread create (issue: 300,000). */
  messages: number;
  /** Characters of the user message of each unmatched run (issue: 1 MB). */
  unmatchedMessageChars: number;
  /** Unmatched runs (issue: 100). */
  unmatchedRuns: number;
  /** Streaming clients that never read (issue: 50). */
  stalledStreams: number;
  /** How long their runs get to write their answers before measuring, and how long they are then left unread. */
  stalledStreamSettleMs: number;
  stalledStreamHoldMs: number;
}

export interface HostileKind {
  item: string;
  name: string;
  /**
   * Builds the hostile request(s) (before any measuring starts: building a 13 MB body is the sender's
   * work) and returns what sends them, which resolves with what the server answered, shortly.
   */
  prepare(target: Target, sizes: HostileSizes): Promise<() => Promise<string>>;
}

/** One raw HTTP exchange on a fresh connection: the status line and the first 200 characters of the body. */
export function rawExchange(target: Target, head: string, body: Buffer | string = ''): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(target.port, target.host);
    const received: Buffer[] = [];
    socket.on('data', (chunk) => received.push(chunk));
    socket.on('error', (error) => resolve(`connection error: ${error.message}`));
    socket.on('close', () => {
      const text = Buffer.concat(received).toString('utf8');
      const status = text.slice(0, text.indexOf('\r\n'));
      const bodyStart = text.indexOf('\r\n\r\n');
      resolve(`${status || '(no answer)'} ${bodyStart === -1 ? '' : text.slice(bodyStart + 4, bodyStart + 204)}`);
    });
    socket.write(head);
    socket.end(body);
  });
}

/** A POST with a JSON body, sent as bytes; resolves with the status and the start of the answer. */
export function postJson(target: Target, path: string, body: Buffer | string, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve) => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const req = request(
      {
        host: target.host,
        port: target.port,
        path,
        method: 'POST',
        agent: false,
        headers: {
          authorization: `Bearer ${target.key}`,
          'openai-beta': 'assistants=v2',
          'content-type': 'application/json',
          'content-length': bytes.length,
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(`${res.statusCode} ${Buffer.concat(chunks).toString('utf8').slice(0, 200)}`));
      },
    );
    req.on('error', (error) => resolve(`connection error: ${error.message}`));
    req.end(bytes);
  });
}

/** A POST whose body is built now and sent later. */
const ready = async (target: Target, path: string, body: string) => {
  const bytes = Buffer.from(body);
  return () => postJson(target, path, bytes);
};

async function createAssistant(target: Target): Promise<string> {
  const answer = await postJson(target, '/v1/assistants', '{"model":"gpt-4o"}');
  const id = /"id":"(asst_[^"]+)"/.exec(answer)?.[1];
  if (!id) throw new Error(`no assistant: ${answer}`);
  return id;
}

const nested = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);

/** Opens streamed runs whose clients never read: the sockets, to be let go by the caller. */
function openStalledStreams(target: Target, count: number, assistantId: string): Socket[] {
  const body = JSON.stringify({ assistant_id: assistantId, stream: true, thread: { messages: [{ role: 'user', content: 'long answer please' }] } });
  return Array.from({ length: count }, () => {
    const socket = connect(target.port, target.host);
    socket.on('error', () => undefined);
    socket.write(
      `POST /v1/threads/runs HTTP/1.1\r\nHost: ${target.host}\r\nAuthorization: Bearer ${target.key}\r\nOpenAI-Beta: assistants=v2\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    socket.pause();
    return socket;
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const HOSTILE_KINDS: HostileKind[] = [
  {
    item: '1',
    name: 'function.parameters nested deep',
    prepare: (t, s) => ready(t, '/v1/assistants', `{"model":"gpt-4o","tools":[{"type":"function","function":{"name":"f","parameters":${nested(s.depth)}}}]}`),
  },
  {
    item: '1',
    name: 'json_schema.schema nested deep',
    prepare: (t, s) => ready(t, '/v1/assistants', `{"model":"gpt-4o","response_format":{"type":"json_schema","json_schema":{"name":"s","schema":${nested(s.depth)}}}}`),
  },
  {
    item: '1',
    name: 'control route body nested deep',
    prepare: (t, s) => ready(t, '/__assistants_mock/scenarios', `{"scenarios":[{"name":"deep","script":[{"call":{"f":${nested(s.depth)}}}]}]}`),
  },
  {
    item: '2',
    name: 'metadata with many keys',
    prepare: (t, s) => ready(t, '/v1/threads', `{"metadata":{${Array.from({ length: s.metadataKeys }, (_, i) => `"k${i}":"v"`).join(',')}}}`),
  },
  {
    item: '2',
    name: 'thread create with many messages',
    prepare: (t, s) => ready(t, '/v1/threads', JSON.stringify({ messages: Array.from({ length: s.messages }, () => ({ role: 'user', content: 'x' })) })),
  },
  {
    item: '3',
    name: 'backtracking scenario regex',
    async prepare(t) {
      const key = { ...t, key: `${t.key}-redos` };
      const fixture = 'scenarios:\n  - name: evil\n    match: { message: { regex: "^(a+)+$" } }\n    script: [{ say: hi }]\n';
      const posted = await postJson(key, '/__assistants_mock/scenarios', fixture, { 'content-type': 'application/yaml' });
      if (!posted.startsWith('200')) throw new Error(`the scenario was not taken: ${posted}`);
      const assistantId = await createAssistant(key);
      return () => postJson(key, '/v1/threads/runs', JSON.stringify({ assistant_id: assistantId, thread: { messages: [{ role: 'user', content: `${'a'.repeat(30)}!` }] } }));
    },
  },
  {
    item: '4',
    name: 'unmatched runs with huge messages',
    async prepare(t, s) {
      const assistantId = await createAssistant(t);
      const body = Buffer.from(JSON.stringify({ assistant_id: assistantId, thread: { messages: [{ role: 'user', content: 'q'.repeat(s.unmatchedMessageChars) }] } }));
      return async () => {
        let last = '';
        for (let i = 0; i < s.unmatchedRuns; i++) last = await postJson(t, '/v1/threads/runs', body);
        return last;
      };
    },
  },
  {
    item: '5',
    name: 'streams nobody reads',
    // Opened (and their long answers written, which is the run's own work) before measuring; what is
    // measured is the time they sit unread, filling their sockets, until the server drops them.
    async prepare(t, s) {
      const assistantId = await createAssistant(t);
      const sockets = openStalledStreams(t, s.stalledStreams, assistantId);
      await sleep(s.stalledStreamSettleMs);
      return async () => {
        await sleep(s.stalledStreamHoldMs);
        for (const socket of sockets) socket.destroy();
        return `${sockets.length} non-reading streams held ${s.stalledStreamHoldMs} ms`;
      };
    },
  },
  {
    item: '7',
    name: '__proto__ keys',
    prepare: (t) => ready(t, '/v1/threads', '{"metadata":{"__proto__":5,"constructor":"c"}}'),
  },
  {
    item: '8',
    name: 'request line over 100 KB',
    prepare: async (t) => () => rawExchange(t, `GET /v1/assistants?after=${'a'.repeat(150_000)} HTTP/1.1\r\nHost: ${t.host}\r\n\r\n`),
  },
  {
    item: '8',
    name: 'Content-Length with chunked',
    prepare: async (t) => () => rawExchange(t, `POST /v1/threads HTTP/1.1\r\nHost: ${t.host}\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n`, '{}'),
  },
  {
    item: '8',
    name: 'backslash in the path',
    prepare: async (t) => () => rawExchange(t, `GET /v1/assistants\\x HTTP/1.1\r\nHost: ${t.host}\r\nConnection: close\r\n\r\n`),
  },
  {
    item: '9',
    name: 'foreign Host (DNS rebinding)',
    prepare: async (t) => () => rawExchange(t, `GET /v1/assistants HTTP/1.1\r\nHost: evil.example\r\nAuthorization: Bearer ${t.key}\r\nOpenAI-Beta: assistants=v2\r\nConnection: close\r\n\r\n`),
  },
  {
    item: '10',
    name: 'temperature 1e309',
    prepare: (t) => ready(t, '/v1/assistants', '{"model":"gpt-4o","temperature":1e309}'),
  },
];

/** The scenario that answers `long answer please` with `chars` characters (what the stalled streams stream), in words of `wordChars`. */
export const longAnswerFixture = (chars: number, wordChars = 50_000) =>
  `scenarios:\n  - name: long\n    match: { message: "long answer please" }\n    script:\n      - say: "${Array.from({ length: Math.ceil(chars / wordChars) }, () => 'y'.repeat(wordChars - 1)).join(' ')}"\n`;
