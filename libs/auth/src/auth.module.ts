import { Logger, Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { resolveJwtKey, type ZhibenConfig } from '#bootstrap';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard.js';
import { RouteDecisions } from './route-decisions.js';
import { TokenVerifier } from './token-verifier.js';

/**
 * Authentication and access control for the HTTP app: the token verifier for the configured key
 * (`resolveJwtKey`: shared HS256 key, JWKS, or the embedded mode's key file), the global `AuthGuard`,
 * and the start-up check that every route has an access decision.
 */
@Module({})
export class AuthModule {
  /** @throws Error (at start) in server mode without AUTH_JWT_SECRET or AUTH_JWKS_URL */
  static forRoot(config: ZhibenConfig): DynamicModule {
    return {
      module: AuthModule,
      imports: [DiscoveryModule],
      providers: [
        {
          provide: TOKEN_VERIFIER,
          useFactory: () => {
            const key = resolveJwtKey(config);
            new Logger('Auth').log(`tokens verified with ${key.kind === 'jwks' ? `the key set ${key.url}` : `a shared HS256 key (${key.source})`}`);
            return new TokenVerifier(key);
          },
        },
        { provide: APP_GUARD, useClass: AuthGuard },
        RouteDecisions,
      ],
      exports: [TOKEN_VERIFIER, RouteDecisions],
    };
  }
}
