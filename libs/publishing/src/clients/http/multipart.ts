// A minimal multipart/form-data encoder for media uploads (text fields and one or more files).
import { randomBytes } from 'node:crypto';

export interface MultipartFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

export type MultipartValue = string | MultipartFile;

export function encodeMultipart(fields: Record<string, MultipartValue | undefined>): {
  body: Buffer;
  contentType: string;
} {
  const boundary = `----practice-planner-${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'string') {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuotes(name)}"\r\n\r\n${value}\r\n`,
          'utf8',
        ),
      );
    } else {
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuotes(name)}"; filename="${escapeQuotes(value.filename)}"\r\n` +
            `Content-Type: ${value.contentType}\r\n\r\n`,
          'utf8',
        ),
        value.data,
        Buffer.from('\r\n', 'utf8'),
      );
    }
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

function escapeQuotes(value: string): string {
  return value.replace(/["\r\n]/g, (c) => encodeURIComponent(c));
}
