import { defineScenarios } from '@assistants-mock/fixtures';

/**
 * What the mock's "model" does for the protocol suite. The prompts are written so a real model does
 * the same kind of thing (with `tool_choice` forcing the function call), since the suite also runs
 * against real endpoints.
 */
export const CONTRACT_SCENARIOS = defineScenarios([
  { name: 'pong', match: { message: 'Reply with the single word: pong' }, script: [{ say: 'pong' }] },
  {
    name: 'two-cities',
    match: { message: 'weather in Paris and in Seoul' },
    script: [{ call: [{ get_weather: { city: 'Paris' } }, { get_weather: { city: 'Seoul' } }] }, { say: '{{outputs}}' }],
  },
  {
    name: 'weather',
    match: { message: 'weather in Paris' },
    script: [{ call: { get_weather: { city: 'Paris' } } }, { say: 'It is {{outputs.get_weather}} in Paris.' }],
  },
  { name: 'broken', match: { message: 'contract: fail' }, script: [{ fail: { code: 'server_error', message: 'Scripted failure.' } }] },
  { name: 'cut', match: { message: 'contract: cut short' }, script: [{ say: 'Partial' }, { incomplete: 'max_completion_tokens' }] },
]);

/** The function the weather scenarios call, as the assistant declares it. */
export const GET_WEATHER = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Current weather of a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
