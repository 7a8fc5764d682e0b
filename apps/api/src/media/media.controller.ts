import {
  Body,
  Controller,
  Get,
  HttpCode,
  Inject,
  Param,
  ParseUUIDPipe,
  Post,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { isVideoType, mediaProblems, MediaStore, PostImages, type PostMedia } from '@app/posts';
import { InvalidInputError } from '@app/core';
import { NETWORKS, type Network } from '@app/publishing';
import { SessionUser } from '@app/practices';
import { CurrentUser, Roles } from '../http/auth.guard';
import { MediaUploadInterceptor, type ReceivedUpload } from './media-upload.interceptor';

const FORMATS = ['jpeg', 'png', 'gif', 'webp', 'mp4', 'mov'];

export class UploadedMediaDto {
  @ApiProperty() id: string;
  @ApiProperty({ example: '/api/media/6f1c…', description: "Use as a post's media url" }) url: string;
  @ApiProperty({ enum: ['image', 'video'] }) kind: string;
  @ApiProperty({ example: 'image/jpeg' }) mimeType: string;
  @ApiProperty({ enum: FORMATS }) format: string;
  @ApiProperty({
    example: 1080,
    description: 'Pixels, as shown (EXIF orientation applied; a video turned by its track matrix counts turned)',
  })
  width: number;
  @ApiProperty({ example: 1350 }) height: number;
  @ApiProperty({ description: 'Bytes' }) size: number;
  @ApiProperty({ description: 'SHA-256 of the bytes (hex): what an approval covers' }) sha256: string;
  @ApiPropertyOptional({ description: 'A video: its length in milliseconds' }) durationMs?: number;
  @ApiPropertyOptional({ description: 'A video: h264, hevc, mpeg4, vp9, av1, prores...' }) codec?: string;
  @ApiPropertyOptional({ description: 'A video: frames per second' }) frameRate?: number;
}

export class MediaCheckItemDto {
  @ApiProperty({
    example: '/api/media/6f1c…',
    description: 'An uploaded image (/api/media/<id>) or a public image URL',
  })
  @IsString()
  @MaxLength(2000)
  @Matches(/^(https?:\/\/\S+|\/api\/media\/[0-9a-f-]{36})$/, {
    message: 'url must be a public http(s) image URL or an uploaded image (/api/media/<id>)',
  })
  url: string;
}

export class MediaCheckDto {
  @ApiProperty({ type: [MediaCheckItemDto], description: "The post's images, in order" })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => MediaCheckItemDto)
  media: MediaCheckItemDto[];

  @ApiPropertyOptional({ enum: NETWORKS, isArray: true, description: 'The networks to check for (default: all)' })
  @IsOptional()
  @IsArray()
  @IsIn(NETWORKS, { each: true })
  networks?: Network[];
}

export class CheckedImageDto {
  @ApiProperty() url: string;
  @ApiPropertyOptional({ enum: ['image', 'video'] }) kind?: string;
  @ApiPropertyOptional({ enum: FORMATS }) format?: string;
  @ApiPropertyOptional() mimeType?: string;
  @ApiPropertyOptional() width?: number;
  @ApiPropertyOptional() height?: number;
  @ApiPropertyOptional({ description: 'Bytes' }) size?: number;
  @ApiPropertyOptional({ description: 'A video: its length in milliseconds' }) durationMs?: number;
  @ApiPropertyOptional() codec?: string;
  @ApiPropertyOptional() frameRate?: number;
  @ApiPropertyOptional({ description: 'Why the image or video could not be read' }) error?: string;
}

export class MediaProblemDto {
  @ApiProperty({ enum: NETWORKS }) network: string;
  @ApiProperty() message: string;
}

export class MediaCheckResultDto {
  @ApiProperty({ type: [CheckedImageDto] }) images: CheckedImageDto[];
  @ApiProperty({
    type: [MediaProblemDto],
    description: 'What each network would refuse in these images (the same rules as submission)',
  })
  problems: MediaProblemDto[];
}

