import { ArgumentsHost, Catch, HttpException, HttpStatus, Logger, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { actorOf } from '#auth';
import { DomainError } from '#domain';
import { WrongExpectedRevisionError, DuplicateEventError } from '#event-store';

/** Domain rule codes answered with another status than 422. */
const STATUS_OF_CODE: Record<string, number> = {
  forbidden: HttpStatus.FORBIDDEN,
  hazard_not_found: HttpStatus.NOT_FOUND,
  enterprise_exists: HttpStatus.CONFLICT,
  hazard_exists: HttpStatus.CONFLICT,
};

/**
 * Maps every error to API.md's shapes (and logs every 401/403 refusal with subject, role, method,
 * route and reason; a 401 carries `WWW-Authenticate: Bearer`): DomainError → 422 `{ error: code, message }` (403/404/409 for
 * the codes above), a stale revision → 409 `{ error: 'conflict', currentRevision }`, HTTP errors as
 * they are (JSON bodies kept, bare ones given an `error` word), anything else → 500 logged with its
 * stack — never with the request body.
 */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  /** Logs a 401/403 with who (subject, role), what (method, route) and why — never the token. */
  private logRefusal(req: Request, status: number, reason: string): void {
    const actor = actorOf(req);
    this.logger.warn(
      `refused ${status} ${req.method} ${routeOf(req)}: subject=${actor?.subject ?? '(none)'} role=${actor?.role ?? '(none)'} ` +
        `district=${actor?.districtCode ?? '-'} enterprise=${actor?.enterpriseUscc ?? '-'} reason=${JSON.stringify(reason)}`,
    );
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (exception instanceof DomainError) {
      if (exception.code === 'forbidden') this.logRefusal(host.switchToHttp().getRequest<Request>(), 403, exception.message);
      res.status(STATUS_OF_CODE[exception.code] ?? HttpStatus.UNPROCESSABLE_ENTITY).json({ error: exception.code, message: exception.message });
      return;
    }
    if (exception instanceof WrongExpectedRevisionError) {
      res.status(HttpStatus.CONFLICT).json({
        error: 'conflict',
        message: exception.message,
        currentRevision: exception.actual === null ? null : exception.actual.toString(),
      });
      return;
    }
    if (exception instanceof DuplicateEventError) {
      res.status(HttpStatus.CONFLICT).json({ error: 'duplicate_event', message: exception.message });
      return;
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (status === HttpStatus.UNAUTHORIZED || status === HttpStatus.FORBIDDEN) {
        const reason = typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string' ? (body as { message: string }).message : exception.message;
        this.logRefusal(host.switchToHttp().getRequest<Request>(), status, reason);
        if (status === HttpStatus.UNAUTHORIZED) res.setHeader('WWW-Authenticate', 'Bearer realm="zhiben"');
      }
      if (status === HttpStatus.SERVICE_UNAVAILABLE) res.setHeader('Retry-After', '1');
      // body-parser's errors arrive wrapped by Nest's adapter, the original as `cause`.
      const parserType = (exception.cause as { type?: unknown } | undefined)?.type;
      if (parserType === 'entity.parse.failed') {
        res.status(400).json({ error: 'malformed_json', message: 'the body is not valid JSON' });
        return;
      }
      if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
        res.status(413).json({ error: 'payload_too_large', message: 'request body too large' });
        return;
      }
      if (typeof body === 'object' && body !== null && 'error' in body && typeof (body as { error: unknown }).error === 'string' && !('statusCode' in body)) {
        res.status(status).json(body);
        return;
      }
      const message = typeof body === 'string' ? body : ((body as { message?: unknown }).message ?? exception.message);
      res.status(status).json({ error: errorWord(status), message: Array.isArray(message) ? message.join('; ') : String(message) });
      return;
    }
    // body-parser errors (malformed JSON, too large) are plain errors carrying a status.
    const status = (exception as { status?: unknown; statusCode?: unknown })?.status ?? (exception as { statusCode?: unknown })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const type = (exception as { type?: string }).type;
      res.status(status).json({
        error: status === 413 ? 'payload_too_large' : type === 'entity.parse.failed' ? 'malformed_json' : errorWord(status),
        message: status === 413 ? 'request body too large' : type === 'entity.parse.failed' ? 'the body is not valid JSON' : 'bad request',
      });
      return;
    }
    const e = exception instanceof Error ? exception : new Error(String(exception));
    this.logger.error(`unexpected error: ${e.message}`, e.stack);
    res.status(HttpStatus.INTERNAL_SERVER_ERROR).json({ error: 'internal', message: 'internal error' });
  }
}

/** The route as declared (`/api/v1/hazards/:id`) when one matched, else the path; never the query string. */
function routeOf(req: Request): string {
  const declared = (req.route as { path?: unknown } | undefined)?.path;
  return typeof declared === 'string' ? `${req.baseUrl}${declared}` : req.path;
}

function errorWord(status: number): string {
  switch (status) {
    case 400: return 'bad_request';
    case 403: return 'forbidden';
    case 404: return 'not_found';
    case 405: return 'method_not_allowed';
    case 409: return 'conflict';
    case 413: return 'payload_too_large';
    case 415: return 'unsupported_media_type';
    case 422: return 'unprocessable';
    case 503: return 'unavailable';
    default: return status >= 500 ? 'internal' : 'bad_request';
  }
}
