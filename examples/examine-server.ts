/**
 * A function tool: the assistant asks to examine the data server, the client runs the local
 * function and submits its output, and the assistant reports. `npm run example:examine-server`
 */
import { z } from 'zod';
import { assertCompleted, defineTool } from '@assistants-mock/client';
import { runIfMain, withAssistant, type ExampleSession } from './session.js';

const examineServer = defineTool({
  name: 'examine_server',
  description: '데이터 서버의 CPU, 메모리, 디스크 상태를 검사합니다.',
  schema: z.object({}),
  handler: () => ({ cpu: '12%', memory: '3.1 GiB / 16 GiB', disk: '41%', status: 'healthy' }),
});

export async function examineServerExample({ client, model, log }: ExampleSession): Promise<void> {
  const operator = {
    name: '서버 관리자',
    instructions: '서버 상태를 물으면 examine_server 함수로 검사하고 결과를 요약하세요.',
    tools: [examineServer.definition],
    model,
  };
  await withAssistant(client, operator, async (assistant) => {
    const result = await client.run({
      assistantId: assistant.id,
      message: '데이터 서버 상태를 확인해 주세요.',
      tools: [examineServer],
      onEvent: (event) => {
        if (event.type === 'tool_call.started') log(`[calling ${event.call.name}(${event.call.arguments})]`);
        if (event.type === 'tool_call.finished') log(`[${event.call.name} → ${event.call.output}]`);
      },
    });
    assertCompleted(result);
    log(result.text);
  });
}

runIfMain(import.meta.url, examineServerExample);
