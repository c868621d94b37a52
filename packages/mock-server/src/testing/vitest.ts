import { afterEach, inject } from 'vitest';
import { connectAssistantsMock, type AssistantsMockSession, type SessionOptions } from './session.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The API base URL of the server the global setup (`@assistants-mock/server/vitest-setup`) started. */
    assistantsMockURL: string;
  }
}

export interface UseAssistantsMockOptions extends SessionOptions {
  /** Also forget this file's objects after each test (default false: scenarios, faults and the request journal). */
  resetData?: boolean;
}

/**
 * Call once at the top of a test file: connects to the server of the global setup with a key of this
 * file's own (its objects, scenarios and faults are invisible to other files running in parallel),
 * and after each test drops the scenarios and faults it added (`use`, `fault`) and its request journal.
 */
export function useAssistantsMock(options: UseAssistantsMockOptions = {}): AssistantsMockSession {
  const session = connectAssistantsMock(inject('assistantsMockURL'), options);
  afterEach(() => session.reset({ data: options.resetData ?? false }));
  return session;
}

export type { AssistantsMockSession } from './session.js';
