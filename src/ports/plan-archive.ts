/** Keeps the Markdown drafts of a plan somewhere people can open them (files in local mode). */
export interface PlanArchive {
  save(intakeId: string, markdown: { ja: string; en: string }): Promise<{ ja: string; en: string }>;
  remove(intakeId: string): Promise<void>;
}
