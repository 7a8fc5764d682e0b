// Receives the CSV upload in memory with hard limits, and says what went wrong in the practice's words.
import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  Injectable,
  PayloadTooLargeException,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { Observable } from 'rxjs';
import { POSTS_CSV_MAX_BYTES, POSTS_CSV_MAX_ROWS } from '@app/calendar';

export const CSV_FIELD = 'file';

const MultipartCsv = FileInterceptor(CSV_FIELD, {
  limits: { fileSize: POSTS_CSV_MAX_BYTES, files: 1, fields: 10, parts: 12 },
});

@Injectable()
export class CsvUploadInterceptor extends MultipartCsv {
  override async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    try {
      return await super.intercept(context, next);
    } catch (error) {
      throw friendlier(error);
    }
  }
}

function friendlier(error: unknown): unknown {
  if (error instanceof PayloadTooLargeException) {
    return new PayloadTooLargeException(
      `The file is larger than ${POSTS_CSV_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files (at most ${POSTS_CSV_MAX_ROWS.toLocaleString('en-US')} posts each).`,
    );
  }
  if (error instanceof BadRequestException && /Unexpected file field|Too many files/i.test(error.message)) {
    return new BadRequestException(`Send one CSV file, in the multipart field "${CSV_FIELD}"`);
  }
  return error;
}
