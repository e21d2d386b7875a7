import { z } from 'zod';
import { isGroup, type QuestionnaireDefinition } from '../core/questionnaire/definition.js';
import { isUnknown, type AnswerValue } from '../core/questionnaire/answer-value.js';
import type { Locale } from '../core/questionnaire/intake-state.js';
import type { Prompt } from '../core/messages.js';
import { isApplicable } from '../core/questionnaire/navigation.js';
import type { EngineInput } from '../core/questionnaire/advance.js';
import { handleInbound, type HandleInboundDeps, type Reply } from './handle-inbound.js';
import { recordDelivery } from './record-delivery.js';
import type { HandoffRepository } from '../ports/handoff-repository.js';

const scalar = z.union([z.string(), z.number(), z.boolean()]);
const answersFileSchema = z.record(
  z.string(),
  z.union([scalar, z.array(scalar), z.array(z.record(z.string(), z.union([scalar, z.array(scalar)])))]),
);
export type AnswersFile = z.infer<typeof answersFileSchema>;

export function parseAnswersFile(raw: unknown): { ok: true; value: AnswersFile } | { ok: false; problem: string } {
  const parsed = answersFileSchema.safeParse(raw);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `${issue?.path.map(String).join('.') || 'file'}: ${issue?.message ?? 'invalid'} (expected an object of question id → answer text, and lists of objects for groups)` };
}

export interface TranscriptLine {
  from: 'bot' | 'user';
  text: string;
}

export interface SimulationResult {
  intakeId: string | null;
  status: string;
  completed: boolean;
  answers: Record<string, unknown>;
  /** Answers typed as approximations or ranges ("約45名", "30〜50人"), by question id. */
  notes: Record<string, { approximate?: true; range?: [number, number] }>;
  unanswered: string[];
  transcript: TranscriptLine[];
  eligibility?: { status: string; reasons: { code: string; params: Record<string, string | number> }[] };
  region?: string | null;
  office?: string;
  readiness?: { score: number; band: string; rubricVersion: string; criteria: { id: string; points: number; max: number; status: string; evidence: string[]; gaps: string[] }[] };
  plan?: { ja: string; en: string };
  handoff?: { id: string; status: string } | null;
  /** Why the run stopped before the end: the question and the reason. */
  stopped?: { questionId: string; reason: 'missing_required' | 'invalid_answer' | 'turn_limit'; message: string };
}

/**
 * Drives the real engine through the same use case as the chat channels, answering each
 * prompt from the file as a person would type it.
 */
