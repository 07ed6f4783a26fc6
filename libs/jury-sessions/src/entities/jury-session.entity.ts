import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  Unique,
} from 'typeorm';

/**
 * A session titre or CCP (R-SES-1). Its status is derived from these facts (deliberation opened,
 * closed, PV signatures, DREETS validation), never stored.
 */
@Entity({ name: 'jury_sessions' })
@Check('jury_sessions_type_known', `type IN ('title', 'ccp')`)
@Check('jury_sessions_dates_ordered', 'end_date >= start_date')
@Check('jury_sessions_closed_after_opened', 'deliberation_closed_at IS NULL OR deliberation_opened_at IS NOT NULL')
@Check('jury_sessions_start_time_hh_mm', `start_time IS NULL OR start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`)
@Check('jury_sessions_convocations_sent_together', '(convocations_sent_at IS NULL) = (convocations_sent_to IS NULL)')
export class JurySession {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'jury_sessions_pkey' })
  id: string;

  @Column({ type: 'varchar', length: 8 })
  type: 'title' | 'ccp';

  @Column({ name: 'certification_id', type: 'uuid' })
  certificationId: string;

  @ManyToOne('Certification', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'certification_id', foreignKeyConstraintName: 'jury_sessions_certification_fkey' })
  certification?: object;

  @Column({ name: 'start_date', type: 'date' })
  startDate: string;

  @Column({ name: 'end_date', type: 'date' })
  endDate: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  site: string | null;

  /** `HH:MM`, the time candidates are expected each day of the session (printed on the convocations). */
  @Column({ name: 'start_time', type: 'varchar', length: 5, nullable: true })
  startTime: string | null;

  /** The place's postal address (the site names the place; this is where it is). */
  @Column({ type: 'varchar', length: 300, nullable: true })
  address: string | null;

  /** The jury's president, one of the session's jurors (cleared when that juror is removed); named on the PV. */
  @Column({ name: 'president_id', type: 'uuid', nullable: true })
  presidentId: string | null;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'president_id', foreignKeyConstraintName: 'jury_sessions_president_fkey' })
  president?: object;

  @Column({ name: 'session_manager_id', type: 'uuid', nullable: true })
  sessionManagerId: string | null;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_manager_id', foreignKeyConstraintName: 'jury_sessions_manager_fkey' })
  sessionManager?: object;

  @Column({ name: 'ceres_reference', type: 'varchar', length: 64, nullable: true })
  ceresReference: string | null;

  @Column({ name: 'deliberation_opened_at', type: 'timestamptz', nullable: true })
  deliberationOpenedAt: Date | null;

  @Column({ name: 'deliberation_closed_at', type: 'timestamptz', nullable: true })
  deliberationClosedAt: Date | null;

  @Column({ name: 'dreets_validated_on', type: 'date', nullable: true })
  dreetsValidatedOn: string | null;

  @Column({ name: 'dreets_reference', type: 'varchar', length: 200, nullable: true })
  dreetsReference: string | null;

  /** Issue 14: when « Envoyer les convocations » last queued them (sending again needs « renvoyer »). */
  @Column({ name: 'convocations_sent_at', type: 'timestamptz', nullable: true })
  convocationsSentAt: Date | null;

  /** To whom that batch went, as it was sent (the session's candidates and jurors may change after). */
  @Column({ name: 'convocations_sent_to', type: 'jsonb', nullable: true })
  convocationsSentTo: ConvocationRecipient[] | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** One recipient of a batch of convocations. */
export interface ConvocationRecipient {
  name: string;
  kind: 'candidate' | 'juror';
}

@Entity({ name: 'jury_session_ccps' })
export class SessionCcp {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'jury_session_ccps_pkey' })
  sessionId: string;

  @PrimaryColumn({ name: 'ccp_id', type: 'uuid', primaryKeyConstraintName: 'jury_session_ccps_pkey' })
  ccpId: string;

  @ManyToOne(() => JurySession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'jury_session_ccps_session_fkey' })
  session?: JurySession;

  @ManyToOne('Ccp', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'ccp_id', foreignKeyConstraintName: 'jury_session_ccps_ccp_fkey' })
  ccp?: object;
}

@Entity({ name: 'session_jurors' })
export class SessionJuror {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'session_jurors_pkey' })
  sessionId: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'session_jurors_pkey' })
  userId: string;

  @ManyToOne(() => JurySession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'session_jurors_session_fkey' })
  session?: JurySession;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'session_jurors_user_fkey' })
  user?: object;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}

