// One list of exit codes for --help and the README (a test keeps the README in step).
/** The exit codes a CI job can rely on; --help and the README list them. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    every check passed
  1    the target failed checks
  2    usage or configuration error (bad flag or value, missing credentials)
  3    target or Pact broker unreachable or not answering, or no pacts to verify (also: the run watchdog --timeout fired)
  4    inconclusive: capacity not measured, the load generator saturated first
  5    emulator --state-dir: a state file is damaged; the start was refused and nothing changed
  130  interrupted (Ctrl-C or SIGTERM)`;

/** capacity: the load generator, not the target, was the bottleneck; no capacity figure. */
export const EXIT_INCONCLUSIVE = 4;
