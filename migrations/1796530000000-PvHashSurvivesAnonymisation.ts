import { createHash, randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Issue 16 (3), ADR 0014: what a PV's sha256 covers, so that anonymising a candidate keeps it valid.
 *
 * - `pv_versions.hash_scheme` (1: the whole content; 2: the content less each candidate's `identity`
 *   block, which `identityDigest` covers) and `sha256_v1` (the scheme-1 hash of a re-sealed version,
 *   the one printed on the PDFs handed out before);
 * - the append-only trigger of `pv_versions` gets ONE narrow way through: with `app.anonymisation`
 *   set to `on` in the transaction, an UPDATE of a scheme-2 version that changes nothing but
 *   identity blocks, each into `{pseudonym, anonymisedOn}` (the database checks it, not the app);
 *   the decided appeals' trigger likewise lets their `summary` alone be replaced;
 * - every scheme-1 version whose hash verifies is re-sealed in scheme 2 (in TypeScript, below).
 *
 * The hashing is copied here, frozen, rather than imported: a migration must do tomorrow what it
 * did today. test/pv-anonymisation.e2e-spec.ts checks that the app verifies what it produces.
 */

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

interface LegacyContent {
  candidates?: Record<string, unknown>[];
}

/** Scheme 1 → scheme 2: `{fullName, birthDate}` of each candidate into `identity` with a salt, its digest beside. */
function resealed(row: { version: number; reason: string | null; content: LegacyContent }): { content: LegacyContent; sha256: string } {
  const candidates = (row.content.candidates ?? []).map((k) => {
    if (k.identity) return k;
    const { learnerId, fullName, birthDate, ...rest } = k;
    const identity = {
      fullName: (fullName as string | undefined) ?? '',
      birthDate: (birthDate as string | undefined) ?? null,
      salt: randomBytes(16).toString('hex'),
    };
    const identityDigest = sha256(identity.salt + canonicalJson({ fullName: identity.fullName, birthDate: identity.birthDate }));
    return { learnerId, identity, identityDigest, ...rest };
  });
  const content = { ...row.content, candidates };
  const covered = { ...row.content, candidates: candidates.map(({ identity: _identity, ...rest }) => rest) };
  return { content, sha256: sha256(canonicalJson({ scheme: 2, version: row.version, reason: row.reason, content: covered })) };
}

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/**
 * Re-seals every scheme-1 PV version whose scheme-1 hash verifies: scheme-2 content and sha256, the
 * old sha256 kept in `sha256_v1`. A version whose hash does not verify is left as it is (and keeps
 * failing PV.INTEGRITY_FAILED). Batches of 500 by id; idempotent (only `hash_scheme = 1` rows).
 * Runs as the table's owner, in the caller's transaction: it turns the append-only trigger off
 * for its own UPDATEs and back on. Returns how many were re-sealed and left.
 */
export async function resealLegacyPvs(query: Query): Promise<{ resealed: number; unverified: number }> {
  let resealedCount = 0;
  let unverified = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  await query(`ALTER TABLE "pv_versions" DISABLE TRIGGER "pv_versions_append_only"`);
  for (;;) {
    const rows = (await query(
      `SELECT id, version, reason, content, sha256 FROM pv_versions WHERE hash_scheme = 1 AND id > $1 ORDER BY id LIMIT 500`,
      [after],
    )) as { id: string; version: number; reason: string | null; content: LegacyContent; sha256: string }[];
    if (rows.length === 0) break;
    after = rows[rows.length - 1].id;
    const updates: { id: string; content: LegacyContent; sha256: string }[] = [];
    for (const row of rows) {
      if (sha256(canonicalJson({ version: row.version, reason: row.reason, content: row.content })) !== row.sha256.trim()) {
        unverified += 1;
        continue;
      }
      updates.push({ id: row.id, ...resealed(row) });
    }
    if (updates.length) {
      await query(
        `UPDATE pv_versions p SET content = x.content, sha256 = x.sha256, hash_scheme = 2, sha256_v1 = p.sha256
           FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, content jsonb, sha256 text)
          WHERE p.id = x.id AND p.hash_scheme = 1`,
        [JSON.stringify(updates)],
      );
      resealedCount += updates.length;
    }
  }
  await query(`ALTER TABLE "pv_versions" ENABLE TRIGGER "pv_versions_append_only"`);
  return { resealed: resealedCount, unverified };
}

export class PvHashSurvivesAnonymisation1796530000000 implements MigrationInterface {
  name = 'PvHashSurvivesAnonymisation1796530000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "pv_versions" ADD "hash_scheme" smallint NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "pv_versions" ADD "sha256_v1" character(64)`);
    // What scheme 2 hashes: the content, each candidate without its identity block.
    await queryRunner.query(`CREATE FUNCTION "pv_content_without_identities"(c jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
      SELECT CASE WHEN jsonb_typeof(c->'candidates') = 'array'
        THEN jsonb_set(c, '{candidates}', coalesce(
          (SELECT jsonb_agg(e.value - 'identity' ORDER BY e.ordinality) FROM jsonb_array_elements(c->'candidates') WITH ORDINALITY e), '[]'::jsonb))
        ELSE c END $$`);
    await queryRunner.query(`CREATE FUNCTION "pv_identity_is_anonymised"(i jsonb) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
      SELECT coalesce(jsonb_typeof(i) = 'object' AND jsonb_typeof(i->'pseudonym') = 'string' AND jsonb_typeof(i->'anonymisedOn') = 'string'
        AND (i - 'pseudonym' - 'anonymisedOn') = '{}'::jsonb, false) $$`);
    // R-DEC-4 still: no UPDATE, no DELETE — but the anonymisation's (issue 16), checked here.
    await queryRunner.query(`CREATE FUNCTION "refuse_change_of_pv_version"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE'
           AND current_setting('app.anonymisation', true) = 'on'
           AND OLD.hash_scheme = 2 AND NEW.hash_scheme = 2
           AND NEW.id = OLD.id AND NEW.session_id = OLD.session_id AND NEW.version = OLD.version
           AND NEW.sha256 = OLD.sha256 AND NEW.sha256_v1 IS NOT DISTINCT FROM OLD.sha256_v1
           AND NEW.reason IS NOT DISTINCT FROM OLD.reason AND NEW.rectifies_id IS NOT DISTINCT FROM OLD.rectifies_id
           AND NEW.created_at = OLD.created_at
           AND pv_content_without_identities(NEW.content) = pv_content_without_identities(OLD.content)
           AND NOT EXISTS (
             SELECT 1
               FROM jsonb_array_elements(NEW.content->'candidates') WITH ORDINALITY n(value, i)
               JOIN jsonb_array_elements(OLD.content->'candidates') WITH ORDINALITY o(value, i) ON o.i = n.i
              WHERE n.value->'identity' IS DISTINCT FROM o.value->'identity'
                AND (pv_identity_is_anonymised(o.value->'identity') OR NOT pv_identity_is_anonymised(n.value->'identity')))
        THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'La table % est en ajout seul : % refusé', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`DROP TRIGGER "pv_versions_append_only" ON "pv_versions"`);
    await queryRunner.query(
      `CREATE TRIGGER "pv_versions_append_only" BEFORE UPDATE OR DELETE ON "pv_versions" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_pv_version"()`,
    );
    // R-SES-3 still (a decided appeal is frozen, none is deleted) but for the anonymisation's
    // replacement of its summary, the candidate's own words (issue 16).
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "refuse_change_of_decided_appeal"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND current_setting('app.anonymisation', true) = 'on'
           AND (NEW.id, NEW.session_id, NEW.learner_id, NEW.filed_on, NEW.kind, NEW.outcome, NEW.decided_on, NEW.created_at)
               IS NOT DISTINCT FROM (OLD.id, OLD.session_id, OLD.learner_id, OLD.filed_on, OLD.kind, OLD.outcome, OLD.decided_on, OLD.created_at) THEN
          RETURN NEW;
        END IF;
        IF TG_OP = 'DELETE' OR OLD.outcome IS NOT NULL THEN
          RAISE EXCEPTION 'Recours décidé ou supprimé : refusé' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await resealLegacyPvs((sql, parameters) => queryRunner.query(sql, parameters) as Promise<unknown>);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const [{ n }] = (await queryRunner.query(`SELECT count(*)::int AS n FROM pv_versions WHERE hash_scheme = 2`)) as { n: number }[];
    if (n > 0)
      throw new Error(
        `${n} PV version(s) sealed in hash scheme 2 (ADR 0014): their scheme-1 content cannot be restored once identities were salted or anonymised; not reverted.`,
      );
    await queryRunner.query(`CREATE OR REPLACE FUNCTION "refuse_change_of_decided_appeal"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.outcome IS NOT NULL THEN
          RAISE EXCEPTION 'Recours décidé ou supprimé : refusé' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await queryRunner.query(`DROP TRIGGER "pv_versions_append_only" ON "pv_versions"`);
    await queryRunner.query(
      `CREATE TRIGGER "pv_versions_append_only" BEFORE UPDATE OR DELETE ON "pv_versions" FOR EACH ROW EXECUTE FUNCTION "refuse_change_of_append_only"()`,
    );
    await queryRunner.query(`DROP FUNCTION "refuse_change_of_pv_version"()`);
    await queryRunner.query(`DROP FUNCTION "pv_identity_is_anonymised"(jsonb)`);
    await queryRunner.query(`DROP FUNCTION "pv_content_without_identities"(jsonb)`);
    await queryRunner.query(`ALTER TABLE "pv_versions" DROP COLUMN "sha256_v1"`);
    await queryRunner.query(`ALTER TABLE "pv_versions" DROP COLUMN "hash_scheme"`);
  }
}
