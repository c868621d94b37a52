import type { Message } from 'openai/resources/beta/threads/messages';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { ToolCall } from 'openai/resources/beta/threads/runs/steps';
import type {
  ChatCompletionContentPart,
  ChatCompletionMessageParam,
  ChatCompletionMessageToolCall,
  ChatCompletionTool,
  ChatCompletionToolChoiceOption,
} from 'openai/resources/chat/completions';
import type { CodeOutput, FileSearchResult } from '../engine/actions.js';
import type { TurnRequest } from '../engine/driver.js';
import { countTokens } from '../engine/usage.js';
import type { TurnParams } from './upstream.js';
import { FILE_SEARCH_TOOL, searchLabel } from './file-search.js';
import { CODE_INSTRUCTIONS, CODE_TOOL, codeResultText } from './code-tool.js';
import { promptRoom } from './context-window.js';

/** Everything one model turn is built from, as plain data: the request, with the thread's messages read. */
export type PromptInput = Omit<TurnRequest, 'threadMessages'> & { messages: readonly Message[] };

export interface Prompt {
  params: TurnParams;
  /** The prompt's size by the engine's own count (four characters a token), before truncation shows. */
  estimatedTokens: number;
}

/**
 * One model turn of a run, as Chat Completions: a system message from the run's instructions (which
 * already carry `additional_instructions`; how to use the python tool follows when it is offered), the
 * thread's messages (within `truncation_strategy` and the model's context window of `contextTokens`,
 * when known), then this run's earlier rounds (its messages, and its tool calls with their outputs
 * under the same ids the upstream gave them), and the run's sampling and tool settings.
 */
export function buildPrompt(input: PromptInput, contextTokens = Infinity): Prompt {
  const { run } = input;
  const tools = offeredTools(run, input.runCode !== undefined);
  const instructions = [run.instructions, ...(tools.includes(CODE_TOOL) ? [CODE_INSTRUCTIONS] : [])].filter(Boolean).join('\n\n');
  const system: ChatCompletionMessageParam[] = instructions ? [{ role: 'system', content: instructions }] : [];
  const rounds = runRounds(input);
  const thread = truncate(
    input.messages.filter((message) => message.run_id !== run.id).flatMap((message) => threadMessage(message, input)),
    run,
    tokensOf([...system, ...rounds]),
    Number.isFinite(contextTokens) ? promptRoom(contextTokens, input.completionBudget) : Infinity,
  );
  const messages = [...system, ...thread, ...rounds];
  const hadToolRound = input.steps.some((step) => step.type === 'tool_calls');
  return {
    params: {
      messages,
      ...(tools.length > 0 && {
        tools,
        tool_choice: toolChoice(run.tool_choice, hadToolRound),
        parallel_tool_calls: run.parallel_tool_calls,
      }),
      ...(run.temperature !== null && run.temperature !== undefined && { temperature: run.temperature }),
      ...(run.top_p !== null && run.top_p !== undefined && { top_p: run.top_p }),
      ...responseFormat(run.response_format),
      ...(Number.isFinite(input.completionBudget) && { max_completion_tokens: input.completionBudget }),
    },
    estimatedTokens: tokensOf(messages),
  };
}

/** A message of the thread (user, or an assistant's answer in an earlier run). */
function threadMessage(message: Message, input: PromptInput): ChatCompletionMessageParam[] {
  if (message.role === 'assistant') {
    const text = textOf(message);
    return text === '' ? [] : [{ role: 'assistant', content: text }];
  }
  const parts = message.content.flatMap((part): ChatCompletionContentPart[] => {
    switch (part.type) {
      case 'text':
        return [{ type: 'text', text: part.text.value }];
      case 'image_url':
        return [{ type: 'image_url', image_url: { url: part.image_url.url, detail: part.image_url.detail ?? 'auto' } }];
      case 'image_file': {
        const url = input.imageDataUrl(part.image_file.file_id);
        return url ? [{ type: 'image_url', image_url: { url, detail: part.image_file.detail ?? 'auto' } }] : [];
      }
      default:
        return [];
    }
  });
  if (parts.length === 0) return [];
  // Plain text stays a string: every Chat Completions server reads that, not all read part arrays.
  const textOnly = parts.every((part) => part.type === 'text');
  return [{ role: 'user', content: textOnly ? parts.map((part) => (part as { text: string }).text).join('\n') : parts }];
}

/**
 * The run's own earlier steps: its messages, and each tool round as an assistant turn and its results.
 * Text the model wrote after its calls goes back where it wrote it: in the assistant turn of the calls,
 * before their results (not after them, as if the model had read them).
 */
function runRounds(input: PromptInput): ChatCompletionMessageParam[] {
  const byId = new Map(input.messages.map((message) => [message.id, message]));
  const after = Object.entries(input.textAfterCalls ?? {});
  const textOfId = (id: string) => {
    const message = byId.get(id);
    return message ? textOf(message) : '';
  };
  return input.steps.flatMap((step, position): ChatCompletionMessageParam[] => {
    const details = step.step_details;
    if (details.type === 'message_creation') {
      const id = details.message_creation.message_id;
      const text = input.textAfterCalls?.[id] === undefined ? textOfId(id) : '';
      return text === '' ? [] : [{ role: 'assistant', content: text }];
    }
    const calls = details.tool_calls.flatMap((call) => roundCall(call, input.callOrigins, position));
    if (calls.length === 0) return [];
    const written = after.flatMap(([id, stepId]) => (stepId === step.id ? [textOfId(id)] : [])).join('');
    return [
      { role: 'assistant', content: written === '' ? null : written, tool_calls: calls.map((c) => c.call) },
      ...calls.map((c): ChatCompletionMessageParam => ({ role: 'tool', tool_call_id: c.call.id, content: c.result })),
    ];
  });
}

