// B-T (issue 15): an RFC 3161 time-stamp over the seal's signature value from the configured authority, carried as
// the unsigned attribute signature-time-stamp. The token is checked before use (it covers this signature, the
// authority's signature holds), so a copy never carries a time-stamp that a reader would reject.
import { createHash, randomBytes } from 'node:crypto';
import { HocbaError } from '../../errors.ts';
import { readTimeStamp } from './check.ts';
import { BOOLEAN_TRUE, childrenOf, integer, NULL, octets, oid, readTlv, sequence, whole } from '../../der.ts';
import { OID, type TimeStamper } from './cms.ts';

/** A reply larger than this is not a time-stamp (a token with its chain is a few KB). */
const MAX_REPLY_BYTES = 64 * 1024;

export interface TimeStamperOptions {
  readonly timeoutMs?: number;
}

/** TimeStampReq { version 1, messageImprint { SHA-256, hash }, nonce, certReq TRUE }. */
export function timeStampRequest(signatureValue: Uint8Array, nonce: Uint8Array): Uint8Array {
  const imprint = sequence(sequence(oid(OID.sha256), NULL), octets(createHash('sha256').update(signatureValue).digest()));
  return sequence(integer(Uint8Array.of(1)), imprint, integer(nonce), BOOLEAN_TRUE);
}

/** The TimeStampToken of a TimeStampResp whose status is granted (0) or grantedWithMods (1); else why not. */
export function tokenOfReply(reply: Uint8Array): Uint8Array | string {
  const response = readTlv(reply, 0);
  const [statusInfo, token] = childrenOf(reply, response);
  const statusNode = statusInfo ? childrenOf(reply, statusInfo)[0] : undefined;
  const status = statusNode ? reply[statusNode.body] : undefined;
  if (status !== 0 && status !== 1) return `the authority refused (status ${status ?? '?'})`;
  if (!token) return 'the reply carries no token';
  return whole(reply, token);
}

export function httpTimeStamper(url: string, options: TimeStamperOptions = {}): TimeStamper {
  return async (signatureValue) => {
    const fail = (detail: string): never => {
      throw new HocbaError('time_stamp_unavailable', { params: { detail } });
    };
    let reply: Uint8Array;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/timestamp-query', Accept: 'application/timestamp-reply' },
        body: Buffer.from(timeStampRequest(signatureValue, randomBytes(8))),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!response.ok) fail(`HTTP ${response.status}`);
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > MAX_REPLY_BYTES) fail('reply too large');
      reply = new Uint8Array(await response.arrayBuffer());
      if (reply.length > MAX_REPLY_BYTES) fail('reply too large');
    } catch (error) {
      if (error instanceof HocbaError) throw error;
      return fail((error as Error).message);
    }
    try {
      const token = tokenOfReply(reply);
      if (typeof token === 'string') return fail(token);
      const checked = readTimeStamp(token, signatureValue);
      if ('problem' in checked) return fail(checked.problem);
      return token;
    } catch (error) {
      if (error instanceof HocbaError) throw error;
      return fail(`unreadable reply (${(error as Error).message})`);
    }
  };
}
