import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PlanDocument } from '../core/plan/plan-document.js';
import { planDocumentMarkdown } from '../core/plan/render-plan-markdown.js';
import { planDocxBuffer } from '../documents/plan-docx.js';
import type { PlanArchive, PlanFiles } from '../ports/plan-archive.js';
import { writePrivateFile } from './private-file.js';


/** data/plans/<intake>.{ja,en}.md and .docx */
export class FilePlanArchive implements PlanArchive {
  constructor(private readonly dir: string) {}

  async save(intakeId: string, plan: { ja: PlanDocument; en: PlanDocument }): Promise<{ ja: PlanFiles; en: PlanFiles }> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
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
      await rm(files.markdown, { force: true });
      await rm(files.docx, { force: true });
    }
  }
}
