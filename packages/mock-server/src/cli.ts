#!/usr/bin/env node
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { FixtureError, loadFixtures } from '@assistants-mock/fixtures';
import { createMockServer } from './server.js';

const USAGE = `Usage: assistants-mock serve [--port 4141] [--host 127.0.0.1] [--db <path|:memory:>] [--fixtures <file|dir>]... [--api-key KEY] [--max-upload-bytes N]`;

async function main(argv: string[]) {
  const [command, ...rest] = argv;
  if (command !== 'serve') {
    console.error(USAGE);
    process.exit(command === '--help' || command === '-h' ? 0 : 2);
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      port: { type: 'string', default: '4141' },
      host: { type: 'string', default: '127.0.0.1' },
      db: { type: 'string', default: './.assistants-mock/mock.sqlite' },
      fixtures: { type: 'string', multiple: true, default: [] },
      'api-key': { type: 'string' },
      'max-upload-bytes': { type: 'string' },
    },
  });
  const port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port > 65_535) {
    console.error(`Invalid --port '${values.port}': expected an integer from 0 (any free port) to 65535.\n${USAGE}`);
    process.exit(2);
  }
  if (values.db !== ':memory:') mkdirSync(dirname(values.db), { recursive: true });
  const server = createMockServer({
    db: values.db,
    scenarios: loadFixtures(values.fixtures),
    ...(values['api-key'] !== undefined && { apiKey: values['api-key'] }),
    ...(values['max-upload-bytes'] !== undefined && { maxUploadBytes: positiveInteger('--max-upload-bytes', values['max-upload-bytes']) }),
  });
  const url = await server.listen({ port, host: values.host });
  console.log(`assistants-mock listening on ${url}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

function positiveInteger(flag: string, value: string): number {
  const number = Number(value);
  if (!Number.isSafeInteger(number) || number <= 0) throw new Error(`${flag} must be a positive integer, got '${value}'.`);
  return number;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof FixtureError ? `Invalid fixture: ${error.message}` : error instanceof Error ? error.message : error);
  process.exit(1);
});
