// What a client reads from ListRecords and UpdateRecords answers, checked
// member by member. Pure (no k6 imports) so that Node tests can run it. Each
// function returns the problems it found, worded for a failure message, or
// an empty list; it never throws, whatever the body holds.

export type Rec = { Key: string; SyncCount: number; Value?: string | null };
export type Listing = { Records: Rec[]; DatasetSyncCount: number; SyncSessionToken: string; DatasetExists: boolean; NextToken?: string | null };
export type Written = { Records: Rec[] };

const BASIS = '(AWS model: ListRecords/UpdateRecords output)';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const absent = (v: unknown) => v === undefined || v === null;
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

// Dates travel as epoch seconds, a JSON number (restJson1); unset dates may be absent or null.
const DATES = ['LastModifiedDate', 'DeviceLastModifiedDate'] as const;

function recordProblems(r: unknown, at: string): string[] {
  if (!isObject(r)) return [`${at} is ${kind(r)}, not an object`];
  const out: string[] = [];
  if (typeof r.Key !== 'string') out.push(`${at}.Key is ${kind(r.Key)}, not a string`);
  if (typeof r.SyncCount !== 'number') out.push(`${at}.SyncCount is ${kind(r.SyncCount)}, not a number`);
  // A tombstone has no Value: absent or null (the sync managers read a record without Value as deleted).
  if (!absent(r.Value) && typeof r.Value !== 'string') out.push(`${at}.Value is ${kind(r.Value)}, not a string, null or absent`);
  for (const d of DATES) if (!absent(r[d]) && typeof r[d] !== 'number') out.push(`${at}.${d} is ${kind(r[d])}, not epoch seconds`);
  return out;
}

function recordsProblems(body: Record<string, unknown>): string[] {
  if (!Array.isArray(body.Records)) return [`Records is ${kind(body.Records)}, not an array`];
  // One bad record names the problem; the rest would repeat it.
  for (let i = 0; i < body.Records.length; i++) {
    const p = recordProblems(body.Records[i], `Records[${i}]`);
    if (p.length) return p;
  }
  return [];
}

export function listingProblems(body: unknown): string[] {
  if (!isObject(body)) return [`the body is ${kind(body)}, not a JSON object ${BASIS}`];
  const out = recordsProblems(body);
  if (typeof body.DatasetSyncCount !== 'number') out.push(`DatasetSyncCount is ${kind(body.DatasetSyncCount)}, not a number`);
  if (typeof body.SyncSessionToken !== 'string') out.push(`SyncSessionToken is ${kind(body.SyncSessionToken)}, not a string`);
  if (typeof body.DatasetExists !== 'boolean') out.push(`DatasetExists is ${kind(body.DatasetExists)}, not a boolean`);
  if (!absent(body.NextToken) && typeof body.NextToken !== 'string') out.push(`NextToken is ${kind(body.NextToken)}, not a string, null or absent`);
  return out.length ? [...out, BASIS] : [];
}

export function writtenProblems(body: unknown): string[] {
  if (!isObject(body)) return [`the body is ${kind(body)}, not a JSON object ${BASIS}`];
  const out = recordsProblems(body);
  return out.length ? [...out, BASIS] : [];
}

/** The top-level members a body has, so that a message shows what came instead (a renamed member, say). */
export function membersOf(body: unknown): string {
  return isObject(body) ? Object.keys(body).slice(0, 12).join(', ') : kind(body);
}
