// SPEC §5 POST /records/{code}/xml: the exact signed XML released on proof of the student's personal id.
// The registry's part: read the id from the stored XML, count this record's wrong tries in the window, decide
// (api/registry/xml-release-rule.ts), and journal every attempt — all under the record's row lock, so concurrent
// guesses are counted one after the other and never exceed the limit.
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { events, records } from '../../db/schema/index.ts';
import { decideXmlRelease, XML_RELEASE_TRIES, XML_RELEASE_WINDOW_MS, type XmlReleaseDecision } from './xml-release-rule.ts';
import { parseRecord, readEnvelope } from '../record/index.ts';
import { parseXml } from '../xml/index.ts';
import { appendEvent } from './audit.ts';
import { type RegistryContext } from './context.ts';
import { xmlOfStored } from './stored-xml.ts';
import type { XmlRelease, XmlReleaseOptions } from './types.ts';
import { normalizeLookupCode } from '../record/lookup-code.ts';

export async function releaseRecordXml(ctx: RegistryContext, code: string, claimed: string, options: XmlReleaseOptions): Promise<XmlRelease> {
  const lookupCode = normalizeLookupCode(code);
  if (!lookupCode) return { kind: 'not_found' };
  const now = options.now ?? ctx.clock();
  const since = new Date(now.getTime() - XML_RELEASE_WINDOW_MS);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx.select({ package: records.package }).from(records).where(eq(records.lookupCode, lookupCode)).for('update');
    if (!row) return { kind: 'not_found' } as const;
    const xml = xmlOfStored(row.package);
    const wrong = await tx.select({ at: events.at }).from(events)
      .where(and(eq(events.subject, lookupCode), eq(events.kind, 'xml_release_refused'), gt(events.at, since), sql`${events.detail}->>'reason' = 'wrong'`))
      .orderBy(asc(events.at));
    const decision: XmlReleaseDecision = decideXmlRelease({ claimed, actual: personalIdInXml(xml), wrongInWindow: wrong.length });
    // The journal says what happened, never what was typed.
    await appendEvent(tx, {
      at: now, actor: options.actor, kind: decision === 'release' ? 'xml_release' : 'xml_release_refused', subject: lookupCode,
      detail: decision === 'release' ? {} : { reason: decision },
    });
    switch (decision) {
      case 'release': return { kind: 'released', lookupCode, xml } as const;
      case 'wrong': return { kind: 'wrong', lookupCode, triesLeft: Math.max(0, XML_RELEASE_TRIES - wrong.length - 1) } as const;
      case 'limited': {
        const oldest = wrong[wrong.length - XML_RELEASE_TRIES]!.at;
        return { kind: 'limited', lookupCode, retryAfterSeconds: Math.max(1, Math.ceil((oldest.getTime() + XML_RELEASE_WINDOW_MS - now.getTime()) / 1000)) } as const;
      }
      default: return { kind: decision, lookupCode } as const;
    }
  });
}

/** MaDinhDanh of the stored signed XML, read as the record parser reads it; null when it has none. */
function personalIdInXml(xml: Uint8Array): string | null {
  const { envelope } = readEnvelope(parseXml(xml).document);
  if (!envelope) return null;
  const { record } = parseRecord(envelope.content);
  return record?.personalId || null;
}
