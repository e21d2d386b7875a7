import { mkdir, open, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanDocument } from '../core/plan/plan-document.js';
import { planDocumentMarkdown } from '../core/plan/render-plan-markdown.js';
import { planDocxBuffer } from '../documents/plan-docx-on-demand.js';
import type { PlanArchive, PlanFiles } from '../ports/plan-archive.js';
import { writePrivateFile } from './private-file.js';

/** data/plans/<intake>.{ja,en}.md and .docx */
export class FilePlanArchive implements PlanArchive {
  constructor(private readonly dir: string) {}

  async save(intakeId: string, plan: { ja: PlanDocument; en: PlanDocument }): Promise<{ ja: PlanFiles; en: PlanFiles }> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    // A plan draft names the company and its contact: readable by the bot's account only.
    const write = async (doc: PlanDocument): Promise<PlanFiles> => {
      const files = this.paths(intakeId, doc.locale);
      await writePrivateFile(files.markdown, planDocumentMarkdown(doc));
      await writePrivateFile(files.docx, await planDocxBuffer(doc));
      return files;
    };
    return { ja: await write(plan.ja), en: await write(plan.en) };
  }

  paths(intakeId: string, locale: 'ja' | 'en'): PlanFiles {
    return { markdown: join(this.dir, `${intakeId}.${locale}.md`), docx: join(this.dir, `${intakeId}.${locale}.docx`) };
  }

  async remove(intakeId: string): Promise<void> {
    for (const locale of ['ja', 'en'] as const) {
      const files = this.paths(intakeId, locale);
      await overwriteAndRemove(files.markdown);
      await overwriteAndRemove(files.docx);
    }
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
