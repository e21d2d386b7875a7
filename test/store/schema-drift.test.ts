import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * One Prisma schema has one provider, so SQLite and PostgreSQL each have their own schema and
 * migrations. The repositories are written once against one generated client's type
 * (src/store/database.ts), which is only sound while the two schemas say the same thing.
 */

const prismaDir = fileURLToPath(new URL('../../prisma/', import.meta.url));
const providers = ['sqlite', 'postgresql'] as const;
type Provider = (typeof providers)[number];

const schemaOf = (provider: Provider) => readFileSync(join(prismaDir, provider, 'schema.prisma'), 'utf8');

/**
 * Replaces the two lines allowed to differ with placeholders, after checking they say what
 * they must: `provider` inside `datasource db { }` and `output` inside `generator client { }`.
 */
function normalise(provider: Provider, text: string): string[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  let block: string | null = null;
  const seen = { provider: 0, output: 0 };
  const out = lines.map((line, i) => {
    const opening = /^\s*(datasource|generator)\s+(\w+)\s*\{/.exec(line);
    if (opening) {
      block = `${opening[1]} ${opening[2]}`;
      return line;
    }
    if (/^\s*\}/.test(line)) {
      block = null;
      return line;
    }
    if (block === 'datasource db' && /^\s*provider\s*=/.test(line)) {
      expect(line.trim(), `${provider}/schema.prisma line ${i + 1}`).toMatch(new RegExp(`^provider\\s*=\\s*"${provider}"$`));
      seen.provider++;
      return '<datasource provider>';
    }
    if (block === 'generator client' && /^\s*output\s*=/.test(line)) {
      expect(line.trim(), `${provider}/schema.prisma line ${i + 1}`).toMatch(
        new RegExp(`^output\\s*=\\s*"\\.\\./\\.\\./src/store/generated/${provider}"$`),
      );
      seen.output++;
      return '<generator output>';
    }
    return line;
  });
  expect(seen, `${provider}/schema.prisma: one datasource provider and one generator output`).toEqual({ provider: 1, output: 1 });
  return out;
}

/** The lines only in `a` (-) or only in `b` (+), by longest common subsequence; schemas are small. */
function lineDiff(a: string[], b: string[]): string[] {
  const lcs: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] = a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      i++;
      j++;
    } else if (j >= b.length || (i < a.length && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      out.push(`- sqlite line ${i + 1}:     ${a[i]}`);
      i++;
    } else {
      out.push(`+ postgresql line ${j + 1}: ${b[j]}`);
      j++;
    }
  }
  return out;
}

const migrationDirs = (provider: Provider) =>
  readdirSync(join(prismaDir, provider, 'migrations'), { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

describe('Prisma schemas for SQLite and PostgreSQL', () => {
  it('differ only in the datasource provider and the generated client’s output path', () => {
    const sqlite = normalise('sqlite', schemaOf('sqlite'));
    const postgresql = normalise('postgresql', schemaOf('postgresql'));
    const drift = lineDiff(sqlite, postgresql);
    expect(drift, `prisma/sqlite/schema.prisma and prisma/postgresql/schema.prisma have drifted:\n${drift.join('\n')}`).toEqual([]);
  });

  it('have migration folders with the same migration directory names', () => {
    const sqlite = migrationDirs('sqlite');
    const postgresql = migrationDirs('postgresql');
    expect(sqlite.length).toBeGreaterThan(0);
    const onlyIn = (a: string[], b: string[]) => a.filter((n) => !b.includes(n));
    expect(
      { onlyInSqlite: onlyIn(sqlite, postgresql), onlyInPostgresql: onlyIn(postgresql, sqlite) },
      'every migration must exist for both providers, under the same name',
    ).toEqual({ onlyInSqlite: [], onlyInPostgresql: [] });
  });

  it('have a migration.sql in every migration directory and a lock file naming the right provider', () => {
    for (const provider of providers) {
      const dir = join(prismaDir, provider, 'migrations');
      const missing = migrationDirs(provider).filter((name) => !existsSync(join(dir, name, 'migration.sql')));
      expect(missing, `${provider} migration directories without migration.sql`).toEqual([]);
      const lock = readFileSync(join(dir, 'migration_lock.toml'), 'utf8');
      expect(lock).toMatch(new RegExp(`^provider\\s*=\\s*"${provider}"\\s*$`, 'm'));
    }
  });
});
