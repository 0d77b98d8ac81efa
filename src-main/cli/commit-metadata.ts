/**
 * The seam for commit metadata: what `auxin commit` stores in a commit's free `metadata` object.
 * Today nothing; the Logic project reader (metadata issue) returns its project summary here
 * (tempo, sample rate, tracks...). Keep it fast: it runs on every commit.
 */
export async function collectCommitMetadata(_workDir: string): Promise<Record<string, unknown>> {
  return {};
}
