import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanArchive } from '../ports/plan-archive.js';
import { writePrivateFile } from './private-file.js';

/** data/plans/<intake>.{ja,en}.md */
export class FilePlanArchive implements PlanArchive {
  constructor(private readonly dir: string) {}

  async save(intakeId: string, markdown: { ja: string; en: string }): Promise<{ ja: string; en: string }> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const paths = { ja: join(this.dir, `${intakeId}.ja.md`), en: join(this.dir, `${intakeId}.en.md`) };
    // A plan draft names the company and its contact: readable by the bot's account only.
    for (const locale of ['ja', 'en'] as const) await writePrivateFile(paths[locale], markdown[locale]);
    return paths;
  }

  async remove(intakeId: string): Promise<void> {
    for (const locale of ['ja', 'en']) await overwriteAndRemove(join(this.dir, `${intakeId}.${locale}.md`));
  }
}

/**
 * Unlinking leaves the text in the freed blocks; on a file system that rewrites in place
 * (ext4, xfs) zeros written over it first take it off the disk. Copy-on-write file systems
 * and SSD wear levelling may still keep the old blocks (README, Privacy).
 */
async function overwriteAndRemove(path: string): Promise<void> {
  let file;
  try {
    file = await open(path, 'r+');
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return;
    throw err;
  }
  try {
    const { size } = await file.stat();
    if (size > 0) await file.write(Buffer.alloc(size), 0, size, 0);
    await file.sync();
  } finally {
    await file.close();
  }
  await rm(path, { force: true });
}
