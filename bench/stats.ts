/** Latency figures for a bench: rate and percentiles, printed the same way by every bench. */
export function summarise(label: string, latenciesMs: number[], elapsedMs: number) {
  const sorted = [...latenciesMs].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
  return {
    label,
    count: sorted.length,
    perSecond: (sorted.length / elapsedMs) * 1000,
    p50: at(50),
    p99: at(99),
  };
}

export function printRows(rows: ReturnType<typeof summarise>[]) {
  console.table(
    rows.map((r) => ({
      what: r.label,
      n: r.count,
      'per s': Math.round(r.perSecond),
      'p50 ms': r.p50.toFixed(2),
      'p99 ms': r.p99.toFixed(2),
    })),
  );
}

/** Runs `task` `count` times with `concurrency` workers; returns each latency and the wall time. */
export async function measure(count: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        await task(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { latencies, elapsed: performance.now() - started };
}
