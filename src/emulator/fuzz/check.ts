// Judges every answer of the fuzz: the shape every answer must have, the
// outcome a request was built to get, and, for ListRecords and UpdateRecords
// answers about a dataset, agreement with the model of what the store holds.
// A 200 about a dataset updates the model; nothing else does.

import { commonErrors, modeledErrors, statusOf, type ErrorType } from '../../model/errors.ts';
import type { OperationName } from '../../model/operations.ts';
import { isObject } from '../../model/validate.ts';
import type { WireRequest, WireResponse } from '../types.ts';
import { applyDelete, expectedSyncCount, outcomes, type DatasetModel, type Models, type Patch, type Scope } from './model.ts';

/** Each check, with the fault switch(es) fuzz.test.ts proves it catches. */
export const checks = {
  'no-5xx': 'no answer is a 5xx and the emulator reports no internal error',
  'error-shape': 'a non-2xx answer carries x-amzn-ErrorType (spelled so) naming a known type with its status, and a string message',
  'success-shape': 'a 2xx answer is 200 with a JSON object body',
  'clean-update-applies': 'UpdateRecords with a fresh session token and every SyncCount current succeeds',
  'stale-update-409': 'UpdateRecords whose one defect is a stale SyncCount gets 409 ResourceConflictException',
  'foreign-session-400': 'UpdateRecords with another dataset\'s SyncSessionToken gets 400 InvalidParameterException',
  'dataset-limit-400': 'UpdateRecords taking a dataset past 1 MB gets 400 LimitExceededException',
  'race-one-winner': 'of two concurrent UpdateRecords of one key at one SyncCount, exactly one succeeds',
  'listrecords-members': 'ListRecords answers carry Records, DatasetSyncCount and SyncSessionToken',
  'dataset-count': 'DatasetSyncCount equals the successful UpdateRecords with patches since creation',
  'dataset-exists': 'DatasetExists is false for a dataset never written or deleted, true once written',
  'records-match': 'every record ListRecords returns has the Value and SyncCount of the last write of its key',
  'record-dates': 'record dates are epoch seconds as JSON numbers',
  'delta': 'ListRecords returns only records with SyncCount above lastSyncCount',
  'complete-page': 'a complete ListRecords answer holds every record changed after lastSyncCount',
  'page-size': 'a ListRecords page holds no more records than the maxResults asked',
  'update-echo': 'UpdateRecords returns each record written, stamped with the new dataset sync count',
  'settings-stored': 'a successful SetCognitoEvents or SetIdentityPoolConfiguration is read back by the matching Get',
  'final-walk': 'after the run, a paged ListRecords from 0 of every dataset touched equals the model',
} as const;
export type CheckId = keyof typeof checks;

export type Expectation =
  | { kind: 'applies' }
  | { kind: 'refused'; type: ErrorType; check: CheckId; basis: string };

/** One request as the generator built it, with what it knows about it. */
export type Sent = {
  req: WireRequest;
  category: string;
  op?: OperationName;
  /** The dataset the request's labels name, when they name a well-formed one. */
  scope?: Scope;
  poolId?: string;
  expect?: Expectation;
};

export type Answer = {
  status: number;
  errorType: string | undefined;
  message: string;
  json: unknown;
  /** A non-2xx with x-amzn-ErrorType (spelled so) naming a known type of its status, and a string message. */
  typed: boolean;
};

export type Finding = { index: number; check: CheckId; message: string; request: string };

const ERROR_TYPE_HEADER = 'x-amzn-ErrorType';
const knownTypes = new Set<string>([...Object.keys(modeledErrors), ...Object.keys(commonErrors)]);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const show = (v: unknown, max = 60) => {
  const text = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? String(v);
  return text.length > max ? `${text.slice(0, max)}…` : text;
};

export function describeRequest(s: Sent): string {
  const body = Buffer.from(s.req.body).toString('utf8');
  return `[${s.category}] ${s.req.method} ${s.req.path.slice(0, 160)}${s.req.query ? `?${s.req.query.slice(0, 160)}` : ''} body(${s.req.body.length}B)=${show(body, 160)}`;
}

/** The RecordPatches of an UpdateRecords body, read as the emulator reads it (explicit null = none). */
export function patchesOf(body: Uint8Array): Patch[] | undefined {
  try {
    const text = utf8.decode(body);
    const parsed = text.trim() === '' ? {} : (JSON.parse(text) as unknown);
    if (!isObject(parsed)) return undefined;
    const list = parsed.RecordPatches ?? [];
    return Array.isArray(list) ? (list as Patch[]) : undefined;
  } catch {
    return undefined;
  }
}

