// The k6 side of the injected crypto, on k6/crypto. Imported by k6 bundles only.
import { hmac, sha256 } from 'k6/crypto';
import type { SigV4Crypto } from './types.ts';

export const k6Crypto: SigV4Crypto = {
  sha256Hex: (data) => sha256(typeof data === 'string' ? data : (data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer), 'hex'),
  hmacSha256: (key, data) => {
    const k = typeof key === 'string' ? key : (key.buffer.slice(key.byteOffset, key.byteOffset + key.byteLength) as ArrayBuffer);
    return new Uint8Array(hmac('sha256', k, data, 'binary'));
  },
};
