import { existsSync, mkdirSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's chromium (what CI installs), or the browser named by ASSISTANTS_MOCK_CHROMIUM. */
export const CHROMIUM_PATH = process.env.ASSISTANTS_MOCK_CHROMIUM ?? '/usr/bin/chromium';

export const BROWSER_MISSING_REASON = existsSync(CHROMIUM_PATH)
  ? null
  : `Browser tests skipped: no Chromium at ${CHROMIUM_PATH} (apt-get install chromium, or set ASSISTANTS_MOCK_CHROMIUM)`;

/** Where browser tests leave their screenshots (gitignored). */
export function artifactsDir(): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** A PNG of one colour, for an image a page must show. */
export function solidPng(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [r, g, b]).flat())]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', pixels), chunk('IEND', Buffer.alloc(0))]);
}
