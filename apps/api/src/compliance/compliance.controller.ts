import { Body, Controller, Delete, Get, HttpCode, Inject, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CONTENT_CHECKER, ContentChecker, PatientAuthorizations } from '@app/posts';
import { Clock } from '@app/core';
import { PracticesService, SessionUser } from '@app/practices';
import { CurrentUser, Roles } from '../http/auth.guard';
import { AuthorizationDto, CheckResultDto, CheckTextDto, NewAuthorizationDto } from './compliance.dto';

@ApiTags('compliance')
@ApiBearerAuth()
@Controller()
export class ComplianceController {
  constructor(
    @Inject(CONTENT_CHECKER) private readonly checker: ContentChecker,
    private readonly authorizations: PatientAuthorizations,
    private readonly practices: PracticesService,
    private readonly clock: Clock,
  ) {}

  @Post('compliance/check')
  @HttpCode(200)
  @ApiOperation({
    summary: "Check text for PHI against the practice's profile (live highlighting on the compose page)",
  })
  @ApiOkResponse({ type: CheckResultDto })
  async check(@CurrentUser() user: SessionUser, @Body() body: CheckTextDto): Promise<CheckResultDto> {
    const practice = await this.practices.get(user.practiceId);
    const result = this.checker.check(
      body.text,
      { ...practice.profile, name: practice.name },
      { network: body.network, now: this.clock.now(), kind: body.kind, context: body.context },
    );
    return { verdict: result.verdict, findings: result.findings, rulesVersion: this.checker.rulesVersion };
  }

  @Get('authorizations')
  @Roles('reviewer', 'admin')
  @ApiOperation({ summary: 'Patient authorizations on file (HIPAA 164.508)' })
  @ApiOkResponse({ type: [AuthorizationDto] })
  async list(@CurrentUser() user: SessionUser): Promise<AuthorizationDto[]> {
    const now = this.clock.now();
    return (await this.authorizations.list(user.practiceId)).map((a) => AuthorizationDto.of(a, now));
  }

  @Post('authorizations')
  @Roles('reviewer')
  @ApiOperation({ summary: "Record a patient's signed authorization for a use (testimonial, photo, story)" })
  @ApiCreatedResponse({ type: AuthorizationDto })
  async record(@CurrentUser() user: SessionUser, @Body() body: NewAuthorizationDto): Promise<AuthorizationDto> {
    return AuthorizationDto.of(await this.authorizations.record(user.practiceId, user, body), this.clock.now());
  }

  @Delete('authorizations/:id')
  @Roles('reviewer', 'admin')
  @ApiOperation({ summary: 'Revoke an authorization (posts relying on it will not publish)' })
  @ApiOkResponse({ type: AuthorizationDto })
  async revoke(
    @CurrentUser() user: SessionUser,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<AuthorizationDto> {
    return AuthorizationDto.of(await this.authorizations.revoke(user.practiceId, user, id), this.clock.now());
  }
}
