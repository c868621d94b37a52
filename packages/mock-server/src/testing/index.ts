/** `@assistants-mock/server/testing`: one server per test run, one API key per test file, for any test runner. */
export { startAssistantsMock, type RunningMock, type StartOptions } from './start.js';
export { connectAssistantsMock, type AssistantsMockSession, type SessionOptions } from './session.js';
