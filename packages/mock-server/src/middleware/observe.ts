import type { MiddlewareHandler } from 'hono';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Clock } from '../clock.js';
import type { AppEnv } from '../deps.js';
import { FAULT_RESPONSES, type FaultTable } from '../faults.js';
import type { RequestJournal } from '../request-journal.js';
import { bearerKey } from './auth.js';

const ID_IN_PATH = /^(?:asst|thread|msg|run|step|call|vs|vsfb|file)[-_][A-Za-z0-9]+$/;
const IDS_IN_BODY = ['id', 'thread_id', 'run_id', 'assistant_id', 'vector_store_id', 'file_id'] as const;

/**
 * Around every API request: plays the faults injected for its key, then journals what happened
 * (method, path, status, the objects involved) for that key. Outside the OpenAI API's own behaviour.
 */
export function observeRequests(faults: FaultTable, journal: RequestJournal, clock: Clock): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = bearerKey(c.req.header('authorization'));
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
    await next();
    const owner = c.get('owner');
    if (owner === undefined) return;
    const objectIds = idsInPath(path);
    if (c.req.method === 'POST' && c.res.ok) objectIds.push(...(await idsInBody(c.res)).filter((id) => !objectIds.includes(id)));
    journal.record(owner, { at: clock.now(), method: c.req.method, path, status: c.res.status, objectIds, ...(fault && { fault: 'latency' as const }) });
  };
}

const idsInPath = (path: string) => path.split('/').filter((segment) => ID_IN_PATH.test(segment));

async function idsInBody(response: Response): Promise<string[]> {
  if (!(response.headers.get('content-type') ?? '').startsWith('application/json')) return [];
  try {
    const body = (await response.clone().json()) as Record<string, unknown>;
    return IDS_IN_BODY.map((field) => body[field]).filter((id): id is string => typeof id === 'string');
  } catch {
    return [];
  }
}
