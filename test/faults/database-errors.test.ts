import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { DB_CONNECTION_FAILED, DB_PING_TIMEOUT, isDatabaseUnavailable } from '../../src/store/database-errors.js';
import { ConnectorError } from '../../src/channels/teams/connector-retry.js';
import { LineApiError } from '../../src/channels/line/line-sender.js';
import { failureKind } from '../../src/channels/failure-kind.js';
import { openDatabase, type Database } from '../../src/store/database.js';
import { migrate } from '../../src/store/migrate.js';
import { adminUrl, createTestDatabase, postgresForTests, type TestDatabase } from '../support/postgres.js';
import { startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';

/**
 * The classifier against the errors Prisma's driver adapters really throw: each fault is
 * produced (a locked SQLite file, PostgreSQL refusing, resetting, hanging, shutting a
 * session down) and what reaches the caller must read as "unavailable"; a bad request must not.
 */

const pg = await postgresForTests();

/** What `fn` rejects with; fails the test when it resolves. */
async function failure(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a failure');
}

const dir = mkdtempSync(join(tmpdir(), 'renkei-dberr-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const opened: Database[] = [];
afterEach(async () => {
  for (const d of opened.splice(0)) await d.close();
});

describe('isDatabaseUnavailable on SQLite', () => {
  it('a write blocked past the busy timeout is unavailable; constraint and syntax errors are not', async () => {
    const url = `file:${join(dir, 'locked.db')}`;
    const app = await openDatabase(url, { busyTimeoutMs: 50 });
    opened.push(app);
    await migrate(app);
    const other = await openDatabase(url, { busyTimeoutMs: 0 });
    opened.push(other);
    await other.db.$executeRawUnsafe('BEGIN EXCLUSIVE');
    const started = Date.now();
    const busy = await failure(() => app.db.person.create({ data: { id: 'pe_1', channel: 'slack', externalId: 'U1' } }));
    const waited = Date.now() - started;
    const busyInTransaction = await failure(() => app.db.$transaction(async (tx) => tx.person.create({ data: { id: 'pe_2', channel: 'slack', externalId: 'U2' } })));
    const busyRaw = await failure(() => app.db.$executeRawUnsafe(`DELETE FROM "Person" WHERE "id" = 'none'`));
    await other.db.$executeRawUnsafe('COMMIT');

    expect(busy).toMatchObject({ code: 'P1008' });
    expect(waited).toBeGreaterThanOrEqual(40);
    for (const err of [busy, busyInTransaction, busyRaw]) expect(isDatabaseUnavailable(err)).toBe(true);

    // The same connection works again once the other writer is done: nothing to reset.
    await app.db.person.create({ data: { id: 'pe_4', channel: 'slack', externalId: 'U4' } });
    const duplicate = await failure(() => app.db.person.create({ data: { id: 'pe_4', channel: 'slack', externalId: 'U5' } }));
    const syntax = await failure(() => app.db.$queryRawUnsafe('SELEC 1'));
    expect(duplicate).toMatchObject({ code: 'P2002' });
    for (const err of [duplicate, syntax]) expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

describe('isDatabaseUnavailable on shapes the drivers produce', () => {
  it.each([
    ['a refused socket', Object.assign(new Error('connect'), { code: 'ECONNREFUSED', errno: -111, syscall: 'connect' })],
    ['both addresses of a dual-stack connect refused', new AggregateError([Object.assign(new Error('a'), { code: 'ECONNREFUSED' })], 'all failed')],
    ['PostgreSQL starting up', Object.assign(new Error('starting'), { code: '57P03', severity: 'FATAL' })],
    ['a connection failure SQLSTATE', Object.assign(new Error('x'), { code: '08006' })],
    ['an extended SQLite busy code', Object.assign(new Error('x'), { code: 'SQLITE_BUSY_SNAPSHOT' })],
    ['a table locked in shared cache', Object.assign(new Error('x'), { code: 'SQLITE_LOCKED_SHAREDCACHE' })],
    ['a driver adapter error under Prisma meta', { code: 'P2010', meta: { driverAdapterError: { name: 'DriverAdapterError', cause: { kind: 'ConnectionClosed' } } } }],
    ['a cause chain', new Error('outer', { cause: new Error('inner', { cause: Object.assign(new Error('x'), { code: DB_CONNECTION_FAILED }) }) })],
  ])('unavailable: %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a unique violation', Object.assign(new Error('x'), { code: 'P2002' })],
    ['a protocol violation (a bug, not an outage)', Object.assign(new Error('x'), { code: '08P01' })],
    ['a PostgreSQL unique violation', { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'UniqueConstraintViolation', originalCode: '23505' } } } }],
    ['a Slack platform error', Object.assign(new Error('x'), { code: 'slack_webapi_platform_error', data: { error: 'channel_not_found' } })],
    ['a TypeError', new TypeError('x is not a function')],
    ['nothing useful', null],
    ['a string', 'ECONNREFUSED'],
    // Issue 14: a reset from a chat platform was logged as a database outage.
    ['the Teams Connector resetting the connection', new ConnectorError('teams_econnreset', null, 1, { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) })],
    ['LINE\'s API resetting the connection', new LineApiError('line_network', null, 3, { cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })],
    ['a Slack Web API request error', Object.assign(new Error('x'), { code: 'slack_webapi_request_error', original: Object.assign(new Error('reset'), { code: 'ECONNRESET' }) })],
  ])('not unavailable: %s', (_name, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it('logs a platform failure as a transport failure and a database outage as such', () => {
    const reset = new ConnectorError('teams_econnreset', null, 1, { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    expect(failureKind(reset, isDatabaseUnavailable(reset))).toEqual({ transport: 'failed' });
    const refused = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    expect(failureKind(refused, isDatabaseUnavailable(refused))).toEqual({ database: 'unavailable' });
    expect(failureKind(new TypeError('bug'), false)).toEqual({});
  });

  it('stops on a cyclic cause chain', () => {
    const a: { code: string; cause?: unknown } = { code: 'x' };
    a.cause = { cause: a };
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});

describe.runIf(pg.available)('isDatabaseUnavailable on PostgreSQL behind a TCP proxy', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let app: Database;
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('refused, reset and hung connections, read timeouts and a terminated session are unavailable; the pool recovers each time without reopening', async () => {
    db = await createTestDatabase();
    const target = new URL(adminUrl());
    proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    app = await openDatabase(throughProxy(db.url, proxy), { connectTimeoutMs: 400, queryTimeoutMs: 600 });
    await migrate(app);
    const count = () => app.db.person.count();
    await count();

    const seen: Record<string, unknown[]> = {};
    for (const mode of ['refuse', 'reset', 'blackhole'] as const) {
      await proxy.cut(mode);
      // Let the pool see its cut connections go, so each call below opens a new one.
      await new Promise((r) => setTimeout(r, 100));
      seen[mode] = [
        await failure(count),
        await failure(() => app.db.$queryRawUnsafe('SELECT 1')),
        await failure(() => app.db.$transaction(async (tx) => tx.person.count())),
      ];
      await proxy.restore();
      expect(await count()).toBe(0);
    }
    expect(seen.refuse?.[0]).toMatchObject({ code: 'P1001' });
    // pg's own connect timeout has no code; database.ts gives it one.
    expect(seen.blackhole?.[0]).toMatchObject({ code: DB_CONNECTION_FAILED });
    for (const [mode, errors] of Object.entries(seen)) for (const err of errors) expect(isDatabaseUnavailable(err), mode).toBe(true);

    const readTimeout = await failure(() => app.db.$queryRawUnsafe('SELECT pg_sleep(2)'));
    expect(readTimeout).toMatchObject({ code: DB_CONNECTION_FAILED });
    expect(isDatabaseUnavailable(readTimeout)).toBe(true);
    expect(await count()).toBe(0);

    const terminated = await failure(() => app.db.$queryRawUnsafe('SELECT pg_terminate_backend(pg_backend_pid())'));
    expect(isDatabaseUnavailable(terminated)).toBe(true);
    expect(await count()).toBe(0);

    await app.db.person.create({ data: { id: 'pe_pg', channel: 'slack', externalId: 'UPG' } });
    const duplicate = await failure(() => app.db.person.create({ data: { id: 'pe_pg', channel: 'slack', externalId: 'UPG2' } }));
    const syntax = await failure(() => app.db.$queryRawUnsafe('SELEC 1'));
    for (const err of [duplicate, syntax]) expect(isDatabaseUnavailable(err)).toBe(false);
  });

  it('ping gives up after its own timeout while the server hangs, with a code the classifier knows', async () => {
    await proxy.cut('blackhole');
    // The pool notices its cut connections first, so the ping has to open a new one, which hangs.
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const err = await failure(() => app.ping(150));
    const took = Date.now() - started;
    await proxy.restore();
    expect(err).toMatchObject({ code: DB_PING_TIMEOUT });
    expect(took).toBeLessThan(400);
    expect(isDatabaseUnavailable(err)).toBe(true);
    await app.ping(2_000);
  });
});
