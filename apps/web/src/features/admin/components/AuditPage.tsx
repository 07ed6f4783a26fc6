import { useState } from 'react';
import { Link } from 'react-router';
import { Anchor, Code, Group, Select, Table, Text } from '@mantine/core';
import { type Schemas } from '../../../api/client';
import { DateField } from '../../../components/DateField';
import { PagedTable, PageTitle } from '../../../components/ui';
import { parisDateTime } from '../../../lib/format';
import { useAudit, useUserNames } from '../api';

const ENTITIES: Record<string, string> = {
  user: 'Utilisateur',
  certification: 'Titre',
  cohort: 'Cohorte',
  learner: 'Apprenant',
  ecf_evaluation: 'Évaluation ECF',
  ecf_synthesis: 'Synthèse ECF',
  professional_file: 'Dossier professionnel',
  jury_session: 'Session de jury',
  award: 'Livret (CCP, titre)',
  centre: 'Centre',
  message: 'Message',
  attestation: 'Attestation de résultats',
};

type Entity =
  | 'user'
  | 'certification'
  | 'cohort'
  | 'learner'
  | 'ecf_evaluation'
  | 'ecf_synthesis'
  | 'professional_file'
  | 'jury_session'
  | 'award'
  | 'centre'
  | 'message'
  | 'attestation';
type Entry = Schemas['AuditEntryDto'];

/**
 * Every action code the API records (grep `action: '` in libs), as what the person did; `x` is what
 * it was done on, in words (« la session titre du 16/06/2026 », « Karim Benali »…).
 */
