// A video's bytes, read from its file one chunk at a time: an upload of hundreds of MB holds one chunk in memory.
import { open } from 'node:fs/promises';

/** The bytes [start, start + length) of a file (fewer at its end). */
export async function readChunk(path: string, start: number, length: number): Promise<Buffer> {
  const file = await open(path, 'r');
  try {
    const bytes = Buffer.alloc(length);
    const { bytesRead } = await file.read(bytes, 0, length, start);
    return bytes.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/** The file in consecutive chunks of `chunkBytes` (the last one shorter), with each one's index and offset. */
export async function* fileChunks(
  path: string,
  size: number,
  chunkBytes: number,
): AsyncGenerator<{ index: number; start: number; bytes: Buffer }> {
  for (let index = 0, start = 0; start < size; index++, start += chunkBytes)
    yield { index, start, bytes: await readChunk(path, start, Math.min(chunkBytes, size - start)) };
}

export function defaultSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
