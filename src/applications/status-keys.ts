/** Redis keys of the status service, shared by the producer side, the worker and the registry. */
export function statusKeys(prefix: string) {
  return {
    cache: (applicationId: string) => `${prefix}:status:cache:${applicationId}`,
    userRate: (requester: string) => `${prefix}:status:rate:user:${requester}`,
    idRate: (applicationId: string) => `${prefix}:status:rate:id:${applicationId}`,
    misses: (requester: string) => `${prefix}:status:misses:${requester}`,
    /** Wrong proofs per ID, by method: a stranger's PIN guesses do not lock the phone proof. */
    proofFailures: (applicationId: string, method: "pin" | "phone" = "pin") =>
      `${prefix}:status:proof-failures:${method}:${applicationId}`,
    /** Wrong proofs per requester, over all IDs. */
    proofFailuresBy: (requester: string) => `${prefix}:status:proof-failures-by:${requester}`,
  };
}