export const AUDIT_SENTENCES: Record<string, (x: string) => string> = {
  'user.create': (x) => `a créé le compte de ${x}`,
  'user.update': (x) => `a modifié le compte de ${x}`,
  'user.change_email': (x) => `a changé l'adresse e-mail du compte de ${x}`,
  'user.change_password': (x) => `a changé le mot de passe du compte de ${x}`,
  'user.invite': (x) => `a invité ${x} à créer son compte (lien valable 7 jours)`,
  'user.accept_invitation': (x) => `a accepté l'invitation et choisi le mot de passe du compte de ${x}`,
  'user.reset_password': (x) => `a réinitialisé le mot de passe du compte de ${x} (mot de passe oublié)`,
  'user.juror_profile': (x) => `a mis à jour le profil de juré (employeur, habilitations) de ${x}`,
  'user.declare_link': (x) => `a déclaré un lien entre le juré ${x} et un candidat`,
  'certification.seed': (x) => `a chargé le référentiel du titre ${x}`,
  'certification.create': (x) => `a ajouté le titre ${x}`,
  'certification.update': (x) => `a modifié le titre ${x}`,
  'certification.set_successor': (x) => `a déclaré le successeur du titre ${x} et ses correspondances`,
  'cohort.create': (x) => `a créé la cohorte ${x}`,
  'cohort.set_trainers': (x) => `a changé les formateurs de la cohorte ${x}`,
  'learner.create': (x) => `a inscrit l'apprenant ${x}`,
  'learner.update': (x) => `a modifié la fiche de ${x}`,
  'learner.move': (x) => `a changé ${x} de cohorte`,
  'ecf_evaluation.create': (x) => `a enregistré une évaluation ECF de ${x}`,
  'ecf_synthesis.update': (x) => `a modifié la synthèse ECF de ${x}`,
  'ecf_synthesis.create_version': (x) => `a rédigé une nouvelle version de la synthèse ECF de ${x}`,
  'ecf_synthesis.sign_evaluator': (x) => `a signé, comme évaluateur, la synthèse ECF de ${x}`,
  'ecf_synthesis.sign_centre': (x) => `a signé, pour le centre, la synthèse ECF de ${x}`,
  'ecf_synthesis.acknowledge': (x) => `a pris connaissance de la synthèse ECF de ${x}`,
  'professional_file.add_example': (x) => `a ajouté un exemple de pratique au dossier professionnel de ${x}`,
  'professional_file.update_example': (x) => `a modifié un exemple de pratique du dossier professionnel de ${x}`,
  'professional_file.delete_example': (x) => `a supprimé un exemple de pratique du dossier professionnel de ${x}`,
  'professional_file.add_qualification': (x) => `a ajouté un diplôme ou titre au dossier professionnel de ${x}`,
  'professional_file.delete_qualification': (x) => `a retiré un diplôme ou titre du dossier professionnel de ${x}`,
  'professional_file.add_attachment': (x) => `a joint un document au dossier professionnel de ${x}`,
  'professional_file.delete_attachment': (x) => `a retiré un document du dossier professionnel de ${x}`,
  'professional_file.sign_declaration': (x) => `a signé la déclaration sur l'honneur du dossier professionnel de ${x}`,
  'professional_file.submit': (x) => `a remis le dossier professionnel de ${x}`,
  'professional_file.reopen': (x) => `a rouvert le dossier professionnel de ${x}`,
  'professional_file.comment': (x) => `a commenté le dossier professionnel de ${x}`,
  'jury_session.create': (x) => `a créé la ${x}`,
  'jury_session.update': (x) => `a modifié l'heure, le lieu ou l'adresse de la ${x}`,
  'jury_session.set_president': (x) => `a nommé le président du jury de la ${x}`,
  'jury_session.add_juror': (x) => `a ajouté un juré à la ${x}`,
  'jury_session.remove_juror': (x) => `a retiré un juré de la ${x}`,
  'jury_session.add_candidate': (x) => `a inscrit un candidat à la ${x}`,
  'jury_session.remove_candidate': (x) => `a retiré un candidat de la ${x}`,
  'jury_session.open_deliberation': (x) => `a ouvert la délibération de la ${x}`,
  'jury_session.result': (x) => `a saisi le résultat d'un candidat de la ${x}`,
  'jury_session.close_deliberation': (x) => `a clos la délibération de la ${x}`,
  'jury_session.sign_pv': (x) => `a signé le PV de la ${x}`,
  'jury_session.pv_complete': (x) => `a apposé la dernière signature du PV de la ${x} : les résultats sont au livret`,
  'jury_session.rectify_pv': (x) => `a rectifié le PV de la ${x}`,
  'jury_session.dreets_validation': (x) => `a enregistré la validation DREETS de la ${x}`,
  'jury_session.appeal': (x) => `a enregistré un recours contre la ${x}`,
  'jury_session.appeal_decision': (x) => `a enregistré la décision sur un recours de la ${x}`,
  'award.ccp': (x) => `a inscrit au livret de ${x} un CCP obtenu en session`,
  'award.title': (x) => `a inscrit au livret de ${x} le titre obtenu`,
  'award.prior_ccp': (x) => `a enregistré un CCP obtenu ailleurs ou par équivalence pour ${x}`,
  'award.withdraw': (x) => `a retiré un CCP du livret de ${x}`,
  'centre.update': (x) => `a modifié l'identité du centre${x} (nom, adresse, contact, signataire ou durées de conservation)`,
  'centre.set_logo': (x) => `a changé le logo du centre${x}`,
  'message.resend': (x) => `a renvoyé un message${x}`,
  'jury_session.send_convocations': (x) => `a envoyé par e-mail les convocations de la ${x}`,
  'centre.delete_logo': (x) => `a retiré le logo du centre${x}`,
  // Issue 16: verifiable attestations, the learner's export, anonymisation and retention.
  'attestation.issue': (x) => `a délivré une attestation de résultats vérifiable à ${x}`,
  'learner.export': (x) => `a téléchargé les données personnelles de ${x} (export RGPD)`,
  'learner.anonymise': (x) => `a anonymisé les données personnelles de ${x}`,
  'retention.attachments': (x) => `a effacé les pièces jointes du DP de ${x} (durée de conservation échue)`,
  'retention.run': (x) => `a appliqué la politique de conservation des données${x} (pièces jointes effacées, identités anonymisées)`,
};