function bodyObject(body: Uint8Array): Record<string, unknown> | undefined {
  try {
    const parsed = JSON.parse(utf8.decode(body)) as unknown;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export class Checker {
  readonly findings: Finding[] = [];
  failures = 0;
  // Pool → what a later Get must show: the event set, or the stream name, of the last successful Set.
  private readonly events = new Map<string, [string, string]>();
  private readonly streams = new Map<string, string>();

  constructor(readonly models: Models, private readonly maxFindings = 20) {}

  fail(index: number, check: CheckId, message: string, sent?: Sent): void {
    this.failures++;
    if (this.findings.length < this.maxFindings) this.findings.push({ index, check, message, request: sent ? describeRequest(sent) : '' });
  }

  /** The checks every answer gets; returns the answer read. */
  answer(index: number, sent: Sent, res: WireResponse): Answer {
    let json: unknown;
    try {
      json = res.body === '' ? undefined : JSON.parse(res.body);
    } catch {
      json = undefined;
    }
    const exact = res.headers[ERROR_TYPE_HEADER];
    const anyCase = exact ?? Object.entries(res.headers).find(([k]) => k.toLowerCase() === ERROR_TYPE_HEADER.toLowerCase())?.[1];
    const errorType = anyCase?.split(':')[0];
    const message = isObject(json) && typeof json.message === 'string' ? json.message : '';
    const a: Answer = { status: res.status, errorType, message, json, typed: false };
    if (res.status >= 500) this.fail(index, 'no-5xx', `answered ${res.status} ${errorType ?? ''}: ${show(message)} (bad input is the caller's fault: a 4xx)`, sent);
    if (res.status >= 200 && res.status < 300) {
      if (res.status !== 200 || !isObject(json)) {
        this.fail(index, 'success-shape', `answered ${res.status} with body ${show(res.body)} (restJson1: a success is 200 with a JSON object, {} for an empty output)`, sent);
      }
      return a;
    }
    a.typed = exact !== undefined && knownTypes.has(errorType!) && statusOf(errorType as ErrorType) === res.status && isObject(json) && typeof json.message === 'string';
    if (exact === undefined) {
      this.fail(index, 'error-shape', `a ${res.status} without the x-amzn-ErrorType header (headers: ${Object.keys(res.headers).join(', ')}) (iOS and Android take the error type only from x-amzn-ErrorType, spelled so)`, sent);
    } else if (!knownTypes.has(errorType!)) {
      this.fail(index, 'error-shape', `error type ${show(exact)} is no AWS Cognito Sync or front-end error`, sent);
    } else if (statusOf(errorType as ErrorType) !== res.status) {
      this.fail(index, 'error-shape', `${errorType} came with status ${res.status}, the AWS model gives ${statusOf(errorType as ErrorType)}`, sent);
    }
    if (!isObject(json) || typeof json.message !== 'string') {
      this.fail(index, 'error-shape', `a ${res.status} whose body ${show(res.body)} has no string message (documented: every error shape has a message)`, sent);
    }
    return a;
  }

  /** The outcome the request was built to get. A 429 is always a legal answer: AWS throttles any call. */
  expectation(index: number, sent: Sent, a: Answer): void {
    const e = sent.expect;
    if (!e || a.status === 429) return;
    const got = `${a.status} ${a.errorType ?? ''}${a.message ? `: ${show(a.message, 100)}` : ''}`;
    if (e.kind === 'applies') {
      if (a.status !== 200) {
        this.fail(index, 'clean-update-applies', `answered ${got} to an UpdateRecords with a fresh session token and every SyncCount current (documented: only a stale SyncCount conflicts)`, sent);
        if (sent.scope) this.models.get(sent.scope).lost = true;
      }
    } else if (a.status !== statusOf(e.type) || a.errorType !== e.type) {
      this.fail(index, e.check, `answered ${got}, expected ${statusOf(e.type)} ${e.type} (${e.basis})`, sent);
      if (sent.scope && a.status === 200) this.models.get(sent.scope).lost = true;
    }
  }

  /** A 200 about a dataset or a pool: compare with the model, then update it. */
  success(index: number, sent: Sent, a: Answer): void {
    if (a.status !== 200 || !isObject(a.json)) return;
    const body = a.json;
    if (sent.scope) {
      if (sent.op === 'ListRecords') this.listRecords(index, sent, sent.scope, body);
      else if (sent.op === 'UpdateRecords') this.updateRecords(index, sent, sent.scope, body);
      else if (sent.op === 'DeleteDataset') {
        const m = this.models.get(sent.scope);
        applyDelete(m);
        m.lost = false; // an empty dataset is known again
      }
    }
    if (sent.poolId) this.settings(index, sent, sent.poolId, body);
  }

  private listRecords(index: number, sent: Sent, scope: Scope, body: Record<string, unknown>): void {
    const m = this.models.get(scope);
    if (m.lost) return;
    const lose = (check: CheckId, message: string) => {
      this.fail(index, check, message, sent);
      m.lost = true;
    };
    const { Records: records, DatasetSyncCount: count, DatasetExists: exists } = body;
    if (!Array.isArray(records) || typeof count !== 'number' || typeof body.SyncSessionToken !== 'string') {
      return lose('listrecords-members', `ListRecords answered members ${Object.keys(body).join(', ')} (documented output: Records, DatasetSyncCount and SyncSessionToken; clients store DatasetSyncCount as their sync count)`);
    }
    const q = new URLSearchParams(sent.req.query);
    const n = Number(q.get('lastSyncCount') ?? 0);
    const max = Number(q.get('maxResults'));
    if (Number.isInteger(max) && max > 0 && records.length > max) {
      return lose('page-size', `a page of ${records.length} records for maxResults=${max} (AWS model: maxResults is the most records a page returns; clients size their reads by it)`);
    }
    if (m.exists === 'no') {
      if (exists !== false && exists !== undefined && exists !== null) {
        return lose('dataset-exists', `DatasetExists=${show(exists)} for a dataset ${m.deletes ? 'deleted and not written since' : 'never written'} (documented: DatasetExists says whether the dataset exists; Android removes the local copy on false)`);
      }
      if (m.deletes === 0 && count !== 0) return lose('dataset-count', `DatasetSyncCount ${count} for a dataset never written (AWS model example: a missing dataset reports 0)`);
    } else {
      if (m.exists === 'yes' && exists !== true && exists !== undefined && exists !== null) {
        return lose('dataset-exists', `DatasetExists=${show(exists)} after ${m.writes} successful writes (documented: DatasetExists says whether the dataset exists)`);
      }
      const expected = expectedSyncCount(m);
      if (expected !== undefined && count !== expected) {
        return lose('dataset-count', `DatasetSyncCount ${count}, but the dataset started at ${m.offset} and took ${m.writes} successful UpdateRecords with patches: ${expected} (each raises it by exactly one: aws-sdk-android DefaultDataset fast-forwards only on +1)`);
      }
    }
    // After a delete and re-creation, a lastSyncCount from the old life may legally get the whole new dataset.
    const ambiguous = m.deletes > 0 && n > 0 && (m.offset === undefined || n <= m.offset);
    const seen = new Set<string>();
    for (const r of records) {
      const problem = recordProblem(r, m, seen);
      if (problem) return lose(problem[0], problem[1]);
      const syncCount = (r as { SyncCount: number }).SyncCount;
      if (!ambiguous && syncCount <= n) {
        return lose('delta', `record ${show((r as { Key: string }).Key)} with SyncCount ${syncCount} in an answer to lastSyncCount=${n} (AWS API reference, ListRecords: only records changed after lastSyncCount)`);
      }
    }
    if (q.get('nextToken') === null && (body.NextToken === undefined || body.NextToken === null) && !ambiguous) {
      const missing = [...m.records].filter(([k, r]) => r.syncCount > n && !seen.has(k)).map(([k]) => k);
      if (missing.length > 0) {
        return lose('complete-page', `a one-page answer to lastSyncCount=${n} lacks ${missing.length} changed record(s), e.g. ${show(missing[0])} (AWS API reference, ListRecords: every record changed after lastSyncCount)`);
      }
    }
  }

  private updateRecords(index: number, sent: Sent, scope: Scope, body: Record<string, unknown>): void {
    const m = this.models.get(scope);
    const patches = patchesOf(sent.req.body);
    if (patches === undefined) {
      m.lost = true;
      return;
    }
    if (patches.length === 0) {
      if (m.exists === 'no') m.exists = 'unknown';
      return;
    }
    m.totalWrites++;
    const lose = (message: string) => {
      this.fail(index, 'update-echo', message, sent);
      m.lost = true;
      m.writes++;
      m.exists = 'yes';
    };
    if (m.lost) {
      m.writes++;
      m.exists = 'yes';
      return;
    }
    const records = body.Records;
    if (!Array.isArray(records) || !records.every((r) => isObject(r) && typeof r.Key === 'string')) {
      return lose(`UpdateRecords answered members ${Object.keys(body).join(', ')} without a Records list of keyed records (documented: the records updated)`);
    }
    const byKey = new Map(records.map((r) => [(r as { Key: string }).Key, r as Record<string, unknown>]));
    let next = expectedSyncCount(m);
    if (next === undefined) {
      // The first write after a delete shows where the re-created dataset counts from.
      const first = records[0] as Record<string, unknown> | undefined;
      if (typeof first?.SyncCount !== 'number') return lose(`the first write after a delete answered ${show(first)} without a numeric SyncCount`);
      m.offset = first.SyncCount - 1 - m.writes;
      next = m.offset + m.writes;
    }
    next += 1;
    const expected = outcomes(patches);
    if (byKey.size !== expected.size) {
      return lose(`UpdateRecords of ${expected.size} key(s) answered ${byKey.size} record(s) (documented: the records updated)`);
    }
    for (const [key, outcome] of expected) {
      const r = byKey.get(key);
      if (!r) return lose(`the answer lacks record ${show(key)} it wrote (documented: the records updated)`);
      if (r.SyncCount !== next) {
        return lose(`record ${show(key)} came back with SyncCount ${show(r.SyncCount)}, expected ${next}: the dataset's count plus one (aws-sdk-android DefaultDataset fast-forwards only on +1)`);
      }
      const value = r.Value ?? undefined;
      if (value !== undefined && typeof value !== 'string') return lose(`record ${show(key)} came back with Value ${show(value)}`);
      if (outcome !== 'any' && !outcome.candidates.includes(value)) {
        return lose(`record ${show(key)} came back with Value ${show(value)}, the patch said ${show(outcome.candidates[outcome.candidates.length - 1])}`);
      }
      m.records.set(key, { value, syncCount: next });
    }
    m.writes++;
    m.exists = 'yes';
  }

  private settings(index: number, sent: Sent, poolId: string, body: Record<string, unknown>): void {
    if (sent.op === 'SetCognitoEvents') {
      const events = bodyObject(sent.req.body)?.Events;
      const entries = isObject(events) ? Object.entries(events) : [];
      if (entries.length === 1 && typeof entries[0]![1] === 'string' && entries[0]![1] !== '') this.events.set(poolId, entries[0] as [string, string]);
      else this.events.delete(poolId);
    } else if (sent.op === 'GetCognitoEvents') {
      const want = this.events.get(poolId);
      const got = isObject(body.Events) ? body.Events[want?.[0] ?? ''] : undefined;
      if (want && got !== want[1]) {
        this.fail(index, 'settings-stored', `GetCognitoEvents shows ${show(body.Events)} after a successful SetCognitoEvents of ${show(Object.fromEntries([want]))} (documented: SetCognitoEvents sets the function for an event type)`, sent);
        this.events.delete(poolId);
      }
    } else if (sent.op === 'SetIdentityPoolConfiguration') {
      const streams = bodyObject(sent.req.body)?.CognitoStreams;
      if (isObject(streams) && typeof streams.StreamName === 'string') this.streams.set(poolId, streams.StreamName);
      else this.streams.delete(poolId);
    } else if (sent.op === 'GetIdentityPoolConfiguration') {
      const want = this.streams.get(poolId);
      const got = isObject(body.CognitoStreams) ? body.CognitoStreams.StreamName : undefined;
      if (want !== undefined && got !== want) {
        this.fail(index, 'settings-stored', `GetIdentityPoolConfiguration shows StreamName ${show(got)} after a successful Set of ${show(want)} (documented: SetIdentityPoolConfiguration sets the stream configuration)`, sent);
        this.streams.delete(poolId);
      }
    }
  }
}

/** What is wrong with one record of an answer, compared with the model: [check, message], or undefined. */
export function recordProblem(r: unknown, m: DatasetModel, seen: Set<string>): [CheckId, string] | undefined {
  if (!isObject(r) || typeof r.Key !== 'string') return ['records-match', `a record without a string Key: ${show(r)}`];
  const key = r.Key;
  if (seen.has(key)) return ['records-match', `record ${show(key)} seen twice (aws-sdk-android and amazon-cognito-js follow NextToken and expect each record once)`];
  seen.add(key);
  const want = m.records.get(key);
  if (!want) return ['records-match', `record ${show(key)} was never written, or was deleted with its dataset`];
  if (typeof r.SyncCount !== 'number') {
    return ['records-match', `record ${show(key)} has SyncCount ${show(r.SyncCount)} (AWS API reference, UpdateRecords: a record carries the count of its last write; aws-sdk-android CognitoSyncStorage reads a missing one as 0)`];
  }
  if (r.SyncCount !== want.syncCount) return ['records-match', `record ${show(key)} has SyncCount ${r.SyncCount}, its last write was at ${want.syncCount}`];
  const value = r.Value ?? undefined;
  if (value !== want.value) {
    return ['records-match', `record ${show(key)} has Value ${show(value)}, its last write left ${want.value === undefined ? 'a tombstone' : show(want.value)} (a remove leaves a record without Value, which the sync managers read as deleted)`];
  }
  for (const date of ['LastModifiedDate', 'DeviceLastModifiedDate'] as const) {
    const d = r[date];
    if (d !== undefined && d !== null && typeof d !== 'number') return ['record-dates', `record ${show(key)} has ${date} ${show(d)} (restJson1: timestamps are epoch seconds as JSON numbers)`];
  }
  return undefined;
}
