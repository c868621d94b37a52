import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';

export interface Started {
  child: ChildProcess;
  /** The API base URL the process printed. */
  url: string;
  /** Milliseconds from spawn to the line that says it is listening. */
  startupMs: number;
  stop(): Promise<void>;
}

/** Spawns a server and resolves when it prints `... listening on <url>`. */
export function startServer(command: string, args: string[]): Promise<Started> {
  const spawnedAt = performance.now();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)\n/.exec(out);
      if (match) resolve({ child, url: match[1]!, startupMs: performance.now() - spawnedAt, stop });
    });
    void exited.then(() => reject(new Error(`${command} ${args.join(' ')} exited before listening`)));
  });
}

/** Resident set size of a process in MB (`ps` works on Linux and macOS). */
export function rssMb(pid: number): number {
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) / 1024;
}
