import { describe, expect, it } from 'vitest';
import type { Message } from 'openai/resources/beta/threads/messages';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import type { RunStep } from 'openai/resources/beta/threads/runs/steps';
import { buildPrompt, type PromptInput } from './prompt.js';

const run = (fields: Partial<Run> = {}): Run =>
  ({
    id: 'run_1',
    thread_id: 'thread_1',
    assistant_id: 'asst_1',
    model: 'gpt-4o',
    instructions: 'Be brief.',
    tools: [],
    temperature: 1,
    top_p: 1,
    response_format: 'auto',
    tool_choice: 'auto',
    parallel_tool_calls: true,
    truncation_strategy: { type: 'auto', last_messages: null },
    max_prompt_tokens: null,
    max_completion_tokens: null,
    ...fields,
  }) as Run;

let seq = 0;
const message = (role: 'user' | 'assistant', content: Message['content'] | string, runId: string | null = null): Message =>
  ({
    id: `msg_${++seq}`,
    role,
    run_id: runId,
    content: typeof content === 'string' ? [{ type: 'text', text: { value: content, annotations: [] } }] : content,
  }) as Message;

const step = (details: RunStep['step_details']): RunStep => ({ id: `step_${++seq}`, type: details.type, step_details: details }) as RunStep;

const input = (fields: Partial<PromptInput> = {}): PromptInput => ({
  run: run(),
  messages: [],
  steps: [],
  callOrigins: {},
  completionBudget: Infinity,
  imageDataUrl: () => null,
  ...fields,
});

