import { useAuth } from '../../../auth';
import { DpOf } from './ProfessionalFile';
import { Empty, PageTitle } from '../../../components/ui';

export function MyDpPage() {
  const { user } = useAuth();
  const learnerId = user?.learnerId;
  return (
    <>
      <PageTitle>Mon dossier professionnel</PageTitle>
      {learnerId ? <DpOf learnerId={learnerId} mode="learner" /> : <Empty>Votre compte n'est rattaché à aucun dossier d'apprenant.</Empty>}
    </>
  );
}
