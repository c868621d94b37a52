// Type-checked with moduleResolution node16 and bundler: the packages' types resolve, and are real.
import OpenAI from 'openai';
import { createMockServer, manualClock, type FaultRule, type MockServer } from '@assistants-mock/server';
import { connectAssistantsMock, type AssistantsMockSession } from '@assistants-mock/server/testing';
import { useAssistantsMock } from '@assistants-mock/server/vitest';
import { assistantsMockGlobalSetup } from '@assistants-mock/server/vitest-setup';
import { bundledScenariosDir, defineScenarios, loadFixtures, type Scenario } from '@assistants-mock/fixtures';
import { createAssistantsClient, type RunResult } from '@assistants-mock/client';

const clock = manualClock();
const server: MockServer = createMockServer({ clock, scenarios: loadFixtures([bundledScenariosDir]) });
const client = new OpenAI({ baseURL: server.baseURL, apiKey: 'sk-types', fetch: server.fetch });
const scenarios: Scenario[] = defineScenarios([{ name: 'hi', script: [{ say: 'hi' }] }]);
const fault: FaultRule = { method: 'POST', path: '/threads', status: 503, times: 2 };
server.injectFault('sk-types', fault);
const session: AssistantsMockSession = connectAssistantsMock('http://127.0.0.1:4141/v1');
const result: Promise<RunResult> = createAssistantsClient({ baseURL: server.baseURL, apiKey: 'sk-types', fetch: server.fetch }).run({ assistantId: 'asst_x', message: 'hi' });
export { client, scenarios, session, result, useAssistantsMock, assistantsMockGlobalSetup };

// Wrong uses are errors, so none of the above is `any`:
// @ts-expect-error db is a path
createMockServer({ db: 42 });
// @ts-expect-error a step needs a known kind
defineScenarios([{ name: 'typo', script: [{ sya: 'hi' }] }]);
// @ts-expect-error only 429, 500 and 503 are faults
server.injectFault('sk-types', { path: '/threads', status: 404 });
// @ts-expect-error advance takes milliseconds
clock.advance('1s');
