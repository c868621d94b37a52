import { afterAll, describe, expect, it } from 'vitest';
import { httpClient, startCli } from './helpers/cli.js';
import { fakeUpstream } from './helpers/fake-upstream.js';
import { textOf } from './helpers/live-harness.js';

/** `assistants-mock serve --upstream …` as a user starts it: the key only from the environment. */
const upstream = fakeUpstream();
const upstreamURL = await upstream.listen();
afterAll(() => upstream.close());

describe('assistants-mock serve --upstream', () => {
  it('plays runs on the upstream under the mapped model name, with the key from the variable --upstream-key-env names', async () => {
    process.env.ASSISTANTS_MOCK_TEST_UPSTREAM_KEY = 'sk-from-env-0123456789';
    const cli = await startCli([
      'serve', '--port', '0', '--db', ':memory:',
      '--upstream', upstreamURL, '--upstream-key-env', 'ASSISTANTS_MOCK_TEST_UPSTREAM_KEY',
      '--model-map', 'gpt-4o=qwen2.5:7b', '--max-concurrent-upstream', '2',
    ]);
    delete process.env.ASSISTANTS_MOCK_TEST_UPSTREAM_KEY;
    try {
      upstream.reply({ text: 'Hello from the model.' });
      const client = httpClient(cli.url, 'sk-cli');
      const assistant = await client.beta.assistants.create({ model: 'gpt-4o' });
      const run = await client.beta.threads.createAndRunPoll({ assistant_id: assistant.id, thread: { messages: [{ role: 'user', content: 'hi' }] } });
      expect(run).toMatchObject({ status: 'completed', model: 'gpt-4o' });
      expect(textOf((await client.beta.threads.messages.list(run.thread_id)).data[0]!)).toBe('Hello from the model.');
      expect(upstream.requests[0]!.headers.authorization).toBe('Bearer sk-from-env-0123456789');
      expect(upstream.requests[0]!.body.model).toBe('qwen2.5:7b');
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('a flag mistake stops the CLI with the reason', async () => {
    await expect(startCli(['serve', '--port', '0', '--db', ':memory:', '--upstream', upstreamURL, '--model-map', 'gpt-4o'])).rejects.toThrow(
      "--model-map takes FROM=TO, got 'gpt-4o'.",
    );
  });
});
