import { createHash } from 'node:crypto';
import type { ScriptStep } from '@assistants-mock/fixtures';

/** Where scripts are stored by digest (the store's `scripts` table). */
export interface ScriptKeeper {
  /** Stores `body()` under `digest` unless it is there; inside the transaction that starts the run. */
  keep(digest: string, body: () => string): void;
  get(digest: string): string | undefined;
}

/** Past this many scripts read back, the remembered ones start over. */
const MAX_REMEMBERED = 1000;

/**
 * Loaded scenarios' scripts by the digest of their JSON: a run keeps the digest, the script is stored
 * once. A script's digest and JSON are made once per script object (the loaded set keeps its objects);
 * the scripts read back by digest (after a restart) are remembered.
 */
export class ScriptsByDigest {
  private readonly digests = new WeakMap<ScriptStep[], string>();
  private readonly byDigest = new Map<string, ScriptStep[]>();

  constructor(private readonly keeper: ScriptKeeper) {}

  /** Stores the script (if not stored yet) and returns its digest. */
  keep(script: ScriptStep[]): string {
    let digest = this.digests.get(script);
    let json: string | undefined;
    if (digest === undefined) {
      json = JSON.stringify(script);
      digest = createHash('sha256').update(json).digest('base64url');
      this.digests.set(script, digest);
      this.remember(digest, script);
    }
    // Asked every time: the transaction that stored it may have rolled back, or the database be another.
    this.keeper.keep(digest, () => json ?? JSON.stringify(script));
    return digest;
  }

  /** The script stored under `digest`. */
  script(digest: string): ScriptStep[] {
    const known = this.byDigest.get(digest);
    if (known) return known;
    const json = this.keeper.get(digest);
    if (json === undefined) throw new Error(`assistants-mock: no script is stored under ${digest}`);
    return this.remember(digest, JSON.parse(json) as ScriptStep[]);
  }

  private remember(digest: string, script: ScriptStep[]): ScriptStep[] {
    if (this.byDigest.size >= MAX_REMEMBERED) this.byDigest.clear();
    this.byDigest.set(digest, script);
    return script;
  }
}
