import { createHash, createHmac } from 'node:crypto';
import type { SigV4Crypto } from './types.ts';

export const nodeCrypto: SigV4Crypto = {
  sha256Hex: (data) => createHash('sha256').update(data).digest('hex'),
  hmacSha256: (key, data) => createHmac('sha256', key).update(data).digest(),
  hmacSha256Hex: (key, data) => createHmac('sha256', key).update(data).digest('hex'),
};