function roundCall(call: ToolCall, origins: PromptInput['callOrigins'], position: number): { call: ChatCompletionMessageToolCall; result: string }[] {
  const origin = origins[call.id];
  if (call.type === 'function') {
    const id = origin?.upstreamId ?? call.id;
    return [{ call: { id, type: 'function', function: { name: call.function.name, arguments: call.function.arguments } }, result: call.function.output ?? '' }];
  }
  // Only calls the model made (it has their origin) are part of its conversation.
  if (call.type === 'file_search' && origin) {
    const results = (call.file_search.results ?? []) as FileSearchResult[];
    return [
      {
        call: { id: origin.upstreamId, type: 'function', function: { name: origin.name, arguments: origin.arguments } },
        result: searchResultsText(results, searchLabel(position)),
      },
    ];
  }
  if (call.type === 'code_interpreter' && origin) {
    return [
      {
        call: { id: origin.upstreamId, type: 'function', function: { name: origin.name, arguments: origin.arguments } },
        result: codeResultText(call.code_interpreter.outputs as CodeOutput[]),
      },
    ];
  }
  return [];
}

/** The chunks a search found, each headed by the marker the model is asked to cite it with. */
export function searchResultsText(results: readonly FileSearchResult[], label: number): string {
  if (results.length === 0) return 'No results found.';
  return results
    .map((result, n) => `【${label}:${n}†${result.file_name}】\n${result.content.map((part) => part.text).join('\n')}`)
    .join('\n\n');
}

/**
 * `last_messages: N` keeps the newest N messages of the thread; `auto` drops the oldest until the
 * prompt fits `max_prompt_tokens` and, as the hosted service's `auto` did, the model's context window
 * (`room`: what the window leaves the prompt). The newest message always stays.
 */
function truncate(thread: ChatCompletionMessageParam[], run: Run, fixedTokens: number, room: number): ChatCompletionMessageParam[] {
  const strategy = run.truncation_strategy;
  const lastMessages = strategy?.type === 'last_messages' ? strategy.last_messages : null;
  if (lastMessages === 0) return [];
  const newest = lastMessages === null || lastMessages === undefined ? thread : thread.slice(-lastMessages);
  const limit = Math.min(room, lastMessages === null || lastMessages === undefined ? (run.max_prompt_tokens ?? Infinity) : Infinity);
  return fit(newest, fixedTokens, limit);
}

/** Drops the oldest messages until the prompt is within `limit` tokens, keeping at least the newest. */
function fit(thread: ChatCompletionMessageParam[], fixedTokens: number, limit: number): ChatCompletionMessageParam[] {
  if (!Number.isFinite(limit)) return thread;
  let total = fixedTokens + tokensOf(thread);
  let first = 0;
  while (first < thread.length - 1 && total > limit) total -= tokensOf([thread[first++]!]);
  return first === 0 ? thread : thread.slice(first);
}

/** The prompt by the engine's count: its text, plus a flat 85 tokens an image (OpenAI's low-detail cost). */
function tokensOf(messages: readonly ChatCompletionMessageParam[]): number {
  let tokens = 0;
  for (const message of messages) {
    const content = message.content;
    if (typeof content === 'string') tokens += countTokens(content);
    else if (Array.isArray(content)) for (const part of content) tokens += part.type === 'text' ? countTokens(part.text) : 85;
    if (message.role === 'assistant' && message.tool_calls) {
      for (const call of message.tool_calls) if (call.type === 'function') tokens += countTokens(call.function.name + call.function.arguments);
    }
  }
  return tokens;
}

/**
 * Function tools as they are; file_search, and code_interpreter when the server has a sandbox to run
 * it in, as functions the server answers.
 */
function offeredTools(run: Run, canRunCode: boolean): ChatCompletionTool[] {
  return run.tools.flatMap((tool): ChatCompletionTool[] => {
    if (tool.type === 'function') {
      const { name, description, parameters, strict } = tool.function;
      return [
        {
          type: 'function',
          function: {
            name,
            ...(description !== undefined && { description }),
            ...(parameters !== undefined && { parameters }),
            ...(strict !== undefined && strict !== null && { strict }),
          },
        },
      ];
    }
    if (tool.type === 'code_interpreter') return canRunCode ? [CODE_TOOL] : [];
    return tool.type === 'file_search' ? [FILE_SEARCH_TOOL] : [];
  });
}

/**
 * The run's `tool_choice`. A forced choice (`required` or a named tool) applies to the run's first
 * turn: once the tool has answered, forcing it again would loop forever.
 */
function toolChoice(choice: Run['tool_choice'], hadToolRound: boolean): ChatCompletionToolChoiceOption {
  if (choice === null || choice === 'auto' || choice === 'none') return choice ?? 'auto';
  if (hadToolRound) return 'auto';
  if (choice === 'required') return 'required';
  if (choice.type === 'function' && choice.function) return { type: 'function', function: { name: choice.function.name } };
  if (choice.type === 'file_search') return { type: 'function', function: { name: FILE_SEARCH_TOOL.function.name } };
  if (choice.type === 'code_interpreter') return { type: 'function', function: { name: CODE_TOOL.function.name } };
  return 'auto';
}

function responseFormat(format: Run['response_format']): Pick<TurnParams, 'response_format'> {
  if (format === null || format === undefined || format === 'auto' || format.type === 'text') return {};
  return { response_format: format as TurnParams['response_format'] };
}

const textOf = (message: Message) => message.content.map((part) => (part.type === 'text' ? part.text.value : '')).join('');
