// The wire shapes of API v1 as zod schemas: they validate requests and generate the OpenAPI document.
import { z } from '@hono/zod-openapi';
import { PUBLIC_STATUSES, type Report } from '../index.ts';
import type { RecordJson } from './routes/record-answer.ts';

export const ErrorBody = z.object({
  code: z.string().openapi({ example: 'not_found', description: 'Stable error code (docs/api.md lists them).' }),
  message: z.string().openapi({ description: 'Vietnamese by default; English with ?lang=en or Accept-Language: en.' }),
  requestId: z.string().openapi({ description: 'Quote it when reporting a problem (X-Request-Id).' }),
  path: z.string().optional().openapi({ description: 'The request field that is wrong.' }),
}).openapi('Error');

export const Receipt = z.object({
  receiptId: z.string(),
  lookupCode: z.string(),
  digest: z.string().openapi({ description: 'SHA-256 of the exact XML bytes, lower-case hex.' }),
  receivedAt: z.string().openapi({ format: 'date-time' }),
  schoolCode: z.string(),
}).openapi('Receipt');

export const PackageError = z.object({
  code: z.string(),
  message: z.string(),
  path: z.string().optional().openapi({ description: 'Field inside DuLieu, or a place in the envelope.' }),
  signature: z.number().int().optional().openapi({ description: '1-based CKS slot the error is about.' }),
}).openapi('PackageError');

export const PackageResult = z.object({
  lookupCode: z.string().nullable(),
  status: z.enum(['accepted', 'rejected']),
  receipt: Receipt.optional(),
  errors: z.array(PackageError).optional(),
}).openapi('PackageResult');

export const Base64Package = z.string().openapi({ description: 'XML → gzip → base64.' });

/** The engine's report (api/verify/report.ts); documented, not re-validated: the registry made it. */
export const ReportSchema = z.custom<Omit<Report, 'record'>>(() => true).openapi('Report', {
  type: 'object',
  description: 'Verification report: verdict (valid / invalid / indeterminate), ETSI indication, digest, one entry per signature '
    + '(role, signer, issuer, serial, validity, signing time, algorithms, chain, revocation, integrity), issues and warnings.',
  properties: {
    verdict: { type: 'string', enum: ['valid', 'invalid', 'indeterminate'] },
    indication: { type: 'string', enum: ['TOTAL-PASSED', 'TOTAL-FAILED', 'INDETERMINATE'] },
    lookupCode: { type: ['string', 'null'] },
    digest: { type: 'string' },
    signatures: { type: 'array', items: { type: 'object' } },
    issues: { type: 'array', items: { type: 'object' } },
    warnings: { type: 'array', items: { type: 'object' } },
    checkedAt: { type: 'string', format: 'date-time' },
    engine: { type: 'string' },
  },
});

const recordFields = {
  lookupCode: z.string(),
  status: z.enum(PUBLIC_STATUSES).openapi({ description: 'The one status vocabulary of every door (SPEC §6): in_force, not_locked, recalled, replaced, invalid, indeterminate.' }),
  lifecycle: z.enum(['valid', 'recalled', 'replaced']).openapi({ description: 'The lifecycle state alone (SPEC §8).' }),
  schoolCode: z.string(),
  schoolName: z.string(),
  schoolYear: z.string(),
  grade: z.number().int(),
  level: z.enum(['TH', 'THCS', 'THPT']),
  studentName: z.string(),
  studentCode: z.string(),
  personalId: z.string().nullable().openapi({ description: 'Masked: only the last four digits are shown (SPEC §9).', example: '********6789' }),
  receivedAt: z.string(),
  recalledAt: z.string().nullable(),
  recallReason: z.string().nullable(),
  replacedBy: z.string().nullable(),
  replaces: z.string().nullable(),
  supplementary: z.boolean(),
  studentMoved: z.boolean().openapi({
    description: "The student has since moved to another school (a transfer the Sở recorded); the record stays as signed. "
      + 'Where to is never said: the new school would tell where a minor studies now.',
  }),
  locked: z.boolean().openapi({ description: "Whether the school year's data is locked (chốt)." }),
  lockDate: z.string().openapi({ description: 'Until the end of this day the school may still recall or replace the record.' }),
  effectiveFrom: z.string().nullable().openapi({ description: 'Ngày hiệu lực; null for a recalled or replaced record.' }),
  digest: z.string(),
  report: ReportSchema,
  content: z.unknown().openapi({ type: 'object', description: 'The record content read from the signed DuLieu, personal id masked.' }),
  copies: z.object({ count: z.number().int(), lastIssuedAt: z.string().nullable() })
    .openapi({ description: 'Numbered PDF copies issued so far and when the last one was (SPEC §9).' }),
} satisfies Record<keyof RecordJson, z.ZodType>; // a field added to RecordView fails the build until it is documented here

export const RecordAnswer = z.object(recordFields).openapi('Record');
export const OwnRecordAnswer = z.object({ ...recordFields, receipt: Receipt }).openapi('OwnRecord');

const LogEntryProof = z.object({
  index: z.number().int().openapi({ description: 'Position in the log, from 0' }),
  kind: z.string().nullable().openapi({ description: 'accepted, recalled, replaced, copy… (docs/log.md "Entries")' }),
  entry: z.string().openapi({ description: 'The entry\'s exact text: its leaf is SHA-256(0x00 ‖ these UTF-8 bytes)' }),
  proof: z.string().openapi({ description: 'A c2sp.org/tlog-proof@v1 (the entry in its `extra` line) against `checkpoint`' }),
}).openapi('LogEntryProof');

export const RecordProofAnswer = z.object({
  lookupCode: z.string(),
  origin: z.string().nullable().openapi({ description: 'The log\'s origin (the checkpoint\'s first line); null when this server signs no log' }),
  verifierKey: z.string().nullable().openapi({ description: 'The note verifier key that signs the checkpoints (also at /log/key)' }),
  checkpoint: z.object({ size: z.number().int(), at: z.string(), note: z.string() }).nullable(),
  entries: z.array(LogEntryProof),
  pending: z.number().int().openapi({ description: 'Entries about the record written but not yet in a checkpoint (integrated within seconds)' }),
}).openapi('RecordProof');

export const CodeParams = z.object({
  code: z.string().max(200).openapi({
    param: { name: 'code', in: 'path' },
    description: '32 hexadecimal characters; case, hyphens and spaces are forgiven.',
    example: '9F1C2B7E4A5D4C3B8E6F0A1B2C3D4E5F',
  }),
});
