import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { conformingFetch } from './harness.js';

export const CLI_BIN = fileURLToPath(new URL('../../packages/mock-server/bin/assistants-mock.mjs', import.meta.url));

export interface CliProcess {
  child: ChildProcess;
  /** The first line the CLI printed. */
  line: string;
  /** The API base URL from that line. */
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr(): string;
}

/** Starts `assistants-mock <args>` and resolves once it prints its first line (it fails if the CLI dies first). */
export function startCli(args: string[]): Promise<CliProcess> {
  const child = spawn(process.execPath, [CLI_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      const end = stdout.indexOf('\n');
      if (end === -1) return;
      const line = stdout.slice(0, end + 1);
      const url = /(http:\/\/\S+\/v1)$/.exec(line.trim())?.[1] ?? '';
      resolve({ child, line, url, exited, stderr: () => stderr });
    });
    void exited.then(({ code, signal }) => reject(new Error(`CLI exited (${code ?? signal}) before listening: ${stderr}`)));
  });
}

/** The official SDK over real HTTP, every JSON response checked against the spec. */
export const httpClient = (baseURL: string, apiKey = 'sk-cli-test') =>
  new OpenAI({ baseURL, apiKey, fetch: conformingFetch(fetch), maxRetries: 0 });
