// Flag values are checked before anything runs: a bad one gets one line and exit 2
// (commander's InvalidArgumentError, mapped in main.ts).
import { InvalidArgumentError } from 'commander';

/** A positive number of seconds, given as seconds on the command line, returned in ms. */
export function secondsFlag(flag: string, max = 86_400): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (!/^\d+(\.\d+)?$/.test(value.trim()) || !Number.isFinite(n) || n <= 0 || n > max) {
      throw new InvalidArgumentError(`${flag} takes a number of seconds above 0 and at most ${max}, not "${value}".`);
    }
    return Math.round(n * 1000);
  };
}

/** fast-check seeds are 32-bit integers. */
export function seedFlag(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < -(2 ** 31) || n >= 2 ** 32) {
    throw new InvalidArgumentError(`--seed takes an integer (a 32-bit fast-check seed), not "${value}".`);
  }
  return n;
}
