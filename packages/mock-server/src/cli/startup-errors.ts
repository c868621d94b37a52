import { FixtureError } from '@assistants-mock/fixtures';

/** Where the server was told to start, for the messages below. */
export interface StartupTarget {
  port: number;
  host: string;
  db: string;
}

/**
 * A start-up failure the user can fix, said in one or two lines with what to do (no stack): a port in
 * use, a `--db` that cannot be a database, a fixture with a mistake. Anything else keeps its message.
 */
export function explainStartupError(error: unknown, { port, host, db }: StartupTarget): string {
  if (error instanceof FixtureError) return `Invalid fixture: ${error.message}\nFix it, or leave that file out of --fixtures.`;
  const code = (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'EADDRINUSE':
      return `Port ${port} on ${host} is already in use (another assistants-mock?).\nStop what is using it, or pick another port with --port (--port 0 picks a free one).`;
    case 'EACCES':
      return `No permission to listen on ${host}:${port}.\nUse a port above 1023, or --port 0 for a free one.`;
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return `Cannot listen on --host ${host}: no such address on this machine.\nUse 127.0.0.1 (the default), or 0.0.0.0 for every interface.`;
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return `--db ${db} is not an SQLite database (${message}).\nPoint --db at a new file (it is created) or at :memory:.`;
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return `Cannot open --db ${db}: ${message}.\nCheck the path and its permissions, or use --db :memory:.`;
    default:
      return message;
  }
}

export class UsageError extends Error {}

/** A `--db` that names a folder: said before SQLite's less helpful "unable to open database file". */
export const dbIsFolder = (db: string) =>
  new UsageError(`--db ${db} is a folder: give a file path, e.g. --db ${db.replace(/\/+$/, '')}/mock.sqlite (created if missing).`);
