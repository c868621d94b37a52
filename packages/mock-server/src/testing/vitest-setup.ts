import type { TestProject } from 'vitest/node';
import { startAssistantsMock, type StartOptions } from './start.js';
// For `ProvidedContext.assistantsMockURL`.
import type {} from './vitest.js';

/**
 * A vitest `globalSetup` that starts one server for the whole run and hands its URL to every test
 * file (`inject('assistantsMockURL')`, or `useAssistantsMock()`). The default export uses the bundled
 * scenarios only; call this with options in your own setup file for more.
 */
export function assistantsMockGlobalSetup(options: StartOptions = {}) {
  return async (project: TestProject) => {
    const server = await startAssistantsMock(options);
    project.provide('assistantsMockURL', server.url);
    return () => server.close();
  };
}

export default assistantsMockGlobalSetup();
