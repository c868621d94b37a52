// The library from plain JavaScript: a server in process, the SDK and the client package on top of it.
import OpenAI from 'openai';
import { createMockServer } from '@assistants-mock/server';
import { bundledScenariosDir, loadFixtures } from '@assistants-mock/fixtures';
import { createAssistantsClient } from '@assistants-mock/client';

const mock = createMockServer({ scenarios: loadFixtures([bundledScenariosDir]) });
const openai = new OpenAI({ baseURL: mock.baseURL, apiKey: 'sk-in-process', fetch: mock.fetch });
const tutor = await openai.beta.assistants.create({ model: 'gpt-4o', name: '수학 선생님', tools: [{ type: 'code_interpreter' }] });
const client = createAssistantsClient({ baseURL: mock.baseURL, apiKey: 'sk-in-process', fetch: mock.fetch });
const result = await client.run({ assistantId: tutor.id, message: '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?' });
console.log(result.status, result.status === 'completed' ? result.text : '');
await mock.close();
