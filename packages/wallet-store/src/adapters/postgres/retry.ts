import { sqlState } from '@jyotishconnect/core';

/**
 * A deadlock, or a batch's id written meanwhile by a concurrent call: the
 * aborted statement wrote nothing, and run again it sees the other call's
 * writes (a used id then replays).
 */
const RETRIED_STATES = new Set(['40P01', '40001']);
const ATTEMPTS = 5;

/**
 * Runs one write statement, again after an abort in {@link RETRIED_STATES},
 * up to 5 times. A batch locks its balance rows before it writes its new ids
 * and holds, while a one-by-one commit or placement writes its id first, and
 * a release or sweep locks its holds first: the same new id, or the same
 * hold, sent both ways on the same accounts can deadlock, and whichever call
 * loses is retried here and sees what the other wrote (a used id replays).
 */
export async function retryingAborts<T>(run: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= ATTEMPTS || !RETRIED_STATES.has(sqlState(error) ?? '')) throw error;
    }
  }
}
