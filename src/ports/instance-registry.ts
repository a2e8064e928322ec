/**
 * Which bot instances are running against this store, so those that share something per tenant (Graph's
 * throttling buckets) can each take their part. Liveness is a heartbeat with an expiry: an instance that
 * dies stops counting once its last heartbeat expires.
 */
export interface InstanceRegistry {
  /** Records `id` as alive until now+ttl and answers how many instances are alive at `now`, this one included. */
  heartbeat(id: string, now: number, ttlMs: number): Promise<number>;
  /** Stops counting `id` at once (a graceful shutdown). */
  leave(id: string): Promise<void>;
}
