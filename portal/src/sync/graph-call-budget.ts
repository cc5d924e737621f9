/**
 * The most Graph requests one job makes one after another, each allowed the tenant's `timeoutMs`: a
 * token, the PATCH and its one retry, then either the look-up that explains a refusal or the session
 * revoke, each with its retry. The job's lease must outlast them all (the config refuses less), or
 * another worker takes the job over and may apply a newer password before this one's request lands.
 * (The queue cancels a job's calls shortly before its lease ends: see queue/lease-deadline.ts.)
 */
export const GRAPH_REQUESTS_PER_JOB = 6;
