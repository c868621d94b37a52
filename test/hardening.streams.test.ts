import { connect } from 'node:net';
import { defineScenarios } from '@assistants-mock/fixtures';
import { describe, expect, it } from 'vitest';
import { startHarness } from './helpers/harness.js';

/** 6 MB in 40 word-sized deltas: more than the socket buffers hold (4 MB to send, what the reader took), in few events. */
const LONG_ANSWER = Array.from({ length: 40 }, (_, i) => `${i}`.padEnd(150_000, 'y')).join(' ');
const h = await startHarness({
  over: 'http',
  stalledStreamMs: 800,
  scenarios: defineScenarios([{ name: 'long', match: { message: 'long' }, script: [{ say: LONG_ANSWER }] }]),
});

/**
 * Opens a streamed run on a raw socket, stops reading for `pauseMs` (every `everyMs` if given), and reads
 * whatever else comes until the server ends the connection.
 */
function streamPausing(body: string, pauseMs: number, everyMs?: number): Promise<string> {
  const url = new URL(h.baseURL);
  const socket = connect(Number(url.port), url.hostname);
  const received: Buffer[] = [];
  socket.on('data', (chunk) => received.push(chunk));
  socket.on('error', () => undefined);
  socket.write(
    `POST /v1/threads/runs HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: Bearer sk-test-default\r\nOpenAI-Beta: assistants=v2\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  const pauseNow = () => {
    socket.pause();
    setTimeout(() => {
      socket.resume();
      if (everyMs !== undefined && !socket.destroyed) setTimeout(pauseNow, everyMs);
    }, pauseMs);
  };
  pauseNow();
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      // A complete stream ends with its done frame; the connection is kept alive after it.
      if (chunk.toString('latin1').includes('data: [DONE]')) socket.end();
    });
    socket.once('close', () => resolve(Buffer.concat(received).toString('utf8')));
  });
}

const answerOf = async (threadId: string) => {
  const [message] = (await h.client.beta.threads.messages.list(threadId)).data;
  return message?.content[0]?.type === 'text' ? message.content[0].text.value : null;
};

describe('a streaming client that stops reading', () => {
  it('is paused, then dropped; the run goes on and reads the same as ever', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const body = JSON.stringify({ assistant_id: assistant.id, stream: true, thread: { messages: [{ role: 'user', content: 'long' }] } });
    const received = await Promise.all([streamPausing(body, 3_000), streamPausing(body, 3_000)]);
    for (const text of received) {
      // Dropped: the stream never got to its end.
      expect(text.startsWith('HTTP/1.1 200')).toBe(true);
      expect(text.includes('event: done')).toBe(false);
      await expectWholeRun(text);
    }
  }, 30_000);

  it('that reads slowly but steadily is never dropped', async () => {
    const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o' });
    const body = JSON.stringify({ assistant_id: assistant.id, stream: true, thread: { messages: [{ role: 'user', content: 'long' }] } });
    const text = await streamPausing(body, 200, 30);
    expect(text.includes('event: thread.run.completed')).toBe(true);
    expect(text.includes('event: done\ndata: [DONE]')).toBe(true);
    await expectWholeRun(text);
  }, 30_000);
});

/** The run a stream showed is whole: any read finds it completed, with the full answer. */
async function expectWholeRun(streamText: string) {
  const [, threadId, runId] = /"id":"(thread_[^"]+)"[\s\S]*?"id":"(run_[^"]+)"/.exec(streamText) ?? [];
  expect(threadId).toBeDefined();
  const run = await h.client.beta.threads.runs.retrieve(runId!, { thread_id: threadId! });
  expect(run.status).toBe('completed');
  expect((await answerOf(threadId!)) === LONG_ANSWER).toBe(true);
}
