import { describe, expect, it } from 'vitest';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { apiError } from './helpers/errors.js';
import { contractTargets, type ContractTarget } from './helpers/contract-targets.js';
import { CONTRACT_SCENARIOS, GET_WEATHER } from './helpers/contract-scenarios.js';

/**
 * Protocol suite, part 3: the run state machine and the tool-output rules. A real model is made to
 * call the function with `tool_choice`; cases that need a scripted outcome run on the mock only.
 */
const targets = await contractTargets(CONTRACT_SCENARIOS);

const FORCE_WEATHER = { tool_choice: { type: 'function' as const, function: { name: 'get_weather' } }, parallel_tool_calls: false };

/** A run waiting for get_weather outputs. */
async function waitingRun(target: ContractTarget, message = 'What is the weather in Paris? Use get_weather.', parallel_tool_calls = false) {
  const assistant = await target.assistant({ tools: [GET_WEATHER], instructions: 'Use get_weather for weather questions.' });
  const thread = await target.thread({ messages: [{ role: 'user', content: message }] });
  const run = await target.client.beta.threads.runs.createAndPoll(thread.id, { assistant_id: assistant.id, ...FORCE_WEATHER, parallel_tool_calls });
  expect(run.status).toBe('requires_action');
  return { assistant, thread, run, calls: run.required_action!.submit_tool_outputs.tool_calls };
}

const expectFinishedInvariants = (run: Run) => {
  expect(run.started_at).toBeGreaterThanOrEqual(run.created_at);
  expect(run.expires_at).toBeNull();
  expect(run.required_action).toBeNull();
  expect(run.usage).not.toBeNull();
  expect(run.usage!.total_tokens).toBe(run.usage!.prompt_tokens + run.usage!.completion_tokens);
};

