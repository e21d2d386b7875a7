import { listVisibleReminders } from '../../app/reminder-access.js';
import type { IntakeServices } from '../../app/intake-services.js';
import { visibleOffices } from '../../core/access/authorize.js';
import { checkAccess, officeOfIntake, principalOf } from '../../app/access.js';
import { officeById } from '../../core/routing/office-by-id.js';
import { currentPrompt } from '../../core/questionnaire/engine-flow.js';
import type { Locale } from '../../core/questionnaire/intake-state.js';
import { escapeMrkdwn } from './escape-mrkdwn.js';
import { truncate } from './block-limits.js';
import { mrkdwnSections, type Block } from './render-slack.js';

const STALLED_MS = 3 * 24 * 60 * 60 * 1000;

/** App Home by role: the company's own intake, a PM's office handoffs, staff counts. */
export async function homeView(s: IntakeServices, userId: string, fallbackLocale: Locale): Promise<{ type: 'home'; blocks: Block[] }> {
  const principal = await principalOf(s, { channel: 'slack', externalId: userId });
  const scope = visibleOffices(principal);
  const person = await s.repo.findPerson('slack', userId);
  const locale = person?.locale ?? fallbackLocale;
  const t = (key: string, params?: Record<string, string | number>) => s.translator.t(locale, key, params);
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: t('slack.home.title') } }];

  if (scope !== null) {
    const handoffs = (await s.handoffs.listHandoffs(scope === 'all' ? {} : { officeId: scope })).filter((h) => h.status !== 'closed');
    const office = scope === 'all' ? null : officeById(s.offices, scope);
    blocks.push(...mrkdwnSections(`*${escapeMrkdwn(t('slack.home.pm_title', { office: office ? office.name[locale] : t('slack.home.all_offices') }))}*`));
    if (handoffs.length === 0) blocks.push(...mrkdwnSections(escapeMrkdwn(t('slack.home.pm_none'))));
    for (const h of handoffs.slice(0, 30)) {
      const [intake, a] = await Promise.all([s.repo.getIntake(h.intakeId), s.handoffs.getAssessment(h.intakeId)]);
      await checkAccess(s, principal, 'intake.read', { ownerPersonId: intake?.personId ?? null, officeId: h.officeId }, { channel: 'slack', intakeId: h.intakeId, handoffId: h.id, detail: 'home' });
      const name = intake?.state.answers['company.name'];
      const line = `${h.id} · ${typeof name === 'string' ? name : '?'} · ${t(`brief.statuses.${h.status}`)}${a ? ` · ${a.readiness.score} ${t(`readiness.bands.${a.readiness.band}`)}` : ''}`;
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: escapeMrkdwn(truncate(line, 2900)) },
        ...(h.status === 'open' && principal.role === 'pm' ? { accessory: { type: 'button', action_id: 'ho_claim', text: { type: 'plain_text', text: truncate(t('slack.card.claim'), 75) }, value: h.id } } : {}),
      });
    }
    const intakes = (await s.repo.listIntakes()).filter((i) => scope === 'all' || officeOfIntake(s.offices, i, null) === scope);
    const count = (st: string) => intakes.filter((i) => i.status === st).length;
    const now = s.clock.now().getTime();
    const stalled = intakes.filter((i) => i.status !== 'completed' && now - i.lastActivityAt.getTime() > STALLED_MS).length;
    const failed = (await listVisibleReminders(s, principal, { status: 'failed' })).length;
    blocks.push(
      { type: 'divider' },
      ...mrkdwnSections(
        escapeMrkdwn(
          `${t('slack.home.staff_counts', { in_progress: count('in_progress'), paused: count('paused'), completed: count('completed') })}\n${t('slack.home.stalled', { count: stalled })}\n${t('slack.home.failed_reminders', { count: failed })}`,
        ),
      ),
    );
    return { type: 'home', blocks: blocks.slice(0, 100) };
  }

  const intake = person ? await s.repo.latestIntake(person.id) : null;
  if (!intake) {
    blocks.push(...mrkdwnSections(escapeMrkdwn(t('slack.home.sme_none'))), startButton(t('slack.home.start')));
    return { type: 'home', blocks };
  }
  const def = s.questionnaires.get(intake.questionnaireVersion) ?? s.questionnaires.latest;
  if (intake.status === 'completed') {
    const a = await s.handoffs.getAssessment(intake.id);
    if (a) {
      blocks.push(...mrkdwnSections(escapeMrkdwn(t('slack.home.sme_done', { score: a.readiness.score, band: t(`readiness.bands.${a.readiness.band}`) }))));
      if (a.readiness.nextSteps.length > 0)
        blocks.push(...mrkdwnSections(`*${escapeMrkdwn(t('slack.home.next_steps'))}*\n${a.readiness.nextSteps.map((g, i) => `${i + 1}. ${escapeMrkdwn(t(`readiness.actions.${g.code}`))}`).join('\n')}`));
    }
    return { type: 'home', blocks };
  }
  const p = currentPrompt(def, intake.state);
  if (p) blocks.push(...mrkdwnSections(escapeMrkdwn(t('slack.home.sme_progress', { ...p.progress, section: t(`sections.${p.progress.section}`) }))));
  blocks.push(startButton(t('slack.buttons.resume')));
  return { type: 'home', blocks };
}

const startButton = (label: string): Block => ({
  type: 'actions',
  block_id: 'home',
  elements: [{ type: 'button', action_id: 'home_resume', style: 'primary', text: { type: 'plain_text', text: truncate(label, 75) }, value: 'resume' }],
});
