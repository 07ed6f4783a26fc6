import { Link } from 'react-router';
import { Anchor, Text } from '@mantine/core';
import { PageTitle } from '../components/ui';

export function NotFoundPage({ forbidden }: { forbidden?: boolean }) {
  return (
    <>
      <PageTitle>{forbidden ? 'Accès réservé' : 'Page introuvable'}</PageTitle>
      <Text mb="md">
        {forbidden ? 'Votre rôle ne donne pas accès à cette page.' : "Cette page n'existe pas ou n'est pas visible pour vous."}
      </Text>
      <Anchor component={Link} to="/">
        Retour à l'accueil
      </Anchor>
    </>
  );
}
