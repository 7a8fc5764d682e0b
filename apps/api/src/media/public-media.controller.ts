// The one door a network walks through to download a post's image or video (Instagram and Google fetch media by URL):
// no session, only a signed link that names one image of one target, expires within minutes and opens only
// while that target is being published.
import {
  Controller,
  ForbiddenException,
  Get,
  GoneException,
  NotFoundException,
  Param,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Response } from 'express';
import { PublicMedia, PublicMediaLinks } from '@app/posts';
import { Public } from '../http/auth.guard';
import { sendFile } from './media.controller';

const FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.(jpg|png|gif|webp|mp4|mov)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

@ApiTags('media')
@Controller('media/public')
export class PublicMediaController {
  constructor(
    private readonly links: PublicMediaLinks,
    private readonly media: PublicMedia,
  ) {}

  @Get(':file')
  @Public()
  @ApiOperation({
    summary: 'An image of a post being published, for the network that downloads it (no sign-in: the link is signed)',
    description:
      'Links are made by the publisher for Instagram and Google Business Profile, which download images themselves. ' +
      'A link names one image of one post target, is signed with MEDIA_LINK_SECRET and works for MEDIA_LINK_TTL_SECONDS, ' +
      'and only while that target is being published.',
  })
  @ApiParam({ name: 'file', description: '<media id>.<jpg|png|gif|webp|mp4|mov>' })
  @ApiQuery({ name: 'target', type: String, required: true, description: 'The post target being published' })
  @ApiQuery({ name: 'exp', type: String, required: true, description: 'Expiry, unix seconds' })
  @ApiQuery({ name: 'sig', type: String, required: true, description: 'HMAC-SHA256 of the link (base64url)' })
  @ApiProduces('image/jpeg', 'image/png', 'image/gif', 'image/webp', 'video/mp4', 'video/quicktime')
  @ApiOkResponse({ description: 'The image or video bytes, with their type (a video answers Range requests)' })
  @ApiForbiddenResponse({ description: 'The signature is missing or wrong' })
  @ApiGoneResponse({ description: 'The link has expired' })
  @ApiNotFoundResponse({ description: 'No such image, or its target is not being published' })
  async image(
    @Param('file') file: string,
    @Query('target') target: unknown,
    @Query('exp') exp: unknown,
    @Query('sig') sig: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const name = FILE.exec(file);
    if (!name) throw new NotFoundException('No such image');
    if (typeof target !== 'string' || !UUID.test(target) || typeof exp !== 'string' || typeof sig !== 'string')
      throw new ForbiddenException('This image link is not valid');
    const verdict = this.links.verify({ targetId: target, mediaId: name[1] }, exp, sig);
    if (!verdict.ok && verdict.reason === 'expired') throw new GoneException('This image link has expired');
    if (!verdict.ok) throw new ForbiddenException('This image link is not valid');
    const media = await this.media.find(verdict.ref);
    if (!media || media.ext !== name[2]) throw new NotFoundException('No such image is being published');
    await sendFile(res, media.path, {
      'Content-Type': media.mimeType,
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    });
  }
}
