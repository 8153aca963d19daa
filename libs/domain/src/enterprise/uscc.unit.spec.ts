import { isValidUscc, usccCheckCharacter, usccProblem } from './uscc.js';

/*
 * Alphabet values: 0–9 are 0–9, A10 B11 C12 D13 E14 F15 G16 H17 J18 K19 L20 M21 N22 P23 Q24 R25
 * T26 U27 W28 X29 Y30. Weights: 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28.
 */
describe('usccCheckCharacter', () => {
  it('computes L for 91110000600037341 (worked by hand)', () => {
    // 9·1 + 1·3 + 1·9 + 1·27 + 6·20 + 3·8 + 7·24 + 3·10 + 4·30 + 1·28 = 538; 538 mod 31 = 11; 31 − 11 = 20 → L
    expect(usccCheckCharacter('91110000600037341')).toBe('L');
  });

  it('writes 31 as 0 (91500111MACM8P545, sum a multiple of 31)', () => {
    // 9·1 + 1·3 + 5·9 + 1·26 + 1·16 + 1·17 + M21·20 + A10·29 + C12·25 + M21·13 + 8·8 + P23·24 + 5·10
    // + 4·30 + 5·28 = 2325 = 75·31; 31 − 0 = 31 → '0'
    expect(usccCheckCharacter('91500111MACM8P545')).toBe('0');
  });

  it('computes C for the fixture code 91500106MA6000001 (worked by hand)', () => {
    // 9·1 + 1·3 + 5·9 + 1·26 + 6·17 + M21·20 + A10·29 + 6·25 + 1·28 = 1073; 1073 mod 31 = 19; 31 − 19 = 12 → C
    expect(usccCheckCharacter('91500106MA6000001')).toBe('C');
  });

  it('computes N for the fixture code 91500111MA6000002 (worked by hand)', () => {
    // 9·1 + 1·3 + 5·9 + 1·26 + 1·16 + 1·17 + M21·20 + A10·29 + 6·25 + 2·28 = 1032; 1032 mod 31 = 9; 31 − 9 = 22 → N
    expect(usccCheckCharacter('91500111MA6000002')).toBe('N');
  });

  it('refuses input that is not 17 characters of the alphabet', () => {
    expect(() => usccCheckCharacter('9111000060003734')).toThrow(RangeError);
    expect(() => usccCheckCharacter('9111000060003734I')).toThrow(RangeError);
    expect(() => usccCheckCharacter('91110000600037341L')).toThrow(RangeError);
  });
});

describe('isValidUscc', () => {
  // Published codes. Chongqing ones (area 5001xx) from public source files: 重庆洪九果品股份有限公司
  // (91500103742896264D), 重庆锐强建筑劳务有限公司 (91500111MACM8P5450), 重庆足鑫光伏科技有限公司
  // (91500111MADAFDA278), a 渝中区 business-register record (91500103MA5U6FHX56), a software vendor
  // (915001060891260711); the others are among python-stdnum's codes "found online".
  it.each([
    '91500103742896264D',
    '91500111MACM8P5450',
    '91500111MADAFDA278',
    '91500103MA5U6FHX56',
    '915001060891260711',
    '91110000600037341L',
    '121200004013590816',
    '9144030071526726XG',
    '91620105L015101280',
    '91340600MA2PBP2120',
  ])('accepts the published code %s', (code) => {
    expect(isValidUscc(code)).toBe(true);
  });

  it('accepts the computed fixture codes', () => {
    expect(isValidUscc('91500106MA6000001C')).toBe(true);
    expect(isValidUscc('91500111MA6000002N')).toBe(true);
  });

  it('refuses a wrong check character', () => {
    expect(isValidUscc('91110000600037341N')).toBe(false);
    expect(isValidUscc('91500103742896264E')).toBe(false);
  });

  it('refuses a transposition the check catches', () => {
    // positions 16 and 17 swapped: 4·30 + 1·28 becomes 1·30 + 4·28, the sum changes by −90 + 84 = −6
    expect(isValidUscc('91110000600037314L')).toBe(false);
  });

  it('refuses letters outside the alphabet (I, O, Z, S, V) and lower case', () => {
    expect(isValidUscc('9111000060003IOZSV')).toBe(false);
    expect(isValidUscc('91110000600037341l')).toBe(false);
    expect(isValidUscc('91500111macm8p5450')).toBe(false);
  });

  it('refuses letters in the area code (positions 3–8)', () => {
    expect(isValidUscc('91A10000600037341L')).toBe(false);
  });

  it('refuses wrong lengths and surrounding space', () => {
    expect(isValidUscc('')).toBe(false);
    expect(isValidUscc('91110000600037341')).toBe(false);
    expect(isValidUscc('91110000600037341L0')).toBe(false);
    expect(isValidUscc(' 91110000600037341L')).toBe(false);
  });
});

describe('usccProblem', () => {
  it('is null for a valid code', () => {
    // 91500000MA5U7AB12 → check character '1', worked out with the weights in the test above
    expect(usccProblem('91500000MA5U7AB121')).toBeNull();
  });
  it('names the length, the characters or the expected check character', () => {
    expect(usccProblem('9150000')).toMatch(/18 characters/);
    expect(usccProblem('91500000MA5U7SB121')).toMatch(/without I, O, S, V, Z/);
    expect(usccProblem('91500000MA5U7AB12X')).toMatch(/should be '1'/);
  });
});
