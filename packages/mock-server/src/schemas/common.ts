import { z } from 'zod';
import { withToolDefaults } from '../objects/tools.js';

/** Metadata: at most 16 pairs, keys ≤ 64 chars, values strings ≤ 512 chars (enforced by the real service). */
export const metadata = z
  .record(z.string(), z.string())
  .superRefine((value, ctx) => {
    const keys = Object.keys(value);
    if (keys.length > 16)
      ctx.addIssue({
        code: 'custom',
        params: { code: 'object_above_max_size' },
        message: `Invalid 'metadata': too many properties. Expected an object with at most 16 properties, but got an object with ${keys.length} properties instead.`,
      });
    for (const key of keys) {
      if (key.length > 64)
        ctx.addIssue({
          code: 'custom',
          params: { code: 'string_above_max_length' },
          message: `Invalid 'metadata': key too long. Expected a key with maximum length 64, but got a key with length ${key.length} instead.`,
        });
      const length = value[key]!.length;
      if (length > 512)
        ctx.addIssue({
          code: 'custom',
          params: { code: 'string_above_max_length' },
          path: [key],
          message: `Invalid 'metadata.${key}': string too long. Expected a string with maximum length 512, but got a string with length ${length} instead.`,
        });
    }
  })
  // Read by the body prescan (json-prescan.ts): a body with a million keys is refused before it is parsed.
  .meta({ maxProperties: 16 })
  .nullable();

const functionName = z.string().regex(/^[a-zA-Z0-9_-]{1,64}$/);

const rankingOptions = z.strictObject({
  ranker: z.enum(['auto', 'default_2024_08_21']).optional(),
  score_threshold: z.number().min(0).max(1),
});

/** Tool types in the order the API lists them in its 400 ("'code_interpreter', 'function', and 'file_search'"). */
export const toolInput = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('code_interpreter') }),
  z.strictObject({
    type: z.literal('function'),
    function: z.strictObject({
      name: functionName,
      description: z.string().optional(),
      parameters: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().nullable().optional(),
    }),
  }),
  z.strictObject({
    type: z.literal('file_search'),
    file_search: z
      .strictObject({ max_num_results: z.int().min(1).max(50).optional(), ranking_options: rankingOptions.optional() })
      .optional(),
  }),
]);

/** A tool in a request, read back with the defaults the real service fills in (see `withToolDefaults`). */
export const tool = toolInput.transform(withToolDefaults);

export const chunkingStrategy = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('auto') }),
  z.strictObject({
    type: z.literal('static'),
    static: z.strictObject({
      max_chunk_size_tokens: z.int().min(100).max(4096),
      chunk_overlap_tokens: z.int().min(0),
    }),
  }),
]);

const fileIds = (max: number) => z.array(z.string()).max(max);

/** `tool_resources` on create: file_search may name stores or ask for one to be made. */
export const toolResourcesCreate = z
  .strictObject({
    code_interpreter: z.strictObject({ file_ids: fileIds(20).optional() }).optional(),
    file_search: z
      .strictObject({
        vector_store_ids: z.array(z.string()).max(1).optional(),
        vector_stores: z
          .array(
            z.strictObject({
              file_ids: z.array(z.string()).max(100_000_000).optional(),
              chunking_strategy: chunkingStrategy.optional(),
              metadata: metadata.optional(),
            }),
          )
          .max(1)
          .optional(),
      })
      // The spec makes them a oneOf; worded as the file-batch endpoint words its own pair.
      .refine((fileSearch) => fileSearch.vector_store_ids === undefined || fileSearch.vector_stores === undefined, {
        path: ['vector_stores'],
        params: { code: 'invalid_value' },
        message: "'vector_store_ids' and 'vector_stores' are mutually exclusive: provide only one of them.",
      })
      .optional(),
  })
  .nullable();

/** `tool_resources` on modify (and on runs): ids only. */
export const toolResourcesIds = z
  .strictObject({
    code_interpreter: z.strictObject({ file_ids: fileIds(20).optional() }).optional(),
    file_search: z.strictObject({ vector_store_ids: z.array(z.string()).max(1).optional() }).optional(),
  })
  .nullable();

export const responseFormat = z.union([
  z.literal('auto'),
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('text') }),
    z.strictObject({ type: z.literal('json_object') }),
    z.strictObject({
      type: z.literal('json_schema'),
      json_schema: z.strictObject({
        name: z.string(),
        description: z.string().optional(),
        schema: z.record(z.string(), z.unknown()).optional(),
        strict: z.boolean().nullable().optional(),
      }),
    }),
  ]),
]);

export const reasoningEffort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max']).nullable();
export const temperature = z.number().min(0).max(2).nullable();
export const topP = z.number().min(0).max(1).nullable();

const detail = z.enum(['auto', 'low', 'high']);
/** Content parts in the spec's order, which is the order a 400 lists them in. */
export const messageContentPart = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('image_file'),
    image_file: z.strictObject({ file_id: z.string(), detail: detail.optional() }),
  }),
  z.strictObject({
    type: z.literal('image_url'),
    image_url: z.strictObject({ url: z.url(), detail: detail.optional() }),
  }),
  z.strictObject({ type: z.literal('text'), text: z.string() }),
]);

export const attachment = z.strictObject({
  file_id: z.string().optional(),
  tools: z
    .array(
      z.discriminatedUnion('type', [
        z.strictObject({ type: z.literal('code_interpreter') }),
        z.strictObject({ type: z.literal('file_search') }),
      ]),
    )
    .optional(),
});

export const createMessage = z.strictObject({
  role: z.enum(['user', 'assistant']),
  content: z.union([z.string(), z.array(messageContentPart).min(1)]),
  attachments: z.array(attachment).nullable().optional(),
  metadata: metadata.optional(),
});
export type CreateMessageBody = z.output<typeof createMessage>;

export const modifyMetadataOnly = z.strictObject({ metadata: metadata.optional() });

/** A query-string integer: digits become a number, anything else stays a string and fails as a type. */
export const queryInteger = <S extends z.ZodType>(schema: S) =>
  z.preprocess((value) => (typeof value === 'string' && /^[+-]?\d+(\.\d+)?$/.test(value) ? Number(value) : value), schema);

export const listQuery = z.object({
  // Bounds before `.int()`, so a huge number is reported against 1..100, not against the safe-integer range.
  limit: queryInteger(z.number().min(1).max(100).int().default(20)),
  order: z.enum(['asc', 'desc']).default('desc'),
  after: z.string().optional(),
  before: z.string().optional(),
});
export type ListQuery = z.output<typeof listQuery>;