@ApiTags('media')
@ApiBearerAuth()
@Controller('media')
export class MediaController {
  constructor(
    @Inject(MediaStore) private readonly store: MediaStore,
    @Inject(PostImages) private readonly images: PostImages,
  ) {}

  @Post()
  @Roles('author', 'admin')
  @UseInterceptors(MediaUploadInterceptor)
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } },
  })
  @ApiOperation({
    summary: 'Upload an image (JPEG, PNG, GIF or WebP, up to 5 MB) or a video (MP4 or MOV, up to MEDIA_VIDEO_MAX_MB)',
    description:
      'The file is streamed to disk and hashed as it arrives; its kind is read from its bytes, never from its name. ' +
      "A video's facts (length, size as shown, codec, frame rate) are read from its container. 413 past the limit.",
  })
  @ApiCreatedResponse({ type: UploadedMediaDto })
  async upload(@CurrentUser() user: SessionUser, @UploadedFile() file?: ReceivedUpload): Promise<UploadedMediaDto> {
    if (!file?.received) throw new InvalidInputError('file is required (multipart field "file")', { field: 'file' });
    const stored = await this.images.uploadReceived(user.practiceId, file.received);
    return { ...stored, url: `/api/media/${stored.id}` };
  }

  @Post('check')
  @HttpCode(200)
  @Roles('author', 'admin')
  @ApiOperation({
    summary: "What each network would refuse in a post's images, before it is saved or submitted",
    description:
      'Reads each image (an upload from the store, a public URL downloaded through the media guard) and checks its ' +
      'type, size in pixels and bytes against the rules submission applies: Instagram 4:5 to 1.91:1 and JPEG, ' +
      "Google at least 250 × 250 and 10 KB to 5 MB, each network's image count and types.",
  })
  @ApiOkResponse({ type: MediaCheckResultDto })
  async check(@CurrentUser() user: SessionUser, @Body() body: MediaCheckDto): Promise<MediaCheckResultDto> {
    const images = await this.images.inspect(
      user.practiceId,
      body.media.map((m) => m.url),
    );
    const media: PostMedia[] = images.map((image) => ({
      url: image.url,
      altText: '',
      ...(image.facts
        ? {
            mimeType: image.facts.mimeType,
            width: image.facts.width,
            height: image.facts.height,
            size: image.facts.size,
            ...(image.facts.kind === 'video'
              ? { durationMs: image.facts.durationMs, codec: image.facts.codec, frameRate: image.facts.frameRate }
              : {}),
          }
        : {}),
    }));
    const networks = body.networks?.length ? [...new Set(body.networks)] : [...NETWORKS];
    return {
      images: images.map((image) => ({
        url: image.url,
        ...image.facts,
        ...(image.error ? { error: image.error } : {}),
      })),
      problems: networks.flatMap((network) => mediaProblems(media, network).map((message) => ({ network, message }))),
    };
  }

  @Get(':id')
  @ApiOperation({ summary: 'An uploaded image or video (for previews; a video answers Range requests)' })
  @ApiOkResponse({ description: 'The image or video bytes' })
  async get(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Res() res: Response,
  ): Promise<void> {
    const located = await this.store.locate(user.practiceId, id);
    if (isVideoType(located.mimeType)) {
      // Streamed from the file, with Range support, so the composer's preview can seek without loading it all.
      await sendFile(res, located.path, {
        'Content-Type': located.mimeType,
        'Cache-Control': 'private, max-age=3600',
        'X-Content-Type-Options': 'nosniff',
      });
      return;
    }
    const { bytes, mimeType } = await this.store.read(user.practiceId, id);
    res.setHeader('Content-Type', mimeType);
    res.setHeader('Cache-Control', 'private, max-age=3600');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.end(bytes);
  }
}

/** Express's sendFile (streams, answers Range and conditional requests) as a promise, with our headers. */
export function sendFile(res: Response, path: string, headers: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) =>
    res.sendFile(path, { headers, cacheControl: false, lastModified: false, dotfiles: 'allow' }, (error) =>
      error && !res.headersSent ? reject(error) : resolve(),
    ),
  );
}
