// The k6 side of the injected crypto, on k6/crypto. Imported by k6 bundles only.
import { hmac, sha256 } from 'k6/crypto';
import type { SigV4Crypto } from './types.ts';

// k6/crypto takes an ArrayBuffer, not a view. A view over a whole buffer (what
// hmacSha256 returns, so every derived signing key) is passed without a copy.
const bufferOf = (b: Uint8Array): ArrayBuffer =>
  (b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? b.buffer : b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)) as ArrayBuffer;

export const k6Crypto: SigV4Crypto = {
  sha256Hex: (data) => sha256(typeof data === 'string' ? data : bufferOf(data), 'hex'),
  hmacSha256: (key, data) => new Uint8Array(hmac('sha256', typeof key === 'string' ? key : bufferOf(key), data, 'binary')),
  hmacSha256Hex: (key, data) => hmac('sha256', typeof key === 'string' ? key : bufferOf(key), data, 'hex'),
};
