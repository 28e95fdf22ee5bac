// `hocba serve`'s deployment settings refuse what they cannot mean, before opening anything: a budget that is not
// a whole number from 0, a limits store that is not redis://, read replicas without a PostgreSQL primary or that
// are not postgres:// URLs. Each exits 64 (usage) with the reason on standard error.
import { describe, expect, it } from 'vitest';
import { spawnServe } from '../../helpers/serve.ts';

async function refused(args: string[], env: Record<string, string> = {}): Promise<string> {
  const outcome = await spawnServe(['--port', '0', '--data', '/nonexistent/never-opened', ...args], { DATABASE_URL: '', DATABASE_READ_URL: '', HOCBA_LIMITS_STORE: '', ...env });
  if ('url' in outcome) {
    outcome.child.kill('SIGKILL');
    throw new Error('hocba serve started');
  }
  expect(outcome.code).toBe(64);
  return outcome.output;
}

describe('hocba serve deployment settings', () => {
  it('refuses a budget that is negative, fractional or not a number', async () => {
    expect(await refused(['--public-rate-limit=-1'])).toMatch(/--public-rate-limit must be an integer from 0/);
    expect(await refused(['--login-rate-limit', '2.5'])).toMatch(/--login-rate-limit must be an integer from 0/);
    expect(await refused(['--page-rate-limit', 'many'])).toMatch(/--page-rate-limit must be an integer from 0/);
  });

  it('refuses a limits store that is not redis://, from the flag or the environment', async () => {
    expect(await refused(['--limits-store', 'postgres://127.0.0.1/hocba'])).toMatch(/--limits-store .* is a redis:\/\/ URL/);
    expect(await refused([], { HOCBA_LIMITS_STORE: 'http://127.0.0.1:6379' })).toMatch(/HOCBA_LIMITS_STORE\) is a redis:\/\/ URL/);
  });

  it('refuses read replicas without a PostgreSQL primary, or that are not postgres:// URLs', async () => {
    expect(await refused([], { DATABASE_READ_URL: 'postgres://127.0.0.1:5433/hocba' })).toMatch(/set DATABASE_URL too/);
    expect(await refused([], { DATABASE_URL: 'postgres://127.0.0.1:1/hocba', DATABASE_READ_URL: 'postgres://127.0.0.1:5433/hocba,mysql://x/y' }))
      .toMatch(/DATABASE_READ_URL: each entry is a postgres:\/\/ URL/);
  });
});
