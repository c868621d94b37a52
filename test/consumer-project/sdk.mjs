// The zero-code-change path: the SDK reads OPENAI_BASE_URL and OPENAI_API_KEY.
import OpenAI from 'openai';

const client = new OpenAI();
const tutor = await client.beta.assistants.create({ model: 'gpt-4o', name: '수학 선생님', tools: [{ type: 'code_interpreter' }] });
const run = await client.beta.threads.createAndRunPoll({
  assistant_id: tutor.id,
  thread: { messages: [{ role: 'user', content: '413보다 큰 소수 중 네 번째로 작은 소수의 세제곱은?' }] },
});
const [answer] = (await client.beta.threads.messages.list(run.thread_id)).data;
console.log(run.status, answer.content[0].type === 'text' && answer.content[0].text.value);
