// Durable emulator state in one directory (--state-dir): a snapshot and a
// journal, both made of checksummed lines (line-format.ts).
//
//   state.snapshot  header {format, version, kind: 'snapshot', gen, keys}, one
//                   image per line, then {end: <count>}. Written whole to a temp
//                   file, fsync'd, renamed over the old one, directory fsync'd.
//   state.journal   header {format, version, kind: 'journal', gen}, then one
//                   mutation per line, appended in order.
//   state.lock      the pid of the emulator using the directory (removed on a clean stop).
//
// Guarantee: a request that changed state is answered only after the fsync
// that covers its journal line (group commit: one write + fdatasync per batch
// of requests). Compaction (clean shutdown, or a journal above compactBytes)
// writes a snapshot of generation gen+1, then a fresh journal of gen+1; a
// journal older than the snapshot is what a crash between the two leaves, and
// all of it is in the snapshot.
//
// Error handling: a damaged file refuses the start with one line naming the
// file, line and byte offset, and exit code 5; nothing is rewritten. The one
// exception is a torn last journal line (the file ends inside it): only a crash
// during an append leaves one, and since no request is answered before its
// line is complete and fsync'd, that line was never acknowledged. It is cut
// off, and the start says so on stderr.

import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { HarnessError } from '../../harness-error.ts';
import { decodeLine, encodeLine } from './line-format.ts';
import type { Journal, Mutation } from './mutations.ts';

export const STATE_FORMAT = 'cognito-sync-harness-state';
export const STATE_VERSION = 1;
/** The CLI exit code of a refused start (src/cli/exit-codes.ts lists it). */
export const STATE_CORRUPT_EXIT_CODE = 5;
export const DEFAULT_COMPACT_BYTES = 64 * 1024 * 1024;

const SNAPSHOT = 'state.snapshot';
const JOURNAL = 'state.journal';
const LOCK = 'state.lock';

/** MAC keys of the tokens the emulator issues, kept so tokens outlive a restart. */
export type StateKeys = { syncTokens: Uint8Array; openIdTokens: Uint8Array };

const MUTATION_TYPES = new Set<string>([
  'sync.write', 'sync.touch', 'sync.delete', 'sync.merge', 'sync.identity', 'sync.dataset', 'sync.pool',
  'id.pool', 'id.identity', 'id.credentials', 'reset',
]);

export class StateFileError extends HarnessError {
  constructor(file: string, where: string, why: string) {
    super(
      `state file ${file} is damaged at ${where}: ${why}; nothing was changed`,
      'Move the state directory (or that file) aside and start again, or restore it from a backup; the emulator never rewrites a damaged state file',
      STATE_CORRUPT_EXIT_CODE,
    );
  }
}

type Header = { format: string; version: number; kind: string; gen: number; keys?: { syncTokens: string; openIdTokens: string } };

type ParsedFile = { header: Header; entries: Mutation[]; /** bytes of complete lines */ goodBytes: number; tornBytes: number };

/** Reads a state file line by line; torn tails are allowed only where `allowTornTail` says. */
function parseFile(file: string, kind: 'snapshot' | 'journal'): ParsedFile {
  const buf = readFileSync(file);
  const entries: Mutation[] = [];
  let header: Header | undefined;
  let offset = 0;
  let line = 1;
  let ended = false;
  for (; offset < buf.length; line++) {
    const where = `line ${line} (byte ${offset})`;
    if (ended) throw new StateFileError(file, where, 'data after the end marker');
    const decoded = decodeLine(buf, offset);
    if (decoded.kind === 'torn') {
      if (kind === 'journal' && header) return { header, entries, goodBytes: offset, tornBytes: buf.length - offset };
      throw new StateFileError(file, where, 'the file ends in the middle of this line');
    }
    if (decoded.kind === 'bad') throw new StateFileError(file, where, decoded.why);
    const value = decoded.value as Record<string, unknown>;
    if (!header) {
      if (value?.format !== STATE_FORMAT || value.kind !== kind) throw new StateFileError(file, where, `not a ${kind} of ${STATE_FORMAT}`);
      if (value.version !== STATE_VERSION) throw new StateFileError(file, where, `format version ${String(value.version)}, this harness reads version ${STATE_VERSION}`);
      if (!Number.isSafeInteger(value.gen)) throw new StateFileError(file, where, 'no generation number in the header');
      header = value as unknown as Header;
    } else if (kind === 'snapshot' && typeof value?.end === 'number') {
      if (value.end !== entries.length) throw new StateFileError(file, where, `end marker counts ${value.end} entries, the file holds ${entries.length}`);
      ended = true;
    } else {
      if (typeof value?.t !== 'string' || !MUTATION_TYPES.has(value.t)) throw new StateFileError(file, where, `unknown entry type ${JSON.stringify(value?.t)}`);
      entries.push(value as unknown as Mutation);
    }
    offset = decoded.end;
  }
  if (!header) throw new StateFileError(file, `line 1 (byte 0)`, 'the file is empty');
  if (kind === 'snapshot' && !ended) throw new StateFileError(file, `line ${line} (byte ${offset})`, 'the snapshot ends without its end marker (truncated)');
  return { header, entries, goodBytes: offset, tornBytes: 0 };
}

