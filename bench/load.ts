import { Agent, request } from 'node:http';

/** One load round, as plain data (it crosses to the load process). */
export interface LoadSpec {
  /** API base URL; only loopback is allowed, this tool must never load anything else. */
  baseURL: string;
  method: 'GET' | 'POST';
  /** Paths after the base URL, used in turn. */
  paths: string[];
  /** The JSON body, with `{i}` replaced by the request's number. */
  body?: string;
  headers?: Record<string, string>;
  concurrency: number;
  maxRequests: number;
  maxSeconds: number;
}

export interface LoadResult {
  requests: number;
  failures: number;
  seconds: number;
  /** Latencies in milliseconds, sorted. */
  latencies: number[];
  /** CPU time the load generator itself used during the round, in milliseconds. */
  loadCpuMs: number;
}

/** A closed-loop load: `concurrency` keep-alive connections, each sending its next request when the last one ends. */
export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const base = new URL(spec.baseURL);
  if (base.hostname !== '127.0.0.1') throw new Error(`refusing to load ${base.hostname}: the bench only talks to 127.0.0.1`);
  const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const deadline = started + spec.maxSeconds * 1000;

  const send = (i: number) =>
    new Promise<number>((resolve, reject) => {
      const body = spec.body?.replaceAll('{i}', String(i));
      const req = request(
        {
          agent,
          host: base.hostname,
          port: base.port,
          method: spec.method,
          path: base.pathname + spec.paths[i % spec.paths.length],
          headers: { ...spec.headers, ...(body !== undefined && { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      );
      req.on('error', reject);
      req.end(body);
    });

  const connection = async () => {
    while (next < spec.maxRequests && performance.now() < deadline) {
      const i = next++;
      const sentAt = performance.now();
      const status = await send(i);
      latencies.push(performance.now() - sentAt);
      if (status < 200 || status > 299) failures++;
    }
  };
  await Promise.all(Array.from({ length: spec.concurrency }, connection));
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  agent.destroy();
  return { requests: latencies.length, failures, seconds, latencies: latencies.sort((a, b) => a - b), loadCpuMs: (cpu.user + cpu.system) / 1000 };
}

export const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