/** A registered candidate: the CCPs assessed, the final interview, the overrides (printed on the PV). */
@Entity({ name: 'session_candidates' })
@Index('session_candidates_by_learner', ['learnerId'])
export class SessionCandidate {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'one_registration_per_session_learner' })
  sessionId: string;

  @PrimaryColumn({ name: 'learner_id', type: 'uuid', primaryKeyConstraintName: 'one_registration_per_session_learner' })
  learnerId: string;

  @ManyToOne(() => JurySession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'session_candidates_session_fkey' })
  session?: JurySession;

  @ManyToOne('Learner', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'learner_id', foreignKeyConstraintName: 'session_candidates_learner_fkey' })
  learner?: object;

  /** CCP ids assessed for this candidate, in the title's order. */
  @Column({ name: 'ccp_ids', type: 'uuid', array: true })
  ccpIds: string[];

  @Column({ name: 'final_interview', type: 'boolean' })
  finalInterview: boolean;

  /** [{codes: ['ELIG.DP_NOT_SUBMITTED'], reason, by, at}] */
  @Column({ type: 'jsonb', default: () => "'[]'" })
  overrides: { codes: string[]; reason: string; by: string; at: string }[];

  @CreateDateColumn({ name: 'registered_at', type: 'timestamptz' })
  registeredAt: Date;
}

/** The jury's decision for a candidate, edited during the deliberation. */
@Entity({ name: 'candidate_results' })
@Check('candidate_results_attendance_known', `attendance IN ('present', 'absent')`)
@Check('candidate_results_outcome_known', `outcome IN ('absent', 'title', 'partial', 'failure')`)
export class CandidateResult {
  @PrimaryColumn({ name: 'session_id', type: 'uuid', primaryKeyConstraintName: 'candidate_results_pkey' })
  sessionId: string;

  @PrimaryColumn({ name: 'learner_id', type: 'uuid', primaryKeyConstraintName: 'candidate_results_pkey' })
  learnerId: string;

  @ManyToOne(() => JurySession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'candidate_results_session_fkey' })
  session?: JurySession;

  @Column({ type: 'varchar', length: 8 })
  attendance: 'present' | 'absent';

  /** [{ccpId, awarded, comment}] */
  @Column({ name: 'ccp_results', type: 'jsonb' })
  ccpResults: { ccpId: string; awarded: boolean; comment?: string }[];

  @Column({ name: 'final_interview_held', type: 'boolean', default: false })
  finalInterviewHeld: boolean;

  @Column({ name: 'title_awarded', type: 'boolean', default: false })
  titleAwarded: boolean;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @Column({ type: 'varchar', length: 8 })
  outcome: 'absent' | 'title' | 'partial' | 'failure';

  @Column({ name: 'recorded_by', type: 'uuid' })
  recordedBy: string;

  @Column({ name: 'recorded_at', type: 'timestamptz', default: () => 'now()' })
  recordedAt: Date;
}

/**
 * R-DEC-4: one version per deliberation close or rectification; content and its sha256 frozen
 * (a trigger refuses UPDATE and DELETE).
 */
@Entity({ name: 'pv_versions' })
@Unique('one_pv_version_number', ['sessionId', 'version'])
export class PvVersion {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pv_versions_pkey' })
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @ManyToOne(() => JurySession, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'pv_versions_session_fkey' })
  session?: JurySession;

  @Column({ type: 'int' })
  version: number;

  @Column({ type: 'jsonb' })
  content: PvContent;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  /**
   * Issue 16, ADR 0014: what `sha256` covers. 1: the whole content (PVs drafted before, left so only
   * when their hash no longer verified when re-sealed); 2: the content less the candidates'
   * `identity` blocks, which their `identityDigest` covers instead.
   */
  @Column({ name: 'hash_scheme', type: 'smallint', default: 1 })
  hashScheme: number;

  /** Issue 16: a PV re-sealed in scheme 2 keeps its scheme-1 sha256 here (printed on PDFs handed out before). */
  @Column({ name: 'sha256_v1', type: 'char', length: 64, nullable: true })
  sha256V1: string | null;

  /** A rectification: its reason and the version it corrects. */
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'rectifies_id', type: 'uuid', nullable: true })
  rectifiesId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** Scheme 2: a candidate's identity on the PV, outside what the sha256 covers (ADR 0014). */
