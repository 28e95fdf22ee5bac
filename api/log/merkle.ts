// RFC 6962 / RFC 9162 Merkle trees over stored complete subtrees: hashing, roots, inclusion and consistency proofs.
// The tree is kept as the hashes of its complete, aligned subtrees ("nodes"): node (level h, index k) covers the
// leaves [k·2^h, (k+1)·2^h). Any tree size's root and any proof is a fold over O(log n) such nodes.
import { createHash } from 'node:crypto';

export type Hash = Uint8Array;

export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/** Reads stored node hashes, in the order asked; a missing node is an error of the store. */
export type NodeReader = (ids: readonly NodeId[]) => Promise<Hash[]>;

export const HASH_BYTES = 32;

/** RFC 6962 §2.1: MTH({d}) = SHA-256(0x00 ‖ d). */
export function leafHash(entry: Uint8Array): Hash {
  return createHash('sha256').update(Uint8Array.of(0)).update(entry).digest();
}

/** RFC 6962 §2.1: MTH(D[n]) = SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(Uint8Array.of(1)).update(left).update(right).digest();
}

/** The largest power of two strictly below `n` (n ≥ 2): where RFC 6962 splits a tree of n leaves. */
function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The complete aligned subtrees that make up leaves [start, end), largest first. For the ranges RFC 6962's
 * recursion produces (start aligned to a power of two ≥ end − start), folding them from the right gives MTH.
 */
export function rangeNodes(start: number, end: number): NodeId[] {
  const nodes: NodeId[] = [];
  let at = start;
  while (at < end) {
    let level = 0;
    while (at % 2 ** (level + 1) === 0 && at + 2 ** (level + 1) <= end) level += 1;
    nodes.push({ level, index: at / 2 ** level });
    at += 2 ** level;
  }
  return nodes;
}

/** MTH of the range whose complete subtrees are `hashes` (rangeNodes order): fold from the right. */
export function foldRange(hashes: readonly Hash[]): Hash {
  if (hashes.length === 0) return createHash('sha256').digest(); // RFC 6962: MTH({}) = SHA-256()
  let hash = hashes[hashes.length - 1]!;
  for (let i = hashes.length - 2; i >= 0; i--) hash = nodeHash(hashes[i]!, hash);
  return hash;
}

interface Range {
  readonly start: number;
  readonly end: number;
}

async function hashRanges(ranges: readonly Range[], read: NodeReader): Promise<Hash[]> {
  const perRange = ranges.map((range) => rangeNodes(range.start, range.end));
  const hashes = await read(perRange.flat());
  let at = 0;
  return perRange.map((nodes) => foldRange(hashes.slice(at, (at += nodes.length))));
}

/** The root hash of the first `size` leaves. */
export async function treeHash(size: number, read: NodeReader): Promise<Hash> {
  return (await hashRanges([{ start: 0, end: size }], read))[0]!;
}

/** RFC 6962 §2.1.1 PATH(m, D[0:n]): the ranges whose MTHs form the proof, leaf's sibling first. */
function inclusionRanges(index: number, size: number): Range[] {
  const ranges: Range[] = [];
  let start = 0;
  let end = size;
  let m = index;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      m -= k;
    }
  }
  return ranges.reverse();
}

export async function inclusionProof(index: number, size: number, read: NodeReader): Promise<Hash[]> {
  if (!(Number.isSafeInteger(index) && index >= 0 && index < size)) throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  return hashRanges(inclusionRanges(index, size), read);
}

/** RFC 6962 §2.1.2 SUBPROOF(m, D[0:n], true): the ranges of a consistency proof from size m to size n. */
function consistencyRanges(oldSize: number, newSize: number): Range[] {
  const ranges: Range[] = [];
  let start = 0;
  let end = newSize;
  let m = oldSize;
  let whole = true;
  while (m !== end - start) {
    const k = splitPoint(end - start);
    if (m <= k) {
      ranges.push({ start: start + k, end });
      end = start + k;
    } else {
      ranges.push({ start, end: start + k });
      start += k;
      m -= k;
      whole = false;
    }
  }
  if (!whole) ranges.push({ start, end });
  return ranges.reverse();
}

