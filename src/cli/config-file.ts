// The config file: `--config FILE`, else cognito-sync-harness.config.json in the working
// directory when present. Flags override it, and it overrides the environment (it fills
// the options the command line left unset, and the environment is read only for what is
// still unset). Its values go through the same parsers as the flags, so they are refused
// the same way: one line, exit 2.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command, Option } from 'commander';
import { HarnessError } from '../harness-error.ts';

export const DEFAULT_CONFIG_FILE = 'cognito-sync-harness.config.json';

/** Every key any command takes from the file; `load` holds the load command's own keys. */
const KNOWN = new Set(['target', 'region', 'identityPoolId', 'credentialMode', 'allowAws', 'requestTimeout', 'suite', 'seed', 'timeout', 'reportDir', 'verbose', 'load',
  // contracts verify from a Pact Broker (never `publish`: publishing is asked for on the command line only)
  'broker', 'consumerVersionSelectors', 'includeWipSince', 'pending']);
const LOAD_KEYS = new Set(['profile', 'rate', 'rateCap', 'duration', 'p95', 'p99', 'errorRate']);

export function applyConfigFile(cmd: Command, cwd = process.cwd()): string | undefined {
  if (!cmd.options.some((o) => o.attributeName() === 'config')) return undefined;
  const given = cmd.getOptionValue('config') as string | undefined;
  const file = given ? resolve(cwd, given) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (given) throw new HarnessError(`--config ${given}: no such file`, 'Pass an existing file, or copy cognito-sync-harness.config.sample.json');
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new HarnessError(`${file} is not valid JSON (${e instanceof Error ? e.message : String(e)})`, 'Fix the file; cognito-sync-harness.config.sample.json shows the format');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new HarnessError(`${file} must hold a JSON object`, 'See cognito-sync-harness.config.sample.json');
  const values = parsed as Record<string, unknown>;
  for (const key of Object.keys(values)) {
    if (!key.startsWith('$') && !KNOWN.has(key)) throw new HarnessError(`${file}: unknown key "${key}"`, `Use any of: ${[...KNOWN].join(', ')}`);
  }
  const load = values.load;
  if (load !== undefined && (typeof load !== 'object' || load === null || Array.isArray(load))) throw new HarnessError(`${file}: "load" must be an object`, 'See cognito-sync-harness.config.sample.json');
  for (const key of Object.keys((load ?? {}) as object)) {
    if (!LOAD_KEYS.has(key)) throw new HarnessError(`${file}: unknown key "load.${key}"`, `Use any of: ${[...LOAD_KEYS].join(', ')}`);
  }
  const own = cmd.name() === 'load' ? { ...values, ...(load as Record<string, unknown> | undefined) } : values;
  for (const option of cmd.options) {
    const key = option.attributeName();
    if (!(key in own) || key === 'config' || key === 'load') continue;
    const source = cmd.getOptionValueSource(key);
    if (source === 'cli') continue;
    cmd.setOptionValueWithSource(key, parse(option, own[key], `${file}: "${key}"`), 'config');
  }
  return file;
}

function parse(option: Option, value: unknown, where: string): unknown {
  if (option.isBoolean() || option.negate) {
    if (typeof value !== 'boolean') throw new HarnessError(`${where} must be true or false, not ${JSON.stringify(value)}`, 'Fix the config file');
    return value;
  }
  // A structured value (consumer version selectors) goes through the flag's parser as the JSON the flag takes.
  const parseJson = (option as Option & { parseArg?: unknown }).parseArg !== undefined && value !== null && typeof value === 'object';
  if (parseJson) value = JSON.stringify(value);
  if (typeof value !== 'string' && typeof value !== 'number') throw new HarnessError(`${where} must be a string or a number, not ${JSON.stringify(value)}`, 'Fix the config file');
  const text = String(value);
  const choices = (option as Option & { argChoices?: string[] }).argChoices;
  if (choices && !choices.includes(text)) throw new HarnessError(`${where} must be one of ${choices.join(', ')}, not "${text}"`, 'Fix the config file');
  const parseArg = (option as Option & { parseArg?: (v: string, previous: unknown) => unknown }).parseArg;
  if (!parseArg) return option.variadic ? [text] : text;
  try {
    return parseArg(text, undefined);
  } catch (e) {
    throw new HarnessError(`${where}: ${e instanceof Error ? e.message.replace(/\.$/, '') : String(e)}`, 'Fix the config file');
  }
}
