import { Accordion, Button, Group, Stack, Text, Title, Tooltip } from '@mantine/core';
import { type Schemas } from '../../../api/client';
import { ErrorAlert } from '../../../components/ui';
import { useAcknowledgeSynthesis } from '../api';
import { EvaluationsTable, SynthesisStatus, SynthesisSummary } from './EcfViews';

type EcfCcp = Schemas['EcfCcpDto'];

/** A learner reads their ECF per CCP and acknowledges each signed synthesis. */
export function LearnerEcfView({ learnerId, ccps, canAcknowledge }: { learnerId: string; ccps: EcfCcp[]; canAcknowledge: boolean }) {
  const ack = useAcknowledgeSynthesis(learnerId);
  return (
    <Accordion multiple defaultValue={ccps.map((c) => c.ccpCode)} variant="separated">
      {ccps.map((ccp) => {
        const synthesis = ccp.synthesis;
        return (
          <Accordion.Item key={ccp.ccpCode} value={ccp.ccpCode}>
            <Accordion.Control>
              <Group justify="space-between" pr="sm">
                <Text fw={600}>
                  CCP {ccp.number} — {ccp.title}
                </Text>
                <SynthesisStatus synthesis={synthesis} />
              </Group>
            </Accordion.Control>
            <Accordion.Panel>
              <Stack>
                <EvaluationsTable ccp={ccp} />
                <Title order={3} size="h6">
                  Synthèse
                </Title>
                {synthesis?.locked ? (
                  <>
                    <SynthesisSummary synthesis={synthesis} />
                    {canAcknowledge && !synthesis.acknowledgedAt && (
                      <Tooltip label="Vous attestez en avoir pris connaissance (pour information).">
                        <Button
                          w="fit-content"
                          onClick={() => ack.mutate(ccp.ccpCode)}
                          loading={ack.isPending && ack.variables === ccp.ccpCode}
                          disabled={ack.isPending}
                        >
                          J'ai pris connaissance de la synthèse
                        </Button>
                      </Tooltip>
                    )}
                  </>
                ) : (
                  <Text size="sm" c="dimmed">
                    La synthèse n'est pas encore signée par vos formateurs.
                  </Text>
                )}
                {ack.variables === ccp.ccpCode && <ErrorAlert error={ack.error} />}
              </Stack>
            </Accordion.Panel>
          </Accordion.Item>
        );
      })}
    </Accordion>
  );
}
