import { spawn, type ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

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

/**
 * CPU time (user + system) a process has used so far, in milliseconds, from /proc (Linux): on a
 * shared machine the CPU a request costs is steadier than the wall time it takes.
 */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of the whole line)
  return (ticks * 1000) / CLOCK_TICKS;
}

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on every Linux in practice). */
const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
