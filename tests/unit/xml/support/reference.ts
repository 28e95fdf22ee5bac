// xmldom, the parser parseXml used before ours, kept in tests only as the reference to compare against.
import { DOMParser } from '@xmldom/xmldom';

/** xmldom's Document for `text`, every warning or error fatal (as the old parseXml configured it). */
export function parseWithXmldom(text: string): Document {
  return new DOMParser({
    onError: (_level: string, message: string) => {
      throw new Error(`xmldom: ${message.split('\n')[0]}`);
    },
  }).parseFromString(text, 'text/xml') as unknown as Document;
}

/** True when xmldom refuses `text`. */
export function xmldomRefuses(text: string): boolean {
  try {
    return !parseWithXmldom(text).documentElement;
  } catch {
    return true;
  }
}
