#!/usr/bin/env node
import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { bundledScenariosDir, loadFixtures } from '@assistants-mock/fixtures';
import { helpText, parseArgsOptions, USAGE } from './cli/flags.js';
import { dbIsFolder, explainStartupError, UsageError } from './cli/startup-errors.js';
import { createMockServer, type MockServer } from './server.js';
import { VERSION } from './version.js';
import { upstreamFromFlags } from './live/cli-flags.js';

const COMMANDS = ['serve'] as const;

function main(argv: string[]): Promise<void> | void {
  const parsed = parseOrExit(argv);
  const { values, positionals } = parsed;
  if (values.version) return void console.log(VERSION);
  if (values.help) return void console.log(helpText(VERSION));
  const [command, ...extra] = positionals;
  if (command === undefined || !COMMANDS.includes(command as (typeof COMMANDS)[number]) || extra.length > 0) {
    const what = command === undefined ? 'Missing command.' : `Unknown command '${[command, ...extra].join(' ')}'.`;
    usageError(what);
  }
  return serve(values);
}

type Values = ReturnType<typeof parseArgs<{ options: typeof parseArgsOptions; allowPositionals: true }>>['values'];

function parseOrExit(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: parseArgsOptions, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's advice on positionals starting with '-' does not fit this CLI.
    return usageError((error as Error).message.replace(/ To specify a positional argument.*$/s, ''));
  }
}

function usageError(message: string): never {
  console.error(`assistants-mock: ${message}\n${USAGE}`);
  process.exit(2);
}

async function serve(values: Values) {
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) usageError(`Invalid --port '${values.port}': expected an integer from 0 (any free port) to 65535.`);
  const target = { port, host: values.host, db: values.db };
  // Installed before anything can take long, and before the ready line: a Ctrl-C at any moment exits 0.
  let server: MockServer | undefined;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void (server?.close() ?? Promise.resolve()).finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    const maxUploadBytes = values['max-upload-bytes'] === undefined ? undefined : positiveInteger('--max-upload-bytes', values['max-upload-bytes']);
    const scenarios = loadFixtures([...(values.fixtures ?? []), ...(values['no-bundled'] ? [] : [bundledScenariosDir])]);
    if (values.db !== ':memory:') {
      if (statSync(values.db, { throwIfNoEntry: false })?.isDirectory()) throw dbIsFolder(values.db);
      mkdirSync(dirname(values.db), { recursive: true });
    }
    const upstream = upstreamOrExit(values);
    server = createMockServer({
      ...(upstream && { upstream }),
      db: values.db,
      scenarios,
      ...(values['api-key'] !== undefined && { apiKey: values['api-key'] }),
      ...(maxUploadBytes !== undefined && { maxUploadBytes }),
      allowedHosts: values['allow-host'] ?? [],
    });
    const url = await server.listen({ port, host: values.host });
    if (!stopping) console.log(`assistants-mock listening on ${url}`);
  } catch (error) {
    if (error instanceof UsageError) usageError(error.message);
    console.error(`assistants-mock: ${explainStartupError(error, target)}`);
    process.exit(1);
  }
}

function upstreamOrExit(values: Values) {
  try {
    return upstreamFromFlags(values, process.env);
  } catch (error) {
    return usageError((error as Error).message);
  }
}

function positiveInteger(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) throw new UsageError(`${flag} must be a positive integer, got '${value}'.`);
  return number;
}

await main(process.argv.slice(2));