describe('buildPrompt', () => {
  it('a system message from the instructions, then the thread in order, with the run defaults as parameters', () => {
    const prompt = buildPrompt(input({ messages: [message('user', 'Hi'), message('assistant', 'Hello!'), message('user', 'What is 2+2?')] }));
    expect(prompt.params).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'What is 2+2?' },
      ],
      temperature: 1,
      top_p: 1,
    });
  });

  it('no system message without instructions', () => {
    const prompt = buildPrompt(input({ run: run({ instructions: '' }), messages: [message('user', 'Hi')] }));
    expect(prompt.params.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('image parts: URLs as given, uploaded files as data URLs, a missing file left out', () => {
    const content = [
      { type: 'text', text: { value: 'What is in these?', annotations: [] } },
      { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
      { type: 'image_file', image_file: { file_id: 'file-png', detail: 'auto' } },
      { type: 'image_file', image_file: { file_id: 'file-gone', detail: 'auto' } },
    ] as Message['content'];
    const prompt = buildPrompt(
      input({ messages: [message('user', content)], imageDataUrl: (id) => (id === 'file-png' ? 'data:image/png;base64,iVBO' : null) }),
    );
    expect(prompt.params.messages[1]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is in these?' },
        { type: 'image_url', image_url: { url: 'https://example.com/a.png', detail: 'low' } },
        { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBO', detail: 'auto' } },
      ],
    });
  });

  it("the run's tool rounds follow the thread: assistant tool_calls with the upstream's ids, then one tool message per output", () => {
    const answer = message('assistant', 'Let me check.', 'run_1');
    const prompt = buildPrompt(
      input({
        run: run({ tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }] }),
        messages: [message('user', 'Weather in Paris and Seoul?'), answer],
        steps: [
          step({ type: 'message_creation', message_creation: { message_id: answer.id } }),
          step({
            type: 'tool_calls',
            tool_calls: [
              { id: 'call_A', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}', output: 'sunny' } },
              { id: 'call_B', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Seoul"}', output: 'rain' } },
            ],
          }),
        ],
        callOrigins: { call_A: { upstreamId: 'up_a', name: 'get_weather', arguments: '' }, call_B: { upstreamId: 'up_b', name: 'get_weather', arguments: '' } },
      }),
    );
    expect(prompt.params.messages.slice(1)).toEqual([
      { role: 'user', content: 'Weather in Paris and Seoul?' },
      { role: 'assistant', content: 'Let me check.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'up_a', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'up_b', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Seoul"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'up_a', content: 'sunny' },
      { role: 'tool', tool_call_id: 'up_b', content: 'rain' },
    ]);
    expect(prompt.params.tools).toEqual([{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }]);
    // After a tool round the model chooses freely.
    expect(prompt.params.tool_choice).toBe('auto');
  });

  it('text the model wrote after its calls goes in the assistant turn of the calls, before their results', () => {
    const before = message('assistant', 'Let me check.', 'run_1');
    const after = message('assistant', 'One moment.', 'run_1');
    const calls = step({ type: 'tool_calls', tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{}', output: 'sunny' } }] });
    const prompt = buildPrompt(
      input({
        messages: [message('user', 'Weather?'), before, after],
        steps: [
          step({ type: 'message_creation', message_creation: { message_id: before.id } }),
          calls,
          step({ type: 'message_creation', message_creation: { message_id: after.id } }),
        ],
        callOrigins: { call_a: { upstreamId: 'up_a', name: 'get_weather', arguments: '{}' } },
        textAfterCalls: { [after.id]: calls.id },
      }),
    );
    expect(prompt.params.messages.slice(1)).toEqual([
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: 'Let me check.' },
      { role: 'assistant', content: 'One moment.', tool_calls: [{ id: 'up_a', type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'up_a', content: 'sunny' },
    ]);
  });

  it('a file_search round: the query the model sent, and the chunks under their citation markers', () => {
    const prompt = buildPrompt(
      input({
        run: run({ tools: [{ type: 'file_search' }] }),
        messages: [message('user', 'What did Ophelia return?')],
        steps: [
          step({
            type: 'tool_calls',
            tool_calls: [
              {
                id: 'call_S',
                type: 'file_search',
                file_search: {
                  ranking_options: { ranker: 'default_2024_08_21', score_threshold: 0 },
                  results: [
                    { file_id: 'file-1', file_name: 'hamlet.txt', score: 0.9, content: [{ type: 'text', text: 'My lord, I have remembrances of yours' }] },
                    { file_id: 'file-1', file_name: 'hamlet.txt', score: 0.5, content: [{ type: 'text', text: 'Rich gifts wax poor' }] },
                  ],
                },
              },
            ],
          }),
        ],
        callOrigins: { call_S: { upstreamId: 'up_s', name: 'file_search', arguments: '{"query":"remembrances"}' } },
      }),
    );
    expect(prompt.params.messages.slice(2)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'up_s', type: 'function', function: { name: 'file_search', arguments: '{"query":"remembrances"}' } }] },
      { role: 'tool', tool_call_id: 'up_s', content: '【0:0†hamlet.txt】\nMy lord, I have remembrances of yours\n\n【0:1†hamlet.txt】\nRich gifts wax poor' },
    ]);
    expect(prompt.params.tools?.map((t) => t.type === 'function' && t.function.name)).toEqual(['file_search']);
  });

  it('code_interpreter is offered as python when the server can run code; its calls go back with their logs', () => {
    const runCode = async () => [];
    const code = step({
      type: 'tool_calls',
      tool_calls: [{ id: 'call_C', type: 'code_interpreter', code_interpreter: { input: '433 ** 3', outputs: [{ type: 'logs', logs: '81182737\n' }] } }],
    });
    const silent = step({ type: 'tool_calls', tool_calls: [{ id: 'call_D', type: 'code_interpreter', code_interpreter: { input: 'x = 1', outputs: [] } }] });
    const prompt = buildPrompt(
      input({
        run: run({ tools: [{ type: 'code_interpreter' }], tool_choice: { type: 'code_interpreter' } }),
        messages: [message('user', 'cube 433')],
        steps: [code, silent],
        callOrigins: {
          call_C: { upstreamId: 'up_c', name: 'python', arguments: '{"code":"433 ** 3"}' },
          call_D: { upstreamId: 'up_d', name: 'python', arguments: '{"code":"x = 1"}' },
        },
        runCode,
      }),
    );
    expect(prompt.params.tools?.map((t) => t.type === 'function' && t.function.name)).toEqual(['python']);
    expect(prompt.params.messages[0]).toEqual({ role: 'system', content: expect.stringMatching(/^Be brief\.\n\nWhen you send Python code to the python tool/) });
    // Forced on the first turn only: this one comes after a tool round.
    expect(prompt.params.tool_choice).toBe('auto');
    expect(prompt.params.messages.slice(-4)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'up_c', type: 'function', function: { name: 'python', arguments: '{"code":"433 ** 3"}' } }] },
      { role: 'tool', tool_call_id: 'up_c', content: '81182737\n' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'up_d', type: 'function', function: { name: 'python', arguments: '{"code":"x = 1"}' } }] },
      { role: 'tool', tool_call_id: 'up_d', content: 'The code ran and printed nothing.' },
    ]);
    const first = buildPrompt(input({ run: run({ tools: [{ type: 'code_interpreter' }], tool_choice: { type: 'code_interpreter' } }), runCode }));
    expect(first.params.tool_choice).toEqual({ type: 'function', function: { name: 'python' } });
  });

  it('without a sandbox code_interpreter is not offered; with no tool left, no tool settings are sent', () => {
    const prompt = buildPrompt(input({ run: run({ tools: [{ type: 'code_interpreter' }], tool_choice: 'required' }), messages: [message('user', 'x')] }));
    expect(prompt.params).not.toHaveProperty('tools');
    expect(prompt.params.messages[0]).toEqual({ role: 'system', content: 'Be brief.' });
    expect(prompt.params).not.toHaveProperty('tool_choice');
    expect(prompt.params).not.toHaveProperty('parallel_tool_calls');
  });

  it('tool_choice: a named function or required forces the first turn only; parallel_tool_calls goes along', () => {
    const tools = [{ type: 'function' as const, function: { name: 'f' } }];
    const forced = buildPrompt(input({ run: run({ tools, tool_choice: { type: 'function', function: { name: 'f' } }, parallel_tool_calls: false }) }));
    expect(forced.params).toMatchObject({ tool_choice: { type: 'function', function: { name: 'f' } }, parallel_tool_calls: false });
    expect(buildPrompt(input({ run: run({ tools, tool_choice: 'required' }) })).params.tool_choice).toBe('required');
    expect(buildPrompt(input({ run: run({ tools, tool_choice: 'none' }) })).params.tool_choice).toBe('none');
    const fileSearch = buildPrompt(input({ run: run({ tools: [{ type: 'file_search' }], tool_choice: { type: 'file_search' } }) }));
    expect(fileSearch.params.tool_choice).toEqual({ type: 'function', function: { name: 'file_search' } });
  });

  it('sampling, response_format and the completion budget left go upstream', () => {
    const schema = { type: 'json_schema' as const, json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } };
    const prompt = buildPrompt(input({ run: run({ temperature: 0.2, top_p: 0.9, response_format: schema }), completionBudget: 120 }));
    expect(prompt.params).toMatchObject({ temperature: 0.2, top_p: 0.9, response_format: schema, max_completion_tokens: 120 });
    expect(buildPrompt(input({ run: run({ response_format: { type: 'json_object' } }) })).params.response_format).toEqual({ type: 'json_object' });
    expect(buildPrompt(input({ run: run({ response_format: { type: 'text' } }) })).params).not.toHaveProperty('response_format');
  });

  it('truncation last_messages: N keeps the newest N messages of the thread', () => {
    const messages = ['one', 'two', 'three', 'four'].map((text) => message('user', text));
    const prompt = buildPrompt(input({ run: run({ truncation_strategy: { type: 'last_messages', last_messages: 2 } }), messages }));
    expect(prompt.params.messages.map((m) => m.content)).toEqual(['Be brief.', 'three', 'four']);
  });

  it('truncation auto drops the oldest messages to fit max_prompt_tokens, always keeping the newest', () => {
    const messages = ['a'.repeat(400), 'b'.repeat(400), 'c'.repeat(40)].map((text) => message('user', text));
    // 'Be brief.' is 3 tokens, the messages 100, 100 and 10.
    const fits = buildPrompt(input({ run: run({ max_prompt_tokens: 120 }), messages }));
    expect(fits.params.messages.map((m) => (m.content as string)[0])).toEqual(['B', 'b', 'c']);
    expect(fits.estimatedTokens).toBe(113);
    const tight = buildPrompt(input({ run: run({ max_prompt_tokens: 5 }), messages }));
    expect(tight.params.messages.map((m) => (m.content as string)[0])).toEqual(['B', 'c']);
    const roomy = buildPrompt(input({ run: run({ max_prompt_tokens: 1000 }), messages }));
    expect(roomy.params.messages).toHaveLength(4);
  });

  it("truncation auto without max_prompt_tokens fits the model's context window, leaving the answer its room", () => {
    const messages = ['a'.repeat(4000), 'b'.repeat(4000), 'c'.repeat(40)].map((text) => message('user', text));
    // A 1,600-token window leaves the prompt 1,200 (a quarter for the answer): 3 + 1,000 + 10 fit, 1,000 more do not.
    const firstOf = (contextTokens: number, fields: Partial<PromptInput> = {}) =>
      buildPrompt(input({ messages, ...fields }), contextTokens).params.messages.map((m) => (m.content as string)[0]);
    expect(firstOf(1_600)).toEqual(['B', 'b', 'c']);
    expect(firstOf(3_000)).toEqual(['B', 'a', 'b', 'c']);
    // A small completion budget leaves more of the window to the prompt.
    expect(firstOf(2_100, { completionBudget: 50 })).toEqual(['B', 'a', 'b', 'c']);
    expect(firstOf(2_100)).toEqual(['B', 'b', 'c']);
    // max_prompt_tokens still applies when it is the tighter limit; the newest message always stays.
    expect(firstOf(128_000, { run: run({ max_prompt_tokens: 50 }) })).toEqual(['B', 'c']);
    expect(firstOf(100)).toEqual(['B', 'c']);
  });

  it('last_messages keeps the newest N, then the window drops more if they do not fit', () => {
    const messages = ['a'.repeat(4000), 'b'.repeat(4000), 'c'.repeat(40)].map((text) => message('user', text));
    const prompt = buildPrompt(input({ run: run({ truncation_strategy: { type: 'last_messages', last_messages: 2 } }), messages }), 1_000);
    expect(prompt.params.messages.map((m) => (m.content as string)[0])).toEqual(['B', 'c']);
  });
});
