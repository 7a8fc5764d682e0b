// POST /api/posts/import: a CSV of planned posts becomes drafts, all of them or none.
import { Controller, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
} from '@nestjs/swagger';
import { InvalidInputError } from '@app/core';
import { ImportPosts, PostQueries } from '@app/calendar';
import { SessionUser } from '@app/practices';
import { CurrentUser, Roles } from '../../http/auth.guard';
import { PostDto } from '../post-view.dto';
import { CSV_FIELD, CsvUploadInterceptor } from './csv-upload.interceptor';
import { ImportedPostsDto, ImportPostsBodyDto, ImportRefusedDto } from './posts-import.dto';

@ApiTags('posts')
@ApiBearerAuth()
@Controller('posts/import')
export class PostsImportController {
  constructor(
    private readonly imports: ImportPosts,
    private readonly queries: PostQueries,
  ) {}

  @Post()
  @Roles('author', 'admin')
  @UseInterceptors(CsvUploadInterceptor)
  @ApiOperation({
    summary:
      'Import posts from a CSV file as drafts (authors, admins): every row is checked, and if any fails nothing is created',
    description:
      'Each row becomes a draft (origin csv_import) with its accounts and time; the drafts then go through review as usual.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: ImportPostsBodyDto })
  @ApiCreatedResponse({ type: ImportedPostsDto })
  @ApiBadRequestResponse({
    type: ImportRefusedDto,
    description:
      'No file, not a CSV file, too many rows, or rows with problems (each listed by row and column); nothing was created',
  })
  @ApiPayloadTooLargeResponse({ description: 'The file is larger than 1 MB' })
  @ApiForbiddenResponse({ description: 'Reviewers cannot import posts' })
  async import(
    @CurrentUser() user: SessionUser,
    @UploadedFile() file: Express.Multer.File | undefined,
  ): Promise<ImportedPostsDto> {
    if (!file) {
      const message = `Attach the CSV file in the multipart/form-data field "${CSV_FIELD}"`;
      throw new InvalidInputError(message, { errors: [{ row: null, column: null, message }] });
    }
    const posts = await this.imports.run(user.practiceId, user, file.buffer);
    // Each post as GET /api/posts/:id lists it (accounts named, each network's outcome), from one accounts read.
    const accounts = await this.queries.targetAccounts(user.practiceId, posts);
    return { created: posts.length, posts: posts.map((post) => PostDto.of(post, { user, accounts })) };
  }
}
