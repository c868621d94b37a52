import { z } from 'zod';
import * as s from './common.js';

export const createThreadBody = z.strictObject({
  messages: z.array(s.createMessage).optional(),
  tool_resources: s.toolResourcesCreate.optional(),
  metadata: s.metadata.optional(),
});
