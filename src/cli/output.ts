// Where the harness's own output goes: fd 3 under the supervisor (fd 1 belongs to the
// Pact verifier there, see supervise.ts), else stdout.
import { writeSync } from 'node:fs';

export function harnessOutput(env: NodeJS.ProcessEnv = process.env): (text: string) => void {
  const fd = Number(env.CSH_OUT_FD);
  if (Number.isInteger(fd) && fd > 2) return (text) => void writeSync(fd, text);
  return (text) => void process.stdout.write(text);
}
