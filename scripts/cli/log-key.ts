// A log verifier key on the command line, apart from log.ts so that `hocba verify --proof` loads no registry code.
import { existsSync, readFileSync } from 'node:fs';

/** A verifier key given on the command line: the key itself, or a file holding it (as the Sở publishes it). */
export function verifierKeyArgument(value: string): string {
  return existsSync(value) ? readFileSync(value, 'utf8').trim() : value.trim();
}
