import OpenAI from 'openai';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import type { Thread, ThreadCreateParams } from 'openai/resources/beta/threads/threads';
import { listMessages, listRunSteps } from './conversation.js';
import { iterateRunEvents, type RunEventStream } from './event-iterator.js';
import { cancelAndWait } from './polling.js';
import { runAssistant } from './run.js';
import { codeInterpreterInputs, userMessage, withText } from './text.js';
import type { MessageInput, RunOptions, RunResult, TextMessage } from './types.js';

/** Where the Assistants API is: the SDK's own connection options. */
export interface ConnectionOptions {
  /** e.g. `https://api.openai.com/v1`, or a mock's `http://127.0.0.1:4141/v1`. Default: the SDK's (`OPENAI_BASE_URL` or OpenAI). */
  baseURL?: string;
  /** Default: the SDK's (`OPENAI_API_KEY`). */
  apiKey?: string;
  /** A custom fetch, e.g. an in-process mock server's `server.fetch`. */
  fetch?: typeof fetch;
  /** Per-request timeout in ms (the SDK's `timeout`). */
  timeout?: number;
  /** Retries of failed requests (the SDK's `maxRetries`, default 2). */
  maxRetries?: number;
  organization?: string;
  project?: string;
  defaultHeaders?: Record<string, string>;
}

/** Connection options, or an `OpenAI` instance you already have: one or the other. */
export type AssistantsClientOptions = ConnectionOptions | { openai: OpenAI };

export interface AssistantsClient {
  /** The SDK instance underneath, for everything this client does not wrap. */
  readonly openai: OpenAI;
  /**
   * Runs an assistant to a final status: creates the thread if needed, adds the message, starts the
   * run, answers every `requires_action` with the handlers of `tools` (all outputs in one request),
   * and returns what the run produced. Resolves for every final status (check `result.status`);
   * rejects when the caller stops it (`RunAbortedError`, `RunTimeoutError`, `ToolCallError`,
   * `ThreadBusyError`, or the error a listener threw), after cancelling the run on the server.
   * @example
   * const result = await client.run({ assistantId, message: '3x + 11 = 14 을 풀어줘', tools: [examineServer] });
   * if (result.status === 'completed') console.log(result.text);
   */
  run(options: RunOptions): Promise<RunResult>;
  /**
   * `run()` as an async iterable of its events, for `for await` loops (a UI printing deltas).
   * @example
   * const events = client.runEvents({ assistantId, threadId, message, mode: 'stream' });
   * for await (const event of events) if (event.type === 'message.delta') process.stdout.write(event.delta);
   * const result = await events.result;
   */
  runEvents(options: RunOptions): RunEventStream;
  /** A new thread, with a first user message if given. */
  createThread(firstMessage?: MessageInput, params?: ThreadCreateParams): Promise<Thread>;
  /** Adds a user message (400 while a run is active; `run({ message })` avoids that). */
  addMessage(threadId: string, message: MessageInput): Promise<TextMessage>;
  /** Every message of the thread, or of one run, oldest first (the API lists newest first). */
  listMessages(threadId: string, options?: { runId?: string }): Promise<TextMessage[]>;
  /** Every step of a run, oldest first. */
  listRunSteps(threadId: string, runId: string): Promise<RunStep[]>;
  /** The code a run executed with code_interpreter, in order. */
  codeInterpreterInputs(threadId: string, runId: string): Promise<string[]>;
  /** Cancels a run and waits until it has stopped; resolves with its final state. */
  cancelRun(threadId: string, runId: string): Promise<Run>;
}

const CONNECTION_KEYS = ['baseURL', 'apiKey', 'fetch', 'timeout', 'maxRetries', 'organization', 'project', 'defaultHeaders'] as const;

/**
 * A client for running assistants, on top of the official SDK. Pointing it at a mock is only a
 * different `baseURL` (or the mock's in-process `fetch`).
 * @example
 * const client = createAssistantsClient({ baseURL: process.env.ASSISTANTS_BASE_URL, apiKey: process.env.OPENAI_API_KEY });
 * const client = createAssistantsClient({ openai: new OpenAI() });
 */
export function createAssistantsClient(options: AssistantsClientOptions = {}): AssistantsClient {
  const openai = openaiFrom(options);
  const run = (runOptions: RunOptions) => runAssistant(openai, runOptions);
  return {
    openai,
    run,
    runEvents: (runOptions) => iterateRunEvents(runOptions, run),
    createThread: (firstMessage, params = {}) =>
      openai.beta.threads.create({ ...params, messages: [...(params.messages ?? []), ...(firstMessage === undefined ? [] : [userMessage(firstMessage)])] }),
    addMessage: async (threadId, message) => withText(await openai.beta.threads.messages.create(threadId, userMessage(message))),
    listMessages: (threadId, listOptions) => listMessages(openai, threadId, listOptions),
    listRunSteps: (threadId, runId) => listRunSteps(openai, threadId, runId),
    codeInterpreterInputs: async (threadId, runId) => codeInterpreterInputs(await listRunSteps(openai, threadId, runId)),
    cancelRun: async (threadId, runId) => cancelAndWait(openai, await openai.beta.threads.runs.retrieve(runId, { thread_id: threadId })),
  };
}

function openaiFrom(options: AssistantsClientOptions): OpenAI {
  if (!('openai' in options)) return new OpenAI(options);
  const extra = CONNECTION_KEYS.filter((key) => key in options);
  if (extra.length > 0) {
    throw new TypeError(
      `createAssistantsClient takes either \`openai\` or connection options, not both: configure ${extra.join(', ')} on the OpenAI instance instead.`,
    );
  }
  return options.openai;
}
