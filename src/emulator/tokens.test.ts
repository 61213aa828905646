import { describe, expect, it } from 'vitest';
import { createTokenCodec } from './tokens.ts';

const key = new Uint8Array(32).fill(7);

describe('token codec', () => {
  for (const opaque of [false, true]) {
    describe(opaque ? 'opaque spelling' : 'compact spelling', () => {
      it('reads its own token back, again and again (the second read from the verified memo), and only for its kind, scope and lifetime', () => {
        const codec = createTokenCodec(key, opaque);
        const token = codec.issue('records', 'p/i/d@0', { syncCount: 3, key: 'k' }, 1000);
        for (let i = 0; i < 2; i++) {
          expect(codec.read(token, 'records', 'p/i/d@0', 999)).toEqual({ syncCount: 3, key: 'k' });
          expect(codec.read(token, 'records', undefined, 999)).toEqual({ syncCount: 3, key: 'k' });
          expect(codec.read(token, 'session', 'p/i/d@0', 999)).toBeUndefined();
          expect(codec.read(token, 'records', 'p/i/other@0', 999)).toBeUndefined();
          expect(codec.read(token, 'records', 'p/i/d@0', 1001)).toBeUndefined();
        }
      });

      it('refuses a forged, tampered or foreign token, however often it is sent', () => {
        const codec = createTokenCodec(key, opaque);
        const foreign = createTokenCodec(new Uint8Array(32).fill(8), opaque).issue('session', 's', 0, 1000);
        const token = codec.issue('session', 's', 0, 1000);
        const tampered = token.replace(/.(?=\.)/, (c) => (c === 'A' ? 'B' : 'A'));
        for (let i = 0; i < 2; i++) {
          for (const bad of [foreign, tampered, 'forged', '', `${token}x`]) expect(codec.read(bad, 'session', 's', 0)).toBeUndefined();
        }
        expect(codec.read(token, 'session', 's', 0)).toBe(0);
      });

      it('stays right past the memo capacity: the oldest tokens are verified again, not lost', () => {
        const codec = createTokenCodec(key, opaque);
        const tokens = Array.from({ length: 5000 }, (_, i) => codec.issue('session', `s${i}`, i, 1000));
        for (const [i, t] of tokens.entries()) expect(codec.read(t, 'session', `s${i}`, 0)).toBe(i);
        expect(codec.read(tokens[0]!, 'session', 's0', 0)).toBe(0);
        expect(codec.read(tokens[0]!, 'session', 's1', 0)).toBeUndefined();
      });
    });
  }
});
