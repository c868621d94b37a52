import type { MiddlewareHandler } from 'hono';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { AppEnv } from '../deps.js';
import { FAULT_RESPONSES, type FaultTable } from '../faults.js';
import type { RequestJournal } from '../request-journal.js';
import { ownerOf } from '../owner.js';
import { bearerKey } from './auth.js';

const ID_IN_PATH = /^(?:asst|thread|msg|run|step|call|vs|vsfb|file)[-_][A-Za-z0-9]+$/;
const IDS_IN_BODY = ['id', 'thread_id', 'run_id', 'assistant_id', 'vector_store_id', 'file_id'] as const;

/**
 * Around every API request: plays the faults injected for its key, then journals what happened
 * (method, path, status, the objects involved) for that key. Outside the OpenAI API's own behaviour.
 */
export function observeRequests(faults: FaultTable, journal: RequestJournal, clock: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    // The inspector page reads through the API too: looking at a key must not use up its faults or fill its journal.
    if (c.req.header('x-assistants-mock-inspector')) return next();
    const bearer = bearerKey(c.req.header('authorization'));
    const key = bearer === undefined ? undefined : ownerOf(bearer);
    const path = c.req.path;
    const fault = key === undefined ? undefined : faults.take(key, c.req.method, path);
    if (fault?.latencyMs) await sleep(fault.latencyMs);
    if (fault?.status !== undefined) {
      const { message, type, code } = FAULT_RESPONSES[fault.status];
      if (fault.status === 429) {
        const ms = fault.retryAfterMs ?? 1000;
        c.header('retry-after', String(Math.ceil(ms / 1000)));
        c.header('retry-after-ms', String(ms));
      }
      journal.record(key!, { at: clock.now(), method: c.req.method, path, status: fault.status, objectIds: idsInPath(path), fault: fault.status });
      return c.json({ error: { message, type, param: null, code } }, fault.status);
    }
    // The object a POST answers with, taken as the route hands it to `c.json`: reading the finished
    // response back would cost a copy of every body. Defined rather than assigned: assigning over
    // Hono's own field cost about 40 of ~240 µs of server CPU per POST message (A/B over a socket, 3 rounds).
    let answered: unknown;
    if (c.req.method === 'POST') {
      const json = c.json;
      const capture = (object: unknown, arg?: never, headers?: never) => {
        answered = object;
        return json(object as never, arg, headers);
      };
      Object.defineProperty(c, 'json', { value: capture });
    }
    await next();
    const owner = c.get('owner');
    if (owner === undefined) return;
    journalAnswer(journal, clock, owner, { method: c.req.method, path, status: c.res.status, answered, delayed: fault !== undefined });
  };
}

/** Journals a request that was answered (not by a fault): the ids in its path, and those of the object a POST answered. */
export function journalAnswer(
  journal: RequestJournal,
  clock: Clock,
  owner: string,
  request: { method: string; path: string; status: number; answered?: unknown; delayed?: boolean },
): void {
  const { method, path, status } = request;
  const objectIds = idsInPath(path);
  if (status >= 200 && status < 300) objectIds.push(...idsIn(request.answered).filter((id) => !objectIds.includes(id)));
  journal.record(owner, { at: clock.now(), method, path, status, objectIds, ...(request.delayed && { fault: 'latency' as const }) });
}

const idsInPath = (path: string) => path.split('/').filter((segment) => ID_IN_PATH.test(segment));

function idsIn(object: unknown): string[] {
  if (typeof object !== 'object' || object === null) return [];
  const record = object as Record<string, unknown>;
  return IDS_IN_BODY.map((field) => record[field]).filter((id): id is string => typeof id === 'string');
}
