import type { PlanDraft } from './plan-draft.js';
import type { QuestionnaireDefinition } from '../questionnaire/definition.js';
import type { Locale } from '../questionnaire/intake-state.js';
import type { Text } from '../text.js';
import { buildPlanDocument, type PlanBlock, type PlanDocument } from './plan-document.js';

/**
 * 事業計画（案） as Markdown in one language: labels in that language, the company's own
 * words quoted as typed. Table cells are escaped so an answer cannot break the layout.
 */
export function renderPlanMarkdown(tr: Text, locale: Locale, def: QuestionnaireDefinition, plan: PlanDraft, programNames: Record<string, string>): string {
  return planDocumentMarkdown(buildPlanDocument(tr, locale, def, plan, programNames));
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function blockLines(b: PlanBlock): string[] {
  switch (b.kind) {
    case 'facts':
      return [...b.items.map((i) => `- ${i.label}: ${i.oneLine ? cell(i.value) : i.value}`), ''];
    case 'answer':
      return [`**${b.label}**`, '', b.typed ? b.text.split(/\r?\n/).map((l) => `> ${l}`).join('\n') : b.text, ''];
    case 'table':
      return [`| ${b.head.join(' | ')} |`, `|${b.head.map(() => '---').join('|')}|`, ...b.rows.map((r) => `| ${r.map(cell).join(' | ')} |`), ''];
    case 'paragraph':
      return [b.text, ''];
    case 'list':
      return [...b.items.map((i) => `- ${i}`), ''];
  }
}

export function planDocumentMarkdown(doc: PlanDocument): string {
  const lines: string[] = [`# ${doc.title}`, '', `_${doc.disclaimer}_`, ''];
  for (const s of doc.sections) lines.push(`## ${s.number}. ${s.heading}`, ...s.blocks.flatMap(blockLines));
  lines.push(`_${doc.footer}_`, '');
  return lines.join('\n');
}
