import { isJyotishError, type JyotishError } from '@jyotishconnect/core';

/** The coded error `promise` rejects with; fails the test when it resolves or throws something uncoded. */
export async function errorOf(promise: Promise<unknown>): Promise<JyotishError> {
  try {
    await promise;
  } catch (error) {
    if (isJyotishError(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

/** The code of the error `promise` rejects with. */
export const codeOf = async (promise: Promise<unknown>): Promise<string> => (await errorOf(promise)).code;
