import { once } from 'node:events';
import { Controller, Get, Headers, Inject, Logger, Query, Req, Res, type OnModuleDestroy } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { EVENT_STORE } from '#bootstrap';
import type { EventStore } from '#event-store';
import { categoryOf, redactForAnalysts } from '#messaging';
import { validationError, type ValidationDetail } from '../conventions/validation.js';
import { Access } from '#auth';

/** How often an idle stream sends a comment line, so proxies and clients keep it open (ms). */
const HEARTBEAT_MS = 15_000;
const POSITION = /^\d{1,19}$/;
const NAME_LIST = /^[A-Za-z][A-Za-z0-9_-]{0,63}(,[A-Za-z][A-Za-z0-9_-]{0,63}){0,31}$/;

/**
 * `GET /api/v1/streams/events`: the global order as Server-Sent Events for analysts — catch-up from
 * a position, then live; resumable with `Last-Event-ID` (each event's `id` is its global position);
 * filtered by stream category and event type; personal data removed (`redactForAnalysts`). Only
 * committed events are sent, read from the store, never from a command handler.
 */
@ApiTags('event streams')
@Controller('api/v1/streams')
export class EventStreamController implements OnModuleDestroy {
  private readonly logger = new Logger('EventStream');
  /** Open streams, ended when the app shuts down (else the HTTP server would wait for them). */
  private readonly open = new Set<AbortController>();

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  @Access({ roles: ['analyst', 'auditor', 'city_admin'], scope: 'none' })
  @Get('events')
  @ApiOperation({ summary: 'Server-Sent Events of the global order: catch-up then live, resumable with Last-Event-ID' })
  @ApiProduces('text/event-stream')
  @ApiQuery({ name: 'from', required: false, description: 'send events after this global position (default 0: from the start)' })
  @ApiQuery({ name: 'category', required: false, description: 'stream categories, comma-separated: hazard, enterprise' })
  @ApiQuery({ name: 'type', required: false, description: 'event types, comma-separated, e.g. HazardReported,HazardClosed' })
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this position (wins over from)' })
  async events(
    @Query() query: Record<string, unknown>,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const problems: ValidationDetail[] = [];
    for (const [k, v] of Object.entries(query)) {
      if (!['from', 'category', 'type'].includes(k)) problems.push({ path: k, message: `unknown query parameter ${k}` });
      else if (typeof v !== 'string') problems.push({ path: k, message: `${k} must be given once` });
    }
    const from = (query['from'] as string | undefined) ?? '0';
    if (!POSITION.test(from)) problems.push({ path: 'from', message: 'from must be a global position (a non-negative integer)' });
    if (lastEventId !== undefined && !POSITION.test(lastEventId)) {
      problems.push({ path: 'headers.last-event-id', message: 'Last-Event-ID must be an event id this stream sent (a position)' });
    }
    const list = (name: string): Set<string> | null => {
      const value = query[name];
      if (value === undefined) return null;
      if (typeof value !== 'string' || !NAME_LIST.test(value)) {
        problems.push({ path: name, message: `${name} must be a comma-separated list of names` });
        return null;
      }
      return new Set(value.split(','));
    };
    const categories = list('category');
    const types = list('type');
    if (problems.length > 0) throw validationError(problems);

    const after = BigInt(lastEventId ?? from);
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
    });
    res.write(`: zhiben events after ${after.toString()}\n\n`);
    const closed = new AbortController();
    this.open.add(closed);
    req.on('close', () => closed.abort());
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS);
    try {
      for await (const event of this.store.subscribeAll({ after, signal: closed.signal })) {
        if (categories && !categories.has(categoryOf(event.streamId))) continue;
        if (types && !types.has(event.type)) continue;
        const message = `id: ${event.position.toString()}\nevent: ${event.type}\ndata: ${JSON.stringify(redactForAnalysts(event))}\n\n`;
        if (!res.write(message)) await once(res, 'drain', { signal: closed.signal }).catch(() => undefined);
      }
    } catch (error) {
      if (!closed.signal.aborted) this.logger.error(`event stream ended: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      clearInterval(heartbeat);
      this.open.delete(closed);
      res.end();
    }
  }

  /** Ends every open stream: clients reconnect with Last-Event-ID to another instance. */
  onModuleDestroy(): void {
    for (const stream of this.open) stream.abort();
  }
}
