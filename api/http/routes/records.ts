// Public record lookups (SPEC §5): the verification result by lookup code (decided by api/answers), and the exact signed XML on proof of the student's id.
import { createRoute, z } from '@hono/zod-openapi';
import { ApiError } from '../api-error.ts';
import { CodeParams, RecordAnswer, RecordProofAnswer } from '../schemas.ts';
import type { Deps } from '../types.ts';
import { errorResponses, lookupCodeOf, newRouter, publicGuards, jsonBody } from './common.ts';
import { toRecordJson } from './record-answer.ts';
import { requesterHash } from '../requester.ts';
import { logProofFileName, XML_RELEASE_TRIES, type XmlRelease } from '../../index.ts';

const XmlReleaseRequest = z.object({
  personalId: z.string().max(64).openapi({ description: "The student's personal identification number, 12 digits (spaces and hyphens forgiven)", example: '001209012345' }),
}).openapi('XmlReleaseRequest');

/** The released bytes, or the refusal as the wire says it. */
function xmlReleaseBody(outcome: XmlRelease, code: string): Uint8Array {
  switch (outcome.kind) {
    case 'released': return outcome.xml;
    case 'not_found': throw new ApiError(404, 'not_found', { params: { lookupCode: code } });
    case 'malformed': throw new ApiError(400, 'personal_id_malformed', { path: 'personalId' });
    case 'wrong': throw new ApiError(403, 'personal_id_wrong', { path: 'personalId', params: { triesLeft: outcome.triesLeft } });
    case 'not_public': throw new ApiError(403, 'xml_not_public');
    case 'limited': throw new ApiError(429, 'xml_release_limited', { retryAfter: outcome.retryAfterSeconds, params: { retryAfter: outcome.retryAfterSeconds } });
  }
}

