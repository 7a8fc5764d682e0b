// One ValidationPipe for the whole API: unknown fields are refused, and every message names its field.
import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf, ValidationOptions, registerDecorator } from 'class-validator';

function flatten(errors: ValidationError[], parent = ''): Array<{ field: string; messages: string[] }> {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints
      ? [{ field, messages: Object.values(error.constraints).map((m) => m.replace(error.property, field)) }]
      : [];
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

/**
 * Optional, but not null: a PATCH field may be left out, while null is validated (and refused) like any other
 * value. @IsOptional() lets null through, and `name: null` reached the services as a 500.
 */
export const OptionalNotNull = () => ValidateIf((_object, value) => value !== undefined);

/**
 * A date between the years 1900 and 9999: JavaScript reads "-000001-01-01" as a valid date, and SQLite then
 * stored a text the whole list could no longer read back (a 500 for every later request).
 */
export function IsDateInRange(options?: ValidationOptions) {
  return (target: object, propertyName: string) =>
    registerDecorator({
      name: 'isDateInRange',
      target: target.constructor,
      propertyName,
      options: { message: `${propertyName} must be a date between the years 1900 and 9999`, ...options },
      validator: {
        validate: (value: unknown) =>
          value instanceof Date &&
          !Number.isNaN(value.getTime()) &&
          value.getUTCFullYear() >= 1900 &&
          value.getUTCFullYear() <= 9999,
      },
    });
}
