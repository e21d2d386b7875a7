import type { Handoff, HandoffEvent } from '../handoff/handoff.js';
import type { Locale } from '../questionnaire/intake-state.js';
import type { Assessment } from '../handoff/assessment.js';
import type { Text } from '../text.js';

export interface HandoffBriefInput {
  handoff: Handoff;
  assessment: Assessment;
  company: string;
  officeName: string;
  pmName: (pmId: string | null) => string;
  events?: HandoffEvent[];
}

/** What a PM receives: who, where, how ready (per criterion), the top gaps with what to do, and how to see more. */
export function renderHandoffBrief(tr: Text, locale: Locale, b: HandoffBriefInput): string {
  const t = (key: string, params?: Record<string, string | number>) => tr.t(locale, key, params);
  const r = b.assessment.readiness;
  const list = (ids: string[], set: string) => ids.map((id) => t(`choices.${set}.${id}`)).join(locale === 'ja' ? '、' : ', ');
  const lines = [
    `${t('brief.title')} ${b.handoff.id} — ${b.company}`,
    `${t('brief.status')}: ${t(`brief.statuses.${b.handoff.status}`)}${b.handoff.claimedBy ? ` (${b.pmName(b.handoff.claimedBy)})` : ''}${b.handoff.outcome ? ` / ${t(`brief.outcomes.${b.handoff.outcome}`)}` : ''}`,
    `${t('brief.region')}: ${b.assessment.route.region ? t(`regions.${b.assessment.route.region}`) : t('brief.region_unknown')} → ${b.officeName}`,
    `${t('brief.eligibility')}: ${t(`plan.eligibility_status.${b.assessment.eligibility.status}`)}${b.assessment.eligibility.reasons.length ? ` (${b.assessment.eligibility.reasons.map((x) => t(`eligibility.${x.code}`, x.params)).join(locale === 'ja' ? '、' : '; ')})` : ''}`,
    `${t('brief.readiness')}: ${r.score}/100 — ${t(`readiness.bands.${r.band}`)} (${t('brief.rubric', { version: r.rubricVersion })})`,
    '',
    t('brief.breakdown'),
    ...r.criteria.map((c) => `  ${t(`readiness.status.${c.status}`).padEnd(4)} ${t(`readiness.criteria.${c.id}`)}: ${c.points}/${c.max}`),
  ];
  if (r.nextSteps.length > 0) {
    lines.push('', t('brief.gaps'));
    for (const g of r.nextSteps)
      lines.push(`  ・${t(`readiness.gaps.${g.code}`, { list: g.list ? list(g.list.ids, g.list.choiceSet) : g.toConfirm ? t('readiness.status.unknown') : '' })}${g.toConfirm ? ` [${t('readiness.status.unknown')}]` : ''}`, `    → ${t(`readiness.actions.${g.code}`)}`);
  }
  if (r.toConfirm.length > 0) lines.push('', `${t('brief.to_confirm')}: ${r.toConfirm.map((id) => t(`questions.${id}.label`)).join(locale === 'ja' ? '、' : ', ')}`);
  if (b.events && b.events.length > 0) {
    lines.push('', t('brief.history'));
    for (const e of b.events)
      lines.push(`  ${e.createdAt.toISOString().slice(0, 16).replace('T', ' ')} ${t(`brief.events.${e.type}`)} — ${e.actor === 'sme' || e.actor === 'system' ? t(`brief.actors.${e.actor}`) : b.pmName(e.actor)}${e.body ? `: ${e.body}` : ''}`);
  }
  lines.push('', t('brief.more', { intake: b.handoff.intakeId, handoff: b.handoff.id }));
  return lines.join('\n');
}
