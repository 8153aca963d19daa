/**
 * Trainings (`POST /api/v1/trainings`) and special-operations certificates (特种作业操作证:
 * `POST /api/v1/certificates`, `…/{id}/revocation`), plan task 6 and 三(四)7, 三(五)9–10.
 *
 * Shares (synthetic; the plan's targets are full coverage): the principal (主要负责人) of an enterprise
 * of a key sector (`keySectorForPrincipalTraining`) is trained in a year with probability 0.75 and
 * passes with 0.92 (a failed one retakes within 1–3 months, passing with 0.8); 30% of enterprises
 * (60% in high-risk sectors) have 1–3 special operators: half hold a certificate issued in 2022–2023
 * whose 复审 is due three years on (`validUntil` given, so some lapse inside 2025–2026), each takes a
 * special-operations training in a year with probability 0.6 and passes with 0.88, and a passing
 * operator without a valid certificate is issued one (default six-year validity); 4% of certificates
 * are revoked later. One worker of 30% of enterprises a year (passed 95%). Per district and year,
 * 2–6 party/government leaders (passed 97%) and 4–10 enforcement officers (a third of them of a
 * sector). Person refs are pseudonymous ids, never names.
 */
import { addDays, cstDateOf, DAY_MS, formatCst } from './cst-time.js';
import { activeAt, districtsOn, officeInstant, post, scaled, type FigureContext } from './figure-context.js';
import { enterpriseStream, type WorkloadOperation } from './workload-model.js';

const OFFICER_SECTORS = ['hazardous_chemicals', 'construction', 'road_transport', 'fire_safety', 'gas', 'non_coal_mine'];

/** The trainings and certificates of the figure workload (phase 1; a revocation follows its issue on one stream). */
export function generateTraining(ctx: FigureContext): WorkloadOperation[] {
  const ops: WorkloadOperation[] = [];
  const key = new Set(ctx.reference.sectorList.filter((s) => s.keySectorForPrincipalTraining).map((s) => s.code));
  const training = (stream: string, after: string | undefined, body: Record<string, unknown>, rng: ReturnType<FigureContext['rng']>) =>
    ops.push(post('/api/v1/trainings', stream, { trainingId: rng.uuid(), topic: '安全生产履职能力提升培训', ...body }, after ? { after } : {}));
  let certNo = 0;
  ctx.enterprises.forEach((e, i) => {
    const rng = ctx.rng('training', i);
    const staff = (personRef: string) => ({ personRef, districtCode: e.districtCode, sector: e.sector, enterpriseUscc: e.uscc });
    const after = enterpriseStream(e.uscc);
    for (const year of ctx.years) {
      if (key.has(e.sector) && rng.chance(0.75)) {
        const t = officeInstant(rng, `${year}-01-01`, `${year}-11-30`, ctx.endMs);
        if (t !== null && activeAt(e, t, ctx.reference)) {
          const passed = rng.chance(0.92);
          training(`principal-${e.uscc}`, after, { ...staff(`P-${e.uscc}`), audience: 'principal', completedAt: formatCst(t), passed }, rng);
          const retake = t + rng.int(30, 90) * DAY_MS;
          if (!passed && retake <= ctx.endMs && activeAt(e, retake, ctx.reference)) {
            training(`principal-${e.uscc}`, after, { ...staff(`P-${e.uscc}`), audience: 'principal', completedAt: formatCst(retake), passed: rng.chance(0.8) }, rng);
          }
        }
      }
      if (rng.chance(0.3)) {
        const t = officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
        if (t !== null && activeAt(e, t, ctx.reference)) training(`worker-${e.uscc}`, after, { ...staff(`W-${e.uscc}-${year}`), audience: 'worker', completedAt: formatCst(t), passed: rng.chance(0.95) }, rng);
      }
    }
    if (!rng.chance(e.highRisk ? 0.6 : 0.3)) return;
    const operators = rng.int(1, 3);
    for (let k = 0; k < operators; k++) {
      const personRef = `SO-${e.uscc}-${k}`;
      const stream = `person-${personRef}`;
      let validTo = '';
      let last = e.registeredMs;
      const issue = (at: number, validUntil?: string) => {
        const as = `cert-${certNo++}`;
        ops.push(post('/api/v1/certificates', stream, { personRef, enterpriseUscc: e.uscc, operationType: '焊接与热切割作业', issuedAt: formatCst(at), ...(validUntil ? { validUntil } : {}) }, { after, capture: { field: 'certificateId', as } }));
        validTo = validUntil ?? `${Number(cstDateOf(at).slice(0, 4)) + 6}${cstDateOf(at).slice(4)}`;
        last = at;
        if (rng.chance(0.04)) {
          const r = at + rng.int(60, 700) * DAY_MS;
          if (r <= ctx.endMs && activeAt(e, r, ctx.reference)) {
            ops.push(post(`/api/v1/certificates/{{${as}}}/revocation`, stream, { revokedAt: formatCst(r), reason: '违章作业，依法吊销。' }));
            validTo = '';
            last = r;
          }
        }
      };
      if (rng.chance(0.5)) {
        const t = officeInstant(rng, cstDateOf(e.registeredMs + DAY_MS), '2023-12-31', ctx.endMs);
        if (t !== null && t > e.registeredMs && activeAt(e, t, ctx.reference)) issue(t, addDays(`${Number(cstDateOf(t).slice(0, 4)) + 3}${cstDateOf(t).slice(4)}`, -1));
      }
      for (const year of ctx.years) {
        if (!rng.chance(0.6)) continue;
        const t = officeInstant(rng, `${year}-01-01`, `${year}-11-30`, ctx.endMs);
        if (t === null || t < last || !activeAt(e, t, ctx.reference)) continue;
        const passed = rng.chance(0.88);
        training(stream, after, { ...staff(personRef), audience: 'special_operations', topic: '特种作业安全技术培训', completedAt: formatCst(t), passed }, rng);
        last = t;
        const at = t + rng.int(5, 30) * DAY_MS;
        if (passed && validTo < cstDateOf(at) && at <= ctx.endMs && activeAt(e, at, ctx.reference)) issue(at);
      }
    }
  });
  for (const year of ctx.years) {
    const mid = `${year}-06-30`;
    for (const d of districtsOn(ctx.reference, mid)) {
      const rng = ctx.rng('training', d.code, year);
      const stream = `training-${d.code}-${year}`;
      for (let n = scaled(ctx, rng.int(2, 6)), k = 0; k < n; k++) {
        const t = officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
        if (t !== null) training(stream, undefined, { personRef: `PG-${d.code}-${k}`, districtCode: d.code, audience: 'party_government_leader', completedAt: formatCst(t), passed: rng.chance(0.97) }, rng);
      }
      for (let n = scaled(ctx, rng.int(4, 10)), k = 0; k < n; k++) {
        const t = officeInstant(rng, `${year}-01-01`, `${year}-12-31`, ctx.endMs);
        const sector = rng.chance(1 / 3) ? { sector: rng.pick(OFFICER_SECTORS) } : {};
        if (t !== null) training(stream, undefined, { personRef: `EO-${d.code}-${k}`, districtCode: d.code, ...sector, audience: 'enforcement_officer', completedAt: formatCst(t), passed: rng.chance(0.93) }, rng);
      }
    }
  }
  return ops;
}
