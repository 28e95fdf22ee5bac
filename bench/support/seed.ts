// Seeding a bench's registry: every package must be accepted (a rejected one is a broken bench, not a measurement).
import type { Registry } from '../../api/index.ts';

/** Submits `packages` for `schoolCode` in chunks of `chunk` (one transaction each) and returns their codes in order. */
export async function acceptAll(registry: Registry, schoolCode: string, packages: readonly string[], chunk = packages.length): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < packages.length; i += Math.max(1, chunk)) {
    for (const result of await registry.submitPackages(schoolCode, packages.slice(i, i + chunk))) {
      if (result.status !== 'accepted') throw new Error(`seed rejected: ${JSON.stringify(result)}`);
      codes.push(result.lookupCode);
    }
  }
  return codes;
}
