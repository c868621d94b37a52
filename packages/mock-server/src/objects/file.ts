import type { FileObject } from 'openai/resources/files';
import { ID_PREFIX, newId } from '../ids.js';

/** Files uploaded for `batch` expire after 30 days unless `expires_after` says otherwise (documented default). */
const BATCH_DEFAULT_EXPIRY_SECONDS = 30 * 86_400;

export interface NewFile {
  filename: string;
  bytes: number;
  purpose: string;
  expiresAfterSeconds?: number | undefined;
  createdAt: number;
}

/**
 * The `file` object of an upload. Its `status` is `processed` at once (the field is deprecated and
 * the SDK's `files.waitForProcessing` only waits for that). `purpose` is echoed as given, `evals`
 * included, although the spec's object enum lacks it.
 */
export function buildFile({ filename, bytes, purpose, expiresAfterSeconds, createdAt }: NewFile): FileObject {
  const lifetime = expiresAfterSeconds ?? (purpose === 'batch' ? BATCH_DEFAULT_EXPIRY_SECONDS : undefined);
  return {
    id: newId(ID_PREFIX.file),
    object: 'file',
    bytes,
    created_at: createdAt,
    ...(lifetime !== undefined && { expires_at: createdAt + lifetime }),
    filename,
    purpose: purpose as FileObject['purpose'],
    status: 'processed',
  };
}
