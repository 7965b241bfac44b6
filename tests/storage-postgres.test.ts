import { describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL } from './helpers/postgres';
import { openTestDb } from './helpers/test-app';
import { storageContract } from './storage.contract';

// The PostgreSQL run needs a server: CI sets TEST_DATABASE_URL (see .ci/run). Without it this file checks
// only that the suite knows why it has nothing to run against, and says so in the output.
if (TEST_DATABASE_URL) {
  storageContract('PostgreSQL', () => openTestDb('postgres'));
} else {
  describe('storage contract: PostgreSQL', () => {
    it('needs TEST_DATABASE_URL to run against PostgreSQL', () => {
      console.warn('TEST_DATABASE_URL is not set: the PostgreSQL storage contract did not run.');
      expect(TEST_DATABASE_URL).toBeUndefined();
    });
  });
}
