import { MigrationInterface, QueryRunner } from 'typeorm';

export class AddJurySessionsAndLedger1795394618726 implements MigrationInterface {
  name = 'AddJurySessionsAndLedger1795394618726';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ccp_awards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "learner_id" uuid NOT NULL, "ccp_id" uuid NOT NULL, "obtained_on" date NOT NULL, "source" character varying(16) NOT NULL, "session_id" uuid, "pv_version_id" uuid, "reference" character varying(300), "recorded_by" uuid, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_award_per_learner_ccp" UNIQUE ("learner_id", "ccp_id"), CONSTRAINT "ccp_awards_session_has_pv" CHECK (source <> 'session' OR (session_id IS NOT NULL AND pv_version_id IS NOT NULL)), CONSTRAINT "ccp_awards_source_known" CHECK (source IN ('session', 'external', 'equivalence')), CONSTRAINT "ccp_awards_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "title_awards" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "learner_id" uuid NOT NULL, "certification_id" uuid NOT NULL, "awarded_on" date NOT NULL, "session_id" uuid NOT NULL, "pv_version_id" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_title_award_per_learner" UNIQUE ("learner_id", "certification_id"), CONSTRAINT "title_awards_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "award_withdrawals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "award_id" uuid NOT NULL, "reason" text NOT NULL, "withdrawn_by" uuid NOT NULL, "withdrawn_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_withdrawal_per_award" UNIQUE ("award_id"), CONSTRAINT "award_withdrawals_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "juror_profiles" ("user_id" uuid NOT NULL, "employer" character varying(200), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "juror_profiles_pkey" PRIMARY KEY ("user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "juror_habilitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "certification_id" uuid NOT NULL, "valid_from" date NOT NULL, "valid_until" date NOT NULL, "reference" character varying(200), CONSTRAINT "juror_habilitations_dates_ordered" CHECK (valid_until >= valid_from), CONSTRAINT "juror_habilitations_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "declared_links" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "juror_id" uuid NOT NULL, "learner_id" uuid NOT NULL, "nature" character varying(300) NOT NULL, "declared_by" uuid NOT NULL, "declared_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_declared_link_per_pair" UNIQUE ("juror_id", "learner_id"), CONSTRAINT "declared_links_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "jury_sessions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "type" character varying(8) NOT NULL, "certification_id" uuid NOT NULL, "start_date" date NOT NULL, "end_date" date NOT NULL, "site" character varying(200), "session_manager_id" uuid, "ceres_reference" character varying(64), "deliberation_opened_at" TIMESTAMP WITH TIME ZONE, "deliberation_closed_at" TIMESTAMP WITH TIME ZONE, "dreets_validated_on" date, "dreets_reference" character varying(200), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "jury_sessions_closed_after_opened" CHECK (deliberation_closed_at IS NULL OR deliberation_opened_at IS NOT NULL), CONSTRAINT "jury_sessions_dates_ordered" CHECK (end_date >= start_date), CONSTRAINT "jury_sessions_type_known" CHECK (type IN ('title', 'ccp')), CONSTRAINT "jury_sessions_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "jury_session_ccps" ("session_id" uuid NOT NULL, "ccp_id" uuid NOT NULL, CONSTRAINT "jury_session_ccps_pkey" PRIMARY KEY ("session_id", "ccp_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "session_jurors" ("session_id" uuid NOT NULL, "user_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "session_jurors_pkey" PRIMARY KEY ("session_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "session_candidates" ("session_id" uuid NOT NULL, "learner_id" uuid NOT NULL, "ccp_ids" uuid array NOT NULL, "final_interview" boolean NOT NULL, "overrides" jsonb NOT NULL DEFAULT '[]', "registered_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_registration_per_session_learner" PRIMARY KEY ("session_id", "learner_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "candidate_results" ("session_id" uuid NOT NULL, "learner_id" uuid NOT NULL, "attendance" character varying(8) NOT NULL, "ccp_results" jsonb NOT NULL, "final_interview_held" boolean NOT NULL DEFAULT false, "title_awarded" boolean NOT NULL DEFAULT false, "comment" text, "outcome" character varying(8) NOT NULL, "recorded_by" uuid NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "candidate_results_outcome_known" CHECK (outcome IN ('absent', 'title', 'partial', 'failure')), CONSTRAINT "candidate_results_attendance_known" CHECK (attendance IN ('present', 'absent')), CONSTRAINT "candidate_results_pkey" PRIMARY KEY ("session_id", "learner_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "pv_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "version" integer NOT NULL, "content" jsonb NOT NULL, "sha256" character(64) NOT NULL, "reason" text, "rectifies_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_pv_version_number" UNIQUE ("session_id", "version"), CONSTRAINT "pv_versions_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "pv_signatures" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "pv_version_id" uuid NOT NULL, "user_id" uuid NOT NULL, "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "one_signature_per_juror_per_pv_version" UNIQUE ("pv_version_id", "user_id"), CONSTRAINT "pv_signatures_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "appeals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "session_id" uuid NOT NULL, "learner_id" uuid NOT NULL, "filed_on" date NOT NULL, "kind" character varying(16) NOT NULL, "summary" text NOT NULL, "outcome" character varying(16), "decided_on" date, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "appeals_outcome_known" CHECK (outcome IS NULL OR outcome IN ('upheld', 'rejected')), CONSTRAINT "appeals_kind_known" CHECK (kind IN ('gracieux', 'contentieux')), CONSTRAINT "appeals_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "ccp_awards" ADD CONSTRAINT "ccp_awards_learner_fkey" FOREIGN KEY ("learner_id") REFERENCES "learners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ccp_awards" ADD CONSTRAINT "ccp_awards_ccp_fkey" FOREIGN KEY ("ccp_id") REFERENCES "ccps"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "title_awards" ADD CONSTRAINT "title_awards_learner_fkey" FOREIGN KEY ("learner_id") REFERENCES "learners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "title_awards" ADD CONSTRAINT "title_awards_certification_fkey" FOREIGN KEY ("certification_id") REFERENCES "certifications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "award_withdrawals" ADD CONSTRAINT "award_withdrawals_award_fkey" FOREIGN KEY ("award_id") REFERENCES "ccp_awards"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "juror_profiles" ADD CONSTRAINT "juror_profiles_user_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "juror_habilitations" ADD CONSTRAINT "juror_habilitations_profile_fkey" FOREIGN KEY ("user_id") REFERENCES "juror_profiles"("user_id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "juror_habilitations" ADD CONSTRAINT "juror_habilitations_certification_fkey" FOREIGN KEY ("certification_id") REFERENCES "certifications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "declared_links" ADD CONSTRAINT "declared_links_juror_fkey" FOREIGN KEY ("juror_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "declared_links" ADD CONSTRAINT "declared_links_learner_fkey" FOREIGN KEY ("learner_id") REFERENCES "learners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "jury_sessions" ADD CONSTRAINT "jury_sessions_certification_fkey" FOREIGN KEY ("certification_id") REFERENCES "certifications"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "jury_sessions" ADD CONSTRAINT "jury_sessions_manager_fkey" FOREIGN KEY ("session_manager_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "jury_session_ccps" ADD CONSTRAINT "jury_session_ccps_session_fkey" FOREIGN KEY ("session_id") REFERENCES "jury_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "jury_session_ccps" ADD CONSTRAINT "jury_session_ccps_ccp_fkey" FOREIGN KEY ("ccp_id") REFERENCES "ccps"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session_jurors" ADD CONSTRAINT "session_jurors_session_fkey" FOREIGN KEY ("session_id") REFERENCES "jury_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session_jurors" ADD CONSTRAINT "session_jurors_user_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session_candidates" ADD CONSTRAINT "session_candidates_session_fkey" FOREIGN KEY ("session_id") REFERENCES "jury_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "session_candidates" ADD CONSTRAINT "session_candidates_learner_fkey" FOREIGN KEY ("learner_id") REFERENCES "learners"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "candidate_results" ADD CONSTRAINT "candidate_results_session_fkey" FOREIGN KEY ("session_id") REFERENCES "jury_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pv_versions" ADD CONSTRAINT "pv_versions_session_fkey" FOREIGN KEY ("session_id") REFERENCES "jury_sessions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pv_signatures" ADD CONSTRAINT "pv_signatures_version_fkey" FOREIGN KEY ("pv_version_id") REFERENCES "pv_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "pv_signatures" ADD CONSTRAINT "pv_signatures_user_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "appeals" ADD CONSTRAINT "appeals_candidate_fkey" FOREIGN KEY ("session_id", "learner_id") REFERENCES "session_candidates"("session_id","learner_id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // R-CAP-1 / R-DEC-4: the ledger, the PV versions and their signatures are append-only; the
    // database refuses UPDATE and DELETE whatever the application does.
    for (const table of ['ccp_awards', 'title_awards', 'award_withdrawals', 'pv_versions', 'pv_signatures']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_append_only" BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_append_only"()`,
      );
      await queryRunner.query(
        `CREATE TRIGGER "${table}_no_truncate" BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "refuse_change_of_append_only"()`,
      );
    }
    // R-SES-3: an appeal's outcome is set once; an appeal is never deleted.
    await queryRunner.query(`CREATE FUNCTION "refuse_change_of_decided_appeal"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.outcome IS NOT NULL THEN
          RAISE EXCEPTION 'Recours décidé ou supprimé : refusé' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "appeals_decided_are_frozen" BEFORE UPDATE OR DELETE ON "appeals" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_decided_appeal"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "appeals_decided_are_frozen" ON "appeals"`);
    await queryRunner.query(`DROP FUNCTION "refuse_change_of_decided_appeal"()`);
    for (const table of ['ccp_awards', 'title_awards', 'award_withdrawals', 'pv_versions', 'pv_signatures']) {
      await queryRunner.query(`DROP TRIGGER "${table}_no_truncate" ON "${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_append_only" ON "${table}"`);
    }
    await queryRunner.query(`ALTER TABLE "appeals" DROP CONSTRAINT "appeals_candidate_fkey"`);
    await queryRunner.query(`ALTER TABLE "pv_signatures" DROP CONSTRAINT "pv_signatures_user_fkey"`);
    await queryRunner.query(`ALTER TABLE "pv_signatures" DROP CONSTRAINT "pv_signatures_version_fkey"`);
    await queryRunner.query(`ALTER TABLE "pv_versions" DROP CONSTRAINT "pv_versions_session_fkey"`);
    await queryRunner.query(`ALTER TABLE "candidate_results" DROP CONSTRAINT "candidate_results_session_fkey"`);
    await queryRunner.query(`ALTER TABLE "session_candidates" DROP CONSTRAINT "session_candidates_learner_fkey"`);
    await queryRunner.query(`ALTER TABLE "session_candidates" DROP CONSTRAINT "session_candidates_session_fkey"`);
    await queryRunner.query(`ALTER TABLE "session_jurors" DROP CONSTRAINT "session_jurors_user_fkey"`);
    await queryRunner.query(`ALTER TABLE "session_jurors" DROP CONSTRAINT "session_jurors_session_fkey"`);
    await queryRunner.query(`ALTER TABLE "jury_session_ccps" DROP CONSTRAINT "jury_session_ccps_ccp_fkey"`);
    await queryRunner.query(`ALTER TABLE "jury_session_ccps" DROP CONSTRAINT "jury_session_ccps_session_fkey"`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" DROP CONSTRAINT "jury_sessions_manager_fkey"`);
    await queryRunner.query(`ALTER TABLE "jury_sessions" DROP CONSTRAINT "jury_sessions_certification_fkey"`);
    await queryRunner.query(`ALTER TABLE "declared_links" DROP CONSTRAINT "declared_links_learner_fkey"`);
    await queryRunner.query(`ALTER TABLE "declared_links" DROP CONSTRAINT "declared_links_juror_fkey"`);
    await queryRunner.query(`ALTER TABLE "juror_habilitations" DROP CONSTRAINT "juror_habilitations_certification_fkey"`);
    await queryRunner.query(`ALTER TABLE "juror_habilitations" DROP CONSTRAINT "juror_habilitations_profile_fkey"`);
    await queryRunner.query(`ALTER TABLE "juror_profiles" DROP CONSTRAINT "juror_profiles_user_fkey"`);
    await queryRunner.query(`ALTER TABLE "award_withdrawals" DROP CONSTRAINT "award_withdrawals_award_fkey"`);
    await queryRunner.query(`ALTER TABLE "title_awards" DROP CONSTRAINT "title_awards_certification_fkey"`);
    await queryRunner.query(`ALTER TABLE "title_awards" DROP CONSTRAINT "title_awards_learner_fkey"`);
    await queryRunner.query(`ALTER TABLE "ccp_awards" DROP CONSTRAINT "ccp_awards_ccp_fkey"`);
    await queryRunner.query(`ALTER TABLE "ccp_awards" DROP CONSTRAINT "ccp_awards_learner_fkey"`);
    await queryRunner.query(`DROP TABLE "appeals"`);
    await queryRunner.query(`DROP TABLE "pv_signatures"`);
    await queryRunner.query(`DROP TABLE "pv_versions"`);
    await queryRunner.query(`DROP TABLE "candidate_results"`);
    await queryRunner.query(`DROP TABLE "session_candidates"`);
    await queryRunner.query(`DROP TABLE "session_jurors"`);
    await queryRunner.query(`DROP TABLE "jury_session_ccps"`);
    await queryRunner.query(`DROP TABLE "jury_sessions"`);
    await queryRunner.query(`DROP TABLE "declared_links"`);
    await queryRunner.query(`DROP TABLE "juror_habilitations"`);
    await queryRunner.query(`DROP TABLE "juror_profiles"`);
    await queryRunner.query(`DROP TABLE "award_withdrawals"`);
    await queryRunner.query(`DROP TABLE "title_awards"`);
    await queryRunner.query(`DROP TABLE "ccp_awards"`);
  }
}
