import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import type { CodeOutput } from '../engine/actions.js';

/**
 * code_interpreter, offered to the model as a function the server answers itself (the way self-hosted
 * Assistants servers do): the model sends Python, the thread's sandbox runs it, and what it printed
 * (or its traceback) goes back as the tool's result.
 */
export const CODE_TOOL = {
  type: 'function',
  function: {
    name: 'python',
    description:
      'Run Python code in a stateful Jupyter-like sandbox (its variables persist across calls in this conversation). ' +
      'The value of the last expression is shown, as is anything printed. Files the user gave you are under /mnt/data/, ' +
      'and files you write there are kept. There is no internet access. Use it for any calculation, data analysis or file work.',
    parameters: {
      type: 'object',
      properties: { code: { type: 'string', description: 'The Python code to run.' } },
      required: ['code'],
    },
  },
} as const satisfies ChatCompletionFunctionTool;

/** The code the model sent, from its call's JSON arguments (the whole text if it is not JSON: some models send bare code). */
export function codeOf(args: string): string {
  try {
    const parsed = JSON.parse(args) as unknown;
    if (parsed && typeof parsed === 'object' && typeof (parsed as { code?: unknown }).code === 'string') return (parsed as { code: string }).code;
  } catch {
    // Not JSON: the arguments are the code.
  }
  return args;
}

/** The tool's result as the model reads it: what the code printed, or a note that it printed nothing. */
export function codeResultText(outputs: readonly CodeOutput[]): string {
  const logs = outputs.flatMap((output) => (output.type === 'logs' ? [output.logs] : [])).join('');
  return logs === '' ? 'The code ran and printed nothing.' : logs;
}