function fsyncDir(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a file whole and durably: temp file, fsync, rename, fsync the directory. */
function replaceFile(dir: string, name: string, lines: string[]): void {
  const temp = join(dir, `${name}.tmp`);
  const fd = openSync(temp, 'w', 0o600);
  try {
    // Chunks of about 1 MiB: one huge string would double the memory a snapshot needs.
    let chunk: string[] = [];
    let size = 0;
    for (const l of lines) {
      chunk.push(l);
      size += l.length;
      if (size >= 1 << 20) {
        writeSync(fd, chunk.join(''));
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length) writeSync(fd, chunk.join(''));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, name));
  fsyncDir(dir);
}

function takeLock(dir: string): void {
  const file = join(dir, LOCK);
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) {
      throw new HarnessError(`state directory ${dir} is in use by process ${pid}`, 'Stop that emulator first, or give this one another --state-dir');
    }
  }
  // A lock left by a process that died (kill -9) is taken over.
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type OpenedState = {
  keys: StateKeys;
  /** Everything to replay, snapshot first, in order. */
  entries: Mutation[];
  /** Lines printed once at start (a torn journal line that was cut off). */
  notices: string[];
  /** Begins journaling; `exportState` yields the images a snapshot holds. */
  start(exportState: () => Iterable<Mutation>): DurableJournal;
};

export type StateDirOptions = { compactBytes?: number };

