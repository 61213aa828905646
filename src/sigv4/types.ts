/** The primitives SigV4 needs, injected so the same code runs in Node and in k6. */
export type SigV4Crypto = {
  sha256Hex(data: string | Uint8Array): string;
  hmacSha256(key: Uint8Array | string, data: string): Uint8Array;
  /** The same HMAC as lowercase hex: the native hex encoder is far cheaper in k6 than a JS loop over the bytes. */
  hmacSha256Hex(key: Uint8Array | string, data: string): string;
};

export type HttpRequest = {
  method: string;
  /** host[:port] exactly as sent in the Host header. */
  host: string;
  /** Path as sent on the wire, already percent-encoded. */
  path: string;
  /** Raw query string without '?'; '' when there is none. */
  query: string;
  headers: Record<string, string>;
  body: string | Uint8Array;
};

export type SigningCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
