// Operator endpoints for using the emulator as a local backend, in the spirit
// of LocalStack's /_localstack/health and moto's /moto-api/reset: health,
// reset and a state dump. They live under a prefix no Cognito operation can
// reach (Cognito Sync paths start with /identitypools, Cognito Identity is
// POST /), need no signature, and see no fault or variant switch.

import { ERROR_TYPE_HEADER } from '../model/errors.ts';
import type { WireRequest, WireResponse } from './types.ts';

export const OPERATOR_PREFIX = '/_emulator';

export type OperatorActions = {
  version: string;
  /** Drops every pool, identity, dataset, record and setting. */
  reset(): void;
  /** A JSON-ready picture of the state. */
  state(): object;
};

export function isOperatorPath(path: string): boolean {
  return path === OPERATOR_PREFIX || path.startsWith(`${OPERATOR_PREFIX}/`);
}

const json = (status: number, body: object, extra: Record<string, string> = {}): WireResponse => ({
  status, headers: { 'content-type': 'application/json', ...extra }, body: JSON.stringify(body),
});

export function operatorEndpoint(actions: OperatorActions): (req: WireRequest) => WireResponse {
  const routes: Record<string, () => WireResponse> = {
    'GET /_emulator/health': () => json(200, { status: 'ok', version: actions.version }),
    'POST /_emulator/reset': () => {
      actions.reset();
      return json(200, { status: 'reset' });
    },
    'GET /_emulator/state': () => json(200, actions.state()),
  };
  return (req) => {
    const path = req.path.length > 1 && req.path.endsWith('/') ? req.path.slice(0, -1) : req.path;
    const route = routes[`${req.method} ${path}`];
    if (route) return route();
    const known = Object.keys(routes).join(', ');
    return json(404, { message: `No operator endpoint at ${req.method} ${req.path.slice(0, 200)}; there are: ${known}` }, { [ERROR_TYPE_HEADER]: 'UnknownOperationException' });
  };
}