export async function simulate(
  deps: HandleInboundDeps & { handoffs?: HandoffRepository },
  file: AnswersFile,
  opts: { userId: string; locale: Locale; render: (reply: Reply) => string },
): Promise<SimulationResult> {
  const transcript: TranscriptLine[] = [];
  const send = async (input: EngineInput, said?: string) => {
    if (said !== undefined) transcript.push({ from: 'user', text: said });
    const reply = await handleInbound(deps, { channel: 'simulate', userId: opts.userId, locale: opts.locale, input, tracksDelivery: true });
    transcript.push({ from: 'bot', text: opts.render(reply) });
    await recordDelivery(deps, reply);
    return reply;
  };
  let reply = await send({ kind: 'start', locale: opts.locale });
  const answers = withInferredGates(reply.definition, file);
  let stopped: SimulationResult['stopped'];

  for (let turn = 0; ; turn++) {
    const prompt = lastPrompt(reply);
    if (!prompt) break;
    if (turn > 2000) {
      stopped = { questionId: prompt.questionId, reason: 'turn_limit', message: 'too many turns' };
      break;
    }
    const invalid = reply.outbound.find((o) => o.kind === 'invalid');
    // A refused message (over the length cap) would be refused again on every retry.
    if ((invalid || reply.refused) && turn > 0) {
      stopped = { questionId: prompt.fieldId ? `${prompt.questionId}.${prompt.fieldId}` : prompt.questionId, reason: 'invalid_answer', message: transcript[transcript.length - 1]?.text.split('\n')[0] ?? '' };
      break;
    }
    const next = answerFor(prompt, answers);
    if (next === undefined) {
      if (prompt.optional) {
        reply = await send({ kind: 'command', command: 'skip' }, 'skip');
        continue;
      }
      const id = prompt.fieldId ? `${prompt.questionId}.${prompt.fieldId}` : prompt.questionId;
      stopped = { questionId: id, reason: 'missing_required', message: `the answers file has no answer for required question "${id}"` };
      break;
    }
    reply = await send({ kind: 'text', text: next }, next);
  }

  const intake = reply.intake;
  const def = reply.definition;
  const assessment = intake && deps.handoffs ? await deps.handoffs.getAssessment(intake.id) : null;
  const handoff = intake && deps.handoffs ? await deps.handoffs.handoffForIntake(intake.id) : null;
  return {
    intakeId: intake?.id ?? null,
    status: intake?.status ?? 'deleted',
    completed: intake?.status === 'completed',
    answers: intake ? exportAnswers(intake.state.answers) : {},
    notes: intake?.state.notes ?? {},
    unanswered: intake
      ? def.questions.filter((q) => isApplicable(q, intake.state) && intake.state.answers[q.id] === undefined).map((q) => q.id)
      : [],
    transcript,
    ...(assessment
      ? {
          eligibility: { status: assessment.eligibility.status, reasons: assessment.eligibility.reasons },
          region: assessment.route.region,
          office: assessment.route.officeId,
          readiness: {
            score: assessment.readiness.score,
            band: assessment.readiness.band,
            rubricVersion: assessment.readiness.rubricVersion,
            criteria: assessment.readiness.criteria.map((c) => ({ id: c.id, points: c.points, max: c.max, status: c.status, evidence: c.evidence, gaps: c.gaps.map((g) => g.code) })),
          },
          plan: { ja: assessment.planJa, en: assessment.planEn },
          handoff: handoff ? { id: handoff.id, status: handoff.status } : null,
        }
      : {}),
    ...(stopped ? { stopped } : {}),
  };
}

const lastPrompt = (reply: Reply): Prompt | undefined => {
  const o = [...reply.outbound].reverse().find((x) => x.kind === 'prompt');
  return o?.kind === 'prompt' ? o.prompt : undefined;
};

function answerFor(prompt: Prompt, file: AnswersFile): string | undefined {
  const entry = file[prompt.questionId];
  if (prompt.purpose === 'group_more') {
    const wanted = Array.isArray(entry) ? entry.length : 0;
    return (prompt.items?.length ?? 0) < wanted ? 'yes' : 'no';
  }
  if (prompt.purpose === 'group_field') {
    const item = Array.isArray(entry) ? entry[(prompt.itemIndex ?? 1) - 1] : undefined;
    if (typeof item !== 'object' || item === null || Array.isArray(item) || !prompt.fieldId) return undefined;
    return asText(item[prompt.fieldId]);
  }
  if (prompt.purpose === 'confirm') return 'no';
  // "Did you mean …?": the simulated person means what the file says, so the first reading offered
  // is taken; the transcript shows the question and the yes, as a person would see them.
  if (prompt.purpose === 'suggest') return prompt.type === 'yes_no' ? 'yes' : '1';
  return asText(entry);
}

const asText = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.map(String).join(', ');
  return String(v);
};

/** A file that lists partners need not also say "yes, there are partners": the gate is implied. */
function withInferredGates(def: QuestionnaireDefinition, file: AnswersFile): AnswersFile {
  const out = { ...file };
  for (const q of def.questions) {
    if (!isGroup(q) || !q.when || !('equals' in q.when) || q.when.equals !== 'yes') continue;
    const items = out[q.id];
    if (out[q.when.question] === undefined && Array.isArray(items)) out[q.when.question] = items.length > 0 ? 'yes' : 'no';
  }
  return out;
}

/** Parsed values as integrations read them: "unknown" for "don't know yet". */
export function exportAnswers(answers: Record<string, AnswerValue>): Record<string, unknown> {
  const plain = (v: unknown): unknown =>
    isUnknown(v) ? 'unknown' : Array.isArray(v) ? v.map(plain) : typeof v === 'object' && v !== null ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v;
  return Object.fromEntries(Object.entries(answers).map(([k, v]) => [k, plain(v)]));
}