export interface PvIdentity {
  fullName: string;
  /** YYYY-MM-DD; null for PVs drafted before issue 12. */
  birthDate: string | null;
  /** 16 random bytes, hex: makes `identityDigest` untestable against guesses once it is gone. */
  salt: string;
}

/** Scheme 2, once the candidate was anonymised (issue 16): the identity and its salt are gone. */
export interface PvAnonymisedIdentity {
  pseudonym: string;
  /** YYYY-MM-DD */
  anonymisedOn: string;
}

export interface PvCandidate {
  learnerId: string;
  /** Scheme 2 (issue 16): the identity, replaced by a pseudonym when the candidate is anonymised. */
  identity?: PvIdentity | PvAnonymisedIdentity;
  /** Scheme 2: sha256(salt ‖ canonicalJson({fullName, birthDate})), hex; covered by the PV's sha256. */
  identityDigest?: string;
  /** Scheme 1 only (PVs drafted before issue 16); scheme 2 holds it in `identity`. */
  fullName?: string;
  attendance: 'present' | 'absent';
  ccpsAssessed: string[];
  ccpsAwarded: string[];
  finalInterview: boolean;
  finalInterviewHeld: boolean;
  titleAwarded: boolean;
  outcome: 'absent' | 'title' | 'partial' | 'failure';
  overrides: { codes: string[]; reason: string }[];
  comment: string | null;
  /** Scheme 1 only, since issue 12 (absent from PV versions drafted before): the birth date, YYYY-MM-DD. */
  birthDate?: string;
  /** Since issue 12: the jury's observation per CCP, when it wrote one. */
  ccpComments?: { ccpCode: string; comment: string }[];
}

export interface PvContent {
  sessionId: string;
  type: 'title' | 'ccp';
  certification: { code: string; name: string };
  startDate: string;
  endDate: string;
  site: string | null;
  ceresReference: string | null;
  jurors: { userId: string; fullName: string }[];
  candidates: PvCandidate[];
  /**
   * Since issue 12 (absent from PV versions drafted before, whose sha256 covers what they hold):
   * the title's CCPs as the PV names them, and the jury's president (null when none was named).
   */
  ccps?: { code: string; number: number; title: string }[];
  president?: { userId: string; fullName: string } | null;
}

/** One signature per juror per PV version (unique key); append-only. */
@Entity({ name: 'pv_signatures' })
@Unique('one_signature_per_juror_per_pv_version', ['pvVersionId', 'userId'])
export class PvSignature {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'pv_signatures_pkey' })
  id: string;

  @Column({ name: 'pv_version_id', type: 'uuid' })
  pvVersionId: string;

  @ManyToOne(() => PvVersion, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'pv_version_id', foreignKeyConstraintName: 'pv_signatures_version_fkey' })
  pvVersion?: PvVersion;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @ManyToOne('User', { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'pv_signatures_user_fkey' })
  user?: object;

  @CreateDateColumn({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;
}

/** R-SES-3: an appeal on a candidate's result and its outcome. */
@Entity({ name: 'appeals' })
@Check('appeals_kind_known', `kind IN ('gracieux', 'contentieux')`)
@Check('appeals_outcome_known', `outcome IS NULL OR outcome IN ('upheld', 'rejected')`)
export class Appeal {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'appeals_pkey' })
  id: string;

  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @Column({ name: 'learner_id', type: 'uuid' })
  learnerId: string;

  @ManyToOne(() => SessionCandidate, { onDelete: 'RESTRICT' })
  @JoinColumn([
    { name: 'session_id', referencedColumnName: 'sessionId', foreignKeyConstraintName: 'appeals_candidate_fkey' },
    { name: 'learner_id', referencedColumnName: 'learnerId', foreignKeyConstraintName: 'appeals_candidate_fkey' },
  ])
  candidate?: SessionCandidate;

  @Column({ name: 'filed_on', type: 'date' })
  filedOn: string;

  @Column({ type: 'varchar', length: 16 })
  kind: 'gracieux' | 'contentieux';

  @Column({ type: 'text' })
  summary: string;

  @Column({ type: 'varchar', length: 16, nullable: true })
  outcome: 'upheld' | 'rejected' | null;

  @Column({ name: 'decided_on', type: 'date', nullable: true })
  decidedOn: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
