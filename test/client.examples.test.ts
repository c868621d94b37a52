import { describe, expect, it } from 'vitest';
import { createAssistantsClient } from '@assistants-mock/client';
import { bundledScenariosDir, loadFixtures } from '@assistants-mock/fixtures';
import { examineServerExample } from '../examples/examine-server.js';
import { followUp } from '../examples/follow-up.js';
import { mathTutor } from '../examples/math-tutor.js';
import { ophelia } from '../examples/ophelia.js';
import { quizExample } from '../examples/quiz.js';
import type { ExampleSession } from '../examples/session.js';
import { startHarness, uniqueKey } from './helpers/harness.js';

const h = await startHarness({ scenarios: loadFixtures([bundledScenariosDir]) });

/** Runs an example on the bundled scenarios and returns what it printed. */
async function printed(example: (session: ExampleSession) => Promise<void>): Promise<string> {
  let output = '';
  const client = createAssistantsClient({ baseURL: h.baseURL, apiKey: uniqueKey('example'), fetch: h.fetch });
  await example({ client, model: 'gpt-4o', log: (text) => (output += `${text}\n`), write: (text) => (output += text) });
  return output;
}

const filesMissing = (await h.raw('/files')).status === 404;

describe('examples (the seed notebooks on the client)', () => {
  it('math tutor: answers with code_interpreter and shows the code', async () => {
    const output = await printed(mathTutor);
    expect(output).toContain('assistant: 413보다 큰 소수는 419, 421, 431, 433 순서이므로 네 번째로 작은 소수는 433이고, 433^3 = 81,182,737 입니다.');
    expect(output).toContain('# Code the assistant ran\nfrom sympy import isprime\n');
  });

  it('follow-up: two turns on one thread, then three threads at once', async () => {
    const output = await printed(followUp);
    expect(output).toMatch(/user: 3x \+ 11 = 14 를 풀어 주세요\.\nassistant: 방정식 3x \+ 11 = 14의 해는 x = 1 입니다\.\nuser: 설명해 주세요\.\nassistant: 물론이죠\./);
    expect(output.match(/^# Thread thread_\w+ \(completed\)$/gm)).toHaveLength(3);
  });

  it('examine_server: calls the local function and reports its output', async () => {
    const output = await printed(examineServerExample);
    expect(output).toContain('[calling examine_server({})]');
    expect(output).toContain('검사 결과: {"cpu":"12%","memory":"3.1 GiB / 16 GiB","disk":"41%","status":"healthy"}');
  });

  it('quiz: answers both parallel display_quiz calls together', async () => {
    const output = await printed(quizExample);
    expect(output).toContain('- 다음 중 소수는? (4, 6, 7, 9) → 7');
    expect(output).toContain('2 display_quiz calls, all answered in one submission.\n답변 고마워요: {"answers":["4","7"]}\n{"answers":[]}');
  });

  it.skipIf(filesMissing)('Ophelia: file_search over the uploaded play, streamed, with citations', async () => {
    const output = await printed(ophelia);
    expect(output).toContain('user: 햄릿 왕자님께 받은 선물은 어떻게 할 생각인가요?\nassistant: 아, 왕자님께서 주신 정표들 말씀이시군요.');
    expect(output).toContain('user: 아버지께서는 뭐라고 하셨나요?\nassistant: 아버지 폴로니어스께서는');
    expect(output).toMatch(/^ {2}\S+ → file-\w+$/m);
  });
});
