/**
 * Retention's limits, in a module light enough for the command's option parsing (scripts/prune.ts).
 */

/** Today and the two days before stay: the summary, the report and the health check of yesterday still read them. */
export const MIN_KEEP_DAYS = 3;
/** Days with documents archived in one run at most: a backlog is worked off night by night. */
export const DEFAULT_MAX_DAYS = 2;
/** Deletes in one run at most; the free tier allows 20,000 a day. */
export const DEFAULT_MAX_DELETES = 15_000;
/** Documents deleted between two progress notes in the manifest. */
export const DELETE_CHUNK = 1_000;
