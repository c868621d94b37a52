import { pathToFileURL } from 'node:url';
import type { Assistant, AssistantCreateParams } from 'openai/resources/beta/assistants';
import { createAssistantsClient, type AssistantsClient } from '@assistants-mock/client';
import { bundledScenariosDir, loadFixtures } from '@assistants-mock/fixtures';
import { createMockServer } from '@assistants-mock/server';

/** What every example gets: a client, the model to create assistants with, and where to print. */
export interface ExampleSession {
  client: AssistantsClient;
  model: string;
  /** Prints a line. */
  log: (text: string) => void;
  /** Prints a piece of a line (streamed text). */
  write: (text: string) => void;
}

/**
 * With `ASSISTANTS_BASE_URL` and `OPENAI_API_KEY` set, a client on that endpoint (OpenAI itself, or
 * any Assistants-compatible server); otherwise an in-process mock playing the bundled scenarios.
 * The examples' code is the same either way.
 */
export function openSession(): { session: ExampleSession; target: string; close: () => Promise<void> } {
  const { ASSISTANTS_BASE_URL: baseURL, OPENAI_API_KEY: apiKey, ASSISTANTS_MODEL: model = 'gpt-4o' } = process.env;
  const print = { log: (text: string) => console.log(text), write: (text: string) => void process.stdout.write(text) };
  if (baseURL && apiKey) {
    return { session: { client: createAssistantsClient({ baseURL, apiKey }), model, ...print }, target: baseURL, close: async () => {} };
  }
  const server = createMockServer({ scenarios: loadFixtures([bundledScenariosDir]) });
  const client = createAssistantsClient({ baseURL: server.baseURL, apiKey: 'sk-example', fetch: server.fetch });
  return { session: { client, model, ...print }, target: 'the in-process mock (bundled scenarios)', close: () => server.close() };
}

/** Runs `example` when its file is executed directly (`tsx examples/quiz.ts`), not when a test imports it. */
export function runIfMain(moduleUrl: string, example: (session: ExampleSession) => Promise<void>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  const { session, target, close } = openSession();
  console.log(`# against ${target}\n`);
  example(session)
    .catch((error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    })
    .finally(() => void close());
}

/** Creates an assistant for the length of `use` and deletes it afterwards (no litter on a real account). */
export async function withAssistant<T>(client: AssistantsClient, params: AssistantCreateParams, use: (assistant: Assistant) => Promise<T>): Promise<T> {
  const assistant = await client.openai.beta.assistants.create(params);
  try {
    return await use(assistant);
  } finally {
    await client.openai.beta.assistants.delete(assistant.id);
  }
}
