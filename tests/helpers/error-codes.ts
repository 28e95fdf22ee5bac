// The catalogue code a call failed with, for tests that assert codes (api/errors.ts).
import { HocbaError, isHocbaError } from '../../api/errors.ts';

/** The code `work` rejected with; undefined when it succeeded; a marker naming anything that is not a HocbaError. */
export async function rejectionCode(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (error) {
    return isHocbaError(error) ? error.code : `unexpected ${String(error)}`;
  }
  return undefined;
}

/** The code `run` threw; a call that succeeds, or throws anything else, fails the test. */
export function thrownCode(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof HocbaError) return error.code;
    throw error;
  }
  throw new Error('expected a HocbaError');
}
