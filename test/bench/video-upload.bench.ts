// A large video through the upload path without HTTP: the receiver streams it to disk and hashes it, the container
// reader measures it, the chunk reader walks it as a client would. Prints JSON: the size, the time of each step, and
// the process's peak resident memory over the run, which must stay far below the video's size (nothing reads it
// whole). VIDEO_MB (default 400) sets the size. Not a timed test.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { MediaStore, UploadReceiver, readVideoFacts } from '@app/posts';
import { testMp4 } from '../support/test-video';

async function main(): Promise<void> {
  const mb = Number(process.env.VIDEO_MB ?? 400);
  const dir = mkdtempSync(join(tmpdir(), 'video-bench-'));
  const store = new MediaStore(dir);
  // The container (ftyp + moov) of a 10-minute video, then media data sent in 1 MB pieces, as a browser sends them.
  const head = testMp4('bench', { seconds: 600, bytes: 1 });
  const mdatHeader = Buffer.alloc(8);
  const payload = mb * 1024 * 1024;
  mdatHeader.writeUInt32BE(payload + 8);
  mdatHeader.write('mdat', 4, 'latin1');
  const container = head.subarray(0, containerLength(head));
  const piece = Buffer.alloc(1024 * 1024, 7);
  async function* body() {
    yield container;
    yield mdatHeader;
    for (let sent = 0; sent < payload; sent += piece.length)
      yield piece.subarray(0, Math.min(piece.length, payload - sent));
  }
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  const receiver = new UploadReceiver(store.incomingDir(), { videoMaxBytes: (mb + 10) * 1024 * 1024 });
  let t = Date.now();
  const received = await receiver.receive(Readable.from(body()));
  const receiveMs = Date.now() - t;
  t = Date.now();
  const facts = await readVideoFacts(received.path);
  const factsMs = Date.now() - t;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  rmSync(dir, { recursive: true, force: true });
  console.log(
    JSON.stringify({
      video_mb: Math.round(received.size / 1048576),
      receive_and_hash_ms: receiveMs,
      read_facts_ms: factsMs,
      duration_ms: facts?.durationMs,
      peak_rss_mb: Math.round(peak / 1048576),
    }),
  );
}

/** The length of the ftyp and moov boxes at the start of a moov-first test MP4 (its mdat follows). */
function containerLength(file: Buffer): number {
  let at = 0;
  while (at < file.length) {
    const type = file.toString('latin1', at + 4, at + 8);
    if (type === 'mdat') return at;
    at += file.readUInt32BE(at);
  }
  return at;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
