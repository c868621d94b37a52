/**
 * The math tutor of the seed notebook: an assistant that writes and runs code (code_interpreter) to
 * answer, then shows the code it ran. `npm run example:math-tutor`
 */
import { assertCompleted, codeInterpreterInputs, formatConversation } from '@assistants-mock/client';
import { runIfMain, withAssistant, type ExampleSession } from './session.js';

export async function mathTutor({ client, model, log }: ExampleSession): Promise<void> {
  const tutor = {
    name: '수학 선생님',
    instructions: '당신은 개인 수학 선생님입니다. 수학 질문에 답하려면 코드를 작성하고 실행하세요.',
    tools: [{ type: 'code_interpreter' as const }],
    model,
  };
  await withAssistant(client, tutor, async (assistant) => {
    const result = await client.run({
      assistantId: assistant.id,
      message: '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은 얼마인가요?',
      onEvent: (event) => event.type === 'run.status' && log(`[run ${event.status}]`),
    });
    assertCompleted(result);
    log(`\n# Messages\n${formatConversation(await client.listMessages(result.threadId))}`);
    log('\n# Code the assistant ran');
    for (const input of codeInterpreterInputs(result.steps)) log(input);
  });
}

runIfMain(import.meta.url, mathTutor);
