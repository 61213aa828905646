#!/usr/bin/env node
// The package's bin. The harness is TypeScript run in place through tsx, so a
// fresh clone needs no build step before its first command.
import { register } from 'tsx/esm/api';

// The harness supports Node 20 on purpose (README); the SDK's Node-22 notice would break one-line errors.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
register();
const { needsSupervisor, supervise } = await import('../src/cli/supervise.ts');
if (needsSupervisor(process.argv)) {
  process.exitCode = await supervise(process.argv);
} else {
  const { main } = await import('../src/cli/main.ts');
  process.exitCode = await main(process.argv);
}
