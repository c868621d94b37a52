import { describe, expect, it } from 'vitest';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import { bundledScenariosDir, loadFixtures, type Scenario } from '@assistants-mock/fixtures';
import { startHarness } from './helpers/harness.js';
import { record } from './helpers/assistant-stream.js';
import { expectFinalsEqualRetrieves, STREAM_STARTERS } from './helpers/stream-runs.js';

const bundled = loadFixtures([bundledScenariosDir]);
const h = await startHarness({ scenarios: bundled });

/** A file_search step without scripted results searches uploaded files, which these tests do not have. */
const needsUploadedFiles = (scenario: Scenario) => scenario.script.some((step) => 'file_search' in step && [step.file_search].flat().some((search) => !search.results));

/** What a user says to reach each bundled scenario, and what their functions answer. */
const CONVERSATIONS: Record<string, { message: string; outputs?: Record<string, string[]> }> = {
  'server-check': { message: '데이터 서버 상태를 확인해 주세요', outputs: { examine_server: ['정상 (CPU 12%)'] } },
  quiz: { message: '수학 퀴즈를 내주세요', outputs: { display_quiz: ['4', '7'] } },
  'prime-cube': { message: '413보다 큰 소수 중에서 네 번째로 작은 소수의 세제곱은 얼마인가요?' },
  'equation-follow-up': { message: '방금 푼 방정식을 설명해 주세요' },
  equation: { message: '3x + 11 = 14를 풀어 주세요' },
  'linear-algebra': { message: '선형대수가 무엇인가요?' },
  'dislike-math': { message: '저는 수학이 싫어요' },
  fibonacci: { message: '피보나치 수열의 처음 20개를 구해 주세요' },
};

const fn = (name: string) => ({ type: 'function' as const, function: { name, parameters: { type: 'object', properties: {} } } });
const TOOLS = [{ type: 'code_interpreter' as const }, fn('examine_server'), fn('display_quiz')];

/** The scripted answer texts, with `{{outputs...}}` filled from what was submitted. */
function expectedTexts(scenario: Scenario, submitted: { name: string; output: string }[]): string[] {
  return scenario.script.flatMap((step) =>
    'say' in step
      ? [
          step.say.replace(/\{\{\s*outputs(?:\.([\w-]+))?\s*\}\}/g, (_, name?: string) =>
            submitted.filter((o) => name === undefined || o.name === name).map((o) => o.output).join('\n'),
          ),
        ]
      : [],
  );
}

describe('bundled scenarios through the SDK stream helpers', () => {
  it('covers every bundled scenario that needs no uploaded files', () => {
    expect(Object.keys(CONVERSATIONS).sort()).toEqual(bundled.filter((s) => !needsUploadedFiles(s)).map((s) => s.name).sort());
  });

  describe.each(Object.keys(STREAM_STARTERS))('%s', (helper) => {
    it.each(Object.keys(CONVERSATIONS))('%s', async (name) => {
      const scenario = bundled.find((s) => s.name === name)!;
      const { message, outputs = {} } = CONVERSATIONS[name]!;
      const assistant = await h.client.beta.assistants.create({ model: 'gpt-4o', tools: TOOLS });
      let stream = await STREAM_STARTERS[helper]!(h, assistant.id, message);
      let recording = record(stream);
      let run: Run = await stream.finalRun();
      await expectFinalsEqualRetrieves(h, stream, recording, run);
      const submitted: { name: string; output: string }[] = [];

      while (run.status === 'requires_action') {
        const calls = run.required_action!.submit_tool_outputs.tool_calls;
        const answers = calls.map((call) => ({ name: call.function.name, output: outputs[call.function.name]![submitted.filter((o) => o.name === call.function.name).length]! }));
        submitted.push(...answers);
        stream = h.client.beta.threads.runs.submitToolOutputsStream(run.id, {
          thread_id: run.thread_id,
          tool_outputs: calls.map((call, i) => ({ tool_call_id: call.id, output: answers[i]!.output })),
        });
        recording = record(stream);
        run = await stream.finalRun();
        await expectFinalsEqualRetrieves(h, stream, recording, run);
      }

      expect(run.status).toBe('completed');
      const steps = await h.client.beta.threads.runs.steps.list(run.id, { thread_id: run.thread_id, order: 'asc' });
      expect(steps.data.map((step) => step.type)).toEqual(scenario.script.map((step) => ('say' in step ? 'message_creation' : 'tool_calls')));
      const messages = await h.client.beta.threads.messages.list(run.thread_id, { run_id: run.id, order: 'asc' });
      expect(messages.data.map((m) => m.content[0]?.type === 'text' && m.content[0].text.value)).toEqual(expectedTexts(scenario, submitted));
    });
  });
});
