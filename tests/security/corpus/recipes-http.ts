// Attacks on the push endpoint itself (SPEC §5 POST /api/v1/packages): oversized bodies and batches,
// malformed or hostile JSON, wrong media types. Each must end in a coded 4xx, never a 5xx.
import type { Recipe } from './types.ts';

const category = 'http-limits' as const;
const push = (status: number, contentType?: string) => ({ method: 'POST' as const, path: '/api/v1/packages', status, ...(contentType ? { contentType } : {}) });

function nested(depth: number): string {
  return `{"packages": ${'['.repeat(depth)}${']'.repeat(depth)}}`;
}

export const HTTP: Recipe[] = [
  {
    file: 'generated/http-body-over-64mib.json', category, expected: 'body_too_large', verdict: 'invalid', generated: true, http: push(413),
    technique: 'A push body of 64 MiB + 1 KiB (refused while it streams in, before JSON parsing)',
    build: () => `{"package": "${'A'.repeat(64 * 1024 * 1024 + 1024)}"}`,
  },
  {
    file: 'http/batch-of-501.json', category, expected: 'batch_too_large', verdict: 'invalid', http: push(413),
    technique: 'A batch of 501 packages (the limit is 500 per request)',
    build: () => JSON.stringify({ packages: Array.from({ length: 501 }, () => 'AAAA') }),
  },
  {
    file: 'http/malformed-json.json', category, expected: 'invalid_request', verdict: 'invalid', http: push(400),
    technique: 'A JSON body cut short',
    build: () => '{"packages": ["AAAA", ',
  },
  {
    file: 'http/package-and-packages.json', category, expected: 'invalid_request', verdict: 'invalid', http: push(400),
    technique: 'Both "package" and "packages" (which would the server pick?)',
    build: () => JSON.stringify({ package: 'AAAA', packages: ['AAAA'] }),
  },
  {
    file: 'http/package-is-an-object.json', category, expected: 'invalid_request', verdict: 'invalid', http: push(400),
    technique: 'An operator object where the package text belongs (NoSQL-injection shape)',
    build: () => JSON.stringify({ package: { $gt: '' } }),
  },
  {
    file: 'http/unknown-field.json', category, expected: 'invalid_request', verdict: 'invalid', http: push(400),
    technique: 'An extra field the API does not define ("school": another school code)',
    build: () => JSON.stringify({ package: 'AAAA', school: '01001002' }),
  },
  {
    file: 'http/prototype-pollution.json', category, expected: 'invalid_request', verdict: 'invalid', http: push(400),
    technique: 'A "__proto__" member in the body (prototype pollution)',
    build: () => '{"__proto__": {"status": "accepted"}, "package": "AAAA"}',
  },
  {
    file: 'generated/http-nested-arrays-1m.json', category, expected: 'invalid_request', verdict: 'invalid', generated: true, http: push(400),
    technique: 'Arrays nested a million deep in the body (recursive JSON readers overflow their stack)',
    build: () => nested(1_000_000),
  },
  {
    file: 'http/wrong-content-type.txt', category, expected: 'unsupported_media_type', verdict: 'invalid', http: push(415, 'text/plain'),
    technique: 'A valid JSON body sent as text/plain (a form post from another site needs no preflight)',
    build: () => JSON.stringify({ package: 'AAAA' }),
  },
  {
    file: 'http/batch-of-junk.json', category, expected: 'package_empty', expectedCodes: ['package_empty', 'package_not_base64', 'package_not_gzip'], verdict: 'invalid', http: push(200),
    technique: 'A batch of empty and junk packages: each gets its own coded rejection, in order',
    build: () => JSON.stringify({ packages: ['', '%%%%', 'H4sIAAAAAAAA'] }),
  },
];
