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

/** A number in [min, max] (integers only when asked), for rates, thresholds and counts. */
export function numberFlag(flag: string, min: number, max: number, integer = false): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new InvalidArgumentError(`${flag} takes ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not "${value}".`);
    }
    return n;
  };
}

/** One of a fixed list of names. */
export function oneOf(flag: string, names: readonly string[]): (value: string) => string {
  return (value) => {
    if (!names.includes(value)) throw new InvalidArgumentError(`${flag} takes one of ${names.join(', ')}, not "${value}".`);
    return value;
  };
}

/** A k6 duration such as 30s, 2m or 1h30m. */
export function durationFlag(value: string): string {
  if (!/^(\d+(\.\d+)?(ms|s|m|h))+$/.test(value)) throw new InvalidArgumentError(`--duration takes a k6 duration such as 30s, 2m or 1h30m, not "${value}".`);
  return value;
}
