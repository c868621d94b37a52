import { bundledScenariosDir, loadFixtures } from '@assistants-mock/fixtures';
import { createMockServer, type MockServerOptions } from '../server.js';

export interface StartOptions extends Omit<MockServerOptions, 'scenarios'> {
  /** Scenario files or folders, matched before the bundled ones. */
  fixtures?: string[];
  /** Whether the bundled scenarios are loaded too (default true). */
  bundled?: boolean;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningMock {
  /** The API base URL, e.g. `http://127.0.0.1:53121/v1`. */
  url: string;
  close(): Promise<void>;
}

/** Starts one server on a real socket, for a whole test run (an in-memory database unless `db` says otherwise). */
export async function startAssistantsMock({ fixtures = [], bundled = true, port = 0, host = '127.0.0.1', ...options }: StartOptions = {}): Promise<RunningMock> {
  const server = createMockServer({ ...options, scenarios: loadFixtures([...fixtures, ...(bundled ? [bundledScenariosDir] : [])]) });
  const url = await server.listen({ port, host });
  return { url, close: () => server.close() };
}
