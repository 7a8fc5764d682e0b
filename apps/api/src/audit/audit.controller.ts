import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { AUDIT_CSV_HEADER, AuditLog, auditCsvRow } from '@app/audit';
import { SessionUser } from '@app/practices';
import { CurrentUser, Roles } from '../http/auth.guard';
import { AuditEntryDto, AuditPageDto, AuditQueryDto, ChainReportDto } from './audit.dto';

@ApiTags('audit')
@ApiBearerAuth()
@Roles('admin', 'reviewer')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({ summary: 'Audit entries, newest first, with filters and paging (admin, reviewer)' })
  @ApiOkResponse({ type: AuditPageDto })
  async list(@CurrentUser() user: SessionUser, @Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const { items, total } = await this.audit.list(user.practiceId, query);
    return { items: items.map(AuditEntryDto.of), total, page: query.page, pageSize: query.pageSize };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the hash chain: is every entry present, unchanged and linked?' })
  @ApiOkResponse({ type: ChainReportDto })
  verify(@CurrentUser() user: SessionUser): Promise<ChainReportDto> {
    return this.audit.verify(user.practiceId);
  }

  @Get('export.csv')
  @ApiOperation({ summary: 'The audit log as CSV, oldest first, for a compliance officer' })
  @ApiProduces('text/csv')
  async exportCsv(
    @CurrentUser() user: SessionUser,
    @Query() query: AuditQueryDto,
    @Res() res: Response,
  ): Promise<void> {
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="audit-log-${new Date().toISOString().slice(0, 10)}.csv"`,
    );
    res.write(AUDIT_CSV_HEADER.join(',') + '\r\n');
    for await (const entry of this.audit.iterate(user.practiceId, query)) res.write(auditCsvRow(entry) + '\r\n');
    res.end();
  }
}
