// "Retry failed posts" on one account, after it was reconnected: one action for every failed post that a retry
// can help, audited, for the roles that may retry a post.
import { Controller, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiTags,
} from '@nestjs/swagger';
import { ACTION_ROLES } from '@app/posts';
import { SessionUser } from '@app/practices';
import { PublishNow } from '@app/scheduler';
import { CurrentUser, Roles } from '../http/auth.guard';

export class AccountRetryTargetDto {
  @ApiProperty() targetId: string;
  @ApiProperty({ enum: ['published', 'retry', 'failed', 'not_claimed'] }) result: string;
  @ApiProperty({ type: String, nullable: true, description: 'Why it did not go out (yet)' }) reason: string | null;
}

export class AccountRetryDto {
  @ApiProperty({ description: 'Failed targets made due and tried again' }) retried: number;
  @ApiProperty({ description: 'Of those, published now' }) published: number;
  @ApiProperty({ type: [AccountRetryTargetDto] }) targets: AccountRetryTargetDto[];
}

@ApiTags('accounts')
@ApiBearerAuth()
@Controller('accounts')
export class AccountRetryController {
  constructor(private readonly publishNow: PublishNow) {}

  @Post(':id/retry-failed')
  @HttpCode(200)
  @Roles(...ACTION_ROLES.retry)
  @ApiOperation({
    summary:
      'Retry every failed post of this account that a retry can help (after a reconnect), in one action; each network is read back first, so nothing is posted twice',
  })
  @ApiOkResponse({ type: AccountRetryDto })
  @ApiForbiddenResponse({ description: 'Needs a role that may retry posts (reviewer or admin)' })
  @ApiNotFoundResponse()
  @ApiConflictResponse({
    description: 'The account still needs reconnecting, or none of its failed posts can be retried',
  })
  async retryFailed(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<AccountRetryDto> {
    const outcomes = await this.publishNow.retryAccount(user.practiceId, user, id);
    return {
      retried: outcomes.length,
      published: outcomes.filter((o) => o.outcome.result === 'published').length,
      targets: outcomes.map(({ targetId, outcome }) => ({
        targetId,
        result: outcome.result,
        reason: 'reason' in outcome ? outcome.reason : null,
      })),
    };
  }
}
