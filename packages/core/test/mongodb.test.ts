import { fromInt64, int64, isDuplicateKey } from '@jyotishconnect/core/mongodb';
import fc from 'fast-check';
import { Long, MongoServerError } from 'mongodb';
import { describe, expect, it } from 'vitest';

// The pure MongoDB helpers; they need no server.

describe('int64 encoding', () => {
  it('every safe integer survives the trip through Long', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), (value) => {
        expect(fromInt64(int64(value))).toBe(value);
      }),
    );
  });

  it('the int32 zero of an empty $sum reads as 0', () => {
    expect(fromInt64(0)).toBe(0);
  });

  it('a stored value beyond the safe range is refused, not rounded', () => {
    expect(() => fromInt64(Long.fromString('9007199254740993'))).toThrow(RangeError);
  });

  it('an unsafe or fractional number is refused before it is written', () => {
    expect(() => int64(2 ** 53)).toThrow(RangeError);
    expect(() => int64(1.5)).toThrow(RangeError);
  });
});

describe('isDuplicateKey', () => {
  it('is true only for the server error with code 11000', () => {
    expect(isDuplicateKey(new MongoServerError({ code: 11000, errmsg: 'E11000 duplicate key' }))).toBe(true);
    expect(isDuplicateKey(new MongoServerError({ code: 112, errmsg: 'WriteConflict' }))).toBe(false);
    expect(isDuplicateKey(Object.assign(new Error('E11000'), { code: 11000 }))).toBe(false);
  });
});
