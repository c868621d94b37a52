import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { FakeReply, FakeRequest } from './fake-upstream.js';

/**
 * A stand-in for a model behind the fake upstream, for suites written for real models (the contract
 * suite): it obeys a forced `tool_choice` (a city named after "in" fills the arguments), answers a
 * tool round by repeating the outputs, and otherwise follows "Reply with the single word: X" or
 * echoes the user.
 */
export function fakeModel({ body }: FakeRequest): FakeReply {
  const messages = body.messages as ChatCompletionMessageParam[];
  const last = messages.at(-1);
  if (last?.role === 'tool') {
    const outputs = messages.filter((m) => m.role === 'tool').map((m) => m.content as string);
    return { text: `Here is what I found: ${outputs.join('; ')}.` };
  }
  const user = [...messages].reverse().find((m) => m.role === 'user');
  const said = typeof user?.content === 'string' ? user.content : '';
  const choice = body.tool_choice;
  const forced = choice === 'required' ? body.tools?.[0] : typeof choice === 'object' && choice.type === 'function' ? body.tools?.find((t) => t.type === 'function' && t.function.name === choice.function.name) : undefined;
  if (forced?.type === 'function') {
    const city = said.match(/\bin ([A-Z][\p{L}]+)/u)?.[1] ?? 'Paris';
    return { toolCalls: [{ name: forced.function.name, arguments: JSON.stringify({ city }) }] };
  }
  const word = said.match(/single word: (\S+)/)?.[1];
  return { text: word ?? `You said: ${said}` };
}