export function recordRoutes(deps: Deps) {
  const { registry, metrics, answers } = deps;
  const lookup = createRoute({
    method: 'get',
    path: '/records/{code}',
    summary: 'Verification result of a record: status, lock, signatures, content (personal id masked)',
    middleware: publicGuards(deps),
    request: { params: CodeParams },
    responses: {
      200: { description: 'The record and its verification result', content: { 'application/json': { schema: RecordAnswer } } },
      ...errorResponses(400, 404, 429),
    },
  });
  const xml = createRoute({
    method: 'post',
    path: '/records/{code}/xml',
    summary: "The exact signed XML the school sent (byte for byte), on proof of the student's personal id",
    description: "The file carries the student's whole personal identification number (12 digits), so it is released only to a "
      + `requester who already knows it (SPEC §5, §9): ${XML_RELEASE_TRIES} wrong tries per record per hour, then 429 for everyone; `
      + 'every try is journaled. The id travels in the body, never in a URL. A record without a personal id: school and operators only (403).',
    middleware: publicGuards(deps, 1024),
    request: {
      params: CodeParams,
      body: jsonBody(XmlReleaseRequest),
    },
    responses: {
      200: { description: 'The signed XML, as an attachment', content: { 'application/xml': { schema: z.string().openapi({ format: 'binary' }) } } },
      ...errorResponses(400, 403, 404, 429),
    },
  });

  const proof = createRoute({
    method: 'get',
    path: '/records/{code}/proof',
    summary: "The record's entries in the transparency log with their inclusion proofs (c2sp.org/tlog-proof@v1)",
    description: 'Each proof verifies offline against the signed checkpoint it carries (`hocba verify FILE --proof P --log-key K`, '
      + 'or any C2SP tlog-proof verifier). With `?format=tlog-proof`, the acceptance entry\'s proof alone, as a `.tlog-proof` file '
      + '(404 `log_not_found` until the sequencer has integrated it). Not journaled as a lookup.',
    middleware: publicGuards(deps),
    request: { params: CodeParams, query: z.object({ format: z.enum(['json', 'tlog-proof']).optional() }) },
    responses: {
      200: {
        description: 'The entries and proofs',
        content: { 'application/json': { schema: RecordProofAnswer }, 'text/plain': { schema: z.string() } },
      },
      ...errorResponses(400, 404, 429),
    },
  });

  const signed = createRoute({
    method: 'get',
    path: '/records/{code}/answer',
    summary: "The record's answer signed by the registry's seal (JWS), to archive and show later",
    description: 'A compact JWS (RFC 7515) signed with the seal that seals PDF copies, its certificate chain in `x5c`: the '
      + 'status, dates, school, the signature report\'s indications and the log checkpoint at the time of the check. '
      + 'Checked offline with `hocba verify-answer FILE --trust ROOT.pem` or any JOSE library. Journaled as a lookup. '
      + '503 `answer_seal_missing` when the registry has no seal.',
    middleware: publicGuards(deps),
    request: { params: CodeParams },
    responses: {
      200: { description: 'The signed answer', content: { 'application/jose': { schema: z.string() } } },
      ...errorResponses(400, 404, 429, 503),
    },
  });

  return newRouter()
    .openapi(signed, async (c) => {
      const code = lookupCodeOf(c.req.valid('param').code);
      const jws = await answers.signedRecordAnswer(code, { actor: `api:${requesterHash(c, deps)}` });
      if (jws === null) throw new ApiError(404, 'not_found', { params: { lookupCode: code } });
      metrics.count('hocba_lookups_total', { result: 'signed' });
      return c.body(jws, 200, {
        'Content-Type': 'application/jose',
        'Content-Disposition': `attachment; filename="hoc-ba-${code}.jws"`,
        'Cache-Control': 'no-store',
      });
    })
    .openapi(proof, async (c) => {
      const code = lookupCodeOf(c.req.valid('param').code);
      const answer = await answers.recordInLog(code);
      if (!answer) throw new ApiError(404, 'not_found', { params: { lookupCode: code } });
      c.header('Cache-Control', 'no-cache');
      if (c.req.valid('query').format === 'tlog-proof') {
        if (!answer.accepted) throw new ApiError(404, 'log_not_found', { params: { path: `acceptance of ${answer.lookupCode}` } });
        c.header('Content-Disposition', `attachment; filename="${logProofFileName(answer.lookupCode)}"`);
        return c.text(answer.accepted.proof, 200);
      }
      const { lookupCode, origin, verifierKey, checkpoint, pending } = answer;
      return c.json({ lookupCode, origin, verifierKey, checkpoint: checkpoint && { ...checkpoint }, entries: answer.entries.map((entry) => ({ ...entry })), pending }, 200);
    })
    .openapi(lookup, async (c) => {
      // Every public lookup is journaled (issue 6), under a keyed hash of the address, never the address.
      const found = await answers.lookUp(c.req.valid('param').code, { actor: `api:${requesterHash(c, deps)}` });
      metrics.count('hocba_lookups_total', { result: found.kind === 'found' ? found.answer.status : found.kind });
      if (found.kind === 'malformed') throw new ApiError(400, 'lookup_code_invalid', { path: 'code' });
      if (found.kind === 'not_found') throw new ApiError(404, 'not_found', { params: { lookupCode: found.code } });
      return c.json(toRecordJson(found.answer), 200);
    })
    .openapi(xml, async (c) => {
      const code = lookupCodeOf(c.req.valid('param').code);
      const outcome = await registry.releaseRecordXml(code, c.req.valid('json').personalId, { now: deps.clock(), actor: `api:${requesterHash(c, deps)}` });
      metrics.count('hocba_xml_releases_total', { result: outcome.kind });
      const xmlBytes = xmlReleaseBody(outcome, code);
      return c.body(new Uint8Array(xmlBytes), 200, {
        'Content-Type': 'application/xml; charset=utf-8',
        'Content-Disposition': `attachment; filename="hoc-ba-${code}.xml"`,
        'Cache-Control': 'no-store',
      });
    });
  // GET /records/{code}/pdf lives in record-pdf.ts: every download is a logged, numbered copy.
}
