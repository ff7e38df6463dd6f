import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cloneHashState, digests, freshHashState, HashingWriter, writeAll } from './hashing-writer.ts';

describe('HashingWriter', () => {
  it('computes the standard CRC32C check value for "123456789" (0xE3069283)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hash-'));
    const state = freshHashState();
    await writeAll([Buffer.from('1234'), Buffer.from('56789')], new HashingWriter(join(dir, 'f'), state));
    expect(Buffer.from(digests(state).crc32c, 'base64').toString('hex')).toBe('e3069283');
    expect(digests(state).md5Hash).toBe('JfnnlDI7RTiF9RgfG2JNCw==');
    expect(readFileSync(join(dir, 'f'), 'utf8')).toBe('123456789');
    rmSync(dir, { recursive: true });
  });

  it('continues a saved hash state across appends (resumable chunks)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hash-'));
    const state = freshHashState();
    await writeAll([Buffer.from('1234')], new HashingWriter(join(dir, 'f'), state));
    const copy = cloneHashState(state);
    await writeAll([Buffer.from('56789')], new HashingWriter(join(dir, 'f'), copy, true));
    expect(Buffer.from(digests(copy).crc32c, 'base64').toString('hex')).toBe('e3069283');
    expect(copy.size).toBe(9);
    expect(state.size).toBe(4);
    rmSync(dir, { recursive: true });
  });
});
