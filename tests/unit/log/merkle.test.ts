// The Merkle tree of api/log against a direct transcription of RFC 6962 §2.1 (MTH, PATH, PROOF) over every tree
// size up to 70 and random larger ones: same roots, same proofs, proofs that verify, and tampered ones that do not.
import { describe, expect, it } from 'vitest';
import {
  appendLeaves, consistencyProof, inclusionProof, leafHash, nodeHash, rangeNodes, treeHash, verifyConsistency,
  verifyInclusion, type Hash, type NodeId, type NodeReader,
} from '../../../api/log/merkle.ts';

const entry = (i: number) => Buffer.from(`entry ${i}`);

// RFC 6962 §2.1, written as the RFC writes it.
function mth(leaves: Hash[]): Hash {
  if (leaves.length === 1) return leaves[0]!;
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  return nodeHash(mth(leaves.slice(0, k)), mth(leaves.slice(k)));
}
function path(m: number, leaves: Hash[]): Hash[] {
  if (leaves.length === 1) return [];
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  return m < k ? [...path(m, leaves.slice(0, k)), mth(leaves.slice(k))] : [...path(m - k, leaves.slice(k)), mth(leaves.slice(0, k))];
}
function subproof(m: number, leaves: Hash[], whole: boolean): Hash[] {
  if (m === leaves.length) return whole ? [] : [mth(leaves)];
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  return m <= k ? [...subproof(m, leaves.slice(0, k), whole), mth(leaves.slice(k))] : [...subproof(m - k, leaves.slice(k), false), mth(leaves.slice(0, k))];
}

/** A store of every complete node, filled by appendLeaves in batches of varying size; counts node reads. */
function storeOf(count: number) {
  const nodes = new Map<string, Hash>();
  let frontier: (NodeId & { hash: Hash })[] = [];
  let size = 0;
  const leaves = Array.from({ length: count }, (_, i) => leafHash(entry(i)));
  for (let batch = 1; size < count; batch = (batch * 3) % 17 + 1) {
    const next = leaves.slice(size, size + batch);
    const appended = appendLeaves(frontier, size, next);
    for (const node of appended.nodes) nodes.set(`${node.level}/${node.index}`, node.hash);
    frontier = appended.frontier;
    size += next.length;
  }
  const reads = { nodes: 0 };
  const read: NodeReader = async (ids) => ids.map((id) => {
    reads.nodes += 1;
    const found = nodes.get(`${id.level}/${id.index}`);
    if (!found) throw new Error(`node ${id.level}/${id.index} not stored`);
    return found;
  });
  return { leaves, read, reads, frontier, stored: nodes.size };
}

describe('Merkle tree (RFC 6962)', () => {
  const store = storeOf(300);
  const sizes = [...Array.from({ length: 70 }, (_, i) => i + 1), 127, 128, 129, 255, 256, 257, 300];

  it('computes the RFC 6962 root of every size from stored complete subtrees, reading at most one node per bit', async () => {
    for (const size of sizes) {
      store.reads.nodes = 0;
      expect(Buffer.from(await treeHash(size, store.read)).toString('hex'), `size ${size}`).toBe(Buffer.from(mth(store.leaves.slice(0, size))).toString('hex'));
      expect(store.reads.nodes).toBeLessThanOrEqual(Math.ceil(Math.log2(size + 1)));
    }
  });

  it('stores exactly the complete subtrees: 2n − popcount(n) nodes for n leaves', () => {
    const popcount = (n: number) => n.toString(2).replace(/0/g, '').length;
    expect(store.stored).toBe(2 * 300 - popcount(300));
    expect(store.frontier.map(({ level, index }) => ({ level, index }))).toEqual(rangeNodes(0, 300));
  });

  it('gives the inclusion proof RFC 6962 PATH gives, and it verifies only for its own leaf, index and root', async () => {
    for (const size of sizes) {
      const root = mth(store.leaves.slice(0, size));
      for (const index of new Set([0, Math.floor(size / 2), size - 1])) {
        const proof = await inclusionProof(index, size, store.read);
        expect(proof.map((h) => Buffer.from(h).toString('hex'))).toEqual(path(index, store.leaves.slice(0, size)).map((h) => Buffer.from(h).toString('hex')));
        expect(verifyInclusion(store.leaves[index]!, index, size, proof, root)).toBe(true);
        expect(verifyInclusion(leafHash(Buffer.from('forged')), index, size, proof, root)).toBe(false);
        if (size > 1) expect(verifyInclusion(store.leaves[index]!, (index + 1) % size, size, proof, root)).toBe(false);
        // The size is bound to the root by the signed checkpoint: the root of another size must not verify.
        if (size < store.leaves.length) expect(verifyInclusion(store.leaves[index]!, index, size, proof, mth(store.leaves.slice(0, size + 1)))).toBe(false);
      }
    }
  });

  it('gives the consistency proof RFC 6962 PROOF gives, and it verifies only between the right roots', async () => {
    for (const [m, n] of [[1, 2], [3, 7], [4, 8], [6, 8], [7, 70], [64, 300], [100, 257], [255, 256], [256, 300], [299, 300]] as const) {
      const proof = await consistencyProof(m, n, store.read);
      expect(proof.map((h) => Buffer.from(h).toString('hex'))).toEqual(subproof(m, store.leaves.slice(0, n), true).map((h) => Buffer.from(h).toString('hex')));
      const oldRoot = mth(store.leaves.slice(0, m));
      const newRoot = mth(store.leaves.slice(0, n));
      expect(verifyConsistency(m, n, oldRoot, newRoot, proof), `${m} → ${n}`).toBe(true);
      expect(verifyConsistency(m, n, mth(store.leaves.slice(0, m + 1)), newRoot, proof), `${m} → ${n} with a wrong old root`).toBe(false);
      expect(verifyConsistency(m, n, oldRoot, oldRoot, proof)).toBe(false);
    }
  });

  it('refuses proofs for leaves outside the tree', async () => {
    await expect(inclusionProof(5, 5, store.read)).rejects.toThrow(RangeError);
    await expect(consistencyProof(6, 5, store.read)).rejects.toThrow(RangeError);
  });
});
