import { RemindersService } from '@app/jury-sessions';
import { OutboxService } from '@app/platform';
import { addDays, todayInFrance } from '@app/rules';
import { auth, createCohort, createLearner, createSession, LearnerFixture, submitDp, successorTitle } from './support/fixtures';
import { pdfToText } from './support/pdf';
import { Delivered, startSmtp, TestSmtp } from './support/smtp';
import { startTestApp, TestApp } from './support/test-app';

// A title in force today (SAMS RNCP36805 is past its délai de prolongation).
const CODE = 'RNCP40899';
const ALL = [`${CODE}BC01`, `${CODE}BC02`, `${CODE}BC03`];
const BASE = 'http://sams.centre.test';

const until = async (check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('délai dépassé');
    await new Promise((r) => setTimeout(r, 100));
  }
};
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Issue 14 (4), contract « Accounts and messages »: the jury's messages, delivered to a real SMTP
 * server — convocations with each recipient's PDF (POST /api/jury-sessions/:id/convocations/send,
 * 409 SESSION.CONVOCATIONS_SENT), results_available when the PV becomes complete (R-DEC-4), and the
 * daily reminders (a juror's PV signature after 2 days, a learner's DP 30 days before a session).
 */
describe('jury messages: convocations, results available, reminders (contract « Accounts and messages »)', () => {
  let smtp: TestSmtp;
  let t: TestApp;
  let admin: string;
  let outbox: OutboxService;
  let cohort: { id: string };
  let j1: { id: string; token: string; email: string };
  let j2: { id: string; token: string; email: string };
  const today = todayInFrance();

  beforeAll(async () => {
    smtp = await startSmtp();
    t = await startTestApp({ SMTP_URL: smtp.url, MAIL_SEND_TIMEOUT_SECONDS: '3', PUBLIC_URL: BASE });
    admin = await t.adminToken();
    await t.http
      .put('/api/centre')
      .set(auth(admin))
      .send({
        name: 'Centre Horizon Formation',
        address: '12 rue des Lilas',
        postalCode: '69003',
        city: 'Lyon',
        email: 'contact@horizon.test',
        phone: '04 72 00 00 00',
        signatoryName: 'Claire Martin',
        signatoryTitle: 'Directrice',
        agrementNumber: '84691234569',
      })
      .expect(200);
    outbox = t.app.get(OutboxService);
    await t.http.post('/api/certifications').set(auth(admin)).send(successorTitle(CODE)).expect(201);
    const trainer = await t.createUser(['trainer']);
    cohort = await createCohort(t, [trainer.id], { certificationCode: CODE, startDate: addDays(today, -200), endDate: addDays(today, 30) });
    const juror = async (fullName: string) => {
      const user = await t.createUser(['jury'], { fullName });
      await t.http
        .put(`/api/users/${user.id}/juror-profile`)
        .set(auth(admin))
        .send({
          habilitations: [{ certificationCode: CODE, validFrom: '2024-01-01', validUntil: addDays(today, 400), reference: 'Arrêté' }],
        })
        .expect(200);
      return user;
    };
    j1 = await juror('Agnieszka Wójcik');
    j2 = await juror('Jean Dupont');
  }, 120_000);
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const messagesOf = async (sessionId: string, kind?: string) =>
    (await outbox.list({ sessionId, ...(kind ? { kind: kind as never } : {}) }, { page: 1, pageSize: 100 })).items;
  const to = (address: string): Delivered[] => smtp.messages.filter((m) => m.envelopeTo.includes(address));

  /** A session with both jurors and these candidates (registered « par dérogation »: no ECF, no DP). */
  async function plannedSession(startDate: string, learners: LearnerFixture[]): Promise<string> {
    const s = await createSession(t, {
      type: 'title',
      certificationCode: CODE,
      startDate,
      endDate: startDate,
      site: 'Lyon — salle Rhône',
      startTime: '08:30',
    });
    for (const j of [j1, j2]) await t.http.post(`/api/jury-sessions/${s.id}/jurors`).set(auth(admin)).send({ userId: j.id }).expect(201);
    for (const l of learners) {
      await t.http
        .post(`/api/jury-sessions/${s.id}/candidates`)
        .set(auth(admin))
        .send({ learnerId: l.id, override: { reason: 'Pièces remises sur place' } })
        .expect(201);
    }
    return s.id;
  }

  /** Deliberated today and closed: the PV awaits both signatures. */
  async function deliberated(learners: LearnerFixture[]): Promise<string> {
    const id = await plannedSession(today, learners);
    await t.http.post(`/api/jury-sessions/${id}/deliberation/open`).set(auth(admin)).expect(200);
    for (const [i, l] of learners.entries()) {
      await t.http
        .put(`/api/jury-sessions/${id}/candidates/${l.id}/result`)
        .set(auth(j1.token))
        .send(
          i === 0
            ? {
                attendance: 'present',
                ccpResults: ALL.map((ccpCode) => ({ ccpCode, awarded: true })),
                finalInterviewHeld: true,
                titleAwarded: true,
              }
            : { attendance: 'present', ccpResults: ALL.map((ccpCode, k) => ({ ccpCode, awarded: k === 0 })), finalInterviewHeld: true },
        )
        .expect(200);
    }
    await t.http.post(`/api/jury-sessions/${id}/deliberation/close`).set(auth(admin)).expect(200);
    return id;
  }

  describe('POST /api/jury-sessions/:id/convocations/send (admin) — each candidate with their PDF, each juror', () => {
    let sessionId: string;
    let thi: LearnerFixture;
    let camille: LearnerFixture;
    let noMail: LearnerFixture;

    beforeAll(async () => {
      thi = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Thị Ánh', lastName: 'NGUYỄN' });
      camille = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Camille', lastName: 'Durand' });
      noMail = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Sans', lastName: 'Courriel' });
      sessionId = await plannedSession(addDays(today, 45), [thi, camille, noMail]);
      // A learner without an address (imported without one): skipped and reported, not an error.
      await t.dataSource.query(`UPDATE learners SET email = '' WHERE id = $1`, [noMail.id]);
    });

    it('202 {queued}: one mail per candidate and juror, each with their own convocation PDF naming them; a candidate without e-mail is skipped and reported; audited', async () => {
      const before = smtp.messages.length;
      const res = await t.http.post(`/api/jury-sessions/${sessionId}/convocations/send`).set(auth(admin)).send({}).expect(202);
      expect(res.body.queued).toBe(4);
      expect(res.body.recipients).toEqual(
        expect.arrayContaining([
          { name: 'NGUYỄN Thị Ánh', kind: 'candidate' },
          { name: 'DURAND Camille', kind: 'candidate' },
          { name: 'Agnieszka Wójcik', kind: 'juror' },
          { name: 'Jean Dupont', kind: 'juror' },
        ]),
      );
      expect(res.body.skipped).toEqual([expect.objectContaining({ name: 'COURRIEL Sans', kind: 'candidate' })]);
      await smtp.waitFor(before + 4);

      const expectations: [string, string, string, string][] = [
        [thi.email, 'convocation-nguyen-thi-anh.pdf', 'NGUYỄN Thị Ánh', 'convocation_candidate'],
        [camille.email, 'convocation-durand-camille.pdf', 'DURAND Camille', 'convocation_candidate'],
        [j1.email, 'convocation-jury-agnieszka-wojcik.pdf', 'Agnieszka Wójcik', 'convocation_juror'],
        [j2.email, 'convocation-jury-jean-dupont.pdf', 'Jean Dupont', 'convocation_juror'],
      ];
      for (const [address, filename, name] of expectations) {
        const mails = to(address);
        expect(mails).toHaveLength(1);
        const [mail] = mails;
        expect(mail.parsed.subject).toMatch(/^Convocation/);
        expect(mail.parsed.text).toContain('8 h 30');
        expect(mail.parsed.text).toContain('Lyon — salle Rhône');
        expect(mail.parsed.text).toContain('Claire Martin, Directrice');
        expect(mail.parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([[filename, 'application/pdf']]);
        const pdf = mail.parsed.attachments[0].content;
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        const text = (await pdfToText(pdf)).text.join(' ').replace(/\s+/g, ' ').normalize('NFC');
        expect(text).toContain(name);
      }
      const session = await t.http.get(`/api/jury-sessions/${sessionId}`).set(auth(admin)).expect(200);
      expect(Date.parse(session.body.convocationsSentAt)).toBeGreaterThan(Date.now() - 60_000);
      const audit = await t.http.get(`/api/audit?entity=jury_session&entityId=${sessionId}`).set(auth(admin)).expect(200);
      expect(JSON.stringify(audit.body)).toContain('jury_session.send_convocations');
    });

    it('sending again: 409 SESSION.CONVOCATIONS_SENT saying to whom and when; nothing sent', async () => {
      const before = smtp.messages.length;
      const res = await t.http.post(`/api/jury-sessions/${sessionId}/convocations/send`).set(auth(admin)).send({}).expect(409);
      expect(res.body.code).toBe('SESSION.CONVOCATIONS_SENT');
      expect(res.body.message).toMatch(/déjà été envoyées le \d\d\/\d\d\/\d{4} à \d+ h/);
      expect(res.body.message).toContain('NGUYỄN Thị Ánh');
      expect(res.body.message).toContain('Renvoyer');
      const sentAt = (await t.http.get(`/api/jury-sessions/${sessionId}`).set(auth(admin))).body.convocationsSentAt;
      expect(res.body.details).toEqual(
        expect.arrayContaining([
          { name: 'NGUYỄN Thị Ánh', kind: 'candidate', sentAt },
          { name: 'Jean Dupont', kind: 'juror', sentAt },
        ]),
      );
      expect(res.body.details).toHaveLength(4);
      await pause(1500);
      expect(smtp.messages.length).toBe(before);
    });

    it('resend: true sends them again, to each once more', async () => {
      const before = smtp.messages.length;
      const res = await t.http
        .post(`/api/jury-sessions/${sessionId}/convocations/send`)
        .set(auth(admin))
        .send({ resend: true })
        .expect(202);
      expect(res.body.queued).toBe(4);
      await smtp.waitFor(before + 4);
      expect(to(thi.email)).toHaveLength(2);
      expect(to(j2.email)).toHaveLength(2);
    });

    it('bad input 400; a juror 403; an unknown session 404', async () => {
      await t.http.post(`/api/jury-sessions/${sessionId}/convocations/send`).set(auth(admin)).send({ resend: 'oui' }).expect(400);
      await t.http.post(`/api/jury-sessions/${sessionId}/convocations/send`).set(auth(j1.token)).send({}).expect(403);
      await t.http.post('/api/jury-sessions/00000000-0000-4000-8000-000000000000/convocations/send').set(auth(admin)).send({}).expect(404);
    });

    it('twenty sends at once make exactly one batch (the session row is locked)', async () => {
      const other = await plannedSession(addDays(today, 50), [camille]);
      const answers = await Promise.all(
        Array.from({ length: 20 }, () => t.http.post(`/api/jury-sessions/${other}/convocations/send`).set(auth(admin)).send({})),
      );
      expect(answers.filter((a) => a.status === 202)).toHaveLength(1);
      expect(answers.filter((a) => a.status === 409 && a.body.code === 'SESSION.CONVOCATIONS_SENT')).toHaveLength(19);
      expect(await messagesOf(other)).toHaveLength(3);
    });

    it('only while the session is planned: once the deliberation is open, 409 SESSION.NOT_PLANNED', async () => {
      const open = await plannedSession(today, [camille]);
      await t.http.post(`/api/jury-sessions/${open}/deliberation/open`).set(auth(admin)).expect(200);
      const res = await t.http.post(`/api/jury-sessions/${open}/convocations/send`).set(auth(admin)).send({}).expect(409);
      expect(res.body.code).toBe('SESSION.NOT_PLANNED');
      expect(await messagesOf(open)).toHaveLength(0);
    });
  });

  describe('results_available: when the PV becomes complete (R-DEC-4), with no result in the body', () => {
    it('nothing after the first signature; one mail per candidate after the last, linking to sign in; a retried signature sends nothing more', async () => {
      const sophie = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Sophie', lastName: 'Lambert' });
      const karim = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Karim', lastName: 'Benali' });
      const id = await deliberated([sophie, karim]);
      await t.http.post(`/api/jury-sessions/${id}/pv/sign`).set(auth(j1.token)).expect(200);
      await pause(1500);
      expect(await messagesOf(id, 'results_available')).toHaveLength(0);
      expect(to(sophie.email)).toHaveLength(0);

      await t.http.post(`/api/jury-sessions/${id}/pv/sign`).set(auth(j2.token)).expect(200);
      await until(() => to(sophie.email).length === 1 && to(karim.email).length === 1);
      for (const mail of [...to(sophie.email), ...to(karim.email)]) {
        expect(mail.parsed.subject).toBe('Vos résultats sont disponibles');
        const body = mail.parsed.text ?? '';
        expect(body).toContain(`${BASE}/`);
        // No outcome, no CCP, no title in the mail: the candidate signs in to read them.
        expect(body).not.toMatch(/obtenu|réussite|échec|admis|ajourné|absent|CCP|Titre obtenu|Secrétaire assistant|RNCP/i);
        expect(mail.parsed.attachments).toHaveLength(0);
      }
      await t.http.post(`/api/jury-sessions/${id}/pv/sign`).set(auth(j2.token)).expect(409);
      await pause(1500);
      expect(await messagesOf(id, 'results_available')).toHaveLength(2);
    });
  });

  describe('daily reminders (runDailyReminders): a juror’s awaited PV signature after 2 days, a DP 30 days before a session', () => {
    let reminders: RemindersService;
    beforeAll(() => {
      reminders = t.app.get(RemindersService);
    });

    it('reminder_pv_signature: from 2 days after the PV was drafted, to the juror who has not signed only, once', async () => {
      const learner = await createLearner(t, { pathway: 'training', cohortId: cohort.id });
      const id = await deliberated([learner]);
      await t.http.post(`/api/jury-sessions/${id}/pv/sign`).set(auth(j1.token)).expect(200);

      await reminders.runDailyReminders(addDays(today, 1));
      expect(await messagesOf(id, 'reminder_pv_signature')).toHaveLength(0);

      await reminders.runDailyReminders(addDays(today, 2));
      const sent = await messagesOf(id, 'reminder_pv_signature');
      expect(sent.map((m) => m.to)).toEqual([j2.email]);
      await reminders.runDailyReminders(addDays(today, 3));
      expect(await messagesOf(id, 'reminder_pv_signature')).toHaveLength(1);

      await until(() => to(j2.email).some((m) => m.parsed.subject?.startsWith('Rappel')));
      const mail = to(j2.email).find((m) => m.parsed.subject?.startsWith('Rappel'))!;
      expect(mail.parsed.text).toContain(`${BASE}/sessions/${id}`);
      expect(to(j1.email).filter((m) => m.parsed.subject?.startsWith('Rappel'))).toHaveLength(0);
    });

    it('reminder_dp: a session within 30 days, DP not submitted → once per (learner, session); submitted DP or a session 40 days away → none', async () => {
      const late = await createLearner(t, { pathway: 'training', cohortId: cohort.id, firstName: 'Léa', lastName: 'Moreau' });
      const ready = await createLearner(t, { pathway: 'training', cohortId: cohort.id }, true);
      await submitDp(t, ready, ALL);
      const soon = await plannedSession(addDays(today, 20), [late, ready]);
      const far = await plannedSession(addDays(today, 40), [late]);

      const first = await reminders.runDailyReminders(today);
      expect(first.dp).toBeGreaterThanOrEqual(1);
      const sent = await messagesOf(soon, 'reminder_dp');
      expect(sent.map((m) => m.to)).toEqual([late.email]);
      expect(await messagesOf(far, 'reminder_dp')).toHaveLength(0);

      const second = await reminders.runDailyReminders(today);
      expect(second.dp).toBe(0);
      expect(await messagesOf(soon, 'reminder_dp')).toHaveLength(1);

      await until(() => to(late.email).length === 1);
      const [mail] = to(late.email);
      expect(mail.parsed.text).toContain(`${BASE}/`);
      expect(mail.parsed.text).toContain(addDays(today, 20).split('-').reverse().join('/'));
      expect(to(ready.email)).toHaveLength(0);
    });
  });
});
