import type { Role } from '@app/platform';

/** « 12/03/2026 à 14:05 », in Paris time, whatever the server's zone. */
export function parisDateTime(at: Date): string {
  const parts = new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('day')}/${part('month')}/${part('year')} à ${part('hour')}:${part('minute')}`;
}

/** What the application is for, told to the person invited according to what they will do there. */
function purposeFor(roles: Role[]): string {
  if (roles.includes('learner')) {
    return (
      'Cette application vous accompagne vers le titre professionnel Secrétaire assistant médico-social (SAMS) : ' +
      'vous y suivez votre livret de certification, vos évaluations en cours de formation (ECF), ' +
      'votre dossier professionnel et vos sessions de jury.'
    );
  }
  return (
    'Cette application rassemble le suivi du titre professionnel Secrétaire assistant médico-social (SAMS) : ' +
    'promotions et apprenants, évaluations en cours de formation (ECF), dossiers professionnels, sessions de jury et procès-verbaux.'
  );
}

/** The invitation e-mail (plain text; the outbox appends the centre's signature). */
export function invitationMessage(input: { fullName: string; roles: Role[]; centreName: string; link: string; expiresAt: Date }): {
  subject: string;
  text: string;
} {
  return {
    subject: `Votre compte sur l'application du centre ${input.centreName}`,
    text: [
      `Bonjour ${input.fullName},`,
      '',
      `Le centre de formation ${input.centreName} vous invite à créer votre compte.`,
      purposeFor(input.roles),
      '',
      'Pour choisir votre mot de passe et accéder à votre compte, ouvrez ce lien :',
      input.link,
      '',
      `Ce lien ne sert qu'une fois ; il est valable jusqu'au ${parisDateTime(input.expiresAt)} (heure de Paris). ` +
        'Passé ce délai, demandez une nouvelle invitation au secrétariat du centre.',
      '',
      'Si vous ne vous attendiez pas à ce message, ignorez-le : aucun compte ne sera activé sans vous.',
    ].join('\n'),
  };
}

/** The password reset e-mail (plain text; the outbox appends the centre's signature). */
export function passwordResetMessage(input: { fullName: string; centreName: string; link: string; expiresAt: Date }): {
  subject: string;
  text: string;
} {
  return {
    subject: 'Réinitialisation de votre mot de passe',
    text: [
      `Bonjour ${input.fullName},`,
      '',
      `Une demande de réinitialisation du mot de passe de votre compte sur l'application du centre ${input.centreName} a été faite.`,
      '',
      'Pour choisir un nouveau mot de passe, ouvrez ce lien :',
      input.link,
      '',
      `Ce lien ne sert qu'une fois et n'est valable qu'une heure, jusqu'au ${parisDateTime(input.expiresAt)} (heure de Paris). ` +
        'Une fois le mot de passe changé, toutes les sessions ouvertes sur votre compte se terminent.',
      '',
      "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste inchangé.",
    ].join('\n'),
  };
}
