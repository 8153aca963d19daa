import { createDecipheriv, randomBytes } from 'node:crypto';
import { decryptReporterIdentity, encryptReporterIdentity, IdentityDecryptionError, kekFingerprint } from './envelope-crypto.js';

const REPORT = '0195a0c0-0000-7000-8000-0000000000a1';
const PLANTED = 'PLANTED-张三-7f3a9c';

describe('reporter identity envelope (AES-256-GCM, wrapped data key)', () => {
  const kek = randomBytes(32);

  it('round-trips and never carries the plaintext', () => {
    const { envelope, wrappedKey } = encryptReporterIdentity({ name: PLANTED, contact: '13800000000' }, REPORT, kek);
    expect(envelope.keyId).toBe(REPORT);
    expect(Buffer.from(envelope.iv, 'base64')).toHaveLength(12);
    expect(Buffer.from(envelope.authTag, 'base64')).toHaveLength(16);
    const all = JSON.stringify(envelope) + wrappedKey;
    expect(all).not.toContain(PLANTED);
    expect(all).not.toContain(Buffer.from(PLANTED).toString('base64'));
    expect(decryptReporterIdentity(envelope, wrappedKey, REPORT, kek)).toEqual({ name: PLANTED, contact: '13800000000' });
  });

  it('keeps absent fields absent', () => {
    const { envelope, wrappedKey } = encryptReporterIdentity({ contact: 'x@example.org' }, REPORT, kek);
    expect(decryptReporterIdentity(envelope, wrappedKey, REPORT, kek)).toEqual({ contact: 'x@example.org' });
  });

  it('is standard AES-256-GCM: the unwrapped data key opens the envelope with node:crypto directly', () => {
    const { envelope, wrappedKey } = encryptReporterIdentity({ name: PLANTED }, REPORT, kek);
    const [, fp, iv, tag, ct] = wrappedKey.split(':');
    expect(fp).toBe(kekFingerprint(kek));
    const unwrap = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv!, 'base64'));
    unwrap.setAAD(Buffer.from(`report-key:${REPORT}`));
    unwrap.setAuthTag(Buffer.from(tag!, 'base64'));
    const dataKey = Buffer.concat([unwrap.update(Buffer.from(ct!, 'base64')), unwrap.final()]);
    expect(dataKey).toHaveLength(32);
    const d = createDecipheriv('aes-256-gcm', dataKey, Buffer.from(envelope.iv, 'base64'));
    d.setAAD(Buffer.from(`report-identity:${REPORT}`));
    d.setAuthTag(Buffer.from(envelope.authTag, 'base64'));
    const plain = Buffer.concat([d.update(Buffer.from(envelope.ciphertext, 'base64')), d.final()]).toString('utf8');
    expect(JSON.parse(plain)).toEqual({ name: PLANTED, contact: null });
  });

  it('makes a fresh data key and iv every time', () => {
    const a = encryptReporterIdentity({ name: PLANTED }, REPORT, kek);
    const b = encryptReporterIdentity({ name: PLANTED }, REPORT, kek);
    expect(a.envelope.ciphertext).not.toBe(b.envelope.ciphertext);
    expect(a.wrappedKey).not.toBe(b.wrappedKey);
  });

  it('refuses another KEK, another report, a tampered envelope or key, and never names the secret', () => {
    const { envelope, wrappedKey } = encryptReporterIdentity({ name: PLANTED }, REPORT, kek);
    const attempts: (() => unknown)[] = [
      () => decryptReporterIdentity(envelope, wrappedKey, REPORT, randomBytes(32)),
      () => decryptReporterIdentity(envelope, wrappedKey, '0195a0c0-0000-7000-8000-0000000000a2', kek),
      () => decryptReporterIdentity({ ...envelope, ciphertext: Buffer.from('tampered').toString('base64') }, wrappedKey, REPORT, kek),
      () => decryptReporterIdentity(envelope, wrappedKey.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), REPORT, kek),
      () => decryptReporterIdentity(envelope, 'garbage', REPORT, kek),
    ];
    for (const attempt of attempts) {
      expect(attempt).toThrow(IdentityDecryptionError);
      try {
        attempt();
      } catch (e) {
        expect((e as Error).message).not.toContain(PLANTED);
      }
    }
  });

  it('refuses a KEK of the wrong length', () => {
    expect(() => encryptReporterIdentity({ name: 'x' }, REPORT, randomBytes(16))).toThrow(RangeError);
  });
});
