import { programsConfigSchema, type ProgramsConfig } from './programs-schema.js';

export type ProgramsCheck = { ok: true; config: ProgramsConfig } | { ok: false; problems: string[] };

/** Schema plus the checks zod cannot express, each problem naming the program at fault. */
export function validatePrograms(raw: unknown): ProgramsCheck {
  const parsed = programsConfigSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((i) => `${describePath(raw, i.path)}: ${i.message}`) };
  }
  const config = parsed.data;
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const program of config.programs) {
    if (seen.has(program.id)) problems.push(`program "${program.id}": duplicate program id`);
    seen.add(program.id);
    // A PM asked about a closed route needs to say why it is closed, in both languages.
    if (!program.available && program.note === undefined)
      problems.push(`program "${program.id}": an unavailable program needs a "note" saying why`);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}

/** Turns a zod path such as ["programs", 2, "hints", "themes"] into `program "go_tech" (hints.themes)`. */
function describePath(raw: unknown, path: PropertyKey[]): string {
  if (path[0] !== 'programs' || typeof path[1] !== 'number') return path.length > 0 ? path.map(String).join('.') : 'programs file';
  const entry: unknown = isRecord(raw) && Array.isArray(raw.programs) ? raw.programs[path[1]] : undefined;
  const name = isRecord(entry) && typeof entry.id === 'string' ? `"${entry.id}"` : `#${path[1] + 1}`;
  const rest = path.slice(2).map(String).join('.');
  return `program ${name}${rest ? ` (${rest})` : ''}`;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
