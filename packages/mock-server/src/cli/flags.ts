import type { ParseArgsConfig } from 'node:util';

/** One flag: what `parseArgs` needs, plus what `--help` shows. */
export interface Flag {
  type: 'string' | 'boolean';
  multiple?: boolean;
  short?: string;
  default?: string | boolean | string[];
  /** The placeholder after the flag in `--help` (`PORT`, `PATH`). */
  value?: string;
  /** What it does, one line. */
  help: string;
  /** The default as `--help` words it, where that is not the literal default. */
  shownDefault?: string;
}

/**
 * The flags of `serve`, one line each: add a flag here and read it as `values['the-name']` in
 * `cli.ts`; `--help` lists it from this table.
 */
export const SERVE_FLAGS = {
  port: { type: 'string', default: '4141', value: 'PORT', help: 'port to listen on; 0 picks a free one (the ready line shows which)' },
  host: { type: 'string', default: '127.0.0.1', value: 'HOST', help: 'interface to bind: loopback only by default, 0.0.0.0 for every interface' },
  db: { type: 'string', default: './.assistants-mock/mock.sqlite', value: 'PATH', help: 'SQLite file, created with its folder and kept across restarts; or :memory:' },
  fixtures: { type: 'string', multiple: true, value: 'PATH', help: 'scenario file or folder (YAML/JSON), matched before the bundled ones; repeatable', shownDefault: 'none' },
  'no-bundled': { type: 'boolean', help: 'leave out the bundled scenarios (the seed notebooks’ exchanges)', shownDefault: 'bundled scenarios loaded' },
  'api-key': { type: 'string', value: 'KEY', help: 'accept only `Authorization: Bearer KEY` (any other key gets a 401 invalid_api_key)', shownDefault: 'any key' },
  'max-upload-bytes': { type: 'string', value: 'N', help: 'largest file POST /files accepts', shownDefault: '512 MB' },
  record: { type: 'string', value: 'DIR', help: 'write each run, when it ends, as a scenario into DIR/<assistant name>.yaml; replay with --fixtures DIR', shownDefault: 'off' },
  'record-all': { type: 'boolean', help: 'with --record: every run goes live when a model is behind the server (no hybrid matching); a re-recording goes in front of a scenario with the same match (replay plays the newest)' },
  'allow-host': { type: 'string', multiple: true, value: 'NAME', help: 'a Host name to accept besides loopback ones (DNS-rebinding guard); repeatable', shownDefault: 'loopback names only' },
  upstream: { type: 'string', value: 'URL', help: 'live runs: a run no scenario matches is played by the model behind this Chat Completions base URL', shownDefault: 'none: scripted only' },
  'upstream-key-env': { type: 'string', value: 'NAME', help: 'environment variable holding the upstream key (never a flag: flags show in ps); unset sends none', shownDefault: 'OPENAI_API_KEY' },
  model: { type: 'string', value: 'NAME', help: 'send every live run to this upstream model', shownDefault: "the run's model" },
  'model-map': { type: 'string', multiple: true, value: 'FROM=TO', help: 'send runs of model FROM to upstream model TO; repeatable', shownDefault: 'none' },
  'live-only': { type: 'boolean', help: 'with --upstream: ignore scenarios, every run is live', shownDefault: 'scenarios first' },
  'max-concurrent-upstream': { type: 'string', value: 'N', help: 'most upstream requests at once; further live runs stay queued', shownDefault: '16' },
  'context-tokens': { type: 'string', value: 'N', help: "context window of upstream models the server does not know (truncation auto fits threads to a model's window)", shownDefault: '8192' },
} as const satisfies Record<string, Flag>;

/** Flags every command takes. */
export const COMMON_FLAGS = {
  help: { type: 'boolean', short: 'h', help: 'show this help' },
  version: { type: 'boolean', short: 'v', help: 'print the version' },
} as const satisfies Record<string, Flag>;

export const parseArgsOptions = { ...SERVE_FLAGS, ...COMMON_FLAGS } satisfies ParseArgsConfig['options'];

export function helpText(version: string): string {
  const rows = Object.entries({ ...SERVE_FLAGS, ...COMMON_FLAGS } as Record<string, Flag>).map(([name, flag]) => {
    const names = `${flag.short ? `-${flag.short}, ` : '    '}--${name}${flag.value ? ` ${flag.value}` : ''}`;
    const shown = flag.shownDefault ?? (typeof flag.default === 'string' ? flag.default : undefined);
    return [names, `${flag.help}${shown ? ` (default: ${shown})` : ''}`] as const;
  });
  const width = Math.max(...rows.map(([names]) => names.length)) + 2;
  return `assistants-mock ${version}: an offline, deterministic stand-in for the OpenAI Assistants API v2

Usage:
  assistants-mock serve [options]   start the server; it prints one line when ready and stops on Ctrl-C
  assistants-mock --help            this help (serve --help too)
  assistants-mock --version         the version

Options of serve:
${rows.map(([names, help]) => `  ${names.padEnd(width)}${help}`).join('\n')}

Then point the SDK at it, with no code change:
  OPENAI_BASE_URL=http://127.0.0.1:4141/v1 OPENAI_API_KEY=sk-anything node your-app.js
`;
}

export const USAGE = 'Usage: assistants-mock serve [options]   (assistants-mock --help lists them)';
