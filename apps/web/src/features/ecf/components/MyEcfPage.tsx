import { useAuth } from '../../../auth';
import { LearnerEcfView } from './LearnerEcfView';
import { DownloadButton, Empty, Loading, PageTitle } from '../../../components/ui';
import { useLearnerEcf } from '../api';

export function MyEcfPage() {
  const { user } = useAuth();
  const learnerId = user?.learnerId;
  const query = useLearnerEcf(learnerId);
  if (!learnerId) return <Empty>Votre compte n'est rattaché à aucun dossier d'apprenant.</Empty>;
  return (
    <>
      <PageTitle
        actions={
          <DownloadButton path={`/api/learners/${learnerId}/ecf.pdf`} fileName="livret-ecf.pdf">
            Livret ECF (PDF)
          </DownloadButton>
        }
      >
        Mes ECF
      </PageTitle>
      <Loading query={query}>{(ecf) => <LearnerEcfView learnerId={learnerId} ccps={ecf.ccps} canAcknowledge />}</Loading>
    </>
  );
}
