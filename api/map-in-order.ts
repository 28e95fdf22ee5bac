// "Run N at a time, keep order": the one bounded-concurrency map of the code base (ingest verifies a slice of a
// push with it; bulk and claims checks read their records in one statement instead). A plain leaf: it knows nothing of what it runs.

/** Runs `task` over `items` with at most `limit` at a time, keeping the results in input order. */
export async function mapInOrder<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await task(items[at]!, at);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
