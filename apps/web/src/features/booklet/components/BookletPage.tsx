import { BookletView } from './Booklet';
import { DownloadButton, Loading, PageTitle } from '../../../components/ui';
import { useAuth } from '../../../auth';
import { hasSomethingToAttest } from '../../../lib/format';
import { useMyBooklet } from '../api';
import { PersonalData } from '../../privacy';

export function BookletPage() {
  const { user } = useAuth();
  const query = useMyBooklet();
  return (
    <>
      <PageTitle
        actions={
          user?.learnerId &&
          hasSomethingToAttest(query.data) && (
            <DownloadButton path={`/api/learners/${user.learnerId}/booklet.pdf`} fileName="attestation.pdf">
              Télécharger l'attestation (PDF)
            </DownloadButton>
          )
        }
      >
        Mon livret
      </PageTitle>
      {user?.learnerId && <PersonalData learnerId={user.learnerId} self mb="md" />}
      <Loading query={query}>{(booklet) => <BookletView booklet={booklet} />}</Loading>
    </>
  );
}
