import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanArchive } from '../ports/plan-archive.js';

/** data/plans/<intake>.{ja,en}.md */
export class FilePlanArchive implements PlanArchive {
  constructor(private readonly dir: string) {}

  async save(intakeId: string, markdown: { ja: string; en: string }): Promise<{ ja: string; en: string }> {
    await mkdir(this.dir, { recursive: true });
    const paths = { ja: join(this.dir, `${intakeId}.ja.md`), en: join(this.dir, `${intakeId}.en.md`) };
    await writeFile(paths.ja, markdown.ja, 'utf8');
    await writeFile(paths.en, markdown.en, 'utf8');
    return paths;
  }

  async remove(intakeId: string): Promise<void> {
    await rm(join(this.dir, `${intakeId}.ja.md`), { force: true });
    await rm(join(this.dir, `${intakeId}.en.md`), { force: true });
  }
}
