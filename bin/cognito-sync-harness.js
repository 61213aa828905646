#!/usr/bin/env node
// The package's bin. The harness is TypeScript run in place through tsx, so a
// fresh clone needs no build step before its first command.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv);
