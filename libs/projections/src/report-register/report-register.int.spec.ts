/**
 * The report register's projector (one test per event type, a replay that changes nothing, no identity
 * in any column) and the report figures against counts made by hand, on PGlite and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { handleCommand } from '#command-handling';
import { reportDecider, reportEventOccurredAt, reportStreamId, type ReportCommand } from '#domain';
import type { EventStore } from '#event-store';
import { ProjectionRunner } from '../runner/projection-runner.js';
import { TEST_CITY_ADMIN } from '../testing/hazard-scenario.js';
import { testBackends, type TestStore } from '../testing/open-test-store.js';
import { RecordingLogger } from '../testing/recording-logger.js';
import { ReportRegisterRow } from './report-register.entity.js';
import { ReportRegisterProjection } from './report-register.projection.js';
import { queryReportStatistics } from './report-statistics.query.js';

const D1 = '500101';
const D2 = '500102';
const D3 = '500103';
const DISTRICTS = [{ code: D1, name: '万州区' }, { code: D2, name: '涪陵区' }, { code: D3, name: '渝中区' }];
const SECTORS = [{ code: 'coal_mine', name: '煤矿' }, { code: 'hazardous_chemicals', name: '危险化学品' }];
const NOW = '2026-06-01T12:00:00+08:00';
const LATER = '2026-11-29';
// Not a real envelope: the projector must not copy whatever the event carries.
const ENVELOPE = { keyId: 'k', iv: 'AAAAAAAAAAAAAAAA', ciphertext: 'UExBTlRFRC1jaXBoZXJ0ZXh0', authTag: 'AAAAAAAAAAAAAAAAAAAAAA==' };

const meta = () => ({ actor: TEST_CITY_ADMIN, now: NOW, correlationId: randomUUID(), causationId: null });
const run = (store: EventStore, reportId: string, command: ReportCommand) =>
  handleCommand(store, { streamId: reportStreamId(reportId), decider: reportDecider, command, occurredAt: reportEventOccurredAt });
const receive = (s: EventStore, id: string, districtCode: string, sector: string | null, receivedAt: string, identity = false) =>
  run(s, id, {
    type: 'ReceiveReport',
    data: { reportId: id, districtCode, sector, enterpriseUscc: null, channel: 'online', summary: '举报内容', receivedAt, reporterIdentity: identity ? { ...ENVELOPE, keyId: id } : null },
    context: { districtCodes: new Set([D1, D2, D3]), sectorCodes: new Set(SECTORS.map((x) => x.code)), enterprise: null },
    metadata: meta(),
  });
const verify = (s: EventStore, id: string, substantiated: boolean, verifiedAt: string, hazardId: string | null = null, fineFen: number | null = null) =>
  run(s, id, { type: 'VerifyReport', data: { substantiated, hazardId, fineFen, verifiedAt }, context: { hazardExists: true }, metadata: meta() });
const pay = (s: EventStore, id: string, amountFen: number, paidAt: string, overrideReason: string | null = null) =>
  run(s, id, { type: 'PayReward', data: { amountFen, overrideReason, paidAt }, metadata: meta() });

// R1 D1 危化 received 2024-12-31T20:00Z (= 2025-01-01 CST) with identity; verified 2025-02-01 substantiated, hazard, fine 20,000,000;
//    paid 3,000,000 on 2025-03-01; identity read twice, then shredded.
// R2 D1 危化 received 2025-02-01; verified 2025-02-10 unsubstantiated.
// R3 D1 no sector received 2024-12-31T15:00Z (= 2024-12-31 CST); verified 2025-01-05 substantiated, no fine; paid 300,000 at 2025-12-31T16:00Z (= 2026-01-01).
// R4 D2 煤矿 received 2025-06-01, never verified.
// R5 D2 煤矿 received 2025-12-31T15:59:59Z (= 2025-12-31); verified 2025-12-31T16:00Z (= 2026-01-01), fine 300,000,000; paid 30,000,000 on 2026-01-02.
const [R1, R2, R3, R4, R5] = [1, 2, 3, 4, 5].map((n) => `0195a0c0-0000-7000-8000-00000000000${n}`) as [string, string, string, string, string];
const HAZARD = '0195a0c0-0000-7000-8000-0000000000ff';

describe('ReportRegisterProjection (declaration)', () => {
  it('reads every report event', () => {
    expect([...new ReportRegisterProjection().eventTypes].sort()).toEqual(['ReportReceived', 'ReportVerified', 'ReporterIdentityRead', 'ReporterIdentityShredded', 'RewardPaid']);
  });
});

describe.each(testBackends())('report register and figures ($name)', ({ open }) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await open();
    const s = t.store;
    await receive(s, R1, D1, 'hazardous_chemicals', '2024-12-31T20:00:00Z', true);
    await verify(s, R1, true, '2025-02-01T09:00:00+08:00', HAZARD, 20_000_000);
    await pay(s, R1, 3_000_000, '2025-03-01T09:00:00+08:00');
    for (const purpose of ['发放奖励', '回访']) {
      await run(s, R1, { type: 'ReadReporterIdentity', data: { purpose, readAt: NOW }, metadata: meta() });
    }
    await run(s, R1, { type: 'ShredReporterIdentity', data: { shreddedAt: NOW }, metadata: meta() });
    await receive(s, R2, D1, 'hazardous_chemicals', '2025-02-01T09:00:00+08:00');
    await verify(s, R2, false, '2025-02-10T09:00:00+08:00');
    await receive(s, R3, D1, null, '2024-12-31T15:00:00Z');
    await verify(s, R3, true, '2025-01-05T09:00:00+08:00');
    await pay(s, R3, 300_000, '2025-12-31T16:00:00Z');
    await receive(s, R4, D2, 'coal_mine', '2025-06-01T09:00:00+08:00');
    await receive(s, R5, D2, 'coal_mine', '2025-12-31T15:59:59Z');
    await verify(s, R5, true, '2025-12-31T16:00:00Z', null, 300_000_000);
    await pay(s, R5, 30_000_000, '2026-01-02T09:00:00+08:00');
    await new ProjectionRunner(s, t.dataSource, [new ReportRegisterProjection()], new RecordingLogger()).catchUp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const row = (id: string) => t.dataSource.getRepository(ReportRegisterRow).findOneByOrFail({ reportId: id });

  it('ReportReceived inserts the report with the CST date and whether an identity is held, not the envelope', async () => {
    expect(await row(R4)).toMatchObject({
      streamId: reportStreamId(R4), revision: '0', districtCode: D2, sector: 'coal_mine', enterpriseUscc: null, channel: 'online', summary: '举报内容',
      receivedDate: '2025-06-01', hasIdentity: false, identityShredded: false, identityReads: 0, status: 'received', substantiated: null, verifiedDate: null,
    });
    expect((await row(R1)).receivedDate).toBe('2025-01-01');
    expect((await row(R3)).receivedDate).toBe('2024-12-31');
  });

  it('ReportVerified records the findings and its CST date', async () => {
    expect(await row(R2)).toMatchObject({ status: 'verified', substantiated: false, hazardId: null, fineFen: null, verifiedDate: '2025-02-10' });
    expect(await row(R5)).toMatchObject({ substantiated: true, fineFen: '300000000', verifiedDate: '2026-01-01' });
  });

  it('RewardPaid records amount, suggestion and the CST date', async () => {
    expect(await row(R1)).toMatchObject({ status: 'rewarded', rewardFen: '3000000', suggestedFen: '3000000', overrideReason: null, paidDate: '2025-03-01', hazardId: HAZARD });
    expect(await row(R3)).toMatchObject({ rewardFen: '300000', suggestedFen: '300000', paidDate: '2026-01-01' });
  });

  it('ReporterIdentityRead counts reads; ReporterIdentityShredded marks the shredding', async () => {
    expect(await row(R1)).toMatchObject({ hasIdentity: true, identityReads: 2, identityShredded: true, revision: '5' });
  });

  it('holds nothing of the envelope in any column', async () => {
    const all: Record<string, unknown>[] = await t.dataSource.query('SELECT * FROM report_register');
    expect(all).toHaveLength(5);
    const text = JSON.stringify(all);
    for (const part of Object.values(ENVELOPE)) expect(text).not.toContain(part);
  });

  it('a replay of every event changes nothing', async () => {
    const read = () => t.dataSource.getRepository(ReportRegisterRow).find({ order: { reportId: 'ASC' } });
    const before = await read();
    const mine = (await t.store.readAll({ after: 0n, limit: 10_000 })).filter((e) => new ReportRegisterProjection().eventTypes.has(e.type));
    expect(mine).toHaveLength(15); // R1 6, R2 2, R3 3, R4 1, R5 3
    await t.dataSource.transaction((em) => new ReportRegisterProjection().apply(mine, em));
    expect(await read()).toEqual(before);
  });

  const figures = (groupBy: 'district' | 'sector', year: number, today = LATER) =>
    queryReportStatistics(t.dataSource, { groupBy, year, today, groups: groupBy === 'district' ? DISTRICTS : SECTORS });
  const zero = { received: 0, substantiated: 0, unsubstantiated: 0, pendingVerification: 0, substantiationRate: null, rewardsPaid: 0, rewardsPaidFen: 0, hazardsLinked: 0 };

  it('2025 by district, counted by hand', async () => {
    expect(await figures('district', 2025)).toEqual([
      // received R1 (2025-01-01), R2; substantiated R1, R3; unsubstantiated R2; rate 2/3; paid R1 3,000,000 (R3 in 2026); hazard R1
      { key: D1, name: '万州区', received: 2, substantiated: 2, unsubstantiated: 1, pendingVerification: 0, substantiationRate: 2 / 3, rewardsPaid: 1, rewardsPaidFen: 3_000_000, hazardsLinked: 1 },
      // received R4, R5 (23:59:59 CST on 12-31); both unverified at the cut (R5 verified 2026-01-01)
      { key: D2, name: '涪陵区', ...zero, received: 2, pendingVerification: 2 },
      { key: D3, name: '渝中区', ...zero },
    ]);
  });

  it('2024 and 2026 by district: each fact in the year of its own CST date', async () => {
    const y2024 = await figures('district', 2024);
    // R3 received 2024-12-31 CST, pending at the end of 2024
    expect(y2024[0]).toEqual({ key: D1, name: '万州区', ...zero, received: 1, pendingVerification: 1 });
    expect(y2024[1]).toEqual({ key: D2, name: '涪陵区', ...zero });
    const y2026 = await figures('district', 2026);
    // R3 paid 2026-01-01 (300,000)
    expect(y2026[0]).toEqual({ key: D1, name: '万州区', ...zero, rewardsPaid: 1, rewardsPaidFen: 300_000 });
    // R5 verified 2026-01-01 substantiated, paid 30,000,000; R4 still pending
    expect(y2026[1]).toEqual({ key: D2, name: '涪陵区', ...zero, substantiated: 1, substantiationRate: 1, pendingVerification: 1, rewardsPaid: 1, rewardsPaidFen: 30_000_000 });
  });

  it('the cut of the current year is today', async () => {
    // On 2025-06-30: D1 has R1, R2 received; R4 (2025-06-01) pending in D2, R5 not yet received.
    const rows = await figures('district', 2025, '2025-06-30');
    expect(rows[1]).toEqual({ key: D2, name: '涪陵区', ...zero, received: 1, pendingVerification: 1 });
  });

  it('2025 by sector: reports without a sector are on no row', async () => {
    expect(await figures('sector', 2025)).toEqual([
      { key: 'coal_mine', name: '煤矿', ...zero, received: 2, pendingVerification: 2 },
      // R1, R2 (R3 has no sector)
      { key: 'hazardous_chemicals', name: '危险化学品', received: 2, substantiated: 1, unsubstantiated: 1, pendingVerification: 0, substantiationRate: 0.5, rewardsPaid: 1, rewardsPaidFen: 3_000_000, hazardsLinked: 1 },
    ]);
  });
});
