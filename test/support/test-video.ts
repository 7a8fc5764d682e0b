// Small MP4 and MOV files for tests, built box by box: a real container (ftyp, moov with one video track, mdat) whose
// header says the duration, size, frame rate and codec a test asks for, padded with media data to any byte count.
// Container readers (the app's, the fakes') read these facts from the boxes; nothing decodes the frames.

export interface TestVideoShape {
  /** Seconds (default 10). */
  seconds?: number;
  /** Pixels as stored (default 1080 × 1920: a 9:16 phone video, inside every network's limits). */
  width?: number;
  height?: number;
  /** Frames per second (default 30). */
  fps?: number;
  /** The sample entry: avc1 (H.264, default), hvc1 (HEVC) or mp4v (MPEG-4 Part 2). */
  codec?: 'avc1' | 'hvc1' | 'mp4v';
  /** mp4 (ftyp isom, default) or mov (ftyp qt). */
  container?: 'mp4' | 'mov';
  /** At least this many bytes in all (default 100,000: over LinkedIn's 75 KB minimum). */
  bytes?: number;
  /** A phone video stored landscape and shown turned a quarter (tkhd matrix of 90°). */
  rotated?: boolean;
  /** moov after mdat (as a camera writes it) instead of first (as a "fast start" file). */
  moovLast?: boolean;
}

function box(type: string, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

function fullBox(type: string, version: number, flags: number, ...parts: Buffer[]): Buffer {
  const vf = Buffer.alloc(4);
  vf.writeUInt32BE(((version & 0xff) << 24) | (flags & 0xffffff), 0);
  return box(type, vf, ...parts);
}

function u32(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => b.writeUInt32BE(v >>> 0, i * 4));
  return b;
}

function u16(...values: number[]): Buffer {
  const b = Buffer.alloc(values.length * 2);
  values.forEach((v, i) => b.writeUInt16BE(v & 0xffff, i * 2));
  return b;
}

/** The 3×3 transformation matrix of mvhd/tkhd: identity, or turned 90° (a portrait phone video stored landscape). */
function matrix(rotated: boolean): Buffer {
  const one = 0x00010000;
  const w = 0x40000000;
  return rotated ? u32(0, one, 0, -one >>> 0, 0, 0, 0, 0, w) : u32(one, 0, 0, 0, one, 0, 0, 0, w);
}

function sampleEntry(codec: NonNullable<TestVideoShape['codec']>, width: number, height: number): Buffer {
  const visual = Buffer.concat([
    Buffer.alloc(6), // reserved
    u16(1), // data_reference_index
    Buffer.alloc(16), // pre_defined, reserved
    u16(width, height),
    u32(0x00480000, 0x00480000, 0), // 72 dpi, reserved
    u16(1), // frame_count
    Buffer.alloc(32), // compressorname
    u16(0x0018, 0xffff), // depth, pre_defined
  ]);
  const config =
    codec === 'avc1'
      ? box('avcC', Buffer.from([1, 0x64, 0x00, 0x1f, 0xff, 0xe0, 0x00]))
      : codec === 'hvc1'
        ? box(
            'hvcC',
            Buffer.concat([
              Buffer.from([1, 0x01, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 0x5d]),
              u16(0xf000),
              Buffer.from([0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0]),
            ]),
          )
        : Buffer.alloc(0);
  return box(codec, visual, config);
}

/** An MP4 (or MOV) a network would take: one video track of `seconds` at `fps`, `width` × `height`. */
export function testMp4(label: string, shape: TestVideoShape = {}): Buffer {
  const {
    seconds = 10,
    width = 1080,
    height = 1920,
    fps = 30,
    codec = 'avc1',
    container = 'mp4',
    bytes = 100_000,
    rotated = false,
    moovLast = false,
  } = shape;
  const timescale = 90_000;
  const frames = Math.max(1, Math.round(seconds * fps));
  const frameTicks = Math.round(timescale / fps);
  const duration = frames * frameTicks;
  const mvTimescale = 1000;
  const mvDuration = Math.round((duration / timescale) * mvTimescale);

  const ftyp =
    container === 'mov'
      ? box('ftyp', Buffer.from('qt  ', 'latin1'), u32(0x200), Buffer.from('qt  ', 'latin1'))
      : box('ftyp', Buffer.from('isom', 'latin1'), u32(0x200), Buffer.from('isomiso2avc1mp41', 'latin1'));
  const label8 = Buffer.from(`video:${label}`, 'utf8');

  const build = (mdatOffset: number) => {
    const mvhd = fullBox(
      'mvhd',
      0,
      0,
      u32(0, 0, mvTimescale, mvDuration),
      u32(0x00010000),
      u16(0x0100),
      Buffer.alloc(10),
      matrix(false),
      Buffer.alloc(24),
      u32(2),
    );
    const tkhd = fullBox(
      'tkhd',
      0,
      3,
      u32(0, 0, 1, 0, mvDuration),
      Buffer.alloc(8),
      u16(0, 0, 0, 0),
      matrix(rotated),
      u32(width * 0x10000, height * 0x10000),
    );
    const mdhd = fullBox('mdhd', 0, 0, u32(0, 0, timescale, duration), u16(0x55c4, 0));
    const hdlr = fullBox('hdlr', 0, 0, u32(0), Buffer.from('vide', 'latin1'), Buffer.alloc(12), Buffer.from('Video\0'));
    const vmhd = fullBox('vmhd', 0, 1, Buffer.alloc(8));
    const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
    const frameSize = 16;
    const stbl = box(
      'stbl',
      fullBox('stsd', 0, 0, u32(1), sampleEntry(codec, width, height)),
      fullBox('stts', 0, 0, u32(1, frames, frameTicks)),
      fullBox('stsc', 0, 0, u32(1, 1, frames, 1)),
      fullBox('stsz', 0, 0, u32(frameSize, frames)),
      fullBox('stco', 0, 0, u32(1, mdatOffset)),
    );
    const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', vmhd, dinf, stbl)));
    return box('moov', mvhd, trak);
  };
  const payloadFor = (fixed: number) => {
    const minimum = 16 * frames;
    const size = Math.max(minimum, bytes - fixed - 8);
    const data = Buffer.alloc(size, 0x00);
    label8.copy(data, 0, 0, Math.min(label8.length, size));
    return box('mdat', data);
  };
  if (moovLast) {
    const moovSize = build(0).length;
    const mdat = payloadFor(ftyp.length + moovSize);
    return Buffer.concat([ftyp, mdat, build(ftyp.length + 8)]);
  }
  const moovSize = build(0).length;
  const moov = build(ftyp.length + moovSize + 8);
  return Buffer.concat([ftyp, moov, payloadFor(ftyp.length + moov.length)]);
}