/** What the entry is about, in words: its label from the API, else its kind (« un apprenant supprimé »). */
function target(a: Entry): string {
  if (a.entity === 'centre') return ''; // one centre: « l'identité du centre » says it all
  if (a.entity === 'jury_session') return a.entityLabel ? a.entityLabel.replace(/^Session/, 'session') : 'session de jury';
  return a.entityLabel ?? `${(ENTITIES[a.entity] ?? 'élément').toLowerCase()} (introuvable)`;
}

/** The sentence of an entry; an unknown code still reads as a sentence. */
export function auditSentence(a: Entry): string {
  const words = AUDIT_SENTENCES[a.action];
  return words ? words(target(a)) : `a effectué une opération sur ${ENTITIES[a.entity]?.toLowerCase() ?? 'un élément'} « ${target(a)} »`;
}

/** The screen of the entity, when there is one. */
function linkOf(a: Entry): string | null {
  if (a.learnerId) return `/apprenants/${a.learnerId}`;
  switch (a.entity) {
    case 'jury_session':
      return a.entityLabel ? `/sessions/${a.entityId}` : null;
    case 'cohort':
      return a.entityLabel ? `/cohortes/${a.entityId}` : null;
    case 'user':
      return '/utilisateurs';
    case 'certification':
      return '/referentiel';
    default:
      return null;
  }
}

export function AuditPage() {
  const [page, setPage] = useState(1);
  const [entity, setEntity] = useState<string | null>(null);
  const [actorId, setActorId] = useState<string | null>(null);
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const query = useAudit({ page, entity: entity as Entity | null, actorId, from, to });
  // The people, for the « Personne » filter.
  const users = useUserNames();
  const reset = () => setPage(1);
  return (
    <>
      <PageTitle>Journal d'audit</PageTitle>
      <Group mb="sm" align="flex-end">
        <Select
          label="Personne"
          placeholder="Tout le monde"
          data={users.data ?? []}
          value={actorId}
          onChange={(v) => {
            setActorId(v);
            reset();
          }}
          searchable
          clearable
          w={240}
        />
        <Select
          label="Objet"
          placeholder="Tous"
          data={Object.entries(ENTITIES).map(([value, label]) => ({ value, label }))}
          value={entity}
          onChange={(v) => {
            setEntity(v);
            reset();
          }}
          clearable
          w={220}
        />
        <DateField
          label="Du"
          value={from}
          onChange={(v) => {
            setFrom(v);
            reset();
          }}
          clearable
          w={150}
        />
        <DateField
          label="Au"
          value={to}
          onChange={(v) => {
            setTo(v);
            reset();
          }}
          clearable
          w={150}
        />
      </Group>
      <PagedTable
        query={query}
        empty="Aucune entrée."
        onPage={setPage}
        head={
          <Table.Tr>
            <Table.Th>Quand (heure de Paris)</Table.Th>
            <Table.Th>Qui, quoi</Table.Th>
            <Table.Th>Sur</Table.Th>
            <Table.Th>Détail</Table.Th>
          </Table.Tr>
        }
        row={(a, i) => {
          const link = linkOf(a);
          const label = a.entityLabel ?? `${ENTITIES[a.entity] ?? a.entity} (introuvable)`;
          return (
            <Table.Tr key={`${a.at}-${i}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{parisDateTime(a.at)}</Table.Td>
              <Table.Td>
                <Text size="sm">
                  <strong>{a.actorId ? (a.actorName ?? 'Un compte supprimé') : 'Le système'}</strong> {auditSentence(a)}
                </Text>
              </Table.Td>
              <Table.Td>
                {link ? (
                  <Anchor component={Link} to={link} size="sm">
                    {label}
                  </Anchor>
                ) : (
                  label
                )}
                <Text size="xs" c="dimmed">
                  {ENTITIES[a.entity] ?? a.entity}
                </Text>
              </Table.Td>
              <Table.Td>
                <details>
                  <summary style={{ cursor: 'pointer' }}>Avant / après</summary>
                  <Code block fz="xs" style={{ maxWidth: 520, overflow: 'auto' }}>
                    {JSON.stringify({ action: a.action, avant: a.before ?? null, après: a.after ?? null }, null, 2)}
                  </Code>
                </details>
              </Table.Td>
            </Table.Tr>
          );
        }}
      />
    </>
  );
}
