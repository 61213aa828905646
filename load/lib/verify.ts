// k6 checks with a reason: every check goes through here, and the first
// failure of each check in a VU is logged (one JSON line on the console) so
// that the result line can say what differed. Also the iteration guard: an
// exception is counted as a crash and never escapes into k6.
import { check } from 'k6';
import { Counter } from 'k6/metrics';

// k6 has a console; its type definitions leave it out.
declare const console: { warn(...args: unknown[]): void };

export const iterationErrors = new Counter('csh_iteration_errors');

// Per VU: checks whose failure was already logged (the count is in the summary).
const logged = new Set<string>();
let crashesLogged = 0;

/** Records one check; `why` says what differed and its basis, and is built only on failure. */
export function verify(name: string, ok: boolean, why: () => string): boolean {
  check(null, { [name]: () => ok });
  if (!ok && !logged.has(name)) {
    logged.add(name);
    console.warn(JSON.stringify({ csh: 'check-failed', check: name, why: why() }));
  }
  return ok;
}

/** Runs one iteration; an exception is a crash of the scenario, counted, not thrown. */
export function guarded(iteration: () => void): () => void {
  return () => {
    try {
      iteration();
    } catch (e) {
      iterationErrors.add(1);
      if (crashesLogged++ < 3) console.warn(JSON.stringify({ csh: 'iteration-error', why: e instanceof Error ? `${e.message}${e.stack ? ` ${e.stack.split('\n')[1]?.trim() ?? ''}` : ''}` : String(e) }));
    }
  };
}
