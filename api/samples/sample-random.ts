// A small seeded PRNG (mulberry32) so a sample is the same for the same seed on every machine.

export class Random {
  private state: number;

  constructor(seed: number) {
    // Spread nearby seeds apart (seed 1 and seed 2 must not start alike), fractions and negatives included.
    this.state = hashString(String(seed));
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)]!;
  }

  /** `count` distinct items of `list`, in list order. */
  sample<T>(list: readonly T[], count: number): T[] {
    const chosen = new Set<number>();
    while (chosen.size < Math.min(count, list.length)) chosen.add(Math.floor(this.next() * list.length));
    return list.filter((_, i) => chosen.has(i));
  }

  /** Roughly normal (sum of three uniforms), centred on `mean`. */
  normal(mean: number, spread: number): number {
    return mean + (this.next() + this.next() + this.next() - 1.5) * spread;
  }

  digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i++) text += String(Math.floor(this.next() * 10));
    return text;
  }

  /** A random (version 4) UUID without hyphens, upper case: a lookup code. */
  uuid(): string {
    let hex = '';
    for (let i = 0; i < 32; i++) hex += Math.floor(this.next() * 16).toString(16);
    const variant = (8 + Math.floor(this.next() * 4)).toString(16);
    return `${hex.slice(0, 12)}4${hex.slice(13, 16)}${variant}${hex.slice(17)}`.toUpperCase();
  }
}

/** FNV-1a, 32 bits: a stable seed from a text such as a school code. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** A generator derived from some stable facts, e.g. a school and class, independent of the record's seed. */
export function randomFor(...facts: readonly (string | number)[]): Random {
  return new Random(hashString(facts.join('|')));
}
