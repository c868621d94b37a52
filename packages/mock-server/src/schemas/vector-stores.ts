import { z } from 'zod';
import { attributeFilter } from '../retrieval/attribute-filter.js';
import { chunkingStrategy, listQuery, metadata } from './common.js';

/** File attributes: like metadata, but values may be numbers and booleans (enforced in the spec's schema). */
export const attributes = z
  .record(z.string().max(64), z.union([z.string().max(512), z.number(), z.boolean()]))
  .superRefine((value, ctx) => {
    const count = Object.keys(value).length;
    if (count > 16)
      ctx.addIssue({
        code: 'custom',
        params: { code: 'object_above_max_size' },
        message: `Invalid 'attributes': too many properties. Expected an object with at most 16 properties, but got an object with ${count} properties instead.`,
      });
  })
  .meta({ maxProperties: 16 })
  .nullable();

const expiresAfter = z.strictObject({ anchor: z.literal('last_active_at'), days: z.int().min(1).max(365) });

export const createVectorStore = z.strictObject({
  file_ids: z.array(z.string()).max(500).optional(),
  name: z.string().optional(),
  /** Accepted as the spec allows; the vector store object has no field to show it. */
  description: z.string().optional(),
  expires_after: expiresAfter.optional(),
  chunking_strategy: chunkingStrategy.optional(),
  metadata: metadata.optional(),
});

export const modifyVectorStore = z.strictObject({
  name: z.string().nullable().optional(),
  expires_after: expiresAfter.nullable().optional(),
  metadata: metadata.optional(),
});

export const createVectorStoreFile = z.strictObject({
  file_id: z.string(),
  chunking_strategy: chunkingStrategy.optional(),
  attributes: attributes.optional(),
});

export const updateVectorStoreFile = z.strictObject({ attributes });

export const createFileBatch = z.strictObject({
  file_ids: z.array(z.string()).min(1).max(2000).optional(),
  files: z.array(createVectorStoreFile).min(1).max(2000).optional(),
  chunking_strategy: chunkingStrategy.optional(),
  attributes: attributes.optional(),
});

export const vectorStoreFileListQuery = listQuery.extend({
  filter: z.enum(['in_progress', 'completed', 'failed', 'cancelled']).optional(),
});

export const searchVectorStore = z.strictObject({
  query: z.union([z.string(), z.array(z.string())]),
  rewrite_query: z.boolean().optional(),
  max_num_results: z.int().min(1).max(50).optional(),
  filters: attributeFilter.optional(),
  ranking_options: z
    .strictObject({
      ranker: z.enum(['none', 'auto', 'default-2024-11-15']).optional(),
      score_threshold: z.number().min(0).max(1).optional(),
    })
    .optional(),
});
