import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';

/** One invalid field: its dotted path (`measures.0.deadline`) and what is wrong with it. */
export interface ValidationDetail {
  path: string;
  message: string;
}

/** Flattens class-validator errors into dotted paths, nested objects and array items included. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): ValidationDetail[] {
  const out: ValidationDetail[] = [];
  for (const error of errors) {
    const path = prefix ? `${prefix}.${error.property}` : error.property;
    if (error.value === undefined && error.constraints && !error.constraints['whitelistValidation']) {
      // Absent: one clear word instead of every rule the missing value breaks.
      out.push({ path, message: `${path} is required` });
      continue;
    }
    for (const message of Object.values(error.constraints ?? {})) out.push({ path, message });
    if (error.children && error.children.length > 0) out.push(...flattenValidationErrors(error.children, path));
  }
  return out;
}

/** The 400 of API.md: `{ error: 'validation', details: [{ path, message }] }`. */
export function validationError(details: ValidationDetail[]): BadRequestException {
  return new BadRequestException({ error: 'validation', details });
}

/**
 * The global pipe: whitelist with unknown properties refused, nested objects and arrays validated,
 * no implicit conversion (a JSON `"5"` is not the number 5, `"true"` is not a boolean).
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: true },
    exceptionFactory: (errors) => validationError(flattenValidationErrors(errors)),
  });
}
