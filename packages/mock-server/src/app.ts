import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { AppDeps, AppEnv } from './deps.js';
import { ApiError, serverError } from './errors.js';
import { bearerAuth } from './middleware/auth.js';
import { requestBodyLimit } from './middleware/body-limit.js';
import { requireAssistantsBeta } from './middleware/beta-header.js';
import { responseHeaders } from './middleware/response-headers.js';
import { browserCors } from './middleware/cors.js';
import { observeRequests } from './middleware/observe.js';
import { assistantsRoutes } from './routes/assistants.js';
import { threadsRoutes } from './routes/threads.js';
import { filesApp } from './routes/files.js';
import { vectorStoresRoutes } from './routes/vector-stores.js';
import { messagesRoutes } from './routes/messages.js';
import { runsRoutes, threadAndRunRoutes } from './routes/runs.js';
import { stepsRoutes } from './routes/steps.js';
import { controlRoutes } from './routes/control.js';
import { inspectorRoutes } from './routes/inspector.js';
import { modelsRoutes } from './routes/models.js';

/** The one assembly point: every resource is a sub-app mounted under `/v1`. */
export function createApp(deps: AppDeps) {
  const api = new Hono<AppEnv>()
    .use(requestBodyLimit(deps.maxBodyBytes))
    .use(bearerAuth(deps.apiKey))
    .use('/assistants/*', requireAssistantsBeta())
    .use('/assistants', requireAssistantsBeta())
    .use('/threads/*', requireAssistantsBeta())
    .use('/threads', requireAssistantsBeta())
    .use('/vector_stores/*', requireAssistantsBeta())
    .use('/vector_stores', requireAssistantsBeta())
    .route('/vector_stores', vectorStoresRoutes(deps))
    .route('/assistants', assistantsRoutes(deps))
    .route('/threads/runs', threadAndRunRoutes(deps))
    .route('/threads/:thread_id/runs/:run_id/steps', stepsRoutes(deps))
    .route('/threads/:thread_id/runs', runsRoutes(deps))
    .route('/threads/:thread_id/messages', messagesRoutes(deps))
    .route('/threads', threadsRoutes(deps))
    .route('/models', modelsRoutes(deps));

  const app = new Hono<AppEnv>();
  // Group commit (see createStore): nothing is answered before what it wrote is committed.
  app.use(async (_c, next) => {
    await next();
    await deps.store.committed();
  });
  app.use(browserCors());
  app.use(responseHeaders());
  app.use('/v1/*', observeRequests(deps.faults, deps.requests, deps.clock));
  app.route('/v1/files', filesApp(deps));
  app.route('/v1', api);
  app.route('/__assistants_mock', inspectorRoutes(deps)); // before the control routes: the page itself takes no key
  app.route('/__assistants_mock', controlRoutes(deps));
  app.notFound((c) => {
    const error = new ApiError(404, { message: `Invalid URL (${c.req.method} ${new URL(c.req.url).pathname})` });
    return c.json({ error: error.body }, 404);
  });
  app.onError((err, c) => {
    const error = toApiError(err);
    if (error.status >= 500) console.error(err);
    return c.json({ error: error.body }, error.status);
  });
  return app;
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  if (err instanceof HTTPException) return new ApiError(err.status as ApiError['status'], { message: err.message });
  return serverError();
}
