import { openTestDb } from './helpers/test-app';
import { storageContract } from './storage.contract';

storageContract('PGlite (in memory)', () => openTestDb('pglite'));
