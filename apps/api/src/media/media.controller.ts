import {
  Controller,
  Get,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { MAX_MEDIA_BYTES, MediaStore } from '@app/posts';
import { InvalidInputError } from '@app/core';
import { SessionUser } from '@app/practices';
import { CurrentUser, Roles } from '../http/auth.guard';

export class UploadedMediaDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '/api/media/6f1c…', description: "Use as a post's media url" }) url: string;
  @ApiProperty({ example: 'image/jpeg' }) mimeType: string;
  @ApiProperty() size: number;
}

@ApiTags('media')
@ApiBearerAuth()
@Controller('media')
export class MediaController {
  constructor(@Inject(MediaStore) private readonly store: MediaStore) {}

  @Post()
  @Roles('author', 'admin')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_MEDIA_BYTES, files: 1 } }))
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({ summary: 'Upload an image for a post (JPEG, PNG, GIF or WebP, up to 5 MB)' })
  @ApiCreatedResponse({ type: UploadedMediaDto })
  async upload(
    @CurrentUser() user: SessionUser,
    @UploadedFile() file?: Express.Multer.File,
  ): Promise<UploadedMediaDto> {
    if (!file) throw new InvalidInputError('file is required (multipart field "file")', { field: 'file' });
    const stored = await this.store.save(user.practiceId, file.buffer);
    return { ...stored, url: `/api/media/${stored.id}` };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An uploaded image (for previews)' })
  @ApiOkResponse({ description: 'The image bytes' })
  async get(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const { bytes, mimeType } = await this.store.read(user.practiceId, id);
    res.setHeader('Content-Type', mimeType);
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(bytes);
  }
}
