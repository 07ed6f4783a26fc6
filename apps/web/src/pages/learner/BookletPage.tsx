import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { BookletView } from '../../components/Booklet';
import { DownloadButton, Loading, PageTitle } from '../../components/ui';
import { useAuth } from '../../auth';

export function BookletPage() {
  const { user } = useAuth();
  const query = useQuery({ queryKey: ['booklet', 'me'], queryFn: () => call(api.GET('/api/me/booklet')) });
  return (
    <>
      <PageTitle
        actions={
          user?.learnerId && (
            <DownloadButton path={`/api/learners/${user.learnerId}/booklet.pdf`} fileName="attestation.pdf">
              Télécharger l'attestation (PDF)
            </DownloadButton>
          )
        }
      >
        Mon livret
      </PageTitle>
      <Loading query={query}>{(booklet) => <BookletView booklet={booklet} />}</Loading>
    </>
  );
}
