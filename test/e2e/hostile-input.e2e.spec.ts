/**
 * Hostile and careless clients against the real app over HTTP (embedded PGlite; PostgreSQL too when
 * TEST_DATABASE_URL is set): API.md "Conventions" — bad input is 400/409/422/404/413 with a JSON body
 * of the documented shape and changes nothing (the store's head position stays put); no client input
 * is answered 500 or hangs; no accepted input stalls a read model.
 *
 * Every case here states the documented behaviour. A case that fails documents a defect to fix in the
 * app, not in this file.
 */
import { randomUUID } from 'node:crypto';
import { appBackends, testUscc, type StartedApp } from '../support/backends.js';
import { expectDocumentedRefusal, expectStatus, headPosition, hostileCase as c, json, projectionErrors, raw, withRawKey, type HostileCase, type RawResponse } from '../support/raw-http.js';

// ---------------------------------------------------------------------------------------------------
// Plumbing: raw HTTP and the refusal assertions live in ../support/raw-http.ts; what is here builds bodies.

/** A valid USCC not used before in this run. */
function freshUscc(): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const tail = Array.from({ length: 9 }, () => alphabet[Math.floor(Math.random() * alphabet.length)]).join('');
  return testUscc(`91500101${tail}`);
}

function cursorOf(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

const deep = (depth: number, leaf = '1') => '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** minPosition waits 1 s (not 5) so that the 503 case is quick; the deadline watcher never ticks during a run. */
const APP_OPTIONS = { minPositionTimeoutMs: 1000, deadlineWatchIntervalMs: 86_400_000 };
const modes = appBackends(APP_OPTIONS, 'zhiben_break');

// ---------------------------------------------------------------------------------------------------
// Valid bodies the cases start from.

const ENTERPRISE = testUscc('91500101MA60B0001');
const DISCOVERED = '2025-03-01T09:00:00+08:00';
const REPORT = {
  enterpriseUscc: ENTERPRISE,
  grade: 'general',
  channel: 'self_inspection',
  title: '配电箱未接地',
  description: '车间配电箱外壳未做接地保护',
  discoveredAt: DISCOVERED,
};
/** Deadlines far ahead so that the deadline watcher never has a miss to record during a run. */
const PLAN = {
  measures: [{ description: '加装接地线', deadline: '2099-12-31' }],
  responsiblePerson: { name: '李四', phone: '13800000000' },
  deadline: '2099-12-31',
  fundsFen: 120_000,
  emergencyPlan: '断电处置方案',
  plannedAt: '2025-03-02T10:00:00+08:00',
};
const ESCALATION = { measure: 'interview', decidedAt: '2025-03-05T10:00:00+08:00' };
const REGISTER = { uscc: testUscc('91500101MA60B0002'), name: '重庆某某机械有限公司', districtCode: '500101', sector: 'machinery', industryCode: 'C34' };

const report = (patch: Record<string, unknown>) => json({ ...REPORT, ...patch });
const plan = (patch: Record<string, unknown>) => json({ ...PLAN, ...patch });
const escalation = (patch: Record<string, unknown>) => json({ ...ESCALATION, ...patch });
/** A RegisterEnterprise body for an enterprise of its own (no case registers another case's USCC first). */
const register = (patch: Record<string, unknown>) => json({ ...REGISTER, uscc: freshUscc(), ...patch });

const H = '/api/v1/hazards';
const PLAN_ROUTE = '/api/v1/hazards/{hz}/rectification-plan';
const ESC_ROUTE = '/api/v1/hazards/{hz}/escalations';
const ENT = '/api/v1/enterprises';
const STATS = '/api/v1/statistics/hazards?groupBy=district&year=2025';
const NIL = '00000000-0000-0000-0000-000000000000';

/** `{hz}` in a case's path or body is a hazard reported just for that case (status `reported`, revision 0). */
const CASES: HostileCase[] = [
  // --- not JSON, or JSON that is no object ------------------------------------------------------
  c('malformed JSON', 'POST', H, '{bad json', 400),
  c('JSON with trailing garbage', 'POST', H, `${report({})}x`, 400),
  c('NaN literal', 'POST', PLAN_ROUTE, json(PLAN).replace('120000', 'NaN'), 400),
  c('a body that is an array', 'POST', H, '[]', 400, { error: 'validation' }),
  c('a body that is an array holding a valid report', 'POST', H, `[${report({})}]`, 400, { error: 'validation' }),
  c('a body that is a string', 'POST', H, '"hazard"', 400, { error: 'validation' }),
  c('a body that is null', 'POST', H, 'null', 400, { error: 'validation' }),
  c('a body that is a number', 'POST', H, '42', 400, { error: 'validation' }),
  c('a body that is true', 'POST', H, 'true', 400, { error: 'validation' }),
  c('an empty body', 'POST', H, '', 400, { error: 'validation' }),
  c('an array body on a lifecycle route', 'POST', ESC_ROUTE, '[1,2]', 400, { error: 'validation' }),
  c('a null body on a lifecycle route', 'POST', ESC_ROUTE, 'null', 400, { error: 'validation' }),
  c('an array body on RegisterEnterprise', 'POST', ENT, '[{}]', 400, { error: 'validation' }),
  c('a duplicated key whose last value is wrong', 'POST', H, withRawKey(report({}), 'title', '5'), 400, { error: 'validation', detail: 'title' }),

  // --- deeply nested ------------------------------------------------------------------------------
  c('an object nested 5 000 deep (30 kB)', 'POST', H, deep(5000), 400),
  c('an array nested 5 000 deep', 'POST', H, deepArray(5000), 400),
  c('a text field holding an object nested 5 000 deep', 'POST', H, report({ title: '§' }).replace('"§"', deep(5000)), 400),
  c('a measure holding an object nested 5 000 deep', 'POST', PLAN_ROUTE, plan({ measures: ['§'] }).replace('"§"', deep(5000)), 400),
  c('an object nested 5 000 deep with an Idempotency-Key', 'POST', ESC_ROUTE, deep(5000), 400, { headers: { 'Idempotency-Key': randomUUID() } }),
  c('an object nested 1 000 deep', 'POST', H, deep(1000), 400, { error: 'validation' }),

  // --- too large --------------------------------------------------------------------------------
  c('a 300 kB description', 'POST', H, report({ description: 'x'.repeat(300_000) }), 413, { error: 'payload_too_large' }),
  c('300 kB of whitespace before an object', 'POST', H, `${' '.repeat(300_000)}{}`, 413, { error: 'payload_too_large' }),
  c('20 000 unknown keys (> 256 kB)', 'POST', H, json(Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`k${i}`, i]))), 413),
  c('5 000 unknown keys (< 256 kB)', 'POST', H, json({ ...REPORT, ...Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, i])) }), 400, { error: 'validation', detail: 'k0' }),

  // --- unknown properties at every level ---------------------------------------------------------
  c('an unknown top-level property', 'POST', H, report({ x: 1 }), 400, { error: 'validation', detail: 'x' }),
  c('an unknown property in a measure', 'POST', PLAN_ROUTE, plan({ measures: [{ ...PLAN.measures[0], x: 1 }] }), 400, { error: 'validation', detail: 'measures.0.x' }),
  c('an unknown property in responsiblePerson', 'POST', PLAN_ROUTE, plan({ responsiblePerson: { name: 'n', y: 2 } }), 400, { error: 'validation', detail: 'responsiblePerson.y' }),
  c('an unknown property on RegisterEnterprise', 'POST', ENT, register({ status: 'closed' }), 400, { error: 'validation', detail: 'status' }),
  c('an unknown property on an escalation', 'POST', ESC_ROUTE, escalation({ actor: 'root' }), 400, { error: 'validation', detail: 'actor' }),

  // --- prototype-pollution keys: unknown properties like any other --------------------------------
  c('"__proto__" at the top level', 'POST', H, withRawKey(report({}), '__proto__', '{"grade":"major"}'), 400, { error: 'validation' }),
  c('"__proto__": null at the top level', 'POST', H, withRawKey(report({}), '__proto__', 'null'), 400, { error: 'validation' }),
  c('"constructor" at the top level', 'POST', H, withRawKey(report({}), 'constructor', '{"prototype":{"x":1}}'), 400, { error: 'validation' }),
  c('"prototype" at the top level', 'POST', H, withRawKey(report({}), 'prototype', '{}'), 400, { error: 'validation' }),
  c('"toString" at the top level', 'POST', H, withRawKey(report({}), 'toString', '"x"'), 400, { error: 'validation' }),
  c('"hasOwnProperty" at the top level', 'POST', H, withRawKey(report({}), 'hasOwnProperty', '1'), 400, { error: 'validation' }),
  c('"__proto__" in a measure', 'POST', PLAN_ROUTE, json(PLAN).replace('"deadline":"2099-12-31"}', '"deadline":"2099-12-31","__proto__":{"x":1}}'), 400, { error: 'validation' }),
  c('"constructor" in a measure', 'POST', PLAN_ROUTE, json(PLAN).replace('"deadline":"2099-12-31"}', '"deadline":"2099-12-31","constructor":{"x":1}}'), 400, { error: 'validation' }),
  c('"__proto__" in responsiblePerson', 'POST', PLAN_ROUTE, json(PLAN).replace('"phone":"13800000000"}', '"phone":"13800000000","__proto__":{"x":1}}'), 400, { error: 'validation' }),
  c('"__proto__" on RegisterEnterprise', 'POST', ENT, withRawKey(register({}), '__proto__', '{"highRisk":true}'), 400, { error: 'validation' }),

  // --- wrong types ------------------------------------------------------------------------------
  c('grade as a number', 'POST', H, report({ grade: 1 }), 400, { error: 'validation', detail: 'grade' }),
  c('grade in another case', 'POST', H, report({ grade: 'GENERAL' }), 400, { error: 'validation', detail: 'grade' }),
  c('channel with a trailing space', 'POST', H, report({ channel: 'self_inspection ' }), 400, { error: 'validation', detail: 'channel' }),
  c('title as an array', 'POST', H, report({ title: ['t'] }), 400, { error: 'validation', detail: 'title' }),
  c('title as an object with toString', 'POST', H, report({ title: { toString: 'x' } }), 400, { error: 'validation', detail: 'title.toString' }),
  c('discoveredAt as a number', 'POST', H, report({ discoveredAt: 20250301 }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt null', 'POST', H, report({ discoveredAt: null }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt as an array', 'POST', H, report({ discoveredAt: [DISCOVERED] }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('hazardId as a number', 'POST', H, report({ hazardId: 123 }), 400, { error: 'validation', detail: 'hazardId' }),
  c('enterpriseUscc as a number', 'POST', H, report({ enterpriseUscc: 915001010000000000 }), 400, { error: 'validation', detail: 'enterpriseUscc' }),
  c('highRisk as the string "true"', 'POST', ENT, register({ highRisk: 'true' }), 400, { error: 'validation', detail: 'highRisk' }),
  c('riskTags as a string', 'POST', ENT, register({ riskTags: 'dust_explosion' }), 400, { error: 'validation', detail: 'riskTags' }),
  c('riskTags holding a number', 'POST', ENT, register({ riskTags: [1] }), 400, { error: 'validation', detail: 'riskTags' }),
  c('fundsFen as a string', 'POST', PLAN_ROUTE, plan({ fundsFen: '120000' }), 400, { error: 'validation', detail: 'fundsFen' }),
  c('fundsFen as a float', 'POST', PLAN_ROUTE, plan({ fundsFen: 1.5 }), 400, { error: 'validation', detail: 'fundsFen' }),
  c('fundsFen negative', 'POST', PLAN_ROUTE, plan({ fundsFen: -1 }), 400, { error: 'validation', detail: 'fundsFen' }),
  c('fundsFen 2^53', 'POST', PLAN_ROUTE, json(PLAN).replace('120000', '9007199254740992'), 400, { error: 'validation', detail: 'fundsFen' }),
  c('fundsFen 1e20', 'POST', PLAN_ROUTE, json(PLAN).replace('120000', '1e20'), 400, { error: 'validation', detail: 'fundsFen' }),
  c('fundsFen 99999999999999999999', 'POST', PLAN_ROUTE, json(PLAN).replace('120000', '99999999999999999999'), 400, { error: 'validation', detail: 'fundsFen' }),
  c('fundsFen as a boolean', 'POST', PLAN_ROUTE, plan({ fundsFen: true }), 400, { error: 'validation', detail: 'fundsFen' }),
  c('fundsFen null', 'POST', PLAN_ROUTE, plan({ fundsFen: null }), 400, { error: 'validation', detail: 'fundsFen' }),
  c('measures as a string', 'POST', PLAN_ROUTE, plan({ measures: 'x' }), 400, { error: 'validation', detail: 'measures' }),
  c('measures holding null, a number and a string', 'POST', PLAN_ROUTE, plan({ measures: [null, 1, 's'] }), 400, { error: 'validation', detail: 'measures.0' }),
  c('101 measures', 'POST', PLAN_ROUTE, plan({ measures: Array.from({ length: 101 }, () => PLAN.measures[0]) }), 400, { error: 'validation', detail: 'measures' }),
  c('responsiblePerson as an array', 'POST', PLAN_ROUTE, plan({ responsiblePerson: [] }), 400, { error: 'validation', detail: 'responsiblePerson' }),
  c('responsiblePerson null', 'POST', PLAN_ROUTE, plan({ responsiblePerson: null }), 400, { error: 'validation', detail: 'responsiblePerson' }),
  c('verdict in another case', 'POST', '/api/v1/hazards/{hz}/verification', json({ verdict: 'PASSED', verifiedAt: DISCOVERED }), 400, { error: 'validation', detail: 'verdict' }),
  c('a rejection without reason', 'POST', '/api/v1/hazards/{hz}/verification', json({ verdict: 'rejected', verifiedAt: DISCOVERED }), 400, { error: 'validation', detail: 'reason' }),
  c('an unknown escalation measure', 'POST', ESC_ROUTE, escalation({ measure: 'Interview' }), 400, { error: 'validation', detail: 'measure' }),

  // --- dates and times --------------------------------------------------------------------------
  c('discoveredAt on 30 February', 'POST', H, report({ discoveredAt: '2025-02-30T09:00:00+08:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt in month 13', 'POST', H, report({ discoveredAt: '2025-13-01T09:00:00+08:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt without offset', 'POST', H, report({ discoveredAt: '2025-03-01T09:00:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt as a date only', 'POST', H, report({ discoveredAt: '2025-03-01' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt with a space for T', 'POST', H, report({ discoveredAt: '2025-03-01 09:00:00+08:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt with offset +0800', 'POST', H, report({ discoveredAt: '2025-03-01T09:00:00+0800' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt with second 60', 'POST', H, report({ discoveredAt: '2025-03-01T09:00:60+08:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt with minute 60', 'POST', H, report({ discoveredAt: '2025-03-01T09:60:00+08:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt at hour 24', 'POST', H, report({ discoveredAt: '2025-03-01T24:00:00+08:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt with offset +23:00', 'POST', H, report({ discoveredAt: '2025-03-01T09:00:00+23:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt with offset +99:99', 'POST', H, report({ discoveredAt: '2025-03-01T09:00:00+99:99' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt with a lower-case z', 'POST', H, report({ discoveredAt: '2025-03-01T09:00:00z' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt with 10 fraction digits', 'POST', H, report({ discoveredAt: '2025-03-01T09:00:00.1234567891+08:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt in full-width digits', 'POST', H, report({ discoveredAt: '２０２５-03-01T09:00:00+08:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  // Years outside 1950–2100 are refused at the edge as malformed (400), before the domain's future check.
  c('discoveredAt in year 9999', 'POST', H, report({ discoveredAt: '9999-12-31T23:59:59+08:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('discoveredAt next century', 'POST', H, report({ discoveredAt: '2125-01-01T00:00:00+08:00' }), 400, { error: 'validation', detail: 'discoveredAt' }),
  c('registeredAt on 29 February of a common year', 'POST', ENT, register({ registeredAt: '2023-02-29T09:00:00+08:00' }), 400, { error: 'validation', detail: 'registeredAt' }),
  c('a plan deadline on 29 February of a common year', 'POST', PLAN_ROUTE, plan({ deadline: '2027-02-29' }), 400, { error: 'validation', detail: 'deadline' }),
  c('a plan deadline without zero padding', 'POST', PLAN_ROUTE, plan({ deadline: '2099-1-31' }), 400, { error: 'validation', detail: 'deadline' }),
  c('a plan deadline given as a time', 'POST', PLAN_ROUTE, plan({ deadline: '2099-12-31T00:00:00+08:00' }), 400, { error: 'validation', detail: 'deadline' }),
  c('a measure deadline in month 13', 'POST', PLAN_ROUTE, plan({ measures: [{ description: 'm', deadline: '2099-13-01' }] }), 400, { error: 'validation', detail: 'measures.0.deadline' }),
  c('a plan deadline before the report', 'POST', PLAN_ROUTE, plan({ deadline: '2000-01-01' }), 422, { error: 'deadline_before_report' }),
  c('a plan deadline in year 0000', 'POST', PLAN_ROUTE, plan({ deadline: '0000-01-01' }), [400, 422]),
  c('plannedAt before the discovery', 'POST', PLAN_ROUTE, plan({ plannedAt: '2025-02-01T10:00:00+08:00' }), 422, { error: 'chronology' }),

  // --- text -------------------------------------------------------------------------------------
  c('a 201-character title', 'POST', H, report({ title: 'x'.repeat(201) }), 400, { error: 'validation', detail: 'title' }),
  c('a 4 001-character description', 'POST', H, report({ description: 'x'.repeat(4001) }), 400, { error: 'validation', detail: 'description' }),
  c('an empty title', 'POST', H, report({ title: '' }), 400, { error: 'validation', detail: 'title' }),
  c('a title of blanks', 'POST', H, report({ title: '   ' }), 422, { error: 'title_required' }),
  c('a 201-character enterprise name', 'POST', ENT, register({ name: '企'.repeat(201) }), 400, { error: 'validation', detail: 'name' }),
  c('an SQL-ish USCC', 'POST', H, report({ enterpriseUscc: "'; DROP TABLE es_events;--" }), 400, { error: 'validation', detail: 'enterpriseUscc' }),
  c('a lower-case USCC', 'POST', ENT, register({ uscc: REGISTER.uscc.toLowerCase() }), 422, { error: 'invalid_uscc' }),
  c('a full-width USCC', 'POST', ENT, register({ uscc: '９１５００１０１ＭＡ６０Ｂ０００２Ｘ' }), 422, { error: 'invalid_uscc' }),
  c('an unregistered enterprise', 'POST', H, report({ enterpriseUscc: testUscc('91500101MA60B0999') }), 422, { error: 'enterprise_not_found' }),
  c('"__proto__" as a sector', 'POST', ENT, register({ sector: '__proto__' }), 422, { error: 'unknown_sector' }),
  c('"constructor" as a district', 'POST', ENT, register({ districtCode: 'constructor' }), 422, { error: 'unknown_district' }),
  c('"toString" as a risk tag', 'POST', ENT, register({ riskTags: ['toString'] }), 422, { error: 'unknown_risk_tag' }),
  c('"__proto__" as a criterion', 'POST', H, report({ grade: 'major', criterionCode: '__proto__' }), 422, { error: 'unknown_criterion' }),
  c('"constructor" as a criterion', 'POST', H, report({ grade: 'major', criterionCode: 'constructor' }), 422, { error: 'unknown_criterion' }),

  // --- ids in the body and the path -------------------------------------------------------------
  c('hazardId not a UUID', 'POST', H, report({ hazardId: 'not-a-uuid' }), 400, { error: 'validation', detail: 'hazardId' }),
  c('hazardId a path', 'POST', H, report({ hazardId: '../../etc/passwd' }), 400, { error: 'validation', detail: 'hazardId' }),
  c('hazardId of an existing hazard', 'POST', H, report({ hazardId: '{hz}' }), 409, { error: 'hazard_exists' }),
  c('a lifecycle command on a non-UUID id', 'POST', '/api/v1/hazards/not-a-uuid/closure', json({ closedAt: DISCOVERED }), 404),
  c('a lifecycle command on a traversal id', 'POST', '/api/v1/hazards/..%2F..%2Fetc%2Fpasswd/closure', json({ closedAt: DISCOVERED }), 404),
  c('a lifecycle command on a NUL id', 'POST', '/api/v1/hazards/%00/closure', json({ closedAt: DISCOVERED }), 404),
  c('a lifecycle command on a badly escaped id', 'POST', '/api/v1/hazards/%E0%A4%A/closure', json({ closedAt: DISCOVERED }), 400),
  c('a lifecycle command on an unknown UUID', 'POST', `/api/v1/hazards/${NIL}/escalations`, json(ESCALATION), 404, { error: 'hazard_not_found' }),
  c('GET a hazard by a non-UUID id', 'GET', '/api/v1/hazards/not-a-uuid', undefined, 404),
  c('GET a hazard by a NUL id', 'GET', '/api/v1/hazards/%00', undefined, 404),
  c('GET an enterprise by a NUL USCC', 'GET', '/api/v1/enterprises/%00', undefined, [400, 404]),
  c('GET an enterprise by a 5 000-character USCC', 'GET', `/api/v1/enterprises/${'A'.repeat(5000)}`, undefined, [400, 404]),
  c('GET the audit stream "%00"', 'GET', '/api/v1/audit/streams/%00', undefined, [400, 404]),
  c('GET the audit stream "hazard-%00"', 'GET', '/api/v1/audit/streams/hazard-%00', undefined, [400, 404]),
  c('GET the audit stream "../.."', 'GET', '/api/v1/audit/streams/..%2F..', undefined, 404),
  c('GET the audit stream of a lone surrogate', 'GET', '/api/v1/audit/streams/%ED%A0%80', undefined, [400, 404]),
  c('GET an audit stream id of 201 characters', 'GET', `/api/v1/audit/streams/${'x'.repeat(201)}`, undefined, 404),

  // --- If-Match ---------------------------------------------------------------------------------
  ...['garbage', '', '""', '-1', '"-1"', '99999999999999999999', '"9223372036854775808"', '"1.0"', '"0x1"', '"1e0"', '"00000000000000000000000001"', '"0", "1"', '"0"x'].map((v) =>
    c(`If-Match: ${v || '(empty)'}`, 'POST', ESC_ROUTE, json(ESCALATION), 400, { headers: { 'If-Match': v }, error: 'validation', detail: 'headers.if-match' })),
  c('If-Match sent twice', 'POST', ESC_ROUTE, json(ESCALATION), 400, { headers: { 'If-Match': ['"0"', '"1"'] }, error: 'validation', detail: 'headers.if-match' }),
  c('If-Match with an opening quote only', 'POST', ESC_ROUTE, json(ESCALATION), 400, { headers: { 'If-Match': '"0' }, error: 'validation', detail: 'headers.if-match' }),
  c('If-Match with a closing quote only', 'POST', ESC_ROUTE, json(ESCALATION), 400, { headers: { 'If-Match': '0"' }, error: 'validation', detail: 'headers.if-match' }),
  c('If-Match of the largest revision', 'POST', ESC_ROUTE, json(ESCALATION), 409, { headers: { 'If-Match': '"9223372036854775807"' }, error: 'conflict' }),
  c('If-Match W/"5" (stale)', 'POST', ESC_ROUTE, json(ESCALATION), 409, { headers: { 'If-Match': 'W/"5"' }, error: 'conflict' }),
  c('If-Match "0" on a new hazard', 'POST', H, report({ hazardId: randomUUID() }), 409, { headers: { 'If-Match': '"0"' }, error: 'conflict' }),
  c('If-Match * on an existing hazard id', 'POST', H, report({ hazardId: '{hz}' }), 409, { headers: { 'If-Match': '*' }, error: 'hazard_exists' }),
  c('If-Match "0" on a new enterprise', 'POST', ENT, register({}), 409, { headers: { 'If-Match': '"0"' }, error: 'conflict' }),
  c('a malformed If-Match on a body that is also bad', 'POST', ESC_ROUTE, '[]', 400, { headers: { 'If-Match': 'x' } }),

  // --- Idempotency-Key --------------------------------------------------------------------------
  ...['abc', '', '{6f1d3c1e-9b0a-4d55-8f43-2a7f1d0e7c11}', '6f1d3c1e9b0a4d558f432a7f1d0e7c11', '6f1d3c1e-9b0a-4d55-8f43-2a7f1d0e7c1', 'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', `${randomUUID()}%00`].map((v) =>
    c(`Idempotency-Key: ${v || '(empty)'}`, 'POST', ESC_ROUTE, json(ESCALATION), 400, { headers: { 'Idempotency-Key': v }, error: 'validation', detail: 'headers.idempotency-key' })),
  c('Idempotency-Key sent twice', 'POST', ESC_ROUTE, json(ESCALATION), 400, { headers: { 'Idempotency-Key': [randomUUID(), randomUUID()] }, error: 'validation', detail: 'headers.idempotency-key' }),

  // --- content types ----------------------------------------------------------------------------
  c('JSON sent as text/plain', 'POST', ESC_ROUTE, json(ESCALATION), [400, 415], { headers: { 'content-type': 'text/plain' } }),
  c('JSON sent as a form', 'POST', ESC_ROUTE, 'measure=interview&decidedAt=2025-03-05T10%3A00%3A00%2B08%3A00', [400, 415], { headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  c('JSON in latin1', 'POST', ESC_ROUTE, json(ESCALATION), 415, { headers: { 'content-type': 'application/json; charset=latin1' } }),
  c('JSON claimed gzipped that is not', 'POST', ESC_ROUTE, 'garbage', [400, 415], { headers: { 'content-encoding': 'gzip' } }),
  c('JSON in an unknown encoding', 'POST', ESC_ROUTE, 'garbage', [400, 415], { headers: { 'content-encoding': 'x-zhiben' } }),

  // --- query strings ----------------------------------------------------------------------------
  c('statistics: year twice', 'GET', `${STATS}&year=2026`, undefined, 400, { error: 'validation', detail: 'year' }),
  c('statistics: grade twice', 'GET', `${STATS}&grade=major&grade=general`, undefined, 400, { error: 'validation', detail: 'grade' }),
  c('statistics: groupBy as an object', 'GET', '/api/v1/statistics/hazards?groupBy[a]=district&year=2025', undefined, 400, { error: 'validation' }),
  c('statistics: year 0000', 'GET', '/api/v1/statistics/hazards?groupBy=district&year=0000', undefined, 400, { error: 'validation', detail: 'year' }),
  c('statistics: year 2025.0', 'GET', '/api/v1/statistics/hazards?groupBy=district&year=2025.0', undefined, 400, { error: 'validation', detail: 'year' }),
  c('statistics: nothing', 'GET', '/api/v1/statistics/hazards', undefined, 400, { error: 'validation', detail: 'groupBy' }),
  c('statistics: an unknown parameter', 'GET', `${STATS}&district=500101`, undefined, 400, { error: 'validation', detail: 'district' }),
  c('statistics: __proto__', 'GET', `${STATS}&__proto__=1`, undefined, 400, { error: 'validation' }),
  ...['abc', '-1', '1e3', '0x10', '', '%20', '99999999999999999999', '1.5'].map((v) =>
    c(`statistics: minPosition=${v || '(empty)'}`, 'GET', `${STATS}&minPosition=${v}`, undefined, 400, { error: 'validation', detail: 'minPosition' })),
  c('ledger: minPosition twice', 'GET', `${H}?minPosition=1&minPosition=2`, undefined, 400, { error: 'validation', detail: 'minPosition' }),
  c('one hazard: minPosition twice', 'GET', '/api/v1/hazards/{hz}?minPosition=1&minPosition=2', undefined, 400, { error: 'validation', detail: 'minPosition' }),
  c('one hazard: minPosition=abc', 'GET', '/api/v1/hazards/{hz}?minPosition=abc', undefined, 400, { error: 'validation', detail: 'minPosition' }),
  c('enterprise: minPosition=-5', 'GET', `/api/v1/enterprises/${ENTERPRISE}?minPosition=-5`, undefined, 400, { error: 'validation', detail: 'minPosition' }),
  ...['0', '10000', '1.5', '-1', 'ten', '201'].map((v) =>
    c(`ledger: limit=${v}`, 'GET', `${H}?limit=${v}`, undefined, 400, { error: 'validation', detail: 'limit' })),
  c('ledger: status twice', 'GET', `${H}?status=reported&status=closed`, undefined, 400, { error: 'validation', detail: 'status' }),
  c('ledger: overdue=TRUE', 'GET', `${H}?overdue=TRUE`, undefined, 400, { error: 'validation', detail: 'overdue' }),
  c('ledger: grade empty', 'GET', `${H}?grade=`, undefined, 400, { error: 'validation', detail: 'grade' }),
  c('ledger: an unknown parameter', 'GET', `${H}?sort=title`, undefined, 400, { error: 'validation', detail: 'sort' }),
  c('ledger: cursor garbage', 'GET', `${H}?cursor=garbage`, undefined, 400, { error: 'validation', detail: 'cursor' }),
  c('ledger: cursor of base64 non-JSON', 'GET', `${H}?cursor=${Buffer.from('not json').toString('base64url')}`, undefined, 400, { error: 'validation', detail: 'cursor' }),
  ...['1', 'March 7', '2025-02-30', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00.000Z', '2025-03-01T09:00:00+99:00'].map((at) =>
    c(`ledger: a cursor whose time is "${at}"`, 'GET', `${H}?cursor=${cursorOf([at, NIL])}`, undefined, 400, { error: 'validation', detail: 'cursor' })),
  c('ledger: a cursor whose id is no UUID', 'GET', `${H}?cursor=${cursorOf(['2025-03-01T01:00:00.000Z', 'x'])}`, undefined, 400, { error: 'validation', detail: 'cursor' }),
  c('ledger: districtCode NUL', 'GET', `${H}?districtCode=%00`, undefined, [200, 400]),
  c('ledger: sector NUL', 'GET', `${H}?sector=%00`, undefined, [200, 400]),
  c('ledger: districtCode of 10 000 digits', 'GET', `${H}?districtCode=${'9'.repeat(10_000)}`, undefined, [200, 400]),

  // --- unknown routes and wrong methods ---------------------------------------------------------
  c('an unknown route', 'GET', '/api/v1/nowhere', undefined, 404, { error: 'not_found' }),
  c('an unknown statistics topic', 'GET', '/api/v1/statistics/nonsense?groupBy=district&year=2025', undefined, 404),
  c('PUT on the hazards', 'PUT', H, json(REPORT), [404, 405]),
  c('DELETE a hazard', 'DELETE', '/api/v1/hazards/{hz}', undefined, [404, 405]),
  c('PATCH an enterprise', 'PATCH', `/api/v1/enterprises/${ENTERPRISE}`, '{}', [404, 405]),
  c('GET a command route', 'GET', '/api/v1/hazards/{hz}/closure', undefined, [404, 405]),
  c('POST to /health', 'POST', '/health', '{}', [404, 405]),
  c('POST to a query route', 'POST', '/api/v1/statistics/hazards', '{}', [404, 405]),
  c('TRACE', 'TRACE', H, undefined, [404, 405]),
];

describe.each(modes)('hostile and careless input over HTTP (%s)', (_mode, start) => {
  let running: StartedApp;
  let url: string;

  const head = (): Promise<string> => headPosition(url);
  const newHazard = async (patch: Record<string, unknown> = {}): Promise<{ hazardId: string; position: string }> => {
    const res = await raw(url, 'POST', H, report(patch));
    expect(res.status).toBe(201);
    return { hazardId: res.body.hazardId, position: res.body.position };
  };
  /** The read models have taken in everything up to `position` without a projection error. */
  const expectReadModelsHealthy = async (): Promise<void> => {
    const probe = await newHazard();
    const read = await raw(url, 'GET', `/api/v1/hazards/${probe.hazardId}?minPosition=${probe.position}`);
    expect({ status: read.status, error: read.body?.error }).toEqual({ status: 200, error: undefined });
    const profile = await raw(url, 'GET', `/api/v1/enterprises/${ENTERPRISE}?minPosition=${probe.position}`);
    expect(profile.status).toBe(200);
    const health = await raw(url, 'GET', '/health');
    expect(projectionErrors(health)).toEqual([]);
  };

  beforeAll(async () => {
    running = await start();
    url = running.app.baseUrl;
    const reg = await raw(url, 'POST', ENT, json({ uscc: ENTERPRISE, name: '重庆示例机械有限公司', districtCode: '500101', sector: 'machinery', industryCode: 'C34', registeredAt: '2023-01-05T09:00:00+08:00' }));
    expect(reg.status).toBe(201);
  });
  afterAll(async () => running?.done());

  it.each(CASES.map((k) => [k.name, k] as const))('%s: the documented 4xx, a JSON body, nothing appended', async (_name, k) => {
    const hz = k.path.includes('{hz}') || k.body?.includes('{hz}') ? (await newHazard()).hazardId : '';
    const before = await head();
    const res = await raw(url, k.method, k.path.replace('{hz}', hz), k.body?.replace('{hz}', hz), k.headers);
    expectDocumentedRefusal(res, k);
    expect(await head()).toBe(before);
  });

  it('malformed JSON is answered with an error word of its own (not a bare bad_request echoing the parser)', async () => {
    const res = await raw(url, 'POST', H, '{"title": ');
    expect(res.status).toBe(400);
    expect(['validation', 'malformed_json']).toContain(res.body?.error);
  });

  it('minPosition beyond the head waits, then answers 503 with Retry-After (and the largest 19-digit position too)', async () => {
    for (const minPosition of [String(BigInt(await head()) + 1000n), '9999999999999999999']) {
      const res = await raw(url, 'GET', `${STATS}&minPosition=${minPosition}`);
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBeDefined();
      expect(res.body).toEqual(expect.objectContaining({ error: expect.any(String) }));
    }
  });

  it('the same Idempotency-Key with another body, or on another route, is 422 and appends nothing', async () => {
    const { hazardId } = await newHazard();
    const key = randomUUID();
    const first = await raw(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, json(ESCALATION), { 'Idempotency-Key': key });
    expect(first.status).toBe(201);
    const before = await head();
    const otherBody = await raw(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, escalation({ measure: 'circular' }), { 'Idempotency-Key': key });
    expect({ status: otherBody.status, error: otherBody.body?.error }).toEqual({ status: 422, error: 'idempotency_key_reused' });
    const other = await newHazard();
    const before2 = await head();
    const otherRoute = await raw(url, 'POST', `/api/v1/hazards/${other.hazardId}/escalations`, json(ESCALATION), { 'Idempotency-Key': key });
    expect({ status: otherRoute.status, error: otherRoute.body?.error }).toEqual({ status: 422, error: 'idempotency_key_reused' });
    expect(await head()).toBe(before2);
    expect(BigInt(before2)).toBe(BigInt(before) + 1n); // only the second hazard's report
    const retry = await raw(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, json(ESCALATION), { 'Idempotency-Key': key.toUpperCase() });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers['etag']).toBe(first.headers['etag']);
  });

  it('a huge X-Correlation-Id is replaced, never stored as sent', async () => {
    const { hazardId } = await newHazard();
    const res = await raw(url, 'POST', `/api/v1/hazards/${hazardId}/escalations`, json(ESCALATION), { 'X-Correlation-Id': `${'x'.repeat(4000)}` });
    expect(res.status).toBe(201);
    const audit = await raw(url, 'GET', `/api/v1/audit/streams/hazard-${hazardId}`);
    const last = audit.body.events[audit.body.events.length - 1];
    expect(String(last.metadata.correlationId).length).toBeLessThanOrEqual(128);
  });

  it('control characters, bidi marks and astral characters in text fields are kept exactly', async () => {
    const title = '\u202e\u0007 隐患 😀 \t';
    const description = '多行\r\n描述 \u200b with 🚧'.repeat(100);
    const { hazardId, position } = await newHazard({ title, description });
    const read = await raw(url, 'GET', `/api/v1/hazards/${hazardId}?minPosition=${position}`);
    expect(read.status).toBe(200);
    expect(read.body.title).toBe(title);
    expect(read.body.description).toBe(description);
  });

  // Text no PostgreSQL text or jsonb can hold: refused as bad input (400), or accepted and then kept
  // and projected — never a 500, and never an event the read models choke on.
  it.each<[string, string, () => string, string]>([
    ['a NUL in a title', H, () => report({ title: 'a\u0000b' }), 'title'],
    ['a NUL in a description', H, () => report({ description: '\u0000' }), 'description'],
    ['a lone high surrogate in a title', H, () => report({ title: '§' }).replace('"§"', '"\\ud800"'), 'title'],
    ['a lone low surrogate in a description', H, () => report({ description: '§' }).replace('"§"', '"x\\udc00y"'), 'description'],
    ['a NUL in an enterprise name', ENT, () => register({ name: '企业\u0000' }), 'name'],
    ['a NUL in an escalation note', ESC_ROUTE, () => escalation({ note: '\u0000' }), 'note'],
    ['a NUL in a responsible person', PLAN_ROUTE, () => plan({ responsiblePerson: { name: '张\u0000三' } }), 'responsiblePerson.name'],
    ['a lone surrogate in a measure', PLAN_ROUTE, () => plan({ measures: [{ description: '§', deadline: '2099-12-31' }] }).replace('"§"', '"\\udfff"'), 'measures.0.description'],
  ])('%s: 400 naming the field, or kept intact — never 500', async (_name, route, body, field) => {
    const hz = route.includes('{hz}') ? (await newHazard()).hazardId : '';
    const before = await head();
    const res = await raw(url, 'POST', route.replace('{hz}', hz), body());
    expectStatus(res, [201, 400]);
    if (res.status === 400) {
      expectDocumentedRefusal(res, { status: 400, error: 'validation', detail: field });
      expect(await head()).toBe(before);
    } else {
      await expectReadModelsHealthy();
    }
  });
});

// Each case on an app of its own: an event that a read model cannot take in stalls that read model for
// every later event, so one such case would spoil the next.
describe.each(modes)('times no read model can hold are refused, never acknowledged and then stuck (%s)', (_mode, start) => {
  it.each<[string, (base: string) => Promise<RawResponse>]>([
    ['a hazard discovered in year 0000', (base: string) => raw(base, 'POST', H, report({ discoveredAt: '0000-01-01T00:00:00+08:00' }))],
    ['a hazard discovered at 0001-01-01T00:00+14:00 (year 0000 in UTC and CST)', (base: string) => raw(base, 'POST', H, report({ discoveredAt: '0001-01-01T00:00:00+14:00' }))],
    ['an enterprise registered in year 0000', (base: string) => raw(base, 'POST', ENT, register({ registeredAt: '0000-01-01T00:00:00+08:00' }))],
  ])('%s: refused (400/422), or accepted and then readable', async (_name, send) => {
    const running = await start();
    const url = running.app.baseUrl;
    try {
      const reg = await raw(url, 'POST', ENT, json({ uscc: ENTERPRISE, name: '重庆示例机械有限公司', districtCode: '500101', sector: 'machinery', industryCode: 'C34', registeredAt: '2023-01-05T09:00:00+08:00' }));
      expect(reg.status).toBe(201);
      const res = await send(url);
      expectStatus(res, [201, 400, 422]);
      // Whatever the answer, the next ordinary write is readable through every read model.
      const next = await raw(url, 'POST', H, report({}));
      expect(next.status).toBe(201);
      const hazard = await raw(url, 'GET', `/api/v1/hazards/${next.body.hazardId}?minPosition=${next.body.position}`);
      const profile = await raw(url, 'GET', `/api/v1/enterprises/${ENTERPRISE}?minPosition=${next.body.position}`);
      const figures = await raw(url, 'GET', `${STATS}&minPosition=${next.body.position}`);
      const health = await raw(url, 'GET', '/health');
      expect({
        hazard: hazard.status,
        profile: profile.status,
        figures: figures.status,
        projectionErrors: projectionErrors(health),
      }).toEqual({ hazard: 200, profile: 200, figures: 200, projectionErrors: [] });
    } finally {
      await running.done();
    }
  });
});
