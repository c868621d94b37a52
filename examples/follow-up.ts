/**
 * A conversation over several turns on one thread (the equation, then "explain it"), and three
 * independent threads run at once, as the notebook's `create_thread_and_run` did. `npm run example:follow-up`
 */
import { assertCompleted, formatConversation } from '@assistants-mock/client';
import { runIfMain, withAssistant, type ExampleSession } from './session.js';

export async function followUp({ client, model, log }: ExampleSession): Promise<void> {
  const tutor = {
    name: '수학 선생님',
    instructions: '당신은 개인 수학 선생님입니다. 짧게 답하세요.',
    tools: [{ type: 'code_interpreter' as const }],
    model,
  };
  await withAssistant(client, tutor, async (assistant) => {
    const first = await client.run({ assistantId: assistant.id, message: '3x + 11 = 14 를 풀어 주세요.' });
    assertCompleted(first);
    // The same thread: the assistant sees the equation when asked to explain.
    const second = await client.run({ assistantId: assistant.id, threadId: first.threadId, message: '설명해 주세요.' });
    assertCompleted(second);
    log(`# Thread ${first.threadId}\n${formatConversation(await client.listMessages(first.threadId))}`);

    const questions = ['선형대수가 무엇인지 알려 주세요.', '저는 수학이 싫어요. 어떻게 해야 하나요?', '3x + 11 = 14 를 풀어 주세요.'];
    const results = await Promise.all(questions.map((message) => client.run({ assistantId: assistant.id, message })));
    for (const result of results) {
      log(`\n# Thread ${result.threadId} (${result.status})\n${formatConversation(await client.listMessages(result.threadId))}`);
    }
  });
}

runIfMain(import.meta.url, followUp);
