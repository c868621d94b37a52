import { z } from 'zod';
import * as s from './common.js';

export const createThreadBody = z.strictObject({
  /** The real service takes at most 32 messages in one thread create. */
  messages: z.array(s.createMessage).max(32).optional(),
  tool_resources: s.toolResourcesCreate.optional(),
  metadata: s.metadata.optional(),
});
