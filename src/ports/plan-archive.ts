import type { PlanDocument } from '../core/plan/plan-document.js';

export interface PlanFiles {
  markdown: string;
  docx: string;
}

/** Keeps the drafts of a plan somewhere people can open them (files in local mode): Markdown and Word, in both languages. */
export interface PlanArchive {
  save(intakeId: string, plan: { ja: PlanDocument; en: PlanDocument }): Promise<{ ja: PlanFiles; en: PlanFiles }>;
  remove(intakeId: string): Promise<void>;
}
