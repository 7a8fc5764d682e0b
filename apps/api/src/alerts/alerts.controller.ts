import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Alert, ALERT_KINDS, AlertsService } from '@app/alerts';
import { SessionUser } from '@app/practices';
import { CurrentUser } from '../http/auth.guard';

export class AlertQueryDto {
  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'Only alerts that are open and not yet acknowledged' })
  @IsOptional()
  @IsIn(['true', 'false'])
  open?: 'true' | 'false';
}

export class AlertDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ALERT_KINDS }) kind: string;
  @ApiProperty({ enum: ['info', 'warning', 'critical'] }) severity: string;
  @ApiProperty() title: string;
  @ApiProperty() message: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Where to act on it in the app' }) link:
    string | null;
  @ApiProperty() createdAt: string;
  @ApiPropertyOptional({ type: String, nullable: true }) resolvedAt: string | null;
  @ApiPropertyOptional({ type: String, nullable: true }) acknowledgedAt: string | null;

  static of(a: Alert): AlertDto {
    return {
      id: a.id,
      kind: a.kind,
      severity: a.severity,
      title: a.title,
      message: a.message,
      link: a.link,
      createdAt: a.createdAt.toISOString(),
      resolvedAt: a.resolvedAt?.toISOString() ?? null,
      acknowledgedAt: a.acknowledgedAt?.toISOString() ?? null,
    };
  }
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsController {
  constructor(private readonly alerts: AlertsService) {}

  @Get()
  @ApiOperation({ summary: "The practice's alerts, newest first" })
  @ApiOkResponse({ type: [AlertDto] })
  async list(@CurrentUser() user: SessionUser, @Query() query: AlertQueryDto): Promise<AlertDto[]> {
    return (await this.alerts.list(user.practiceId, { open: query.open === 'true', limit: 500 })).map(AlertDto.of);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark an alert as seen' })
  @ApiOkResponse({ type: AlertDto })
  async acknowledge(@CurrentUser() user: SessionUser, @Param('id', new ParseUUIDPipe()) id: string): Promise<AlertDto> {
    return AlertDto.of(await this.alerts.acknowledge(user.practiceId, user.id, id));
  }
}
