import type { IntakeServices } from '../../app/intake-services.js';
import { performHandoffAction } from '../../app/handoff-actions.js';
import type { HandoffAction } from '../../core/handoff/handoff.js';
import { outcomeLabels } from '../../app/outcome-labels.js';
import type { Params } from '../../core/messages.js';
import type { CardData } from './teams-activity.js';
import { noticeCards } from './render-cards.js';
import type { TeamsSender } from './teams-sender.js';
import type { TeamsReference } from './teams-reference.js';

type HandoffData = Extract<CardData, { renkei: 'handoff' }>;

/**
 * A PM's click on a handoff card: Claim, or the form of Ask / Add note / Close. Refusals
 * (someone else has it, empty text) are answered in the card's thread, where the PM clicked;
 * the card itself is updated by the use case through the messenger.
 */
export async function teamsHandoffAction(
  s: IntakeServices,
  sender: TeamsSender,
  where: { ref: TeamsReference; replyToId?: string | undefined },
  userId: string,
  data: HandoffData,
): Promise<void> {
  const locale = s.defaultLocale;
  const say = async (key: string, params?: Params) => {
    for (const m of noticeCards(s.translator.t(locale, key, params))) await sender.send(where.ref, m, s.translator.t(locale, 'teams.shortened'), where.replyToId);
  };
  const action = toAction(data, outcomeLabels(s.translator, locale));
  if (!action.ok) return say(action.key, action.params);
  const result = await performHandoffAction(s, { channel: 'teams', externalId: userId }, data.handoffId, action.action);
  if (!result.ok) return say(`errors.${result.code}`, result.params);
  if (action.action.kind === 'note') await say('teams.card.done_note');
}

function toAction(data: HandoffData, outcomes: string): { ok: true; action: HandoffAction } | { ok: false; key: string; params?: Params } {
  switch (data.action) {
    case 'claim':
      return { ok: true, action: { kind: 'claim' } };
    case 'ask':
    case 'note': {
      const text = (data.action === 'ask' ? data.askText : data.noteText)?.trim() ?? '';
      if (text.length === 0) return { ok: false, key: 'errors.handoff.text_empty' };
      return { ok: true, action: { kind: data.action, text } };
    }
    case 'plan_docx':
      // Not a change of the handoff: the channel answers it with the file consent card (teams-plan-file.ts).
      return { ok: false, key: 'teams.card.plan_docx_failed' };
    case 'close':
      if (!data.outcome) return { ok: false, key: 'errors.handoff.choose_outcome', params: { outcomes } };
      return { ok: true, action: { kind: 'close', outcome: data.outcome } };
  }
}
