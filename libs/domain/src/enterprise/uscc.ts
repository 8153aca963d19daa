/**
 * 统一社会信用代码 (Unified Social Credit Code, USCC) per GB 32100-2015:
 *
 *   position 1      登记管理部门代码 (registering authority: '9' market regulation, '1' 机构编制, '5' 民政 …)
 *   position 2      机构类别代码 (entity type)
 *   positions 3–8   登记管理机关行政区划码 (GB/T 2260 area code: digits only)
 *   positions 9–17  主体标识码 (GB 11714 organisation code)
 *   position 18     校验码 (check character, ISO 7064-style MOD 31 per GB/T 17710)
 *
 * The alphabet has 31 characters: the digits and the capital letters without I, O, Z, S, V
 * (which read like 1, 0, 2, 5, U). A character's value is its index in that alphabet.
 */

/** The 31 characters of the code, in value order: '0' is 0 … 'Y' is 30. */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** Weights of positions 1–17: 3^(i) mod 31 for i = 0…16 (GB 32100-2015 §4.2). */
export const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

const FIRST_17 = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{9}$/;

/**
 * The check character (position 18) of a USCC whose first 17 characters are `first17`:
 * C18 = 31 − (Σ value(Ci) × Wi mod 31), where 31 is written '0'.
 *
 * @param first17 exactly 17 characters of the alphabet, upper case, positions 3–8 digits
 * @returns one character of {@link USCC_ALPHABET}
 * @throws RangeError when `first17` is not 17 characters of that form
 */
export function usccCheckCharacter(first17: string): string {
  if (!FIRST_17.test(first17)) {
    throw new RangeError(`expected the first 17 characters of a USCC (GB 32100-2015), got '${first17}'`);
  }
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += USCC_ALPHABET.indexOf(first17[i]!) * USCC_WEIGHTS[i]!;
  // 31 − 0 would be 31, which has no character: the standard writes it '0', hence the outer mod.
  return USCC_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/**
 * True when `code` is a well-formed USCC: 18 upper-case characters of the alphabet (no I, O, Z, S, V),
 * positions 3–8 digits, and a correct check character. No trimming or case folding: the edge
 * normalises input, the domain judges the code it will key a stream on.
 */
/**
 * What is wrong with a USCC, for a person to fix it: the length, the characters (GB 32100-2015 uses
 * 0–9 and A–Y without I, O, S, V, Z; positions 3–8 are the six-digit division code), or the check
 * character, naming the one expected.
 * @returns null when the code is valid
 */
export function usccProblem(code: string): string | null {
  if (code.length !== 18) return `a unified social credit code has 18 characters, '${code}' has ${code.length}`;
  const first17 = code.slice(0, 17);
  if (!FIRST_17.test(first17)) {
    return `'${code}' uses characters a unified social credit code cannot have: 0–9 and A–Y without I, O, S, V, Z; characters 3–8 are the six-digit division code`;
  }
  const expected = usccCheckCharacter(first17);
  return expected === code[17] ? null : `the check character of '${code}' should be '${expected}' (GB 32100-2015), not '${code[17]}'`;
}

export function isValidUscc(code: string): boolean {
  return code.length === 18 && FIRST_17.test(code.slice(0, 17)) && usccCheckCharacter(code.slice(0, 17)) === code[17];
}
