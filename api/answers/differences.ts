// What differs between an uploaded record and the registered one: leaf values compared by path, in the labels given.
import { maskFromLastFour } from '../record/personal-ids.ts';

export interface Difference {
  readonly path: string;
  readonly uploaded: string | null;
  readonly registered: string | null;
}

type Flat = Map<string, string>;

/** Personal ids are compared and shown by their last four digits only (SPEC §9), on both sides. */
function mask(key: string, value: string): string {
  return key === 'personalId' && /\d{4}$/.test(value) ? maskFromLastFour(value.slice(-4)) : value;
}

function flatten(value: unknown, labels: Record<string, string>, path: string, out: Flat, key = ''): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const name = item && typeof item === 'object' && 'name' in item ? String((item as { name: unknown }).name) : String(i + 1);
      flatten(item, labels, `${path} › ${name}`, out, key);
    });
    return;
  }
  if (typeof value === 'object') {
    for (const [child, inner] of Object.entries(value as Record<string, unknown>)) {
      const label = labels[child] ?? child;
      flatten(inner, labels, path ? `${path} › ${label}` : label, out, child);
    }
    return;
  }
  out.set(path, mask(key, String(value)));
}

export function diffRecords(uploaded: unknown, registered: unknown, labels: Record<string, string> = {}): Difference[] {
  const a: Flat = new Map();
  const b: Flat = new Map();
  flatten(uploaded, labels, '', a);
  flatten(registered, labels, '', b);
  const differences: Difference[] = [];
  for (const path of new Set([...a.keys(), ...b.keys()])) {
    const left = a.get(path) ?? null;
    const right = b.get(path) ?? null;
    if (left !== right) differences.push({ path, uploaded: left, registered: right });
  }
  return differences;
}
