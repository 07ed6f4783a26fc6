import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { BookletService } from '@app/booklet';
import { EcfService } from '@app/ecf';
import { LearnerRecord, LearnersService } from '@app/learners';
import { ProfessionalFilesService } from '@app/professional-files';
import { TitleStructure } from '@app/referential';
import { checkEligibility, EligibilityDecision, findConflicts } from '@app/rules';
import { DeclaredLink, JurorProfile } from './entities/juror.entity';
import { JurySession } from './entities/jury-session.entity';
import { JurySessionsRepository } from './jury-sessions.repository';
import { SessionFactsProvider } from './session-facts.provider';

export interface Conflict {
  learnerId: string;
  link: 'trainer' | 'employer' | 'declared';
  jurorId: string;
}

/**
 * The checks of session planning: a candidate's eligibility (R-ELIG-*, R-VAE-1, R-CAP-3/4) and the
 * conflicts of interest between jurors and candidates (R-JURY-3). Each loads what its rule reads in
 * a fixed number of queries, inside the caller's transaction when there is one (ADR 0008).
 */
@Injectable()
export class CandidateChecksService {
  constructor(
    private readonly repo: JurySessionsRepository,
    private readonly learners: LearnersService,
    private readonly ecf: EcfService,
    private readonly files: ProfessionalFilesService,
    private readonly booklet: BookletService,
    private readonly history: SessionFactsProvider,
  ) {}

  async eligibility(
    session: JurySession,
    sessionCcpIds: string[],
    title: TitleStructure,
    learner: LearnerRecord,
    requested?: string[],
  ): Promise<EligibilityDecision> {
    const held = (await this.booklet.heldCcpIds([learner.id])).get(learner.id) ?? new Set<string>();
    const locked = (await this.ecf.lockedSynthesisCcps([learner.id])).get(learner.id) ?? new Set<string>();
    const submitted = await this.files.submittedLearners([learner.id]);
    const history = (await this.history.historyOf([learner.id])).get(learner.id) ?? [];
    const starts = (await this.learners.cohortStartDates([learner.id])).get(learner.id) ?? [];
    return checkEligibility({
      session: {
        type: session.type,
        certificationId: session.certificationId,
        ccpIds: sessionCcpIds,
        startDate: session.startDate,
        endDate: session.endDate,
      },
      title: { id: title.id, code: title.code, validUntil: title.validUntil, ccps: title.ccps },
      learner: {
        pathway: learner.pathway,
        certificationId: learner.certificationId,
        vaeAdmissibilityDate: learner.vaeAdmissibilityDate,
        cohortStartDates: starts,
      },
      held,
      lockedEcf: locked,
      dpSubmitted: submitted.has(learner.id),
      history: history.filter((h) => h.certificationId === title.id).map((h) => ({ startDate: h.startDate, outcome: h.outcome })),
      requestedCcpCodes: requested,
    });
  }

  /** R-JURY-3 between jurors and learners: trained (cohort or ECF), same employer, declared. */
  async conflicts(jurorIds: string[], learnerIds: string[]): Promise<Conflict[]> {
    if (jurorIds.length === 0 || learnerIds.length === 0) return [];
    const trained = [...(await this.learners.trainerLinks(learnerIds, jurorIds)), ...(await this.ecf.evaluatorLinks(learnerIds, jurorIds))];
    const profiles = await this.repo.db.find(JurorProfile, { where: { userId: In(jurorIds) } });
    const declared = await this.repo.db.find(DeclaredLink, { where: { jurorId: In(jurorIds), learnerId: In(learnerIds) } });
    const learners = await this.learners.learnersByIds(learnerIds);
    return jurorIds.flatMap((jurorId) =>
      findConflicts(
        {
          id: jurorId,
          employer: profiles.find((p) => p.userId === jurorId)?.employer ?? null,
          trainedLearnerIds: new Set(trained.filter((t) => t.userId === jurorId).map((t) => t.learnerId)),
          declaredLearnerIds: new Set(declared.filter((d) => d.jurorId === jurorId).map((d) => d.learnerId)),
        },
        learners.map((l) => ({ learnerId: l.id, employer: l.employer })),
      ).map((c) => ({ ...c, jurorId })),
    );
  }
}
