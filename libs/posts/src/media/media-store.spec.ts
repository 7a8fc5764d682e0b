// What the store reads from an image's bytes: its type by content, and its size as shown (EXIF orientation).
import { measureImage } from './media-store';

/** A JPEG header with an optional EXIF orientation (APP1, little-endian TIFF, one IFD entry) and a frame size. */
function jpeg(width: number, height: number, orientation?: number): Buffer {
  const parts = [Buffer.from('ffd8', 'hex')];
  // As cameras write them: a JFIF APP0 first, or the EXIF APP1 that carries the orientation.
  if (!orientation) parts.push(Buffer.from('ffe000104a46494600010100000100010000', 'hex'));
  else {
    const tiff = Buffer.alloc(26);
    tiff.write('II', 0, 'latin1');
    tiff.writeUInt16LE(42, 2);
    tiff.writeUInt32LE(8, 4); // first IFD at offset 8
    tiff.writeUInt16LE(1, 8); // one entry
    tiff.writeUInt16LE(0x0112, 10); // Orientation
    tiff.writeUInt16LE(3, 12); // SHORT
    tiff.writeUInt32LE(1, 14);
    tiff.writeUInt16LE(orientation, 18);
    tiff.writeUInt32LE(0, 22); // no next IFD
    const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
    const app1 = Buffer.from([0xff, 0xe1, 0, 0]);
    app1.writeUInt16BE(body.length + 2, 2);
    parts.push(app1, body);
  }
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, 0, 0, 0, 0, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  sof.writeUInt16BE(height, 5);
  sof.writeUInt16BE(width, 7);
  parts.push(sof, Buffer.from('ffd9', 'hex'));
  return Buffer.concat(parts);
}

describe('measureImage', () => {
  it('reads a JPEG’s size from its frame header', () => {
    expect(measureImage(jpeg(1080, 1350))).toMatchObject({
      format: 'jpeg',
      mimeType: 'image/jpeg',
      width: 1080,
      height: 1350,
    });
  });

  it('counts a phone photo stored sideways with an EXIF orientation of 5-8 as it is shown', () => {
    // Stored 1920 × 1080, shown turned a quarter: a tall photo, which Instagram would refuse.
    expect(measureImage(jpeg(1920, 1080, 6))).toMatchObject({ width: 1080, height: 1920 });
    expect(measureImage(jpeg(1920, 1080, 1))).toMatchObject({ width: 1920, height: 1080 });
    expect(measureImage(jpeg(1920, 1080, 3))).toMatchObject({ width: 1920, height: 1080 });
  });

  it('knows nothing of bytes that are not an image we take, or whose size cannot be read', () => {
    expect(measureImage(Buffer.from('not an image at all'))).toBeUndefined();
    // A JPEG that stops before any frame header: the networks cannot read it either.
    expect(measureImage(Buffer.from('ffd8ffe000104a46494600010100000100010000ffd9', 'hex'))).toBeUndefined();
  });
});
