import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import type { AppDeps } from '../deps.js';
import { ownerOf } from '../owner.js';
import { messageReads, type ListMessagesQuery } from '../routes/messages.js';
import { pollRun } from '../routes/runs.js';
import { listResponseText } from '../pagination.js';
import { authError, bearerKey } from './auth.js';
import { betaHeaderError } from './beta-header.js';
import { journalAnswer } from './observe.js';
import { newRequestId, OPENAI_VERSION } from './response-headers.js';

const THREAD_PATH = /^\/v1\/threads\/([A-Za-z0-9_-]+)\/(messages|runs)(?:\/([A-Za-z0-9_-]+))?$/;
const PLAIN_ID = /^[A-Za-z0-9_-]+$/;
const PLAIN_LIMIT = /^(?:[1-9]\d?|100)$/;

/**
 * The socket's lane for the two hottest reads, a message and a page of a thread's messages, answered on
 * Node's own request and response: Hono's web Request, Response and middleware chain were more than half
 * of such a read (bench/run.ts: 93 → ~37 µs of server CPU per GET). Only the plain case takes it: a host the guard allows, an accepted key with no fault
 * waiting, the beta header, no browser `Origin`, no inspector, a path and query of plain ids and numbers,
 * and a message or a non-empty page found. Anything else (every error included) goes the ordinary way,
 * so each error, header and check is still made in one place. The answer is the routes' own, byte for
 * byte (test/http.read-lane.test.ts), and it is journaled as the app journals it.
 */
export function withReadLane(deps: AppDeps, hostAllowed: (host: string | undefined) => boolean, app: RequestListener): RequestListener {
  const reads = messageReads(deps);
  const { store, faults, requests, clock } = deps;
  // Every request of a client names the same host: it is judged once, not on every read.
  let allowedHost: string | undefined;
  const hostIsAllowed = (host: string | undefined) => {
    if (host !== undefined && host === allowedHost) return true;
    if (!hostAllowed(host)) return false;
    allowedHost = host;
    return true;
  };
  return (req, res) => {
    if (!took(req, res)) void app(req, res);
  };

  function took(req: IncomingMessage, res: ServerResponse): boolean {
    if (req.method !== 'GET') return false;
    const url = req.url ?? '';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const match = THREAD_PATH.exec(path);
    if (!match || (match[2] === 'runs' && match[3] === undefined)) return false;
    const { headers } = req;
    if (headers.origin !== undefined || headers['x-assistants-mock-inspector'] !== undefined || !hostIsAllowed(headers.host)) return false;
    if (repeatsAuthorization(req.rawHeaders)) return false;
    const key = bearerKey(headers.authorization);
    if (authError(deps.apiKey, key) || betaHeaderError(headers['openai-beta'] as string | undefined)) return false;
    const owner = ownerOf(key!);
    if (faults.has(owner)) return false;
    let found: Answer | undefined;
    try {
      const search = queryAt === -1 ? '' : url.slice(queryAt + 1);
      found = match[2] === 'runs' ? runAnswer(owner, match[1]!, match[3]!, search) : messagesAnswer(owner, match[1]!, match[3], search);
    } catch {
      return false; // the app asks again and answers the error as it answers every error
    }
    if (found === undefined) return false;
    const { text, pollAfterMs } = found;
    const answered = () => {
      journalAnswer(requests, clock, owner, { method: 'GET', path, status: 200 });
      send(res, text, pollAfterMs);
    };
    // As the app does: nothing read in a group of writes is shown before that group is committed (if the
    // commit fails, the app answers from what was committed).
    if (store.db.inTransaction) void store.committed().then(answered, () => void app(req, res));
    else answered();
    return true;
  }

  function messagesAnswer(owner: string, threadId: string, messageId: string | undefined, search: string): Answer | undefined {
    if (messageId !== undefined) {
      const text = search === '' ? reads.one(owner, threadId, messageId) : undefined;
      return text === undefined ? undefined : { text };
    }
    const query = plainListQuery(search);
    if (!query) return undefined;
    const page = reads.page(owner, threadId, query);
    return page.data.length === 0 ? undefined : { text: listResponseText(page) };
  }

  function runAnswer(owner: string, threadId: string, runId: string, search: string): Answer | undefined {
    if (search !== '') return undefined;
    const { run, pollAfterMs } = pollRun(deps, owner, threadId, runId);
    return { text: JSON.stringify(run), pollAfterMs };
  }
}

/** The body of a lane's answer, and for a run how soon to poll it again. */
interface Answer {
  text: string;
  pollAfterMs?: number;
}

/** The headers the app sends with a stored JSON answer, in the order it sends them. */
function send(res: ServerResponse, text: string, pollAfterMs: number | undefined) {
  res.writeHead(200, {
    'content-type': 'application/json',
    ...(pollAfterMs !== undefined && { 'openai-poll-after-ms': String(pollAfterMs) }),
    'openai-version': OPENAI_VERSION,
    'x-request-id': newRequestId(),
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Node keeps the first of repeated Authorization headers where the app's web Headers join them all. */
function repeatsAuthorization(rawHeaders: string[]): boolean {
  let seen = false;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length !== 13 || name.toLowerCase() !== 'authorization') continue;
    if (seen) return true;
    seen = true;
  }
  return false;
}

/** A list query of only known keys, each once, with plain values; anything else is left to the route's validation. */
function plainListQuery(search: string): ListMessagesQuery | undefined {
  const query: ListMessagesQuery = { limit: 20, order: 'desc' };
  if (search === '') return query;
  const seen = new Set<string>();
  for (const pair of search.split('&')) {
    const eq = pair.indexOf('=');
    const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    if (eq === -1 || seen.has(name)) return undefined;
    seen.add(name);
    if (name === 'limit' && PLAIN_LIMIT.test(value)) query.limit = Number(value);
    else if (name === 'order' && (value === 'asc' || value === 'desc')) query.order = value;
    else if ((name === 'after' || name === 'before' || name === 'run_id') && PLAIN_ID.test(value)) query[name] = value;
    else return undefined;
  }
  return query;
}
