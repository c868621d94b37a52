/** One request as the journal keeps it: enough for a test to assert what the app called. */
export interface JournaledRequest {
  /** Milliseconds since the epoch on the server's clock. */
  at: number;
  method: string;
  path: string;
  status: number;
  /** The ids in the path and, for a POST, those of the object it answered with. */
  objectIds: string[];
  /** Set when an injected fault answered (or delayed) the request. */
  fault?: number | 'latency';
}

const MAX_PER_KEY = 1_000;
const MAX_KEYS = 1_000;

/**
 * Every request per API key, newest last, bounded twice: the newest 1,000 per key, and the 1,000 keys
 * most recently seen, so a server up for weeks with a key per test never grows without end.
 */
export class RequestJournal {
  private readonly byKey = new Map<string, JournaledRequest[]>();

  /** The key seen last, already last in the Map's order. */
  private newestKey: string | undefined;

  record(apiKey: string, entry: JournaledRequest): void {
    let list = this.byKey.get(apiKey);
    if (list === undefined || apiKey !== this.newestKey) {
      // Re-inserted so the Map's order is the order keys were last seen in (skipped for the key seen
      // last: a Map's delete and set cost more than the rest of a read's journaling).
      this.byKey.delete(apiKey);
      this.byKey.set(apiKey, (list ??= []));
      this.newestKey = apiKey;
    }
    list.push(entry);
    // One at a time: V8 drops the head of a long array in place, where splice copies the rest.
    while (list.length > MAX_PER_KEY) list.shift();
    if (this.byKey.size > MAX_KEYS) this.byKey.delete(this.byKey.keys().next().value!);
  }

  list(apiKey: string): readonly JournaledRequest[] {
    return this.byKey.get(apiKey) ?? [];
  }

  clear(apiKey: string): void {
    this.byKey.delete(apiKey);
  }
}
