/**
 * Event kinds the serving model schedules on the engine. The simulation owns the other kinds
 * (arrivals, adaptation ticks, sampling); kinds below 16 belong to serving.
 */
export const ServingEvent = {
  /** arg = replica id: its batch is done. */
  BatchDone: 1,
  /** arg = stage: the oldest queued request may have waited long enough to start a partial batch. */
  BatchTimeout: 2,
  /** arg = replica id: start-up finished. */
  ReplicaReady: 3,
} as const;
