/**
 * The reward the national rule suggests for a substantiated report (《安全生产领域举报奖励办法》,
 * 应急〔2018〕19号, 第十四条): 15% of the administrative fine, at least ¥3,000, at most ¥300,000.
 */

/** ¥3,000 in fen: the least reward for a substantiated report. */
export const MIN_REWARD_FEN = 300_000;
/** ¥300,000 in fen: the most reward for one report. */
export const MAX_REWARD_FEN = 30_000_000;

/**
 * The suggested reward in fen for a fine of `fineFen` (integer fen ≥ 0; `null` = no fine = 0):
 * `clamp(round(15% × fineFen), 300000, 30000000)`. Rounding is to the whole fen, half up (…,5 fen
 * rounds up): `floor((fineFen × 15 + 50) / 100)`, computed exactly in BigInt arithmetic.
 * Examples: fine 0 → 300000; fine 20,000,000 → 3,000,000; fine 20,000,010 → 3,000,002 (3,000,001.5
 * rounded up); fine 300,000,000 → 30,000,000 (cap).
 * @throws RangeError when `fineFen` is not a non-negative safe integer
 */
export function suggestedRewardFen(fineFen: number | null): number {
  const fine = fineFen ?? 0;
  if (!Number.isSafeInteger(fine) || fine < 0) throw new RangeError(`fineFen must be a non-negative integer of fen, got ${fine}`);
  const fifteenPercent = Number((BigInt(fine) * 15n + 50n) / 100n);
  return Math.min(MAX_REWARD_FEN, Math.max(MIN_REWARD_FEN, fifteenPercent));
}
