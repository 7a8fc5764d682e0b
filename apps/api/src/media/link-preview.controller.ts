// The link card under a post's first link in the compose previews, fetched by the server (never the browser, so
// the page keeps its strict CSP) through the same public-address guard as media.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsUrl, MaxLength } from 'class-validator';
import { LinkCard, LinkCards } from '@app/calendar';

export class LinkPreviewQuery {
  @ApiProperty({
    example: 'https://www.ada.org/resources/flossing',
    description: 'An http(s) address on the public internet',
  })
  @IsUrl(
    { protocols: ['http', 'https'], require_protocol: true, require_tld: false },
    { message: 'url must be a full web address starting with https://' },
  )
  @MaxLength(2000)
  url: string;
}

export class LinkCardDto implements LinkCard {
  @ApiProperty() url: string;
  @ApiProperty({ example: 'ada.org' }) site: string;
  @ApiPropertyOptional({ nullable: true, type: String }) title: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) description: string | null;
  @ApiPropertyOptional({ nullable: true, type: String, description: 'The page’s preview image, as an absolute URL' })
  image: string | null;
}

@ApiTags('media')
@ApiBearerAuth()
@Controller('link-preview')
export class LinkPreviewController {
  constructor(@Inject(LinkCards) private readonly cards: LinkCards) {}

  @Get()
  @ApiOperation({
    summary:
      'The card a network shows for a link: title, description and image from the page (private addresses refused)',
  })
  @ApiOkResponse({ type: LinkCardDto })
  preview(@Query() query: LinkPreviewQuery): Promise<LinkCard> {
    return this.cards.card(query.url);
  }
}
