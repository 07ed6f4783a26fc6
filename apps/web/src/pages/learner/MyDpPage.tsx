import { useQuery } from '@tanstack/react-query';
import { api, call } from '../../api/client';
import { useAuth } from '../../auth';
import { ProfessionalFileEditor } from '../../components/ProfessionalFile';
import { Empty, Loading, PageTitle } from '../../components/ui';

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

/** Loads a learner's DP and the CCPs of their title (from the ECF answer, cached), then the editor. */
export function DpOf({ learnerId, mode }: { learnerId: string; mode: 'learner' | 'trainer' | 'admin' | 'jury' }) {
  const dp = useQuery({
    queryKey: ['dp', learnerId],
    queryFn: () => call(api.GET('/api/learners/{id}/professional-file', { params: { path: { id: learnerId } } })),
  });
  const ecf = useQuery({
    queryKey: ['ecf', learnerId],
    queryFn: () => call(api.GET('/api/learners/{id}/ecf', { params: { path: { id: learnerId } } })),
  });
  const both = {
    isPending: dp.isPending || ecf.isPending,
    error: dp.error ?? ecf.error,
    data: dp.data && ecf.data ? { file: dp.data, ccps: ecf.data.ccps } : undefined,
  };
  return (
    <Loading query={both}>
      {({ file, ccps }) => <ProfessionalFileEditor file={file} ccps={ccps} learnerId={learnerId} mode={mode} />}
    </Loading>
  );
}
