import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerRecord, Intake, Person } from '../../src/core/intake.js';
import type { IntakeState } from '../../src/core/questionnaire/intake-state.js';
import { initialIntakeState } from '../../src/core/questionnaire/intake-state.js';
import type { IntakeRepository, TurnToSave } from '../../src/ports/intake-repository.js';

export interface ContractSubject {
  repo: IntakeRepository;
  teardown(): Promise<void>;
}

/**
 * The one behaviour every IntakeRepository must have, run unchanged against the in-memory
 * fake and the Prisma repository on SQLite and on PostgreSQL. No test here may ask which
 * implementation it is talking to.
 *
 * `setup` runs once per suite; tests share the store, so each makes its own person (unique
 * external id) and never assumes it is alone in the store.
 */
export function describeIntakeRepositoryContract(name: string, setup: () => Promise<ContractSubject>): void {
  describe(`IntakeRepository contract: ${name}`, () => {
    let subject: ContractSubject | undefined;
    const repo = (): IntakeRepository => {
      if (!subject) throw new Error('contract setup did not run');
      return subject.repo;
    };

    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject?.teardown();
    });

    // Fixed instants: the repository must store the clock it is given, not read its own.
    const base = Date.UTC(2026, 10, 24, 0, 0, 0);
    const at = (minutes: number, ms = 0) => new Date(base + minutes * 60_000 + ms);
    const unique = () => randomBytes(6).toString('hex');

    const newPerson = (overrides: { channel?: Person['channel'] } = {}) =>
      repo().upsertPerson({ channel: overrides.channel ?? 'slack', externalId: `U${unique()}`, displayName: '山田 太郎' });

    const newIntake = async (personId: string, now: Date, state: IntakeState = initialIntakeState('ja')) =>
      repo().createIntake({ personId, questionnaireVersion: 'consult-v1', locale: state.locale, state, now });

    const turn = (intake: Intake, now: Date, state: IntakeState, answers: TurnToSave['answers'] = []): TurnToSave => ({
      intakeId: intake.id,
      expectedVersion: intake.version,
      questionnaireVersion: intake.questionnaireVersion,
      state,
      now,
      answers,
    });

    const saveOrFail = async (t: TurnToSave): Promise<Intake> => {
      const result = await repo().saveTurn(t);
      if (!result.saved) throw new Error(`saveTurn at version ${t.expectedVersion} was refused`);
      return result.intake;
    };

    /** Every shape an answer can take, with Japanese text and characters JSON must escape. */
    const richState = (): IntakeState => ({
      locale: 'ja',
      answers: {
        company_name: '株式会社れんけい　東京支店',
        employees: 42,
        revenue_man_yen: 12_345.5,
        channels: ['Slack', 'Teams', 'メール'],
        founded_year: { unknown: true },
        partners: [
          { name: '佐藤 花子', role: '代表取締役', share: 51 },
          { name: 'Jane Doe', role: { unknown: true }, tags: ['営業', 'sales'] },
        ],
        note: '改行\nと "引用符" と \\ と 😀',
        empty: '',
        none_selected: [],
      },
      skipped: ['website'],
      focus: ['employees'],
      group: {
        questionId: 'partners',
        index: 2,
        phase: 'field',
        fieldId: 'role',
        draft: { name: '鈴木 一郎', age: { unknown: true } },
      },
      confirm: null,
      paused: false,
      completed: false,
    });

    const summary = (records: AnswerRecord[]) =>
      records.map((r) => ({ questionId: r.questionId, value: r.value, raw: r.raw, answeredAt: r.answeredAt }));

    describe('people', () => {
      it('finds a person by channel and external id, and nobody for an unknown one', async () => {
        const created = await repo().upsertPerson({ channel: "slack", externalId: "U-find-me", displayName: "検索" });
        expect(await repo().findPerson('slack', 'U-find-me')).toEqual(created);
        expect(await repo().findPerson('teams', 'U-find-me')).toBeNull();
        expect(await repo().findPerson('slack', 'U-nobody')).toBeNull();
      });

      it('creates a person on first contact with a pe_ id and the given fields', async () => {
        const externalId = `U${unique()}`;
        const address = { teamId: 'T1', channelId: 'D1', userId: externalId };
        const p = await repo().upsertPerson({ channel: 'slack', externalId, displayName: '山田 太郎', locale: 'ja', address });
        expect(p.id).toMatch(/^pe_/);
        expect(p).toMatchObject({ channel: 'slack', externalId, displayName: '山田 太郎', locale: 'ja', address });
        expect(p.createdAt).toBeInstanceOf(Date);
        expect(await repo().getPerson(p.id)).toEqual(p);
      });

      it('leaves name, locale and address empty (null) when not given', async () => {
        const p = await repo().upsertPerson({ channel: 'teams', externalId: `29:${unique()}` });
        expect(p).toMatchObject({ displayName: null, locale: null, address: null });
        expect(await repo().getPerson(p.id)).toEqual(p);
      });

      it('is idempotent per (channel, externalId) and refreshes name and address but not locale', async () => {
        const externalId = `U${unique()}`;
        const first = await repo().upsertPerson({
          channel: 'slack',
          externalId,
          displayName: '旧姓 花子',
          locale: 'ja',
          address: { teamId: 'T1', channelId: 'D1' },
        });
        const second = await repo().upsertPerson({
          channel: 'slack',
          externalId,
          displayName: '新姓 花子',
          locale: 'en',
          address: { teamId: 'T1', channelId: 'D2' },
        });
        expect(second.id).toBe(first.id);
        expect(second.createdAt).toEqual(first.createdAt);
        expect(second).toMatchObject({ displayName: '新姓 花子', locale: 'ja', address: { teamId: 'T1', channelId: 'D2' } });
        expect(await repo().getPerson(first.id)).toEqual(second);

        // Nothing given: nothing erased.
        const third = await repo().upsertPerson({ channel: 'slack', externalId });
        expect(third).toEqual(second);
      });

      it('keeps people apart by channel: the same external id on another channel is another person', async () => {
        const externalId = `X${unique()}`;
        const slack = await repo().upsertPerson({ channel: 'slack', externalId });
        const teams = await repo().upsertPerson({ channel: 'teams', externalId });
        expect(teams.id).not.toBe(slack.id);
        expect((await repo().upsertPerson({ channel: 'slack', externalId })).id).toBe(slack.id);
      });

      it('gives one person to two first contacts arriving at the same time', async () => {
        const externalId = `U${unique()}`;
        const [a, b] = await Promise.all([
          repo().upsertPerson({ channel: 'slack', externalId, displayName: 'A' }),
          repo().upsertPerson({ channel: 'slack', externalId, displayName: 'B' }),
        ]);
        expect(a.id).toBe(b.id);
      });

      it('returns null for an unknown person id', async () => {
        expect(await repo().getPerson(`pe_missing${unique()}`)).toBeNull();
      });

      it('setPersonLocale changes the locale, and a later upsert does not undo it', async () => {
        const p = await repo().upsertPerson({ channel: 'local', externalId: `me-${unique()}`, locale: 'ja' });
        await repo().setPersonLocale(p.id, 'en');
        expect((await repo().getPerson(p.id))?.locale).toBe('en');
        const again = await repo().upsertPerson({ channel: 'local', externalId: p.externalId, locale: 'ja' });
        expect(again.locale).toBe('en');
        await repo().setPersonLocale(p.id, 'ja');
        expect((await repo().getPerson(p.id))?.locale).toBe('ja');
      });
    });

    describe('intakes', () => {
      it('createIntake stores a new intake at version 1 with the clock it was given', async () => {
        const p = await newPerson();
        const state = initialIntakeState('en');
        const intake = await newIntake(p.id, at(1), state);
        expect(intake.id).toMatch(/^in_/);
        expect(intake).toMatchObject({
          personId: p.id,
          questionnaireVersion: 'consult-v1',
          status: 'in_progress',
          locale: 'en',
          state,
          version: 1,
          createdAt: at(1),
          lastActivityAt: at(1),
          completedAt: null,
        });
        expect(intake.updatedAt).toBeInstanceOf(Date);
        expect(await repo().getIntake(intake.id)).toEqual(intake);
      });

      it('createIntake stores a rich state exactly', async () => {
        const p = await newPerson();
        const intake = await newIntake(p.id, at(2), richState());
        expect(intake.state).toEqual(richState());
        expect((await repo().getIntake(intake.id))?.state).toEqual(richState());
      });

      it('getIntake returns null for an unknown id', async () => {
        expect(await repo().getIntake(`in_missing${unique()}`)).toBeNull();
      });

      it('latestIntake is the most recent by createdAt, open or completed', async () => {
        const p = await newPerson();
        expect(await repo().latestIntake(p.id)).toBeNull();

        // Written out of order: "latest" means the clock, not the insertion.
        const newer = await newIntake(p.id, at(50));
        await newIntake(p.id, at(10));
        expect((await repo().latestIntake(p.id))?.id).toBe(newer.id);

        const done = await saveOrFail(turn(newer, at(51), { ...initialIntakeState('ja'), completed: true }));
        expect(await repo().latestIntake(p.id)).toEqual(done);

        const newest = await newIntake(p.id, at(60));
        expect((await repo().latestIntake(p.id))?.id).toBe(newest.id);

        // Another person's intakes never count.
        const other = await newPerson();
        await newIntake(other.id, at(99));
        expect((await repo().latestIntake(p.id))?.id).toBe(newest.id);
      });
    });

    describe('saveTurn', () => {
      it('saves the state (deep-equal after reload), bumps the version and records the activity', async () => {
        const p = await newPerson();
        const intake = await newIntake(p.id, at(0));
        const state = richState();
        const saved = await saveOrFail({ ...turn(intake, at(3), state), questionnaireVersion: 'consult-v2' });
        expect(saved).toMatchObject({
          id: intake.id,
          personId: p.id,
          version: 2,
          status: 'in_progress',
          questionnaireVersion: 'consult-v2',
          createdAt: at(0),
          lastActivityAt: at(3),
          completedAt: null,
        });
        expect(saved.state).toEqual(richState());
        const reloaded = await repo().getIntake(intake.id);
        expect(reloaded).toEqual(saved);
        expect(reloaded?.state.answers['founded_year']).toEqual({ unknown: true });
        expect(reloaded?.state.answers['partners']).toEqual([
          { name: '佐藤 花子', role: '代表取締役', share: 51 },
          { name: 'Jane Doe', role: { unknown: true }, tags: ['営業', 'sales'] },
        ]);
      });

      it('follows the state: locale, in_progress → paused → in_progress → completed with completedAt', async () => {
        const p = await newPerson();
        let intake = await newIntake(p.id, at(0));
        const s = initialIntakeState('ja');

        intake = await saveOrFail(turn(intake, at(1), { ...s, paused: true }));
        expect(intake).toMatchObject({ version: 2, status: 'paused', completedAt: null, lastActivityAt: at(1) });

        intake = await saveOrFail(turn(intake, at(2), { ...s, locale: 'en' }));
        expect(intake).toMatchObject({ version: 3, status: 'in_progress', locale: 'en', completedAt: null });

        intake = await saveOrFail(turn(intake, at(3), { ...s, locale: 'en', completed: true }));
        expect(intake).toMatchObject({ version: 4, status: 'completed', completedAt: at(3), lastActivityAt: at(3) });
        expect(await repo().getIntake(intake.id)).toEqual(intake);
      });

      it('refuses a stale version and changes nothing', async () => {
        const p = await newPerson();
        const original = await newIntake(p.id, at(0));
        const first = await saveOrFail(
          turn(original, at(1), { ...initialIntakeState('ja'), answers: { company_name: '最初の会社' } }, [
            { questionId: 'company_name', value: '最初の会社', raw: '最初の会社', answeredAt: at(1) },
          ]),
        );
        const historyBefore = await repo().answerHistory(original.id);

        const stale = await repo().saveTurn(
          turn(original, at(2), { ...initialIntakeState('en'), completed: true }, [
            { questionId: 'company_name', value: '上書き', raw: '上書き', answeredAt: at(2) },
          ]),
        );
        expect(stale).toEqual({ saved: false, reason: 'conflict' });
        expect(await repo().getIntake(original.id)).toEqual(first);
        expect(await repo().answerHistory(original.id)).toEqual(historyBefore);
      });

      it('refuses a turn for an intake that does not exist', async () => {
        const result = await repo().saveTurn({
          intakeId: `in_missing${unique()}`,
          expectedVersion: 1,
          questionnaireVersion: 'consult-v1',
          state: initialIntakeState('ja'),
          now: at(1),
          answers: [{ questionId: 'q', value: 'v', raw: 'v', answeredAt: at(1) }],
        });
        expect(result).toEqual({ saved: false, reason: 'conflict' });
      });

      it('of two concurrent turns on the same version, saves exactly one, whole', async () => {
        const p = await newPerson();
        const intake = await newIntake(p.id, at(0));
        const stateA: IntakeState = { ...initialIntakeState('ja'), answers: { employees: 10 } };
        const stateB: IntakeState = { ...initialIntakeState('ja'), answers: { employees: 20 }, paused: true };
        const answerA = { questionId: 'employees', value: 10, raw: '10人', answeredAt: at(1) };
        const answerB = { questionId: 'employees', value: 20, raw: '２０人', answeredAt: at(1) };

        const [a, b] = await Promise.all([
          repo().saveTurn(turn(intake, at(1), stateA, [answerA])),
          repo().saveTurn(turn(intake, at(1), stateB, [answerB])),
        ]);
        expect([a.saved, b.saved].filter(Boolean)).toHaveLength(1);

        const winner = a.saved ? { state: stateA, answer: answerA } : { state: stateB, answer: answerB };
        const reloaded = await repo().getIntake(intake.id);
        expect(reloaded?.version).toBe(2);
        expect(reloaded?.state).toEqual(winner.state);
        expect(summary(await repo().answerHistory(intake.id))).toEqual([winner.answer]);
      });

      it('of many concurrent turns on the same version, saves exactly one', async () => {
        const p = await newPerson();
        const intake = await newIntake(p.id, at(0));
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            repo().saveTurn(
              turn(intake, at(1), { ...initialIntakeState('ja'), answers: { employees: i } }, [
                { questionId: 'employees', value: i, raw: String(i), answeredAt: at(1) },
              ]),
            ),
          ),
        );
        expect(results.filter((r) => r.saved)).toHaveLength(1);
        expect((await repo().getIntake(intake.id))?.version).toBe(2);
        expect(await repo().answerHistory(intake.id)).toHaveLength(1);
      });
    });

    describe('answer history', () => {
      it('keeps every record in the order written: several per turn, edits, skips and removals', async () => {
        const p = await newPerson();
        let intake = await newIntake(p.id, at(0));
        const s = initialIntakeState('ja');
        const written = [
          [
            { questionId: 'company_name', value: '株式会社A', raw: '株式会社Aです', answeredAt: at(1) },
            { questionId: 'employees', value: 10, raw: '10人', answeredAt: at(1) },
            { questionId: 'founded_year', value: { unknown: true as const }, raw: 'わからない', answeredAt: at(1) },
          ],
          // An edit of an earlier answer adds a record; it never replaces the first one.
          [{ questionId: 'employees', value: 12, raw: 'やっぱり12人', answeredAt: at(2) }],
          [
            { questionId: 'website', value: { skipped: true as const }, raw: 'スキップ', answeredAt: at(3) },
            { questionId: 'employees', value: { removed: 12 }, raw: '取り消し', answeredAt: at(3) },
            {
              questionId: 'partners',
              value: [{ name: '佐藤 花子', role: { unknown: true as const } }],
              raw: '佐藤 花子',
              answeredAt: at(3),
            },
          ],
          [{ questionId: 'employees', value: 15, raw: '15', answeredAt: at(4) }],
        ];
        for (const [i, answers] of written.entries()) intake = await saveOrFail(turn(intake, at(i + 1), s, answers));

        const history = await repo().answerHistory(intake.id);
        expect(summary(history)).toEqual(written.flat());
        for (const r of history) {
          expect(r.id).toMatch(/^an_/);
          expect(r.intakeId).toBe(intake.id);
        }
        expect(new Set(history.map((r) => r.id)).size).toBe(history.length);
        expect(history.filter((r) => r.questionId === 'employees').map((r) => r.value)).toEqual([10, 12, { removed: 12 }, 15]);
      });

      it('keeps the order written when turns share one timestamp (a fixed or coarse clock)', async () => {
        const p = await newPerson();
        let intake = await newIntake(p.id, at(0));
        const now = at(5);
        const order = Array.from({ length: 12 }, (_, i) => `q${String(i).padStart(2, '0')}`).reverse();
        for (const questionId of order) {
          intake = await saveOrFail(
            turn(intake, now, initialIntakeState('ja'), [{ questionId, value: questionId, raw: questionId, answeredAt: now }]),
          );
        }
        expect((await repo().answerHistory(intake.id)).map((r) => r.questionId)).toEqual(order);
      });

      it('keeps the order written when the clock steps back between turns (replicas with skewed clocks)', async () => {
        const p = await newPerson();
        let intake = await newIntake(p.id, at(0));
        const turns = [
          { questionId: 'company_name', now: at(10, 500) },
          { questionId: 'employees', now: at(10, 300) }, // the next turn, on a replica 200 ms behind
          { questionId: 'company_name', now: at(10, 400) },
        ];
        for (const t of turns) {
          intake = await saveOrFail(
            turn(intake, t.now, initialIntakeState('ja'), [{ questionId: t.questionId, value: 'x', raw: 'x', answeredAt: t.now }]),
          );
        }
        const history = await repo().answerHistory(intake.id);
        expect(history.map((r) => [r.questionId, r.answeredAt])).toEqual(turns.map((t) => [t.questionId, t.now]));
      });

      it('is empty for an intake without answers and for an unknown intake', async () => {
        const p = await newPerson();
        const intake = await newIntake(p.id, at(0));
        expect(await repo().answerHistory(intake.id)).toEqual([]);
        expect(await repo().answerHistory(`in_missing${unique()}`)).toEqual([]);
      });

      it('keeps each intake’s history to itself', async () => {
        const p = await newPerson();
        const one = await newIntake(p.id, at(0));
        const two = await newIntake(p.id, at(1));
        await saveOrFail(turn(one, at(2), initialIntakeState('ja'), [{ questionId: 'a', value: '1', raw: '1', answeredAt: at(2) }]));
        await saveOrFail(turn(two, at(2), initialIntakeState('ja'), [{ questionId: 'b', value: '2', raw: '2', answeredAt: at(2) }]));
        expect((await repo().answerHistory(one.id)).map((r) => r.questionId)).toEqual(['a']);
        expect((await repo().answerHistory(two.id)).map((r) => r.questionId)).toEqual(['b']);
      });
    });

    describe('deleteIntake', () => {
      it('removes the intake and its history, and nothing else', async () => {
        const p = await newPerson();
        const keep = await newIntake(p.id, at(0));
        const gone = await newIntake(p.id, at(1));
        await saveOrFail(turn(keep, at(2), initialIntakeState('ja'), [{ questionId: 'a', value: 'keep', raw: 'keep', answeredAt: at(2) }]));
        await saveOrFail(turn(gone, at(2), initialIntakeState('ja'), [{ questionId: 'a', value: 'gone', raw: 'gone', answeredAt: at(2) }]));

        await repo().deleteIntake(gone.id);

        expect(await repo().getIntake(gone.id)).toBeNull();
        expect(await repo().answerHistory(gone.id)).toEqual([]);
        expect((await repo().listIntakes({ personId: p.id })).map((i) => i.id)).toEqual([keep.id]);
        expect((await repo().latestIntake(p.id))?.id).toBe(keep.id);
        expect(summary(await repo().answerHistory(keep.id)).map((r) => r.value)).toEqual(['keep']);
        expect(await repo().getPerson(p.id)).not.toBeNull();
      });

      it('does nothing for an intake that is already gone', async () => {
        const p = await newPerson();
        const intake = await newIntake(p.id, at(0));
        await repo().deleteIntake(intake.id);
        await expect(repo().deleteIntake(intake.id)).resolves.toBeUndefined();
        await expect(repo().deleteIntake(`in_missing${unique()}`)).resolves.toBeUndefined();
      });

      it('a turn saved after the delete is refused, not resurrected', async () => {
        const p = await newPerson();
        const intake = await newIntake(p.id, at(0));
        await repo().deleteIntake(intake.id);
        const result = await repo().saveTurn(
          turn(intake, at(1), initialIntakeState('ja'), [{ questionId: 'a', value: 'x', raw: 'x', answeredAt: at(1) }]),
        );
        expect(result).toEqual({ saved: false, reason: 'conflict' });
        expect(await repo().getIntake(intake.id)).toBeNull();
        expect(await repo().answerHistory(intake.id)).toEqual([]);
      });
    });

    describe('listIntakes', () => {
      it('filters by person and by status, ordered by createdAt', async () => {
        const p1 = await newPerson();
        const p2 = await newPerson({ channel: 'teams' });
        const open = await newIntake(p1.id, at(30));
        const completed = await saveOrFail(
          turn(await newIntake(p1.id, at(10)), at(11), { ...initialIntakeState('ja'), completed: true }),
        );
        const paused = await saveOrFail(turn(await newIntake(p1.id, at(20)), at(21), { ...initialIntakeState('ja'), paused: true }));
        const others = await newIntake(p2.id, at(15));
        const ids = (list: Intake[]) => list.map((i) => i.id);

        expect(ids(await repo().listIntakes({ personId: p1.id }))).toEqual([completed.id, paused.id, open.id]);
        expect(ids(await repo().listIntakes({ personId: p2.id }))).toEqual([others.id]);
        expect(ids(await repo().listIntakes({ personId: p1.id, status: 'paused' }))).toEqual([paused.id]);
        expect(ids(await repo().listIntakes({ personId: p1.id, status: 'in_progress' }))).toEqual([open.id]);
        expect(await repo().listIntakes({ personId: p2.id, status: 'completed' })).toEqual([]);
        expect(await repo().listIntakes({ personId: p1.id, status: 'completed' })).toEqual([completed]);

        // Across people: other tests' intakes share the store, so check membership and order.
        const allCompleted = await repo().listIntakes({ status: 'completed' });
        expect(allCompleted.every((i) => i.status === 'completed')).toBe(true);
        expect(ids(allCompleted)).toContain(completed.id);
        expect(ids(allCompleted)).not.toContain(open.id);

        for (const list of [await repo().listIntakes(), await repo().listIntakes({})]) {
          expect(ids(list)).toEqual(expect.arrayContaining([open.id, completed.id, paused.id, others.id]));
          const times = list.map((i) => i.createdAt.getTime());
          expect(times).toEqual([...times].sort((a, b) => a - b));
        }
      });
    });

    describe('copies', () => {
      it('values handed in or out never alias stored state', async () => {
        const externalId = `U${unique()}`;
        const address = { teamId: 'T1', ids: ['D1'] };
        const p = await repo().upsertPerson({ channel: 'slack', externalId, address });
        address.ids.push('mutated');
        (p.address as { ids: string[] }).ids.push('mutated');
        p.createdAt.setTime(0);
        expect((await repo().getPerson(p.id))?.address).toEqual({ teamId: 'T1', ids: ['D1'] });
        expect((await repo().getPerson(p.id))?.createdAt.getTime()).not.toBe(0);

        const state = richState();
        const created = await newIntake(p.id, at(0), state);
        state.answers['company_name'] = 'mutated';
        created.state.skipped.push('mutated');
        created.createdAt.setTime(0);
        expect(await repo().getIntake(created.id)).toMatchObject({ state: richState(), createdAt: at(0) });

        const next = richState();
        const answer = { questionId: 'channels', value: ['Slack'], raw: 'Slack', answeredAt: at(1) };
        const saved = await saveOrFail(turn(created, at(1), next, [answer]));
        next.focus.push('mutated');
        answer.value.push('mutated');
        saved.state.focus.push('mutated');
        expect((await repo().getIntake(created.id))?.state).toEqual(richState());

        const [record] = await repo().answerHistory(created.id);
        (record?.value as string[]).push('mutated');
        expect((await repo().answerHistory(created.id))[0]?.value).toEqual(['Slack']);
      });
    });

    describe('loadTurn, the ledger in saveTurn and recordDelivery', () => {
      const delivery = () => ({ source: 'slack' as const, id: `Ev${unique()}` });

      it('loads nothing for a stranger, then person, latest intake, last answer and channel prompt in one read', async () => {
        const externalId = `U${unique()}`;
        expect(await repo().loadTurn({ channel: 'slack', externalId })).toEqual({ person: null, intake: null, lastAnswer: null, channelPrompt: null, delivered: false });
        const p = await repo().upsertPerson({ channel: 'slack', externalId });
        expect((await newIntake(p.id, at(0))).shownPromptId).toBeNull();
        const intake = await repo().createIntake({ personId: p.id, questionnaireVersion: 'consult-v1', locale: 'ja', state: initialIntakeState('ja'), now: at(0, 1), shownPromptId: '' });
        expect(intake.shownPromptId).toBe('');
        const answer = { questionId: 'company_name', value: '株式会社テスト', raw: '株式会社テスト', answeredAt: at(1) };
        const saved = await saveOrFail(turn(intake, at(1), { ...initialIntakeState('ja'), answers: { company_name: '株式会社テスト' } }, [answer]));
        await repo().recordDelivery({ personId: p.id, intakeId: intake.id, shownPromptId: 'q.industry', channelPrompt: { kind: 'slack_prompt', channel: 'slack', value: { ts: '1.2', promptId: 'q.industry' } }, now: at(1) });
        const loaded = await repo().loadTurn({ channel: 'slack', externalId });
        expect(loaded.person?.id).toBe(p.id);
        expect(loaded.intake).toEqual({ ...saved, shownPromptId: 'q.industry', updatedAt: loaded.intake?.updatedAt });
        expect(loaded.lastAnswer).toMatchObject({ ...answer, intakeId: intake.id });
        expect(loaded.channelPrompt).toEqual({ ts: '1.2', promptId: 'q.industry' });
        await repo().recordDelivery({ personId: p.id, intakeId: intake.id, channelPrompt: { kind: 'slack_prompt', channel: 'slack', value: null }, now: at(2) });
        const after = await repo().loadTurn({ channel: 'slack', externalId });
        expect(after.channelPrompt).toBeNull();
        expect(after.intake?.shownPromptId).toBe('q.industry');
      });

      it('commits the ledger entry with the turn: a second copy of the delivery is refused as a duplicate and changes nothing', async () => {
        const p = await newPerson();
        const intake = await newIntake(p.id, at(0));
        const d = delivery();
        const loadedBefore = await repo().loadTurn({ channel: 'slack', externalId: p.externalId, delivery: d });
        expect(loadedBefore.delivered).toBe(false);
        const first = await saveOrFail({ ...turn(intake, at(1), { ...initialIntakeState('ja'), answers: { employees: 5 } }, [{ questionId: 'employees', value: 5, raw: '5', answeredAt: at(1) }]), delivery: d });
        expect((await repo().loadTurn({ channel: 'slack', externalId: p.externalId, delivery: d })).delivered).toBe(true);
        const again = await repo().saveTurn({ ...turn(first, at(2), { ...initialIntakeState('ja'), answers: { employees: 5 } }, [{ questionId: 'employees', value: 5, raw: '5', answeredAt: at(2) }]), delivery: d });
        expect(again).toEqual({ saved: false, reason: 'duplicate' });
        expect(await repo().getIntake(intake.id)).toEqual(first);
        expect(await repo().answerHistory(intake.id)).toHaveLength(1);
      });

      it('a turn refused on its version leaves no ledger entry, so its re-run can commit it', async () => {
        const p = await newPerson();
        const intake = await newIntake(p.id, at(0));
        const d = delivery();
        const winner = await saveOrFail(turn(intake, at(1), initialIntakeState('ja')));
        expect(await repo().saveTurn({ ...turn(intake, at(1), initialIntakeState('ja')), delivery: d })).toEqual({ saved: false, reason: 'conflict' });
        expect((await repo().loadTurn({ channel: 'slack', externalId: p.externalId, delivery: d })).delivered).toBe(false);
        await saveOrFail({ ...turn(winner, at(2), initialIntakeState('ja')), delivery: d });
        expect((await repo().loadTurn({ channel: 'slack', externalId: p.externalId, delivery: d })).delivered).toBe(true);
      });

      it('applies the person changes in the same transaction', async () => {
        const p = await newPerson();
        const intake = await newIntake(p.id, at(0));
        await saveOrFail({ ...turn(intake, at(1), initialIntakeState('en')), personId: p.id, person: { displayName: '佐藤 花子', address: { channel: 'D1' }, locale: 'en', remindersOptOut: true } });
        expect(await repo().getPerson(p.id)).toMatchObject({ displayName: '佐藤 花子', address: { channel: 'D1' }, locale: 'en', remindersOptOut: true });
      });
    });
  });
}
