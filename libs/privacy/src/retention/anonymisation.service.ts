import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuthAnonymisation, UsersService } from '@app/auth';
import { BookletAnonymisation } from '@app/booklet';
import { EcfAnonymisation } from '@app/ecf';
import { JurySessionsAnonymisation } from '@app/jury-sessions';
import { anonymisedEmail, anonymisedError, LearnerDto, LearnerRecord, LearnersAnonymisation, LearnersService } from '@app/learners';
import { AuditService, AuthUser, DomainError, PlatformAnonymisation } from '@app/platform';
import { ProfessionalFilesAnonymisation } from '@app/professional-files';
import { frenchDate } from '@app/rules';
import { newPseudonym } from './pseudonym';
import { scrubReason } from './scrub-reason';

type AnonymisedPerson = Parameters<PlatformAnonymisation['anonymise']>[1][number];

/** What one anonymisation changed, per lib and table (the audit entry's counts; no erased value). */
export type AnonymisationCounts = Record<string, number>;

/** Why a learner is anonymised, and by whom (the audit entry). */
export interface AnonymisationCause {
  actorId: string | null;
  reason: string;
  trigger: 'manual' | 'retention';
}

/**
 * Issue 16 (3), RGPD art. 17: a learner's identity erased across every lib, in ONE transaction,
 * after a FOR UPDATE on the learner row (LearnersService.lockForAnonymisation): learners, account
 * (libs/auth), ECF free text, DP text and attachments, PV identities and convocation lists
 * (libs/jury-sessions), attestations' holder (libs/booklet), outbox, audit log and idempotent answers
 * (libs/platform). The ledger, candidacies, results, PV counts and statistics stay, keyed by learner
 * id, now shown under the pseudonym. ADR 0015.
 */
@Injectable()
export class AnonymisationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly learnersService: LearnersService,
    private readonly learners: LearnersAnonymisation,
    private readonly auth: AuthAnonymisation,
    private readonly users: UsersService,
    private readonly ecf: EcfAnonymisation,
    private readonly files: ProfessionalFilesAnonymisation,
    private readonly booklet: BookletAnonymisation,
    private readonly platform: PlatformAnonymisation,
    private readonly jury: JurySessionsAnonymisation,
  ) {}

  /**
   * POST /api/learners/:id/anonymisation (admin). `reason`: 10–500 characters, trimmed (the DTO);
   * stored scrubbed of the learner's names, e-mails and birth date (scrubReason).
   * 404 unknown learner · 409 LEARNER.ANONYMISED when already done (a double click: the second
   * request waits for the first's lock, then finds it done — one anonymisation, one audit entry) ·
   * 409 LEARNER.SESSION_OPEN while a session involving them is not closed by a signed PV.
   * Answers the learner's view, now under the pseudonym.
   */
  async anonymiseNow(learnerId: string, reason: string, actor: AuthUser): Promise<LearnerDto> {
    await this.dataSource.transaction(async (m) => {
      await this.platform.openErasure(m);
      const learner = await this.learnersService.lockForAnonymisation(m, learnerId);
      if (!learner) throw DomainError.notFound("L'apprenant");
      if (learner.anonymisedAt) throw anonymisedError(learner.anonymisedAt);
      const open = await this.openSession(learnerId, m);
      if (open) {
        throw new DomainError(
          'LEARNER.SESSION_OPEN',
          `Une session de jury concernant cet apprenant est en cours (session du ${frenchDate(open.startDate)}, ${open.sessionId}) : ` +
            'l’anonymisation sera possible une fois son PV signé.',
        );
      }
      await this.anonymiseLocked(m, [learner], { actorId: actor.id, reason, trigger: 'manual' });
    });
    return this.learnersService.getLearner(actor, learnerId);
  }

  /** The session involving the learner not closed by a fully signed PV (libs/jury-sessions), or null. */
  async openSession(learnerId: string, m?: EntityManager): Promise<{ sessionId: string; startDate: string } | null> {
    return this.jury.openSessionOf(learnerId, m);
  }

  /**
   * Anonymises learners already locked (FOR UPDATE) in the caller's transaction, which must have
   * called PlatformAnonymisation.openErasure: each lib's part, then the platform's traces of the
   * whole batch in one scan, then one audit entry per learner (`learner.anonymise`, entity
   * `learner`): the trigger, the reason (scrubbed: {@link scrubReason}), the pseudonym and
   * the counts — never an erased value. Returns the counts per learner id.
   */
  async anonymiseLocked(m: EntityManager, learners: LearnerRecord[], cause: AnonymisationCause): Promise<Map<string, AnonymisationCounts>> {
    const out = new Map<string, AnonymisationCounts>();
    const people: AnonymisedPerson[] = [];
    for (const learner of learners) {
      const pseudonym = newPseudonym();
      const email = anonymisedEmail(pseudonym);
      const accountEmails = learner.userId ? await this.accountEmails(learner.userId) : [];
      const formerEmails = [...new Set([learner.email, ...accountEmails].map((e) => e.toLowerCase()))];
      // Collected before the erasure: the ids of the entities whose audit entries are theirs.
      const relatedIds = [...(await this.ecf.auditedIds(m, learner.id)), ...(await this.files.auditedIds(m, learner.id))];
      const counts: AnonymisationCounts = {};
      const add = (part: string, c: Record<string, number>): void => {
        for (const [k, v] of Object.entries(c)) counts[`${part}.${k}`] = v;
      };
      add('learners', await this.learners.anonymise(m, learner.id, pseudonym));
      add('auth', await this.auth.anonymiseAccount(m, { userId: learner.userId, formerEmails, pseudonym, anonymisedEmail: email }));
      add('ecf', await this.ecf.anonymise(m, learner.id, pseudonym));
      add('professionalFiles', await this.files.anonymise(m, learner.id, pseudonym));
      add('booklet', await this.booklet.anonymise(m, learner.id, pseudonym));
      add('jurySessions', await this.jury.anonymise(m, learner.id, pseudonym));
      people.push({
        learnerId: learner.id,
        userId: learner.userId,
        pseudonym,
        anonymisedEmail: email,
        firstName: learner.firstName,
        lastName: learner.lastName,
        emails: formerEmails,
        birthDate: learner.birthDate,
        relatedIds,
      });
      out.set(learner.id, counts);
    }
    const platform = await this.platform.anonymise(m, people);
    await this.audit.recordMany(
      m,
      people.map((p) => ({
        actorId: cause.actorId,
        action: 'learner.anonymise',
        entity: 'learner' as const,
        entityId: p.learnerId,
        after: {
          trigger: cause.trigger,
          reason: scrubReason(cause.reason, p),
          pseudonym: p.pseudonym,
          counts: out.get(p.learnerId),
          ...(people.length === 1 ? { platform } : {}),
        },
      })),
    );
    return out;
  }

  private async accountEmails(userId: string): Promise<string[]> {
    const account = (await this.users.accountsByIds([userId])).get(userId);
    return account ? [account.email] : [];
  }
}
