import { z } from 'zod';

/**
 * A fault for testing an app's retry and error paths: the next `times` requests of one API key whose
 * method and path match answer `status` (OpenAI's error body for it) and/or wait `latencyMs` first.
 */
export const faultRuleSchema = z.strictObject({
  /** `/v1/threads/*\/runs`: `*` stands for one path segment; the `/v1` may be left out. */
  path: z.string().startsWith('/'),
  /** Only requests with this method (any when left out). */
  method: z.string().min(1).optional(),
  status: z.union([z.literal(429), z.literal(500), z.literal(503)]).optional(),
  /** Delay before answering (the error, or the real response when there is no `status`). */
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  /** How many matching requests the fault hits (default 1). */
  times: z.number().int().min(1).default(1),
  /** For 429: the `retry-after-ms` sent (and `retry-after`, in whole seconds); default 1000. */
  retryAfterMs: z.number().int().min(0).optional(),
});

export type FaultRule = z.input<typeof faultRuleSchema>;
export type StoredFault = z.output<typeof faultRuleSchema> & { remaining: number };

/** The body and headers of each status, worded as the real service words them. */
export const FAULT_RESPONSES = {
  429: { message: 'Rate limit reached for requests. Please try again later.', type: 'requests', code: 'rate_limit_exceeded' },
  500: { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', code: null },
  503: { message: 'The server is overloaded or not ready yet.', type: 'server_error', code: null },
} as const;

const MAX_FAULTS_PER_KEY = 100;

/** Faults per API key, each used up after `times` hits. */
export class FaultTable {
  private readonly byKey = new Map<string, { rule: StoredFault; matches: (method: string, path: string) => boolean }[]>();

  add(apiKey: string, input: FaultRule): StoredFault {
    const rule = faultRuleSchema.parse(input);
    const stored = { ...rule, remaining: rule.times };
    const list = this.byKey.get(apiKey) ?? [];
    if (list.length >= MAX_FAULTS_PER_KEY) list.shift();
    list.push({ rule: stored, matches: matcher(rule.method, rule.path) });
    this.byKey.set(apiKey, list);
    return stored;
  }

  list(apiKey: string): StoredFault[] {
    return (this.byKey.get(apiKey) ?? []).map(({ rule }) => rule);
  }

  clear(apiKey?: string): void {
    if (apiKey === undefined) this.byKey.clear();
    else this.byKey.delete(apiKey);
  }

  /** Whether any fault waits for this key (a request of a key with none cannot hit one). */
  has(apiKey: string): boolean {
    return this.byKey.has(apiKey);
  }

  /** The fault this request hits, counted; the first matching rule wins. */
  take(apiKey: string, method: string, path: string): StoredFault | undefined {
    const list = this.byKey.get(apiKey);
    if (!list) return undefined;
    const index = list.findIndex(({ matches }) => matches(method, path));
    if (index === -1) return undefined;
    const { rule } = list[index]!;
    rule.remaining -= 1;
    if (rule.remaining === 0) list.splice(index, 1);
    if (list.length === 0) this.byKey.delete(apiKey);
    return rule;
  }
}

/** A literal pattern but for `*` (one segment): no user-written regex ever runs. */
function matcher(method: string | undefined, pattern: string) {
  const path = pattern.startsWith('/v1/') || pattern === '/v1' ? pattern : `/v1${pattern}`;
  const source = path
    .replace(/\/+$/, '')
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  const regex = new RegExp(`^${source}/?$`);
  const wanted = method?.toUpperCase();
  return (requestMethod: string, requestPath: string) => (wanted === undefined || wanted === requestMethod) && regex.test(requestPath);
}
