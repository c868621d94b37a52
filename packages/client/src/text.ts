import type { Message } from 'openai/resources/beta/threads/messages';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { MessageInput, TextMessage } from './types.js';

/** A message's text parts joined by a newline (image parts are skipped, annotation markers kept). */
export function messageText(message: Message): string {
  return message.content.flatMap((part) => (part.type === 'text' ? [part.text.value] : [])).join('\n');
}

/** A message body from a string or a full message. */
export const userMessage = (message: MessageInput) => (typeof message === 'string' ? { role: 'user' as const, content: message } : message);

export const withText = (message: Message): TextMessage => ({ ...message, text: messageText(message) });

/** The code the model ran with code_interpreter in these steps, in order. */
export function codeInterpreterInputs(steps: readonly RunStep[]): string[] {
  return steps.flatMap((step) =>
    step.step_details.type === 'tool_calls'
      ? step.step_details.tool_calls.flatMap((call) => (call.type === 'code_interpreter' ? [call.code_interpreter.input] : []))
      : [],
  );
}

/**
 * A conversation as plain text, one `role: text` block per message in the given order; pass the
 * messages oldest first (as `listMessages` returns them).
 * @example
 * console.log(formatConversation(await client.listMessages(threadId)));
 * // user: 3x + 11 = 14 을 풀어줘
 * // assistant: 방정식 3x + 11 = 14의 해는 x = 1 입니다.
 */
export function formatConversation(messages: readonly Message[]): string {
  return messages.map((message) => `${message.role}: ${messageText(message)}`).join('\n');
}
