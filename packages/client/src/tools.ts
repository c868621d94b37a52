import type { FunctionTool } from 'openai/resources/beta/assistants';
import type { Run } from 'openai/resources/beta/threads/runs/runs';
import {
  jsonSchemaOf,
  jsonSchemaValidator,
  standardSchemaValidator,
  type ArgumentValidator,
  type StandardSchemaWithJSON,
} from './argument-validation.js';

/** What a tool handler gets besides its arguments. */
export interface ToolContext {
  /** The `call_…` id the output will be submitted for. */
  callId: string;
  /** The run waiting for this output (`status: 'requires_action'`). */
  run: Run;
  /** Aborted when the call times out or the run is being stopped: pass it to fetches, stop work. */
  signal: AbortSignal;
}

/**
 * Returns the output the model will read: a string is submitted as it is, anything else as JSON
 * (`undefined` as `null`). May be async.
 */
export type ToolHandler<Args> = (args: Args, context: ToolContext) => unknown;

interface ToolBase {
  /** `a-z, A-Z, 0-9, _ -`, at most 64 characters (the API's rule). */
  name: string;
  /** Tells the model when and how to call the function. */
  description?: string;
  /** Structured Outputs for the arguments (`function.strict` on the API). */
  strict?: boolean;
  /** Longest time the handler may take, in ms; overrides the run's `toolTimeoutMs`. */
  timeoutMs?: number;
}

/** A tool described by a JSON Schema; declare `Args` to type the handler. */
export interface JsonSchemaToolOptions<Args> extends ToolBase {
  parameters: Record<string, unknown>;
  schema?: never;
  handler: ToolHandler<Args>;
}

/** A tool described by a schema library value (zod 4 and others implementing Standard JSON Schema). */
export interface SchemaToolOptions<Schema extends StandardSchemaWithJSON> extends ToolBase {
  schema: Schema;
  parameters?: never;
  handler: ToolHandler<NonNullable<Schema['~standard']['types']>['output']>;
}

/** A function tool: its definition for the API and what runs when the model calls it. */
export interface Tool {
  readonly name: string;
  /** Put this on an assistant or a run: `tools: [quiz.definition, { type: 'code_interpreter' }]`. */
  readonly definition: FunctionTool;
  readonly timeoutMs: number | undefined;
  /** Checks parsed arguments against the tool's schema. */
  readonly validate: ArgumentValidator;
  readonly handler: ToolHandler<never>;
}

const FUNCTION_NAME = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * Defines a function tool once, for both sides of a run: `definition` goes on the assistant (or a
 * run's `tools` override) and the tool itself goes in `run({ tools })`, which validates the
 * model's arguments against the same schema before calling `handler`.
 *
 * @example
 * const examineServer = defineTool({
 *   name: 'examine_server',
 *   description: 'Reports the data server status',
 *   schema: z.object({ verbose: z.boolean().optional() }),
 *   handler: async ({ verbose }) => ({ cpu: '12%', verbose }),
 * });
 */
export function defineTool<Schema extends StandardSchemaWithJSON>(options: SchemaToolOptions<Schema>): Tool;
export function defineTool<Args = Record<string, unknown>>(options: JsonSchemaToolOptions<Args>): Tool;
export function defineTool(options: SchemaToolOptions<StandardSchemaWithJSON> | JsonSchemaToolOptions<unknown>): Tool {
  if (!FUNCTION_NAME.test(options.name)) {
    throw new TypeError(`Tool name '${options.name}' must be 1-64 characters of a-z, A-Z, 0-9, _ or -.`);
  }
  if ((options.schema === undefined) === (options.parameters === undefined)) {
    throw new TypeError(`Tool '${options.name}' needs exactly one of \`parameters\` (JSON Schema) or \`schema\` (zod or another Standard JSON Schema).`);
  }
  const parameters = options.schema ? jsonSchemaOf(options.schema) : options.parameters!;
  return {
    name: options.name,
    definition: {
      type: 'function',
      function: {
        name: options.name,
        ...(options.description !== undefined && { description: options.description }),
        parameters,
        ...(options.strict !== undefined && { strict: options.strict }),
      },
    },
    timeoutMs: options.timeoutMs,
    validate: options.schema ? standardSchemaValidator(options.schema) : jsonSchemaValidator(parameters),
    handler: options.handler as ToolHandler<never>,
  };
}
