import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isCstDate } from '#domain';

const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An ISO-8601 instant with an explicit offset ('2025-03-01T09:30:00+08:00' or '…Z'), a real time. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be an ISO-8601 time with an offset, e.g. 2025-03-01T09:30:00+08:00', ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && INSTANT.test(value) && isCstDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value)),
      },
    });
}

/** A China Standard Time calendar date 'YYYY-MM-DD' that exists. */
export function IsCstDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCstDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: '$property must be a date YYYY-MM-DD (China Standard Time)', ...options },
      validator: { validate: (value: unknown) => typeof value === 'string' && isCstDate(value) },
    });
}
