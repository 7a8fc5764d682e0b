// Takes the multipart upload of one file ("file") and streams it to disk through the posts lib's UploadReceiver
// (hashed as it arrives, refused as soon as it is too large or not an image or video): the request body is never
// held in memory, so an upload of hundreds of MB costs a file, not a buffer. Nest's FileInterceptor keeps files in
// memory, which is why this one exists.
import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, RequestHandler, Response } from 'express';
import { unlink } from 'node:fs/promises';
import multer, { MulterError, type StorageEngine } from 'multer';
import { Observable } from 'rxjs';
import { InvalidInputError } from '@app/core';
import { UploadReceiver, type ReceivedFile } from '@app/posts';

/** The file as the controller gets it: multer's description plus what the receiver learnt on the way. */
export type ReceivedUpload = Express.Multer.File & { received: ReceivedFile };

class ReceiverStorage implements StorageEngine {
  constructor(private readonly receiver: UploadReceiver) {}

  _handleFile(
    _req: Request,
    file: Express.Multer.File,
    done: (error?: unknown, info?: Partial<ReceivedUpload>) => void,
  ) {
    this.receiver.receive(file.stream).then(
      (received) => done(null, { path: received.path, size: received.size, received }),
      (error: unknown) => done(error),
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File, done: (error: Error | null) => void) {
    unlink(file.path).then(
      () => done(null),
      () => done(null),
    );
  }
}

@Injectable()
export class MediaUploadInterceptor implements NestInterceptor {
  private readonly single: RequestHandler;

  constructor(@Inject(UploadReceiver) receiver: UploadReceiver) {
    this.single = multer({
      storage: new ReceiverStorage(receiver),
      // The receiver enforces the real limit for each kind; this only stops a body that lies about its end.
      limits: { files: 1, fields: 10, fileSize: receiver.maxBytes + 1 },
    }).single('file');
  }

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const http = context.switchToHttp();
    await new Promise<void>((resolve, reject) =>
      this.single(http.getRequest<Request>(), http.getResponse<Response>(), (error: unknown) =>
        error ? reject(multerError(error)) : resolve(),
      ),
    );
    return next.handle();
  }
}

function multerError(error: unknown): unknown {
  // busboy's own words for a body that is not the multipart it says it is: the client's fault, not ours.
  if (
    error instanceof Error &&
    !(error instanceof MulterError) &&
    /multipart|boundary|form|part header/i.test(error.message)
  )
    return new InvalidInputError(`The upload is not a well-formed multipart body (${error.message})`, {
      field: 'file',
    });
  if (!(error instanceof MulterError)) return error;
  const field = { field: error.field ?? 'file' };
  if (error.code === 'LIMIT_UNEXPECTED_FILE' || error.code === 'LIMIT_FILE_COUNT')
    return new InvalidInputError('Send one file, in the multipart field "file"', field);
  return new InvalidInputError(`The upload could not be read (${error.message})`, field);
}
