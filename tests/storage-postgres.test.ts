import { openTestDb } from './helpers/test-app';
import { storageContract } from './storage.contract';

// On CI's PostgreSQL (TEST_DATABASE_URL) or the run's embedded one: see tests/helpers/global-setup.ts.
storageContract('PostgreSQL', () => openTestDb());
