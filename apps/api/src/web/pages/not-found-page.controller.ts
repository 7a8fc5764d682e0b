// Any other address under a page path: a friendly 404 page instead of a JSON error. Registered last.
import { Controller, Get, NotFoundException, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Public } from '../../http/auth.guard';
import { PageExceptionFilter } from '../page-errors';
import { WEB_PREFIX } from '../web-paths';

@ApiExcludeController()
@Public()
@UseFilters(PageExceptionFilter)
@Controller(WEB_PREFIX)
export class NotFoundPageController {
  @Get('{*rest}')
  notFound(): never {
    throw new NotFoundException();
  }
}
