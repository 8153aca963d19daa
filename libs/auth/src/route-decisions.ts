import { Injectable, RequestMethod, type OnModuleInit } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_METADATA, type AccessRule } from './access.js';

/** One route the app serves and its access decision (undefined: none). */
export interface RouteDecision {
  method: string;
  path: string;
  rule: AccessRule | undefined;
}

/**
 * Lists every controller route with its decision, and refuses to let the app start when a route has
 * none (no route left undecided).
 */
@Injectable()
export class RouteDecisions implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** @throws Error naming every route without an `@Access`/`@Public` decision */
  onModuleInit(): void {
    const undecided = this.list().filter((r) => r.rule === undefined);
    if (undecided.length > 0) {
      throw new Error(`routes without an access decision (@Access or @Public): ${undecided.map((r) => `${r.method} ${r.path}`).join(', ')}`);
    }
  }

  /** Every route of every controller: method, path (`/api/v1/hazards/:id`) and decision. */
  list(): RouteDecision[] {
    const routes: RouteDecision[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | null;
      if (!type || !wrapper.instance) continue;
      const base = normalise(Reflect.getMetadata(PATH_METADATA, type));
      const prototype = Object.getPrototypeOf(wrapper.instance) as object;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = (prototype as Record<string, unknown>)[name] as (...args: unknown[]) => unknown;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (path === undefined) continue;
        const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod] ?? 'GET';
        const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [handler, type]);
        for (const p of Array.isArray(path) ? path : [path]) {
          routes.push({ method, path: `/${[base, normalise(p)].filter(Boolean).join('/')}`, rule });
        }
      }
    }
    return routes;
  }
}

function normalise(path: unknown): string {
  return (Array.isArray(path) ? String(path[0] ?? '') : String(path ?? '')).replace(/^\/+|\/+$/g, '');
}
