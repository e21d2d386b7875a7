import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, providerOfClient, type Db } from '../../src/store/database.js';
import { createTestDatabase, postgresForTests } from '../support/postgres.js';

/** The intake repository writes raw SQL for the provider its client was opened for (issue 13 point 5). */
const pg = await postgresForTests();

describe('providerOfClient', () => {
  it('names SQLite for a client openDatabase opened on a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'renkei-provider-'));
    const database = await openDatabase(`file:${join(dir, 'p.db')}`);
    try {
      expect(providerOfClient(database.db)).toBe('sqlite');
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(pg.available)('names PostgreSQL for a client openDatabase opened on a postgresql URL', async () => {
    const testDb = await createTestDatabase();
    try {
      const database = await openDatabase(testDb.url);
      try {
        expect(providerOfClient(database.db)).toBe('postgresql');
      } finally {
        await database.close();
      }
    } finally {
      await testDb.drop();
    }
  });

  it('refuses a client it did not open rather than guess its SQL dialect', () => {
    // A stand-in object: only its identity matters to the lookup.
    const stranger = {} as unknown as Db;
    expect(() => providerOfClient(stranger)).toThrow(/not opened by openDatabase/);
  });
});
