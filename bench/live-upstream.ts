// The fake upstream of bench/live.ts in a process of its own: in the bench's process, its answers
// waited while the bench's client read the mock server's first events (a wait the direct calls,
// with an idle client, never had), which the overhead then counted as the server's. Driven over IPC:
// it answers its URL, then each `{ delayMs }` sent (milliseconds between chunks) with `ready`.
import { fakeUpstream } from '../test/helpers/fake-upstream.js';

const answer = Array.from({ length: Number(process.env.WORDS ?? 100) }, (_, i) => `word${i}`).join(' ');
const fake = fakeUpstream();
const url = await fake.listen();
process.on('message', (message: { delayMs: number } | 'exit') => {
  if (message === 'exit') return void fake.close().then(() => process.exit(0));
  fake.fallback(() => ({ text: answer, delayMs: message.delayMs }));
  process.send!('ready');
});
process.send!({ url });
