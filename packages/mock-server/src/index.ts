export { createMockServer, type MockServer, type MockServerOptions } from './server.js';
export { createApp } from './app.js';
export { manualClock, systemClock, type Clock, type ManualClock } from './clock.js';
export { ApiError, type ApiErrorBody } from './errors.js';
export type { Store } from './store/index.js';
export { createSandboxPool, type SandboxOptions, type SandboxPool, type SandboxResult, type SandboxFile, type SandboxError } from './sandbox/pool.js';
