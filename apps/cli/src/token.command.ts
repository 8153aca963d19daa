/**
 * `zhiben token --role <role> [--district <code>] [--enterprise <uscc>] [--subject <id>] [--expires-in 8h]`:
 * prints a bearer token, alone on stdout, signed with the local instance's key — `AUTH_JWT_SECRET`, or
 * the embedded mode's `DATA_DIR/jwt-secret` (made when absent, as the api does). Refuses with a JWKS
 * (the identity provider issues those tokens) and with `DATA_DIR=memory://` (that key dies with its process).
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { actorOfClaims, signToken, TOKEN_ROLES, type TokenRole } from '#auth';
import { loadConfig, resolveJwtKey, type ZhibenConfig } from '#bootstrap';
import { err, out } from './output.js';

/** Options of {@link runToken}, as the command line parses them. */
export interface TokenOptions {
  role: TokenRole;
  district?: string;
  enterprise?: string;
  subject?: string;
  org?: string;
  expiresIn: string;
}

/** The `token` sub-command, ready to add to the program. */
export function tokenCommand(): Command {
  return new Command('token')
    .description("print a signed bearer token for the local instance's key (AUTH_JWT_SECRET or DATA_DIR/jwt-secret), alone on stdout")
    .addOption(new Option('--role <role>', 'the role (DOMAIN.md §4)').choices([...TOKEN_ROLES]).makeOptionMandatory())
    .option('--district <code>', 'district code (required for inspector and district_supervisor)')
    .option('--enterprise <uscc>', 'the enterprise USCC (required for enterprise)')
    .option('--subject <id>', 'the subject (default: cli:<role>)')
    .option('--org <name>', 'organisation name')
    .option('--expires-in <span>', 'lifetime, e.g. 30m, 8h, 2d', parseSpan, '8h')
    .action(async (options: TokenOptions) => {
      process.exitCode = await runToken(options);
    });
}

/**
 * Signs and prints the token.
 * @returns the exit code: 0 printed; 1 invalid claims, no local key (JWKS, memory://) or invalid configuration
 */
export async function runToken(options: TokenOptions, config?: ZhibenConfig): Promise<number> {
  try {
    const resolved = config ?? loadConfig();
    if (!resolved.authJwtSecret && resolved.authJwksUrl) {
      err('tokens are verified with AUTH_JWKS_URL: get one from that identity provider (this command signs only with AUTH_JWT_SECRET or the embedded key file)');
      return 1;
    }
    if (!resolved.authJwtSecret && resolved.dataDir.startsWith('memory://')) {
      err('DATA_DIR=memory:// keeps its token key in the running process only: set AUTH_JWT_SECRET for both the api and this command');
      return 1;
    }
    const key = resolveJwtKey(resolved);
    if (key.kind !== 'secret') throw new Error('unreachable: a JWKS was handled above');
    const subject = options.subject ?? `cli:${options.role}`;
    // The claims are checked as the api will check them, so a token that would be refused is never printed.
    actorOfClaims({ sub: subject, role: options.role, district: options.district, enterprise: options.enterprise, org: options.org });
    out(
      await signToken(key.key, {
        role: options.role,
        subject,
        district: options.district,
        enterprise: options.enterprise,
        organisation: options.org,
        expiresIn: options.expiresIn,
        issuer: resolved.authIssuer,
        audience: resolved.authAudience,
      }),
    );
    return 0;
  } catch (e) {
    err(`cannot make a token: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}

function parseSpan(value: string): string {
  if (!/^\d+\s?(s|sec|secs|second|seconds|m|min|mins|minute|minutes|h|hr|hrs|hour|hours|d|day|days|w|week|weeks)$/.test(value)) {
    throw new InvalidArgumentError('must be a time span such as 30m, 8h or 2d');
  }
  return value;
}
