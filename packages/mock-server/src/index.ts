export { createMockServer, type MockServer, type MockServerOptions } from './server.js';
export { createApp } from './app.js';
export { manualClock, systemClock, type Clock, type ManualClock } from './clock.js';
export { ApiError, type ApiErrorBody } from './errors.js';
export type { Store } from './store/index.js';
export { recordRun, type RunRecording, type RecordedStep, type RecordMode, type WrittenRecording } from './record/recorder.js';
export type { RecordOptions } from './record/recording-driver.js';