/** Reads (or creates) a state directory. Throws StateFileError on damage, before changing any file. */
export function openStateDir(dir: string, opts: StateDirOptions = {}): OpenedState {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const snapshotFile = join(dir, SNAPSHOT);
  const journalFile = join(dir, JOURNAL);
  const hasSnapshot = existsSync(snapshotFile);
  const hasJournal = existsSync(journalFile);
  if (!hasSnapshot && hasJournal) {
    throw new StateFileError(journalFile, 'line 1 (byte 0)', `there is a journal but no ${SNAPSHOT} beside it`);
  }
  // Parse everything before touching anything (the lock file aside).
  const snapshot = hasSnapshot ? parseFile(snapshotFile, 'snapshot') : undefined;
  const journal = hasJournal ? parseFile(journalFile, 'journal') : undefined;
  let keys: StateKeys;
  if (snapshot) {
    const k = snapshot.header.keys;
    if (typeof k?.syncTokens !== 'string' || typeof k.openIdTokens !== 'string') throw new StateFileError(snapshotFile, 'line 1 (byte 0)', 'the header holds no token keys');
    keys = { syncTokens: Buffer.from(k.syncTokens, 'base64'), openIdTokens: Buffer.from(k.openIdTokens, 'base64') };
  } else {
    keys = { syncTokens: randomBytes(32), openIdTokens: randomBytes(32) };
  }
  const gen = snapshot?.header.gen ?? 0;
  if (journal && journal.header.gen > gen) {
    throw new StateFileError(journalFile, 'line 1 (byte 0)', `journal generation ${journal.header.gen} is newer than the snapshot's ${gen}`);
  }
  takeLock(dir);
  const notices: string[] = [];
  const current = journal && journal.header.gen === gen;
  const entries = [...(snapshot?.entries ?? []), ...(current ? journal.entries : [])];
  if (!snapshot) replaceFile(dir, SNAPSHOT, snapshotLines(gen, keys, []));
  if (!current) {
    // Absent, or left behind by a crash between writing a snapshot and its journal (all of it is in the snapshot).
    replaceFile(dir, JOURNAL, [encodeLine({ format: STATE_FORMAT, version: STATE_VERSION, kind: 'journal', gen })]);
  } else if (journal.tornBytes > 0) {
    notices.push(`state: cut a torn last line off ${journalFile} (${journal.tornBytes} bytes at byte ${journal.goodBytes}); a crash interrupted that write before it was acknowledged`);
    const fd = openSync(journalFile, 'r+');
    try {
      ftruncateSync(fd, journal.goodBytes);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
  return {
    keys, entries, notices,
    start: (exportState) => new DurableJournal(dir, gen, keys, exportState, opts.compactBytes ?? DEFAULT_COMPACT_BYTES),
  };
}

function snapshotLines(gen: number, keys: StateKeys, images: Iterable<Mutation>): string[] {
  const lines = [encodeLine({
    format: STATE_FORMAT, version: STATE_VERSION, kind: 'snapshot', gen,
    keys: { syncTokens: Buffer.from(keys.syncTokens).toString('base64'), openIdTokens: Buffer.from(keys.openIdTokens).toString('base64') },
  })];
  for (const m of images) lines.push(encodeLine(m));
  lines.push(encodeLine({ end: lines.length - 1 }));
  return lines;
}

type Batch = { promise: Promise<void>; resolve(): void; reject(e: unknown): void };

function batch(): Batch {
  let resolve!: () => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {}); // a failure reaches every waiter through durable(); none is left unhandled
  return { promise, resolve, reject };
}

/**
 * The journal of a running emulator. record() only queues a line; durable()
 * resolves once every line queued so far is written and fsync'd.
 */
export class DurableJournal implements Journal {
  private pending: string[] = [];
  private next: Batch | undefined;
  /** The batch being written; its promise rejects if the disk refuses it. */
  private current: Batch | undefined;
  private inFlight: Promise<void> | undefined;
  private handle: FileHandle | undefined;
  private opening: Promise<FileHandle>;
  private journalBytes = 0;
  private failure: unknown;
  private closed = false;

  constructor(
    private readonly dir: string,
    private gen: number,
    private readonly keys: StateKeys,
    private readonly exportState: () => Iterable<Mutation>,
    private readonly compactBytes: number,
  ) {
    this.opening = this.openJournal();
  }

  private async openJournal(): Promise<FileHandle> {
    const h = await open(join(this.dir, JOURNAL), 'a', 0o600);
    this.journalBytes = (await h.stat()).size;
    this.handle = h;
    return h;
  }

  record(m: Mutation): void {
    if (this.closed) throw new Error('state journal is closed');
    this.pending.push(encodeLine(m));
  }

  /** Resolves when everything recorded so far is on disk; rejects if the disk refused it. */
  durable(): Promise<void> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    // Nothing queued: this caller's lines, if any, are in the batch being written, or already on disk.
    if (this.pending.length === 0) return this.current?.promise ?? Promise.resolve();
    this.next ??= batch();
    const waiting = this.next.promise;
    this.kick();
    return waiting;
  }

  private kick(): void {
    if (!this.inFlight && this.pending.length > 0) {
      this.inFlight = this.flush().finally(() => {
        this.inFlight = undefined;
        this.current = undefined;
        this.kick();
      });
    }
  }

  private async flush(): Promise<void> {
    const lines = this.pending;
    const done = this.next ?? batch();
    this.current = done;
    this.pending = [];
    this.next = undefined;
    try {
      const h = this.handle ?? (await this.opening);
      const text = lines.join('');
      await h.appendFile(text); // writes it all (a bare write may stop short)
      await h.datasync();
      this.journalBytes += Buffer.byteLength(text);
      if (this.journalBytes > this.compactBytes) await this.compact();
      done.resolve();
    } catch (e) {
      // Memory now holds changes the disk may not: refuse to acknowledge anything from here on.
      this.failure = e;
      done.reject(e);
      (this.next as Batch | undefined)?.reject(e);
    }
  }

  /**
   * Snapshot of gen+1, then an empty journal of gen+1. Runs between batches.
   * Lines queued but not yet written are already applied in memory, so the
   * snapshot holds their effect; their waiters are answered once it is durable.
   */
  private async compact(): Promise<void> {
    const waiting = this.next;
    this.pending = [];
    this.next = undefined;
    try {
      const lines = snapshotLines(this.gen + 1, this.keys, this.exportState());
      await this.closeHandle();
      this.gen += 1;
      replaceFile(this.dir, SNAPSHOT, lines);
      replaceFile(this.dir, JOURNAL, [encodeLine({ format: STATE_FORMAT, version: STATE_VERSION, kind: 'journal', gen: this.gen })]);
      this.opening = this.openJournal();
      await this.opening;
    } catch (e) {
      waiting?.reject(e);
      throw e;
    }
    waiting?.resolve();
  }

  /**
   * Closes the journal file, waiting for an open still under way: a handle that
   * opens after close() would otherwise be left to the garbage collector.
   */
  private async closeHandle(): Promise<void> {
    const h = this.handle ?? (await this.opening.catch(() => undefined));
    this.handle = undefined;
    await h?.close();
  }

  /** Clean shutdown: flush, compact into a snapshot, close. A disk failure still closes the file, then rethrows. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      while (this.inFlight || this.pending.length > 0) {
        await this.durable();
        await this.inFlight;
      }
      this.closed = true;
      if (this.failure === undefined) await this.compact();
    } finally {
      this.closed = true;
      await this.closeHandle();
    }
    rmSync(join(this.dir, LOCK), { force: true });
  }
}
