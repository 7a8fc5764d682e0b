// What a video's container says about it (duration, size as shown, codec, frame rate), read without touching its
// media data: we walk the top-level boxes of the MP4/MOV file by their headers, read only the `moov` box (a few
// hundred KB even for a long video) and let mp4box (GPAC's MP4Box.js) parse it. A video is never read whole into
// memory, so a 500 MB upload costs the moov box, not 500 MB.
import { open, type FileHandle } from 'node:fs/promises';
import type { Mp4File, Mp4Movie } from 'mp4box';

export type VideoFormat = 'mp4' | 'mov';

/** The facts of a stored video, checked against each network's video rules before submission. */
export interface VideoFacts {
  format: VideoFormat;
  mimeType: 'video/mp4' | 'video/quicktime';
  /** In pixels, as the video is shown: a phone video stored landscape with a quarter-turn matrix counts turned. */
  width: number;
  height: number;
  /** In bytes. */
  size: number;
  durationMs: number;
  /** h264, hevc, mpeg4, vp9, av1, prores, or the sample entry's four letters for anything else. */
  codec: string;
  /** Frames per second (two decimals); 0 when the container does not say (a fragmented file's moov). */
  frameRate: number;
}

/** A moov box bigger than this is not a video a practice posts (an hour of 60 fps video has a moov of a few MB). */
const MAX_MOOV_BYTES = 64 * 1024 * 1024;
/** Top-level boxes we walk past before giving up (a normal file has 3 to 6). */
const MAX_TOP_LEVEL_BOXES = 10_000;
/** The four letters a QuickTime or ISO base media file may begin with (after its size). */
const FIRST_BOXES = new Set(['ftyp', 'moov', 'mdat', 'wide', 'free', 'skip', 'pnot']);

const CODECS: Record<string, string> = {
  avc1: 'h264',
  avc3: 'h264',
  hvc1: 'hevc',
  hev1: 'hevc',
  mp4v: 'mpeg4',
  vp09: 'vp9',
  av01: 'av1',
  apch: 'prores',
  apcn: 'prores',
  apcs: 'prores',
  apco: 'prores',
  ap4h: 'prores',
};

/** mp4box, loaded with the first video read (an upload, a submission): a worker rarely needs it. */
let parserFactory: Promise<() => Mp4File> | undefined;
function mp4Parser(): Promise<() => Mp4File> {
  parserFactory ??= import('mp4box').then(({ createFile, Log }) => {
    // mp4box logs every box it does not know to the console; we only want its answer.
    Log.setLogLevel(() => undefined);
    return () => createFile();
  });
  return parserFactory;
}

/** Whether these first bytes begin an MP4 or MOV file (by content: a box header with a known type). */
export function looksLikeVideo(head: Buffer): boolean {
  if (head.length < 8) return false;
  return FIRST_BOXES.has(head.subarray(4, 8).toString('latin1'));
}

interface BoxAt {
  type: string;
  start: number;
  size: number;
}

/** The facts of the MP4/MOV file at `path`, or undefined when it is not one with a video track we can read. */
export async function readVideoFacts(path: string): Promise<VideoFacts | undefined> {
  const file = await open(path, 'r');
  try {
    const size = (await file.stat()).size;
    const boxes = await topLevelBoxes(file, size);
    if (!boxes) return undefined;
    const ftyp = boxes.find((b) => b.type === 'ftyp');
    const moov = boxes.find((b) => b.type === 'moov');
    if (!moov || moov.size > MAX_MOOV_BYTES || (ftyp && ftyp.size > 4096)) return undefined;
    const ftypBytes = ftyp ? await readAt(file, ftyp.start, ftyp.size) : Buffer.alloc(0);
    const moovBytes = await readAt(file, moov.start, moov.size);
    const brand = ftypBytes.length >= 12 ? ftypBytes.subarray(8, 12).toString('latin1') : 'qt  ';
    const parser = (await mp4Parser())();
    return describe(parser, Buffer.concat([ftypBytes, moovBytes]), brand === 'qt  ' ? 'mov' : 'mp4', size);
  } finally {
    await file.close();
  }
}

async function topLevelBoxes(file: FileHandle, fileSize: number): Promise<BoxAt[] | undefined> {
  const boxes: BoxAt[] = [];
  const header = Buffer.alloc(16);
  for (let offset = 0, count = 0; offset < fileSize; count++) {
    if (count >= MAX_TOP_LEVEL_BOXES) return undefined;
    const { bytesRead } = await file.read(header, 0, 16, offset);
    if (bytesRead < 8) return undefined;
    let size = header.readUInt32BE(0);
    const type = header.subarray(4, 8).toString('latin1');
    if (!/^[\x20-\x7e\xa9]{4}$/.test(type)) return undefined;
    if (count === 0 && !FIRST_BOXES.has(type)) return undefined;
    if (size === 1) {
      if (bytesRead < 16) return undefined;
      size = Number(header.readBigUInt64BE(8));
    } else if (size === 0) size = fileSize - offset; // the last box runs to the end of the file
    if (size < 8) return undefined;
    boxes.push({ type, start: offset, size: Math.min(size, fileSize - offset) });
    // ftyp, when there is one, comes first: once moov is found nothing else is needed.
    if (type === 'moov') break;
    offset += size;
  }
  return boxes;
}

async function readAt(file: FileHandle, start: number, length: number): Promise<Buffer> {
  const bytes = Buffer.alloc(length);
  const { bytesRead } = await file.read(bytes, 0, length, start);
  return bytes.subarray(0, bytesRead);
}

function describe(parser: Mp4File, boxes: Buffer, format: VideoFormat, size: number): VideoFacts | undefined {
  let movie: Mp4Movie | undefined;
  parser.onReady = (info) => (movie = info);
  const buffer = boxes.buffer.slice(boxes.byteOffset, boxes.byteOffset + boxes.length) as ArrayBuffer & {
    fileStart: number;
  };
  buffer.fileStart = 0;
  try {
    parser.appendBuffer(buffer);
    parser.flush();
  } catch {
    return undefined;
  }
  const track = movie?.videoTracks[0];
  if (!movie || !track) return undefined;
  const seconds =
    movie.isFragmented && movie.fragment_duration
      ? movie.fragment_duration.num / movie.fragment_duration.den
      : movie.timescale > 0 && movie.duration > 0
        ? movie.duration / movie.timescale
        : track.timescale > 0
          ? track.duration / track.timescale
          : 0;
  const trackSeconds = track.timescale > 0 ? track.duration / track.timescale : 0;
  const coded = { width: track.video?.width ?? 0, height: track.video?.height ?? 0 };
  let width = Math.round(track.track_width) || coded.width;
  let height = Math.round(track.track_height) || coded.height;
  if (!width || !height) return undefined;
  // tkhd's matrix: a quarter turn (90° or 270°) puts b and c where a and d were.
  const [a, b] = [Number(track.matrix[0]) | 0, Number(track.matrix[1]) | 0];
  if (Math.abs(b) > Math.abs(a)) [width, height] = [height, width];
  const fourcc = track.codec.split('.')[0];
  return {
    format,
    mimeType: format === 'mov' ? 'video/quicktime' : 'video/mp4',
    width,
    height,
    size,
    durationMs: Math.round(seconds * 1000),
    codec: CODECS[fourcc] ?? fourcc,
    frameRate: trackSeconds > 0 && track.nb_samples > 0 ? Math.round((track.nb_samples / trackSeconds) * 100) / 100 : 0,
  };
}