export async function consistencyProof(oldSize: number, newSize: number, read: NodeReader): Promise<Hash[]> {
  if (!(Number.isSafeInteger(oldSize) && oldSize >= 0 && oldSize <= newSize)) throw new RangeError(`no consistency from ${oldSize} to ${newSize}`);
  if (oldSize === 0 || oldSize === newSize) return [];
  return hashRanges(consistencyRanges(oldSize, newSize), read);
}

const equal = (a: Hash, b: Hash) => a.length === b.length && Buffer.compare(a, b) === 0;

/** The two indexes RFC 9162's verification walks up the tree: the node's (`fn`) and the last leaf's (`sn`). */
interface Walk {
  fn: number;
  sn: number;
}

/** One level up: "right-shift both fn and sn one time". */
function up(at: Walk): void {
  at.fn = Math.floor(at.fn / 2);
  at.sn = Math.floor(at.sn / 2);
}

/** "Right-shift fn and sn equally until either LSB(fn) is set or fn is 0": past the levels where fn is a left edge. */
function climbRightEdge(at: Walk): void {
  while (at.fn % 2 === 0 && at.fn !== 0) up(at);
}

/** RFC 9162 §2.1.3.2: does `proof` show leaf `leaf` at `index` in the tree of `size` leaves with root `root`? */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (!(index >= 0 && index < size)) return false;
  const at = { fn: index, sn: size - 1 };
  let r = leaf;
  for (const p of proof) {
    if (at.sn === 0) return false;
    if (at.fn % 2 === 1 || at.fn === at.sn) {
      r = nodeHash(p, r);
      climbRightEdge(at);
    } else {
      r = nodeHash(r, p);
    }
    up(at);
  }
  return at.sn === 0 && equal(r, root);
}

/** RFC 9162 §2.1.4.2: does `proof` show the tree (oldSize, oldRoot) is a prefix of (newSize, newRoot)? */
export function verifyConsistency(oldSize: number, newSize: number, oldRoot: Hash, newRoot: Hash, proof: readonly Hash[]): boolean {
  if (oldSize < 0 || oldSize > newSize) return false;
  if (oldSize === newSize) return proof.length === 0 && equal(oldRoot, newRoot);
  if (oldSize === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = [...proof];
  const at = { fn: oldSize - 1, sn: newSize - 1 };
  // When the old tree is a complete subtree its root is the first node of the path.
  if ((oldSize & (oldSize - 1)) === 0) path.unshift(oldRoot);
  while (at.fn % 2 === 1) up(at);
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (at.sn === 0) return false;
    if (at.fn % 2 === 1 || at.fn === at.sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      climbRightEdge(at);
    } else {
      sr = nodeHash(sr, c);
    }
    up(at);
  }
  return at.sn === 0 && equal(fr, oldRoot) && equal(sr, newRoot);
}

/**
 * Appends leaves to a tree whose complete-subtree frontier (rangeNodes(0, size) with their hashes) is given:
 * returns every node that becomes complete, leaves included, and the new frontier. O(1) amortised per leaf.
 */
export function appendLeaves(
  frontier: readonly (NodeId & { readonly hash: Hash })[], size: number, leaves: readonly Hash[],
): { nodes: (NodeId & { hash: Hash })[]; frontier: (NodeId & { hash: Hash })[] } {
  const stack = [...frontier];
  const nodes: (NodeId & { hash: Hash })[] = [];
  let n = size;
  for (const leaf of leaves) {
    let node = { level: 0, index: n, hash: leaf };
    nodes.push(node);
    while (stack.length > 0 && stack[stack.length - 1]!.level === node.level) {
      const left = stack.pop()!;
      node = { level: node.level + 1, index: left.index / 2, hash: nodeHash(left.hash, node.hash) };
      nodes.push(node);
    }
    stack.push(node);
    n += 1;
  }
  return { nodes, frontier: stack };
}
