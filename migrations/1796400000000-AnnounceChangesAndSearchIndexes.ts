import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 15 (ADR 0013).
 * 1. Triggers announce, at COMMIT, the changes of what instances keep in memory (the change feed,
 *    libs/platform/src/cache/change-feed.ts): `user:<id>` for a row of `users`, `referential` for any
 *    statement on the référentiel's tables — whoever writes (an instance, a seed, psql).
 * 2. The accent-insensitive learner search (`unaccent_fr(…) ILIKE '%q%'`) by trigram indexes
 *    (pg_trgm: a trusted extension, created by the database's owner without a superuser). Where the
 *    server does not offer pg_trgm the search keeps working, by a scan.
 * 3. The learners list pages in name order by an index.
 * 4. The audit log's pages, newest first, whole or by kind of entity, by an index (not a sort).
 * 5. A learner's sessions are found from the learner (booklet, dossier, eligibility), not by reading
 *    every PV of the centre.
 */
export class AnnounceChangesAndSearchIndexes1796400000000 implements MigrationInterface {
  name = 'AnnounceChangesAndSearchIndexes1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE FUNCTION "announce_user_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('sams_changes', 'user:' || COALESCE(NEW.id, OLD.id)::text);
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "users_announce_change" AFTER INSERT OR UPDATE OR DELETE ON "users" FOR EACH ROW EXECUTE FUNCTION "announce_user_change"()`,
    );
    // TRUNCATE has no rows: `user` without a key drops every account kept.
    await queryRunner.query(`CREATE FUNCTION "announce_users_truncate"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('sams_changes', 'user');
        RETURN NULL;
      END $$`);
    await queryRunner.query(
      `CREATE TRIGGER "users_announce_truncate" AFTER TRUNCATE ON "users" FOR EACH STATEMENT EXECUTE FUNCTION "announce_users_truncate"()`,
    );
    await queryRunner.query(`CREATE FUNCTION "announce_referential_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('sams_changes', 'referential');
        RETURN NULL;
      END $$`);
    for (const table of ['certifications', 'ccps', 'competences', 'ccp_correspondences', 'ccp_correspondence_sources']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_announce_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "announce_referential_change"()`,
      );
    }
    // In its own schema: a trusted extension's functions belong to the bootstrap superuser, and
    // `public` holds only what the owner role owns (test/database-roles.e2e-spec.ts).
    await queryRunner.query(`DO $$
      BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') THEN
          CREATE SCHEMA IF NOT EXISTS extensions;
          CREATE EXTENSION pg_trgm SCHEMA extensions;
        END IF;
      EXCEPTION WHEN OTHERS THEN
        RAISE NOTICE 'pg_trgm indisponible : la recherche d''apprenants se fera sans index (%)', SQLERRM;
      END $$`);
    // Wherever pg_trgm lives (a server may have it in public already), its operator class by name.
    await queryRunner.query(`DO $$
      DECLARE ops text;
      BEGIN
        SELECT quote_ident(n.nspname) || '.gin_trgm_ops' INTO ops
          FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm';
        IF ops IS NOT NULL THEN
          EXECUTE format('CREATE INDEX "learners_search_last_name" ON "learners" USING gin (unaccent_fr(last_name) %s)', ops);
          EXECUTE format('CREATE INDEX "learners_search_first_name" ON "learners" USING gin (unaccent_fr(first_name) %s)', ops);
          EXECUTE format('CREATE INDEX "learners_search_email" ON "learners" USING gin (email %s)', ops);
        END IF;
      END $$`);
    await queryRunner.query(`CREATE INDEX "learners_by_name" ON "learners" ("last_name", "first_name", "id")`);
    await queryRunner.query(`CREATE INDEX "session_candidates_by_learner" ON "session_candidates" ("learner_id")`);
    await queryRunner.query(`CREATE INDEX "audit_log_by_time" ON "audit_log" ("at", "id")`);
    await queryRunner.query(`CREATE INDEX "audit_log_by_entity_time" ON "audit_log" ("entity", "at", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX IF EXISTS "audit_log_by_entity_time"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "audit_log_by_time"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "session_candidates_by_learner"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "learners_by_name"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "learners_search_email"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "learners_search_first_name"`);
    await queryRunner.query(`DROP INDEX IF EXISTS "learners_search_last_name"`);
    for (const table of ['certifications', 'ccps', 'competences', 'ccp_correspondences', 'ccp_correspondence_sources']) {
      await queryRunner.query(`DROP TRIGGER "${table}_announce_change" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "announce_referential_change"()`);
    await queryRunner.query(`DROP TRIGGER "users_announce_truncate" ON "users"`);
    await queryRunner.query(`DROP FUNCTION "announce_users_truncate"()`);
    await queryRunner.query(`DROP TRIGGER "users_announce_change" ON "users"`);
    await queryRunner.query(`DROP FUNCTION "announce_user_change"()`);
  }
}
