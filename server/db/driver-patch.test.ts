import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DRIVER_PATCH_MARK, driverConnectionFile, driverPatched } from './driver-patch';

describe('driverPatched', () => {
  it('finds the patch in the installed driver (npm ci applied patches/)', () => {
    expect(driverConnectionFile()).toMatch(/postgres[\\/]src[\\/]connection\.js$/);
    expect(driverPatched()).toBe(true);
  });

  it('reports an unpatched or missing file', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'driver-'));
    const plain = path.join(dir, 'connection.js');
    writeFileSync(plain, 'function nextWrite(fn) { const x = socket.write(chunk, fn) }');
    expect(driverPatched(plain)).toBe(false);
    writeFileSync(plain, `// ${DRIVER_PATCH_MARK}\n`);
    expect(driverPatched(plain)).toBe(true);
    expect(driverPatched(path.join(dir, 'absent.js'))).toBe(false);
  });
});
