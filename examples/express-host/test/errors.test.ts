import { isJyotishError } from '@jyotishconnect/core';
import { describe, expect, it } from 'vitest';
import { HOST_ERROR_CODES, HostError } from '../src/errors.js';
import { errorBody, STATUS_OF_CODE } from '../src/http/errors.js';

describe('host errors', () => {
  it('every code the host raises has an HTTP status in the one table', () => {
    expect(HOST_ERROR_CODES.filter((code) => STATUS_OF_CODE[code] === undefined)).toEqual([]);
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
