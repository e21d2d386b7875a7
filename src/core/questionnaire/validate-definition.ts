import {
  definitionSchema,
  isGroup,
  type Condition,
  type FieldDefinition,
  type QuestionnaireDefinition,
} from './definition.js';

export type DefinitionCheck =
  | { ok: true; definition: QuestionnaireDefinition }
  | { ok: false; problems: string[] };

const choiceTypes = new Set(['choice', 'multi_choice']);

/**
 * Structural checks zod cannot express, each problem naming the bad question, so a broken
 * definition stops start-up with a message an office editor can act on.
 */
export function validateDefinition(raw: unknown): DefinitionCheck {
  const parsed = definitionSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      problems: parsed.error.issues.map((issue) => `${describePath(raw, issue.path)}: ${issue.message}`),
    };
  }
  const def = parsed.data;
  const problems: string[] = [];
  const seen = new Set<string>();
  const sections = new Set(def.sections);

  const checkField = (owner: string, field: FieldDefinition) => {
    if (choiceTypes.has(field.type)) {
      if (!field.choices) problems.push(`question "${owner}": a ${field.type} needs "choices"`);
      else if (!def.choiceSets[field.choices])
        problems.push(`question "${owner}": unknown choice set "${field.choices}"`);
      else
        for (const ex of field.exclusive ?? [])
          if (!def.choiceSets[field.choices]?.includes(ex))
            problems.push(`question "${owner}": exclusive choice "${ex}" is not in "${field.choices}"`);
    } else if (field.choices) {
      problems.push(`question "${owner}": "choices" is only for choice questions`);
    }
    if (field.min !== undefined && field.max !== undefined && field.min > field.max)
      problems.push(`question "${owner}": min is greater than max`);
  };

  const checkCondition = (owner: string, cond: Condition) => {
    if ('all' in cond) return cond.all.forEach((c) => checkCondition(owner, c));
    if ('any' in cond) return cond.any.forEach((c) => checkCondition(owner, c));
    if ('not' in cond) return checkCondition(owner, cond.not);
    // Branching may only look back: a condition on a later question could never be met
    // when the engine decides whether to ask.
    if (!seen.has(cond.question))
      problems.push(`question "${owner}": condition refers to "${cond.question}", which is not an earlier question`);
  };

  for (const q of def.questions) {
    if (seen.has(q.id)) problems.push(`question "${q.id}": duplicate id`);
    if (!sections.has(q.section)) problems.push(`question "${q.id}": unknown section "${q.section}"`);
    if (q.when) checkCondition(q.id, q.when);
    if (isGroup(q)) {
      const fieldIds = new Set<string>();
      for (const f of q.fields) {
        if (fieldIds.has(f.id)) problems.push(`question "${q.id}.${f.id}": duplicate field id`);
        fieldIds.add(f.id);
        checkField(`${q.id}.${f.id}`, f);
      }
      if (!q.fields[0]?.required) problems.push(`question "${q.id}": the first field of a group must be required`);
    } else {
      checkField(q.id, q);
    }
    seen.add(q.id);
  }
  for (const s of def.sections)
    if (!def.questions.some((q) => q.section === s)) problems.push(`section "${s}": has no questions`);

  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition: def };
}

/** Turns a zod path such as ["questions", 7, "type"] into `question "theme.novelty" (type)`. */
function describePath(raw: unknown, path: PropertyKey[]): string {
  if (path[0] === 'questions' && typeof path[1] === 'number' && isRecord(raw) && Array.isArray(raw.questions)) {
    const q: unknown = raw.questions[path[1]];
    const qid = isRecord(q) && typeof q.id === 'string' ? q.id : `#${path[1] + 1}`;
    const rest = path.slice(2).map(String).join('.');
    return `question "${qid}"${rest ? ` (${rest})` : ''}`;
  }
  return path.length > 0 ? path.map(String).join('.') : 'definition';
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
