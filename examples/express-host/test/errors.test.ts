import { isJyotishError } from '@jyotishconnect/core';
import { PaymentError, paymentErrorCodes } from '@jyotishconnect/payments';
import { describe, expect, it } from 'vitest';
import { HOST_ERROR_CODES, HostError } from '../src/errors.js';
import { errorBody, STATUS_OF_CODE } from '../src/http/errors.js';

describe('host errors', () => {
  it('every code the host raises has an HTTP status in the one table', () => {
    expect(HOST_ERROR_CODES.filter((code) => STATUS_OF_CODE[code] === undefined)).toEqual([]);
  });

  it('every code the payments package raises has an HTTP status in the one table', () => {
    expect(paymentErrorCodes.filter((code) => STATUS_OF_CODE[code] === undefined)).toEqual([]);
    expect(STATUS_OF_CODE.INVALID_SIGNATURE).toBe(400);
    expect(STATUS_OF_CODE.AMOUNT_MISMATCH).toBe(422);
    expect(STATUS_OF_CODE.FUNDS_ALREADY_SPENT).toBe(409);
  });

  it("a host error's details reach the client; a package error's stay on the server", () => {
    const paidOut = new HostError('CONSULTANT_PAID_OUT', 'the consultant was paid out', {
      details: { shortfall: 800 },
    });
    expect(errorBody(paidOut)).toEqual({
      status: 409,
      body: {
        error: { code: 'CONSULTANT_PAID_OUT', message: 'the consultant was paid out', details: { shortfall: 800 } },
      },
    });
    const provider = new PaymentError('PROVIDER_ERROR', 'stripe failed to refund', { details: { requestId: 'req_1' } });
    expect(errorBody(provider)).toEqual({
      status: 502,
      body: { error: { code: 'PROVIDER_ERROR', message: 'stripe failed to refund' } },
    });
  });

  it('a host error is a core error whose field the API answers', () => {
    const error = new HostError('EMAIL_TAKEN', 'an account with this email exists', { field: 'email' });
    expect(isJyotishError(error, 'EMAIL_TAKEN')).toBe(true);
    expect(error).toMatchObject({ name: 'HostError', field: 'email', details: { field: 'email' } });
    expect(errorBody(error)).toEqual({
      status: 409,
      body: { error: { code: 'EMAIL_TAKEN', message: 'an account with this email exists', field: 'email' } },
    });
  });
});
