// The mock server of bench/live.ts in a process of its own, so the event loop delay it reports is the
// server's alone (not the bench client's nor the fake upstream's). Driven over IPC by bench/live.ts.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createMockServer } from '@assistants-mock/server';

const server = createMockServer({ upstream: { baseURL: process.env.UPSTREAM_URL!, maxConcurrent: Number(process.env.MAX_CONCURRENT ?? 100) } });
const url = await server.listen({ port: 0 });
const delay = monitorEventLoopDelay({ resolution: 1 });
const ms = (ns: number) => ns / 1e6;

process.on('message', (message) => {
  if (message === 'measure') {
    delay.reset();
    delay.enable();
  } else if (message === 'report') {
    delay.disable();
    process.send!({ p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max) });
  } else if (message === 'exit') {
    void server.close().then(() => process.exit(0));
  }
});
process.send!({ url });