for (const target of targets) {
  const { client } = target;
  const runs = client.beta.threads.runs;

  describe(`contract: runs on ${target.name}`, { timeout: target.timeoutMs }, () => {
    it('queued on create, then completed, with timestamps, usage, messages and steps that agree', async () => {
      const assistant = await target.assistant({ instructions: 'Follow the instruction exactly.' });
      const thread = await target.thread({ messages: [{ role: 'user', content: 'Reply with the single word: pong' }] });
      const created = await runs.create(thread.id, { assistant_id: assistant.id });
      expect(created).toMatchObject({
        id: expect.stringMatching(/^run_/),
        object: 'thread.run',
        thread_id: thread.id,
        assistant_id: assistant.id,
        status: 'queued',
        model: target.model,
        instructions: 'Follow the instruction exactly.',
        started_at: null,
        completed_at: null,
        cancelled_at: null,
        failed_at: null,
        required_action: null,
        last_error: null,
        usage: null,
        incomplete_details: null,
      });
      expect(created.expires_at).toBe(created.created_at + 600);

      const done = await runs.poll(created.id, { thread_id: thread.id });
      expect(done.status).toBe('completed');
      expectFinishedInvariants(done);
      expect(done.completed_at).toBeGreaterThanOrEqual(done.started_at!);
      expect([done.failed_at, done.cancelled_at, done.last_error]).toEqual([null, null, null]);

      const messages = await client.beta.threads.messages.list(thread.id, { run_id: done.id });
      expect(messages.data.length).toBeGreaterThan(0);
      for (const message of messages.data) expect(message).toMatchObject({ role: 'assistant', run_id: done.id, assistant_id: assistant.id, status: 'completed' });
      const steps = await runs.steps.list(done.id, { thread_id: thread.id });
      for (const step of steps.data) expect(step).toMatchObject({ run_id: done.id, thread_id: thread.id, assistant_id: assistant.id, status: 'completed' });
      const created_messages = steps.data.flatMap((s) => (s.step_details.type === 'message_creation' ? [s.step_details.message_creation.message_id] : []));
      expect(new Set(created_messages)).toEqual(new Set(messages.data.map((m) => m.id)));
      expect((await runs.list(thread.id)).data.map((r) => r.id)).toEqual([done.id]);
    });

    it('an active run locks its thread until it ends; cancelling ends it', async () => {
      const { assistant, thread, run } = await waitingRun(target);
      await expect(apiError(client.beta.threads.messages.create(thread.id, { role: 'user', content: 'more' }))).resolves.toMatchObject({
        status: 400,
        body: { message: `Can't add messages to ${thread.id} while a run ${run.id} is active.`, type: 'invalid_request_error' },
      });
      await expect(apiError(runs.create(thread.id, { assistant_id: assistant.id }))).resolves.toMatchObject({
        status: 400,
        body: { message: `Thread ${thread.id} already has an active run ${run.id}.` },
      });
      const cancelling = await runs.cancel(run.id, { thread_id: thread.id });
      expect(['cancelling', 'cancelled']).toContain(cancelling.status);
      const cancelled = await runs.poll(run.id, { thread_id: thread.id });
      expect(cancelled).toMatchObject({ status: 'cancelled', required_action: null });
      expect(cancelled.cancelled_at).toBeGreaterThanOrEqual(cancelled.created_at);
      await expect(apiError(runs.cancel(run.id, { thread_id: thread.id }))).resolves.toMatchObject({
        status: 400,
        body: { message: "Cannot cancel run with status 'cancelled'." },
      });
      await expect(client.beta.threads.messages.create(thread.id, { role: 'user', content: 'more' })).resolves.toMatchObject({ role: 'user' });
    });

    it('tool outputs: the calls asked for, all in one request; anything else is a 400 and the run keeps waiting', async () => {
      const { thread, run, calls } = await waitingRun(target);
      for (const call of calls) {
        expect(call).toMatchObject({ id: expect.stringMatching(/^call_/), type: 'function', function: { name: 'get_weather' } });
        expect(JSON.parse(call.function.arguments)).toMatchObject({ city: expect.stringMatching(/paris/i) });
      }
      const ids = calls.map((call) => `'${call.id}'`).join(', ');
      await expect(apiError(runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: 'call_unknown', output: 'x' }] }))).resolves.toMatchObject({
        status: 400,
        body: { message: `Expected tool outputs for call_ids [${ids}], got ['call_unknown']` },
      });
      expect((await runs.retrieve(run.id, { thread_id: thread.id })).status).toBe('requires_action');

      const outputs = calls.map((call) => ({ tool_call_id: call.id, output: '21°C and sunny' }));
      const done = await runs.submitToolOutputsAndPoll(run.id, { thread_id: thread.id, tool_outputs: outputs });
      expect(done.status).toBe('completed');
      expectFinishedInvariants(done);
      const steps = await runs.steps.list(run.id, { thread_id: thread.id, order: 'asc' });
      const toolStep = steps.data.find((s) => s.step_details.type === 'tool_calls')!;
      expect(toolStep.step_details).toMatchObject({
        tool_calls: calls.map((call) => ({ id: call.id, type: 'function', function: { name: 'get_weather', output: '21°C and sunny' } })),
      });
      await expect(apiError(runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: outputs }))).resolves.toMatchObject({
        status: 400,
        body: { message: 'Runs in status "completed" do not accept tool outputs.' },
      });
    });

    describe.skipIf(!target.scripted)('scripted outcomes', () => {
      it('parallel calls: one of two outputs is refused, both together are taken', async () => {
        // Two calls in one turn need parallel_tool_calls (with false, the model makes one at a time).
        const { thread, run, calls } = await waitingRun(target, 'What is the weather in Paris and in Seoul?', true);
        expect(calls.map((call) => JSON.parse(call.function.arguments))).toEqual([{ city: 'Paris' }, { city: 'Seoul' }]);
        const [paris, seoul] = calls;
        await expect(apiError(runs.submitToolOutputs(run.id, { thread_id: thread.id, tool_outputs: [{ tool_call_id: paris!.id, output: 'sunny' }] }))).resolves.toMatchObject({
          status: 400,
          body: { message: `Expected tool outputs for call_ids ['${paris!.id}', '${seoul!.id}'], got ['${paris!.id}']` },
        });
        const done = await runs.submitToolOutputsAndPoll(run.id, {
          thread_id: thread.id,
          tool_outputs: [
            { tool_call_id: seoul!.id, output: 'rainy' },
            { tool_call_id: paris!.id, output: 'sunny' },
          ],
        });
        expect(done.status).toBe('completed');
      });

      it('failed carries last_error and failed_at; incomplete carries incomplete_details', async () => {
        const assistant = await target.assistant();
        const failing = await target.thread({ messages: [{ role: 'user', content: 'contract: fail' }] });
        const failed = await runs.createAndPoll(failing.id, { assistant_id: assistant.id });
        expect(failed).toMatchObject({ status: 'failed', last_error: { code: 'server_error', message: 'Scripted failure.' }, completed_at: null });
        expect(failed.failed_at).toBeGreaterThanOrEqual(failed.created_at);
        const cutting = await target.thread({ messages: [{ role: 'user', content: 'contract: cut short' }] });
        const cut = await runs.createAndPoll(cutting.id, { assistant_id: assistant.id });
        expect(cut).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_completion_tokens' }, last_error: null });
      });
    });
  });
}
