import { describe, expect, it } from 'vitest';
import { hash, hashing } from '../../src/core/hash.js';

describe('content hashes', () => {
  it('tell parts apart, whatever their boundaries, and name text and its bytes alike', () => {
    expect(hash('ab', 'c')).not.toBe(hash('a', 'bc'));
    expect(hash('ab', 'c')).toBe(hash('ab', 'c'));
    expect(hash('key', new TextEncoder().encode('é text'))).toBe(hash('key', 'é text'));
  });

  it('of a file written in pieces is the hash of its whole text', () => {
    let digest = '';
    const pieces = [...hashing(['[\n', '  1,\n', '  2\n', ']\n'], (d) => (digest = d))];
    expect(pieces.join('')).toBe('[\n  1,\n  2\n]\n');
    expect(digest).toBe(hash('[\n  1,\n  2\n]\n'));
  });
});
