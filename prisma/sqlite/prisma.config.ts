import type { PrismaConfig } from 'prisma';

// Prisma 6.19's CLI downloads a native engine unless it runs the JS engine through a
// driver adapter whose provider matches the schema; hence one config per provider.
// The datasource needs a url even for `generate`, or the CLI falls back to the download.
process.env.RENKEI_PRISMA_URL ??= 'file:../../data/renkei.db';

export default {
  experimental: { adapter: true },
  engine: 'js',
  schema: './schema.prisma',
  async adapter() {
    const { PrismaBetterSQLite3 } = await import('@prisma/adapter-better-sqlite3');
    return new PrismaBetterSQLite3({ url: process.env.RENKEI_PRISMA_URL });
  },
} satisfies PrismaConfig;
