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
    description: 'Run Python code in a stateful Jupyter-like sandbox and get back what it printed.',
    parameters: {
      type: 'object',
      properties: { code: { type: 'string', description: 'The Python code to run.' } },
      required: ['code'],
    },
  },
} as const satisfies ChatCompletionFunctionTool;

/** The instruction line the system message ends with when the tool is offered (the hosted assistant had one too). */
export const CODE_INSTRUCTIONS =
  'When you send Python code to the python tool, it runs in a stateful Jupyter notebook environment (variables persist ' +
  'across calls) and the tool answers with what the code printed and the value of its last expression, or the traceback. ' +
  'Files the user gave you are under /mnt/data/, and files you save there are kept. Internet access is disabled. ' +
  'Use it for calculations, data analysis and file work.';

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
