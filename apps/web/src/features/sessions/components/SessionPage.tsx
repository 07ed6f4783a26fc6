import { useParams } from 'react-router';
import { Alert, Badge, Group, Stack, Text } from '@mantine/core';
import { useAuth } from '../../../auth';
import { DownloadButton, Loading, PageTitle } from '../../../components/ui';
import { ccpLabels, date, SESSION_STATUS, STATUS_COLOR } from '../../../lib/format';
import { useSession } from '../api';
import { AppealsPanel } from './AppealsPanel';
import { CandidatesPanel } from './CandidatesPanel';
import { DeliberationPanel } from './DeliberationPanel';
import { DreetsPanel } from './DreetsPanel';
import { JurorsPanel } from './JurorsPanel';
import { PlanningPanel } from './PlanningPanel';
import { PvPanel } from './PvPanel';

/** « 8 h 30 », « 9 h »: as the convocations print it. */
const frenchTime = (hhmm: string): string => {
  const [h, m] = hhmm.split(':').map(Number);
  return m ? `${h} h ${String(m).padStart(2, '0')}` : `${h} h`;
};

export function SessionPage() {
  const { id = '' } = useParams();
  const { has } = useAuth();
  const session = useSession(id);
  return (
    <Loading query={session}>
      {(s) => (
        <>
          <PageTitle
            actions={
              has('admin') && (
                <DownloadButton path={`/api/jury-sessions/${id}/convocations.pdf`} fileName="convocations.pdf">
                  Convocations (PDF)
                </DownloadButton>
              )
            }
          >
            {`${s.type === 'title' ? 'Session titre' : 'Session CCP'} du ${date(s.startDate)}`}
          </PageTitle>
          <Group mb="md" gap="sm">
            <Badge color={STATUS_COLOR[s.status]} size="lg">
              {SESSION_STATUS[s.status]}
            </Badge>
            <Text size="sm">
              {s.certificationCode} ·{' '}
              {s.startDate === s.endDate ? `le ${date(s.startDate)}` : `du ${date(s.startDate)} au ${date(s.endDate)}`}
              {s.startTime ? `${s.startDate === s.endDate ? '' : ', chaque jour'} à ${frenchTime(s.startTime)}` : ''}
              {s.site ? ` · ${s.site}` : ''}
              {s.address ? ` · ${s.address.replace(/\s*\n\s*/g, ', ')}` : ''}
              {s.ceresReference ? ` · CERES ${s.ceresReference}` : ''}
              {s.type === 'ccp' ? ` · CCP évalués : ${ccpLabels(s.ccpCodes)}` : ''}
            </Text>
          </Group>
          {s.warnings.map((w) => (
            <Alert key={w.code} color="yellow" mb="sm" title="Attention">
              {w.message}
            </Alert>
          ))}
          <Stack gap="lg">
            {has('admin') && s.status === 'planned' && <PlanningPanel session={s} />}
            <JurorsPanel session={s} />
            <CandidatesPanel session={s} />
            <DeliberationPanel session={s} />
            {['awaiting_signatures', 'closed', 'validated'].includes(s.status) && <PvPanel session={s} />}
            {has('admin') && ['closed', 'validated'].includes(s.status) && <DreetsPanel session={s} />}
            {(s.appeals.length > 0 || (has('admin') && ['awaiting_signatures', 'closed', 'validated'].includes(s.status))) && (
              <AppealsPanel session={s} />
            )}
          </Stack>
        </>
      )}
    </Loading>
  );
}
