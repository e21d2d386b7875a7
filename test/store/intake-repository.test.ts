import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { openDatabase } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { PrismaIntakeRepository } from '../../src/store/prisma-intake-repository.js';
import { MemoryIntakeRepository } from '../fakes/memory-intake-repository.js';
import { createTestDatabase, postgresForTests } from '../support/postgres.js';
import { describeIntakeRepositoryContract } from './intake-repository-contract.js';

const pg = await postgresForTests();

describeIntakeRepositoryContract('MemoryIntakeRepository', async () => ({
  repo: new MemoryIntakeRepository(),
  teardown: async () => undefined,
}));

describeIntakeRepositoryContract('PrismaIntakeRepository on SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'renkei-contract-'));
  const database = await openDatabase(`file:${join(dir, 'contract.db')}`);
  try {
    await migrate(database);
  } catch (err) {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    repo: new PrismaIntakeRepository(database.db),
    teardown: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe.runIf(pg.available)('on PostgreSQL', () => {
  describeIntakeRepositoryContract('PrismaIntakeRepository on PostgreSQL', async () => {
    const testDb = await createTestDatabase();
    const database = await openDatabase(testDb.url).catch(async (err: unknown) => {
      await testDb.drop();
      throw err;
    });
    const teardown = async () => {
      try {
        await database.close();
      } finally {
        await testDb.drop();
      }
    };
    try {
      await migrate(database);
    } catch (err) {
      await teardown();
      throw err;
    }
    return { repo: new PrismaIntakeRepository(database.db), teardown };
  });
});
