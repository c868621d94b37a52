/**
 * Role-play over a document: upload a Korean Hamlet, put it in a vector store, and let an assistant
 * with file_search answer as Ophelia over two turns, streaming its text and citing the passages it
 * found. `npm run example:ophelia`
 */
import { readFile } from 'node:fs/promises';
import { toFile } from 'openai';
import { assertCompleted, type AssistantsClient } from '@assistants-mock/client';
import { runIfMain, withAssistant, type ExampleSession } from './session.js';

const HAMLET = new URL('./data/hamlet-ko.txt', import.meta.url);

/** A vector store holding the play, ready for search. */
async function hamletStore(client: AssistantsClient) {
  const store = await client.openai.vectorStores.create({ name: 'Hamlet (ko)' });
  await client.openai.vectorStores.fileBatches.uploadAndPoll(store.id, {
    files: [await toFile(await readFile(HAMLET), 'hamlet-ko.txt')],
  });
  return store;
}

export async function ophelia({ client, model, log, write }: ExampleSession): Promise<void> {
  const store = await hamletStore(client);
  const actress = {
    name: 'Ophelia',
    instructions: '너는 셰익스피어 햄릿의 오필리아야. 첨부된 희곡의 대사를 찾아 근거로 삼고, 오필리아의 말투로 대답해.',
    tools: [{ type: 'file_search' as const }],
    tool_resources: { file_search: { vector_store_ids: [store.id] } },
    model,
  };
  try {
    await withAssistant(client, actress, async (assistant) => {
      let threadId: string | undefined;
      for (const question of ['햄릿 왕자님께 받은 선물은 어떻게 할 생각인가요?', '아버지께서는 뭐라고 하셨나요?']) {
        log(`\nuser: ${question}`);
        write('assistant: ');
        const events = client.runEvents({ assistantId: assistant.id, ...(threadId && { threadId }), message: question, mode: 'stream' });
        for await (const event of events) if (event.type === 'message.delta') write(event.delta);
        const result = await events.result;
        assertCompleted(result);
        threadId = result.threadId;
        log('');
        for (const message of result.messages) {
          for (const part of message.content) {
            if (part.type !== 'text') continue;
            for (const note of part.text.annotations) if (note.type === 'file_citation') log(`  ${note.text} → ${note.file_citation.file_id}`);
          }
        }
      }
    });
  } finally {
    await client.openai.vectorStores.delete(store.id);
  }
}

runIfMain(import.meta.url, ophelia);
