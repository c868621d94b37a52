// The mock server of bench/live.ts in a process of its own, so the event loop delay it reports is the
// server's alone (not the bench client's nor the fake upstream's). Driven over IPC by bench/live.ts.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createMockServer } from '@assistants-mock/server';
import { defineScenarios } from '@assistants-mock/fixtures';

// Hybrid mode: "scripted" runs play the same answer from a scenario, for a baseline without the model.
const answer = Array.from({ length: Number(process.env.WORDS ?? 100) }, (_, i) => `word${i}`).join(' ');
const server = createMockServer({
  scenarios: defineScenarios([{ name: 'baseline', match: { message: 'scripted' }, script: [{ say: answer }] }]),
  upstream: { baseURL: process.env.UPSTREAM_URL!, maxConcurrent: Number(process.env.MAX_CONCURRENT ?? 100) },
});
const url = await server.listen({ port: 0 });
const delay = monitorEventLoopDelay({ resolution: 1 });
// CPU time is less at the mercy of a busy machine than the delay: it says what the runs cost.
let cpuAtStart = process.cpuUsage();
const ms = (ns: number) => ns / 1e6;

process.on('message', (message) => {
  if (message === 'measure') {
    delay.reset();
    delay.enable();
    cpuAtStart = process.cpuUsage();
  } else if (message === 'report') {
    delay.disable();
    const cpu = process.cpuUsage(cpuAtStart);
    process.send!({ p50: ms(delay.percentile(50)), p99: ms(delay.percentile(99)), max: ms(delay.max), cpuMs: (cpu.user + cpu.system) / 1000 });
  } else if (message === 'exit') {
    void server.close().then(() => process.exit(0));
  }
});
process.send!({ url });
