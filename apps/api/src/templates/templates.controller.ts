import { Body, Controller, Delete, Get, HttpCode, Param, Post as HttpPost, Put } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { TemplateCatalog } from '@app/posts';
import { PracticesService, SessionUser } from '@app/practices';
import { CurrentUser, Roles } from '../http/auth.guard';
import { PostDto } from '../posts/post-view.dto';
import { CatalogTemplateDto, DraftFromTemplateDto, PreviewDto, PreviewRequestDto, TemplateDto } from './templates.dto';

@ApiTags('templates')
@ApiBearerAuth()
@Controller('templates')
export class TemplatesController {
  constructor(
    private readonly catalog: TemplateCatalog,
    private readonly practices: PracticesService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The practice's own templates, then the seeded library" })
  @ApiOkResponse({ type: [CatalogTemplateDto] })
  list(@CurrentUser() user: SessionUser): Promise<CatalogTemplateDto[]> {
    return this.catalog.list(user.practiceId) as Promise<CatalogTemplateDto[]>;
  }

  @Get(':key')
  @ApiOperation({ summary: 'One template' })
  @ApiOkResponse({ type: CatalogTemplateDto })
  get(@CurrentUser() user: SessionUser, @Param('key') key: string): Promise<CatalogTemplateDto> {
    return this.catalog.get(user.practiceId, key) as Promise<CatalogTemplateDto>;
  }

  @Put()
  @Roles('author', 'admin')
  @ApiOperation({ summary: "Create or replace one of the practice's own templates (unknown variables are refused)" })
  @ApiOkResponse({ type: CatalogTemplateDto })
  save(@CurrentUser() user: SessionUser, @Body() body: TemplateDto): Promise<CatalogTemplateDto> {
    return this.catalog.save(user.practiceId, user, { ...body }) as Promise<CatalogTemplateDto>;
  }

  @Delete(':key')
  @HttpCode(204)
  @Roles('author', 'admin')
  @ApiOperation({ summary: "Delete one of the practice's own templates" })
  @ApiNoContentResponse()
  async remove(@CurrentUser() user: SessionUser, @Param('key') key: string): Promise<void> {
    await this.catalog.remove(user.practiceId, user, key);
  }

  @HttpPost(':key/preview')
  @HttpCode(200)
  @ApiOperation({ summary: "Render the template for each network with the practice's details" })
  @ApiOkResponse({ type: PreviewDto })
  async preview(
    @CurrentUser() user: SessionUser,
    @Param('key') key: string,
    @Body() body: PreviewRequestDto,
  ): Promise<PreviewDto> {
    const [template, practice] = await Promise.all([
      this.catalog.get(user.practiceId, key),
      this.practices.get(user.practiceId),
    ]);
    return this.catalog.preview(template, practice, body.vars, body.scheduledFor);
  }

  @HttpPost(':key/draft')
  @Roles('author', 'admin')
  @ApiOperation({ summary: 'Start a draft post from the template' })
  @ApiCreatedResponse({ type: PostDto })
  async draft(
    @CurrentUser() user: SessionUser,
    @Param('key') key: string,
    @Body() body: DraftFromTemplateDto,
  ): Promise<PostDto> {
    return PostDto.of(await this.catalog.draft(user.practiceId, user, key, body), { user });
  }
}
