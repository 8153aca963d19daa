import { HttpException, HttpStatus, Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import { rateLimit, type RateLimitRequestHandler } from 'express-rate-limit';
import { actorOf } from '#auth';
import { CONFIG, DEFAULT_REPORT_RATE_LIMIT, type ZhibenConfig } from '#bootstrap';

/**
 * The rate limit of public report submission (`POST /api/v1/reports`), per client address, through
 * express-rate-limit run as a route guard: at most `REPORT_RATE_LIMIT` submissions (default 10 a
 * minute) per address in a fixed window that starts with the address's first submission (IPv6
 * addresses are counted per /56, the library's default, so one customer's prefix is one client).
 * The client address is Express's `req.ip`: the socket's peer, or — only when `TRUST_PROXY` is set —
 * the address the trusted proxies name in `X-Forwarded-For`.
 *
 * Only anonymous submissions count: one with a verified bearer token (the global AuthGuard runs
 * first and sets the actor; an invalid token is 401 there) is staff entering a report taken by phone
 * or letter, accountable by its subject. Over the limit: 429 `{ error: 'rate_limited', message }` with
 * `Retry-After` (seconds until the window ends); the guard runs before validation and the command,
 * so nothing is appended. Counts live in this process's memory: several API instances count apart.
 */
@Injectable()
export class ReportRateLimitGuard implements CanActivate {
  private readonly limiter: RateLimitRequestHandler | null;

  constructor(@Inject(CONFIG) config: ZhibenConfig) {
    const limit = config.reportRateLimit === undefined ? DEFAULT_REPORT_RATE_LIMIT : config.reportRateLimit;
    const logger = new Logger('ReportRateLimit');
    const seconds = limit ? Math.round(limit.windowMs / 1000) : 0;
    this.limiter = limit && rateLimit({
      windowMs: limit.windowMs,
      limit: limit.limit,
      // RateLimit / RateLimit-Policy (IETF draft 8) on every counted answer; Retry-After on a refusal.
      standardHeaders: 'draft-8',
      legacyHeaders: false,
      skip: (req) => actorOf(req as Request) !== null,
      handler: (_req, res, next) => {
        next(new HttpException(
          { error: 'rate_limited', message: `too many reports from this address: at most ${limit.limit} in ${seconds} s; retry after ${res.getHeader('Retry-After') ?? seconds} s` },
          HttpStatus.TOO_MANY_REQUESTS,
        ));
      },
      // The library's configuration checks (e.g. X-Forwarded-For arriving while TRUST_PROXY is unset) go to the app's log, once each.
      logger: { error: (e: unknown) => logger.warn(e instanceof Error ? e.message : String(e)), warn: (e: unknown) => logger.warn(e instanceof Error ? e.message : String(e)) },
    });
  }

  /**
   * Counts the request against its address.
   * @throws HttpException 429 `rate_limited` (Retry-After set) when the address is over the limit
   */
  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.limiter) return true;
    const http = context.switchToHttp();
    const limiter = this.limiter;
    await new Promise<void>((resolve, reject) => {
      void limiter(http.getRequest<Request>(), http.getResponse<Response>(), (error?: unknown) => (error ? reject(error) : resolve()));
    });
    return true;
  }
}
