import { registerDecorator, type ValidationOptions } from 'class-validator';
import { isCstDate, isIsoInstant, MAX_FACT_YEAR, MIN_FACT_YEAR } from '#domain';

/** True for an instant a command may carry: the domain's own rule (ISO-8601 with offset, a real time, a sane year). */
export function isInstant(value: unknown): value is string {
  return typeof value === 'string' && isIsoInstant(value);
}

/** An ISO-8601 instant with an explicit offset ('2025-03-01T09:30:00+08:00' or '…Z'), a real time. */
export function IsInstant(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isInstant',
      target: target.constructor,
      propertyName: propertyName as string,
      options: {
        message: `$property must be an ISO-8601 time with an offset in years ${MIN_FACT_YEAR}–${MAX_FACT_YEAR}, e.g. 2025-03-01T09:30:00+08:00`,
        ...options,
      },
      validator: { validate: isInstant },
    });
}

/** A China Standard Time calendar date 'YYYY-MM-DD' that exists. */
export function IsCstDate(options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'isCstDate',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `$property must be a date YYYY-MM-DD (China Standard Time) in years ${MIN_FACT_YEAR}–${MAX_FACT_YEAR}`, ...options },
      validator: {
        validate: (value: unknown) =>
          typeof value === 'string' && isCstDate(value) && Number(value.slice(0, 4)) >= MIN_FACT_YEAR && Number(value.slice(0, 4)) <= MAX_FACT_YEAR,
      },
    });
}
