/**
 * Envelope encryption of a whistle-blower's identity (举报人信息保密), AES-256-GCM through node:crypto:
 * each report gets a random 32-byte data key that encrypts the identity JSON `{ name?, contact? }`;
 * the data key is wrapped (AES-256-GCM) with the key-encryption key (KEK, `REPORTER_KEK`). The
 * envelope goes into the event; the wrapped key into `reporter_keys`. Deleting the wrapped key
 * shreds the identity: the envelope in the immutable event can never be opened again.
 * Both encryptions bind the report id as additional authenticated data, so an envelope or a
 * wrapped key moved to another report does not open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { ReporterIdentityEnvelope } from '#domain';

/** The reporter's identity in plaintext: what the public submits and an authorised read returns. */
export interface ReporterIdentity {
  name?: string;
  contact?: string;
}

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Format tag of a wrapped data key: `v1:<KEK fingerprint>:<iv>:<tag>:<ciphertext>` (base64 parts). */
const WRAP_VERSION = 'v1';

/** The identity could not be decrypted (wrong KEK, tampered envelope or key). The message names no secret. */
export class IdentityDecryptionError extends Error {
  override readonly name = 'IdentityDecryptionError';
}

/** The first 8 hex digits of sha256(KEK): names the KEK a key was wrapped with, without revealing it. */
export function kekFingerprint(kek: Buffer): string {
  return createHash('sha256').update(kek).digest('hex').slice(0, 8);
}

function checkKek(kek: Buffer): void {
  if (kek.length !== KEY_BYTES) throw new RangeError(`the KEK must be ${KEY_BYTES} bytes, got ${kek.length}`);
}

function seal(key: Buffer, plaintext: Buffer, aad: string): { iv: Buffer; ciphertext: Buffer; tag: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

function open(key: Buffer, iv: Buffer, ciphertext: Buffer, tag: Buffer, aad: string): Buffer {
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new IdentityDecryptionError('the reporter identity could not be decrypted (wrong key or tampered data)');
  }
}

/**
 * Encrypts `identity` for report `reportId` under a fresh random data key, and wraps that key with `kek`.
 * @returns the envelope for the event (`keyId` = reportId) and the wrapped key for `reporter_keys`
 * @throws RangeError when `kek` is not 32 bytes
 */
export function encryptReporterIdentity(identity: ReporterIdentity, reportId: string, kek: Buffer): { envelope: ReporterIdentityEnvelope; wrappedKey: string } {
  checkKek(kek);
  const dataKey = randomBytes(KEY_BYTES);
  const plain = Buffer.from(JSON.stringify({ name: identity.name ?? null, contact: identity.contact ?? null }), 'utf8');
  const sealed = seal(dataKey, plain, `report-identity:${reportId}`);
  const wrapped = seal(kek, dataKey, `report-key:${reportId}`);
  dataKey.fill(0);
  return {
    envelope: { keyId: reportId, iv: sealed.iv.toString('base64'), ciphertext: sealed.ciphertext.toString('base64'), authTag: sealed.tag.toString('base64') },
    wrappedKey: [WRAP_VERSION, kekFingerprint(kek), wrapped.iv.toString('base64'), wrapped.tag.toString('base64'), wrapped.ciphertext.toString('base64')].join(':'),
  };
}

/**
 * Opens an envelope of report `reportId` with its wrapped data key and the KEK.
 * @returns the identity (`name` / `contact` absent when not given)
 * @throws IdentityDecryptionError when the key was wrapped under another KEK, or anything was tampered with
 */
export function decryptReporterIdentity(envelope: ReporterIdentityEnvelope, wrappedKey: string, reportId: string, kek: Buffer): ReporterIdentity {
  checkKek(kek);
  const parts = wrappedKey.split(':');
  if (parts.length !== 5 || parts[0] !== WRAP_VERSION) throw new IdentityDecryptionError('the wrapped data key is malformed');
  if (parts[1] !== kekFingerprint(kek)) throw new IdentityDecryptionError(`the data key was wrapped under another KEK (${parts[1]})`);
  const b64 = (s: string) => Buffer.from(s, 'base64');
  const dataKey = open(kek, b64(parts[2]!), b64(parts[4]!), b64(parts[3]!), `report-key:${reportId}`);
  try {
    const plain = open(dataKey, b64(envelope.iv), b64(envelope.ciphertext), b64(envelope.authTag), `report-identity:${reportId}`);
    const parsed = JSON.parse(plain.toString('utf8')) as { name: string | null; contact: string | null };
    const identity: ReporterIdentity = {};
    if (parsed.name !== null) identity.name = parsed.name;
    if (parsed.contact !== null) identity.contact = parsed.contact;
    return identity;
  } finally {
    dataKey.fill(0);
  }
}

/** A fresh random 32-byte KEK, base64 (for `REPORTER_KEK`, or the embedded mode's key file). */
export function generateKek(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}
