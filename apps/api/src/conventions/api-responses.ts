import { applyDecorators } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiPayloadTooLargeResponse,
  ApiServiceUnavailableResponse,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';

const validation = {
  description: 'bad input; nothing appended',
  schema: {
    example: { error: 'validation', details: [{ path: 'measures.0.deadline', message: 'measures.0.deadline must be a date YYYY-MM-DD (China Standard Time) in years 1950–2100' }] },
  },
};

/** The OpenAPI answers every command route gives (API.md "Conventions"). */
export function ApiCommandResponses(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiCreatedResponse({
      description: 'appended; ETag is the new stream revision',
      schema: { example: { streamId: 'hazard-0193c1d2-…', streamRevision: '3', position: '1042' } },
    }),
    ApiBadRequestResponse(validation),
    ApiNotFoundResponse({ description: 'unknown id', schema: { example: { error: 'hazard_not_found', message: 'no hazard …' } } }),
    ApiConflictResponse({
      description: 'stale If-Match (currentRevision given), or the thing already exists (hazard_exists, enterprise_exists)',
      schema: { example: { error: 'conflict', message: '…', currentRevision: '4' } },
    }),
    ApiUnprocessableEntityResponse({
      description:
        'a rule of the domain broken; nothing appended. Codes include: invalid_uscc, unknown_district, unknown_sector, ' +
        'enterprise_not_found, enterprise_closed, criterion_required, unknown_criterion, criterion_sector_mismatch, ' +
        'five_in_place_incomplete (a major hazard\'s plan needs measures, funds > 0, deadline, responsible person and emergency plan), ' +
        'deadline_before_report, deadline_not_later, invalid_transition (the lifecycle is reported → planned → completed → verified → closed; ' +
        'a rejection returns to planned), hazard_closed, already_listed, chronology (a fact dated before the previous one), ' +
        'occurred_in_future, idempotency_key_reused',
      schema: { example: { error: 'invalid_transition', message: 'CloseHazard is not allowed while the hazard is planned' } },
    }),
    ApiPayloadTooLargeResponse({ description: 'body over 256 kB' }),
    ApiUnsupportedMediaTypeResponse({ description: 'a body that is not application/json' }),
  );
}

/** The OpenAPI answers every query route may give besides 200. */
export function ApiQueryResponses(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiBadRequestResponse(validation),
    ApiServiceUnavailableResponse({
      description: 'minPosition not reached within 5 s; Retry-After given',
      schema: { example: { error: 'not_caught_up', message: 'the read model has not reached position 1042 yet; retry' } },
    }),
  );
}
