import { z } from 'zod';
import type { ChannelMessages, EventLedger, StoredChannelMessage } from '../ports/channel-state.js';
import type { Db } from './database.js';
import { newId } from './ids.js';

export class PrismaEventLedger implements EventLedger {
  constructor(private readonly db: Db) {}

  async firstTime(id: string, source: string, now: Date): Promise<boolean> {
    // The primary key decides: of two replicas inserting the same id, one insert fails.
    try {
      await this.db.processedEvent.create({ data: { id: `${source}:${id}`, source, createdAt: now } });
      return true;
    } catch (err) {
      if (isUniqueViolation(err)) return false;
      throw err;
    }
  }
}

const address = z.record(z.string(), z.unknown());

export class PrismaChannelMessages implements ChannelMessages {
  constructor(private readonly db: Db) {}

  async get(kind: string, key: string, channel: string): Promise<Record<string, unknown> | null> {
    const row = await this.db.channelMessage.findUnique({ where: { kind_key_channel: { kind, key, channel } } });
    return row ? address.parse(row.address) : null;
  }

  async put(kind: string, key: string, channel: string, value: Record<string, unknown>, now: Date): Promise<void> {
    const json = JSON.parse(JSON.stringify(value)) as Parameters<Db['channelMessage']['create']>[0]['data']['address'];
    await this.db.channelMessage.upsert({
      where: { kind_key_channel: { kind, key, channel } },
      create: { id: newId('cm'), kind, key, channel, address: json, createdAt: now, updatedAt: now },
      update: { address: json, updatedAt: now },
    });
  }

  async remove(kind: string, key: string, channel: string): Promise<void> {
    await this.db.channelMessage.deleteMany({ where: { kind, key, channel } });
  }

  async list(key: string): Promise<StoredChannelMessage[]> {
    const rows = await this.db.channelMessage.findMany({ where: { OR: [{ key }, { key: { startsWith: `${key}:` } }] }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
    // SQLite's LIKE ignores ASCII case and reads `_` as a wildcard: keep exact prefixes only.
    return rows.filter((r) => r.key === key || r.key.startsWith(`${key}:`)).map((r) => ({ kind: r.kind, key: r.key, channel: r.channel, address: address.parse(r.address), createdAt: r.createdAt, updatedAt: r.updatedAt }));
  }
}

const isUniqueViolation = (err: unknown) => typeof err === 'object' && err !== null && 'code' in err && err.code === 'P2002';
