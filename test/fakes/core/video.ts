// What a network's media pipeline reads from an uploaded video: the container (MP4 or QuickTime, by its ftyp brand),
// the movie's duration (mvhd), the video track's size (tkhd), codec (stsd) and frame count (stsz). Written apart from
// the app's reader (which uses mp4box) so a fake does not share the app's mistakes. Nothing is decoded.

export interface SniffedVideo {
  container: 'mp4' | 'mov';
  durationMs: number;
  width: number;
  height: number;
  /** The video sample entry's four letters: avc1, hvc1, mp4v... */
  codec: string;
  fps: number;
}

interface Box {
  type: string;
  start: number;
  end: number;
  body: number;
}

function children(bytes: Buffer, from: number, to: number): Box[] {
  const out: Box[] = [];
  for (let at = from; at + 8 <= to;) {
    let size = bytes.readUInt32BE(at);
    let body = at + 8;
    if (size === 1) {
      size = Number(bytes.readBigUInt64BE(at + 8));
      body = at + 16;
    } else if (size === 0) size = to - at;
    if (size < 8 || at + size > to) break;
    out.push({ type: bytes.toString('latin1', at + 4, at + 8), start: at, end: at + size, body });
    at += size;
  }
  return out;
}

const find = (bytes: Buffer, box: Box | undefined, path: string[]): Box | undefined =>
  path.reduce<Box | undefined>((at, type) => at && children(bytes, at.body, at.end).find((b) => b.type === type), box);

/** The video's facts, or undefined when these bytes are not an MP4/MOV with a video track. */
export function sniffVideo(bytes: Buffer): SniffedVideo | undefined {
  try {
    const top = children(bytes, 0, bytes.length);
    const ftyp = top.find((b) => b.type === 'ftyp');
    const moov = top.find((b) => b.type === 'moov');
    if (!moov) return undefined;
    const container = ftyp && bytes.toString('latin1', ftyp.body, ftyp.body + 4) !== 'qt  ' ? 'mp4' : 'mov';
    const mvhd = find(bytes, moov, ['mvhd'])!;
    const v1 = bytes[mvhd.body] === 1;
    const timescale = bytes.readUInt32BE(mvhd.body + (v1 ? 20 : 12));
    const duration = v1 ? Number(bytes.readBigUInt64BE(mvhd.body + 24)) : bytes.readUInt32BE(mvhd.body + 16);
    const video = children(bytes, moov.body, moov.end)
      .filter((b) => b.type === 'trak')
      .find((trak) => {
        const hdlr = find(bytes, trak, ['mdia', 'hdlr']);
        return hdlr && bytes.toString('latin1', hdlr.body + 8, hdlr.body + 12) === 'vide';
      });
    if (!video) return undefined;
    const tkhd = find(bytes, video, ['tkhd'])!;
    const tkhdV1 = bytes[tkhd.body] === 1;
    const sizeAt = tkhd.end - 8;
    let width = bytes.readUInt32BE(sizeAt) / 0x10000;
    let height = bytes.readUInt32BE(sizeAt + 4) / 0x10000;
    const matrixAt = tkhd.body + (tkhdV1 ? 52 : 40);
    if (Math.abs(bytes.readInt32BE(matrixAt + 4)) > Math.abs(bytes.readInt32BE(matrixAt)))
      [width, height] = [height, width];
    const stbl = find(bytes, video, ['mdia', 'minf', 'stbl']);
    const stsd = find(bytes, stbl, ['stsd']);
    const codec = stsd ? bytes.toString('latin1', stsd.body + 12, stsd.body + 16) : '';
    const stsz = find(bytes, stbl, ['stsz']);
    const frames = stsz ? bytes.readUInt32BE(stsz.body + 8) : 0;
    const seconds = timescale ? duration / timescale : 0;
    return {
      container,
      durationMs: Math.round(seconds * 1000),
      width: Math.round(width),
      height: Math.round(height),
      codec,
      fps: seconds ? Math.round((frames / seconds) * 100) / 100 : 0,
    };
  } catch {
    return undefined;
  }
}
