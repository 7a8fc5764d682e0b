// One ValidationPipe for the whole API: unknown fields are refused, and every message names its field.
import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints).map((m) => m.replace(error.property, field)) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadRequestException({
        message: fields.flatMap((f) => f.messages),
        fields: Object.fromEntries(fields.map((f) => [f.field, f.messages])),
      });
    },
  });
}
