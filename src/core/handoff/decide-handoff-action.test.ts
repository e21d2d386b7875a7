import { describe, expect, it } from 'vitest';
import { decideHandoffAction, type HandoffActor } from './decide-handoff-action.js';
import type { Handoff } from './handoff.js';

const at = new Date('2026-11-24T03:00:00Z');
const open: Handoff = { id: 'ho_1', intakeId: 'in_1', officeId: 'kanto', region: 'kanto', status: 'open', claimedBy: null, claimedAt: null, outcome: null, closedAt: null, version: 1, createdAt: at };
const pms = ['pm-a', 'pm-b', 'lead'];
const a: HandoffActor = { pmId: 'pm-a', officeId: 'kanto', isLead: false };
const b: HandoffActor = { pmId: 'pm-b', officeId: 'kanto', isLead: false };
const lead: HandoffActor = { pmId: 'lead', officeId: 'kanto', isLead: true };
const claimedByA: Handoff = { ...open, status: 'claimed', claimedBy: 'pm-a', claimedAt: at };

describe('decideHandoffAction', () => {
  it('lets a PM of the office claim an open handoff', () => {
    expect(decideHandoffAction(open, a, { kind: 'claim' }, pms, at)).toEqual({
      ok: true,
      patch: { status: 'claimed', claimedBy: 'pm-a', claimedAt: at },
      event: { type: 'claimed', body: null, data: null },
    });
  });

  it('tells a second claimer who has it, and the first that it is already theirs', () => {
    expect(decideHandoffAction(claimedByA, b, { kind: 'claim' }, pms, at)).toEqual({ ok: false, code: 'handoff.claimed_by', params: { pm: 'pm-a' } });
    expect(decideHandoffAction(claimedByA, a, { kind: 'claim' }, pms, at)).toEqual({ ok: false, code: 'handoff.already_yours' });
  });

  it('refuses PMs of other offices and any action on a closed handoff', () => {
    expect(decideHandoffAction(open, { ...a, officeId: 'kinki' }, { kind: 'claim' }, pms, at)).toEqual({ ok: false, code: 'handoff.not_your_office' });
    const closed: Handoff = { ...claimedByA, status: 'closed', outcome: 'withdrawn' };
    for (const action of [{ kind: 'claim' }, { kind: 'note', text: 'x' }, { kind: 'close', outcome: 'applied' }] as const)
      expect(decideHandoffAction(closed, a, action, pms, at)).toMatchObject({ ok: false, code: 'handoff.closed' });
  });

  it('moves a claimed handoff into brush-up and closes it with a known outcome only', () => {
    expect(decideHandoffAction(claimedByA, a, { kind: 'start_brushup' }, pms, at)).toMatchObject({ ok: true, patch: { status: 'in_brushup' } });
    expect(decideHandoffAction(open, a, { kind: 'start_brushup' }, pms, at)).toEqual({ ok: false, code: 'handoff.claim_first' });
    expect(decideHandoffAction(claimedByA, a, { kind: 'close', outcome: 'commercialized' }, pms, at)).toMatchObject({
      ok: true,
      patch: { status: 'closed', outcome: 'commercialized', closedAt: at },
    });
    expect(decideHandoffAction(claimedByA, a, { kind: 'close', outcome: 'done' }, pms, at)).toMatchObject({ ok: false, code: 'handoff.unknown_outcome' });
    expect(decideHandoffAction(claimedByA, b, { kind: 'close', outcome: 'applied' }, pms, at)).toMatchObject({ ok: false, code: 'handoff.claimed_by' });
    expect(decideHandoffAction(claimedByA, lead, { kind: 'close', outcome: 'applied' }, pms, at)).toMatchObject({ ok: true });
  });

  it('relays questions only from the PM who has it; notes from any PM of the office', () => {
    expect(decideHandoffAction(claimedByA, a, { kind: 'ask', text: ' 売上見込みは？ ' }, pms, at)).toMatchObject({ ok: true, event: { type: 'question', body: '売上見込みは？' } });
    expect(decideHandoffAction(open, a, { kind: 'ask', text: 'q' }, pms, at)).toEqual({ ok: false, code: 'handoff.claim_first' });
    expect(decideHandoffAction(claimedByA, b, { kind: 'ask', text: 'q' }, pms, at)).toMatchObject({ ok: false, code: 'handoff.claimed_by' });
    expect(decideHandoffAction(claimedByA, b, { kind: 'note', text: '銀行紹介済み' }, pms, at)).toMatchObject({ ok: true, event: { type: 'note' } });
    expect(decideHandoffAction(claimedByA, a, { kind: 'note', text: '   ' }, pms, at)).toEqual({ ok: false, code: 'handoff.text_empty' });
    expect(decideHandoffAction(claimedByA, a, { kind: 'note', text: 'x'.repeat(2001) }, pms, at)).toMatchObject({ ok: false, code: 'handoff.text_too_long' });
  });

  it('reassigns within the office: by the claimer or the lead, never to a stranger', () => {
    expect(decideHandoffAction(claimedByA, a, { kind: 'reassign', to: 'pm-b' }, pms, at)).toMatchObject({
      ok: true,
      patch: { claimedBy: 'pm-b' },
      event: { type: 'reassigned', data: { from: 'pm-a', to: 'pm-b' } },
    });
    expect(decideHandoffAction(claimedByA, b, { kind: 'reassign', to: 'pm-b' }, pms, at)).toMatchObject({ ok: false, code: 'handoff.claimed_by' });
    expect(decideHandoffAction(claimedByA, lead, { kind: 'reassign', to: 'pm-b' }, pms, at)).toMatchObject({ ok: true });
    expect(decideHandoffAction(claimedByA, a, { kind: 'reassign', to: 'pm-z' }, pms, at)).toEqual({ ok: false, code: 'handoff.unknown_pm', params: { pm: 'pm-z' } });
    expect(decideHandoffAction(open, lead, { kind: 'reassign', to: 'pm-a' }, pms, at)).toMatchObject({ ok: true, patch: { status: 'claimed', claimedBy: 'pm-a' } });
  });
});
