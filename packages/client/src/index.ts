/**
 * `@assistants-mock/client`: run OpenAI assistants and dispatch their tool calls, on top of the
 * official `openai` SDK, with the same code against the mock and a production endpoint.
 */
export { createAssistantsClient, type AssistantsClient, type AssistantsClientOptions, type ConnectionOptions } from './client.js';
export { defineTool, type Tool, type ToolContext, type ToolHandler, type JsonSchemaToolOptions, type SchemaToolOptions } from './tools.js';
export type { StandardSchemaWithJSON } from './argument-validation.js';
export type { RunEventStream } from './event-iterator.js';
export type {
  CompletedRun,
  MessageInput,
  RunEvent,
  RunOptions,
  RunOverrides,
  RunResult,
  TextMessage,
  ToolCallRecord,
  ToolErrorKind,
} from './types.js';
export {
  assertCompleted,
  RunAbortedError,
  RunNotCompletedError,
  RunStoppedError,
  RunTimeoutError,
  ThreadBusyError,
  ToolCallError,
} from './errors.js';
export { codeInterpreterInputs, formatConversation, messageText } from './text.js';
